"""The default layout, ``align = "keep"``: what counts as aligned and as compact,
how each is kept, what happens to a table that is neither, and the details in
which the aligned layout is Prettier's (width model, centred padding, minimum
column width). Inputs are written by hand; the benchmark
``benchmarks/prettier_agreement.py`` measures the same on real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tablelint.config import FormatSettings, Settings
from tablelint.facts.context import LintContext
from tablelint.layout.formatter import format_document, layout_of
from tablelint.layout.width import _wide_width as cached_wide_width
from tablelint.layout.width import display_width, prettier_width
from tablelint.parse.document import parse_document
from tablelint.parse.source import Source
from tablelint.rules.table_format import TableFormat

wide_width = cached_wide_width.__wrapped__  # uncached: the test measures each code point once


def fmt(text: str, **settings: object) -> str:
    return format_document(parse_document(Source("doc.md", text)), FormatSettings(**settings))  # type: ignore[arg-type]


def layout(text: str) -> str:
    (table,) = parse_document(Source("doc.md", text)).tables
    return layout_of(table)


PRETTIER = "| name  | note |\n| ----- | ---- |\n| LaMDA | x    |\n| PEER  | long |\n"
COMPACT = "| name | note |\n| --- | --- |\n| LaMDA | x |\n| PEER | long |\n"
RAGGED = "| name | note |\n|---|---|\n| LaMDA   | x |\n| PEER | long |\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PRETTIER, "aligned"),
        # Pipes in the same display columns, padded wider than needed.
        ("|  a    |  b  |\n|  ---  |  -  |\n|  ccc  |  d  |\n", "aligned"),
        # No outer pipes: the pipes between cells line up.
        ("a   | b\n--- | ---\nccc | dd\n", "aligned"),
        # The last column unpadded (diff-friendly), the others aligned.
        ("| a   | b |\n| --- | --- |\n| ccc | a longer cell |\n", "aligned"),
        # Wide characters count 2: these pipes line up on screen.
        ("| 名称 | b   |\n| ---- | --- |\n| abcd | ❤️  |\n", "aligned"),
        # Lined up by counting characters (a CJK character as 1): aligned all the same.
        ("| 名称   | b |\n| ---- | - |\n| abcd | c |\n", "aligned"),
        (COMPACT, "compact"),
        ("|a|b|\n|-|:-:|\n|ccc|d|\n", "compact"),
        ("| a | b |\n| :-- | --: |\n| ccc | d |\n", "compact"),
        # Every cell fills its column: aligned and compact at once.
        ("| abc | def |\n| --- | --- |\n| ghi | jkl |\n", "both"),
        (RAGGED, "ragged"),
        # One padded cell in an otherwise compact table.
        ("| a | b |\n| --- | --- |\n| c |  d |\n", "ragged"),
        # A long delimiter row under unpadded cells.
        ("| a | b |\n|------|------|\n| c | d |\n", "ragged"),
        # A one-column table has no pipes between cells: its closing pipes must line up.
        ("| Name |\n| --- |\n| Alice   |\n", "ragged"),
        ("| Name  |\n| ----- |\n| Alice |\n", "aligned"),
    ],
)
def test_layout_of(text: str, expected: str) -> None:
    assert layout(text) == expected


def test_a_line_without_pipes_does_not_decide_the_layout() -> None:
    text = PRETTIER + "a paragraph line that GFM took as a row\n"
    assert layout(text) == "aligned"
    assert fmt(text) == text


def test_keep_leaves_an_aligned_table_aligned_however_wide() -> None:
    wide = fmt(COMPACT.replace("long", "long " * 40), align="always")
    assert max(len(line) for line in wide.splitlines()) > FormatSettings().max_width
    assert layout(wide) == "aligned"
    assert fmt(wide) == wide
    # auto, the old default, went compact past max-width: the churn of issue 21.
    assert fmt(wide, align="auto") != wide


def test_keep_leaves_a_compact_table_compact_however_narrow() -> None:
    assert fmt(COMPACT) == COMPACT
    assert fmt(COMPACT, align="auto") != COMPACT


@pytest.mark.parametrize(
    ("ragged_align", "max_width", "expected"),
    [
        ("auto", 120, "| name  | note |\n| ----- | ---- |\n| LaMDA | x    |\n| PEER  | long |\n"),
        ("auto", 10, "| name | note |\n| --- | --- |\n| LaMDA | x |\n| PEER | long |\n"),
        ("always", 10, "| name  | note |\n| ----- | ---- |\n| LaMDA | x    |\n| PEER  | long |\n"),
        ("never", 120, "| name | note |\n| --- | --- |\n| LaMDA | x |\n| PEER | long |\n"),
    ],
)
def test_a_ragged_table_must_change_and_follows_ragged_align(ragged_align: str, max_width: int, expected: str) -> None:
    assert fmt(RAGGED, ragged_align=ragged_align, max_width=max_width) == expected


def test_a_table_lined_up_in_characters_is_realigned_in_display_columns() -> None:
    text = "| 名称   | b |\n| ---- | - |\n| abcd | c |\n"
    assert fmt(text, max_width=0) == "| 名称 | b   |\n| ---- | --- |\n| abcd | c   |\n"


def test_a_forced_layout_overrides_keep() -> None:
    assert fmt(COMPACT, align="always") == PRETTIER
    assert fmt(PRETTIER, align="never") == COMPACT
    assert fmt(PRETTIER, align="auto", max_width=10) == COMPACT


def test_non_canonical_tables_become_the_canonical_form_of_their_layout() -> None:
    assert fmt("|  a    |  b  |\n|  ---  |  -  |\n|  ccc  |  d  |\n") == (
        "| a   | b   |\n| --- | --- |\n| ccc | d   |\n"
    )
    assert fmt("|a|b|\n|-|:-:|\n|ccc|d|\n") == "| a | b |\n| --- | :---: |\n| ccc | d |\n"


def test_a_table_both_aligned_and_compact_keeps_whichever_form_it_is_in() -> None:
    # Column 1 is 3 wide and centred (`:-:`), column 2 is 4 wide and left (`:---`):
    # aligned, this is canonical; compact would write `:---:` for column 1.
    aligned = "| abc | defg |\n| :-: | :--- |\n| ghi | jklm |\n"
    assert layout(aligned) == "both"
    assert fmt(aligned) == aligned
    compact = "| abc | defg |\n| :---: | :--- |\n| ghi | jklm |\n"
    assert layout(compact) == "compact"
    assert fmt(compact) == compact
    # Neither form exactly: compact, which moves the fewest characters.
    assert fmt("|abc|defg|\n|:-:|:---|\n|ghi|jklm|\n") == compact


def test_compact_keeps_prettiers_delimiter_cells_and_writes_its_own_otherwise() -> None:
    prettier = "| a | b | c | d |\n| --- | :-- | --: | :-: |\n| 1 | 2 | 3 | 4 |\n"
    assert fmt(prettier) == prettier
    assert fmt(prettier, align="never") == prettier
    assert fmt("|a|b|\n|:-|-:|\n|1|2|\n") == "| a | b |\n| :--- | ---: |\n| 1 | 2 |\n"


def test_centred_odd_padding_goes_on_the_right() -> None:
    text = "| c |\n| :-: |\n| ab |\n| abcde |\n| abcd |\n"
    assert fmt(text, align="always") == "|   c   |\n| :---: |\n|  ab   |\n| abcde |\n| abcd  |\n"


def test_every_column_is_at_least_three_wide_whatever_its_alignment() -> None:
    text = "|a|b|c|d|\n|-|:-|-:|:-:|\n|1|2|3|4|5|\n"
    assert fmt(text, align="always") == (
        "| a   | b   |   c |  d  |\n| --- | :-- | --: | :-: |\n| 1   | 2   |   3 |  4  | 5   |\n"
    )


def test_emoji_with_vs16_and_cjk_pad_by_display_width() -> None:
    text = "|s|名称|\n|-|-|\n|❤️|x|\n|✔|交互式|\n|👨\u200d👩\u200d👧|y|\n"
    assert fmt(text, align="always") == (
        "| s   | 名称   |\n"
        "| --- | ------ |\n"
        "| ❤️  | x      |\n"  # VS16: 2 wide
        "| ✔   | 交互式 |\n"  # shown as text by default: 1 wide
        "| 👨\u200d👩\u200d👧  | y      |\n"  # a ZWJ sequence: 2 wide
    )


def test_escaped_pipes_stay_and_count_as_written() -> None:
    text = "| a | b |\n|-|-|\n| `x \\| y` | z\\|w |\n"
    assert fmt(text, align="always") == (
        "| a        | b    |\n| -------- | ---- |\n| `x \\| y` | z\\|w |\n"
    )


def test_tables_in_quotes_and_lists_align_after_their_prefix() -> None:
    quoted = "> | a | b |\n> |-|-|\n> | 中文 | x |\n"
    assert fmt(quoted, align="always") == "> | a    | b   |\n> | ---- | --- |\n> | 中文 | x   |\n"
    listed = "- item\n\n  | a | b |\n  |-|-|\n  | ccc |  d |\n"
    assert fmt(listed) == "- item\n\n  | a   | b   |\n  | --- | --- |\n  | ccc | d   |\n"


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("abc", 3),
        ("名称", 4),
        ("ｶﾀｶﾅ", 4),  # halfwidth katakana
        ("ＡＢＣ", 6),  # fullwidth Latin
        ("한국어", 6),
        ("e\u0301", 1),  # a combining accent
        ("❤️", 2),  # VS16 makes a text emoji a picture
        ("❤", 1),
        ("❤\ufe0e", 1),  # VS15 keeps it text
        ("✅", 2),
        ("👨\u200d👩\u200d👧", 2),
        ("👍🏽", 2),  # a skin tone
        ("🇯🇵", 2),
        ("🇯", 1),  # a lone regional indicator, as Prettier counts it
        ("1️⃣", 2),
        ("☝", 2),  # takes a skin tone: Prettier's emoji pattern counts it wide alone
        ("a\u200bb", 3),  # a zero-width space counts 1 in Prettier
        ("कि", 2),  # a spacing mark (Mc) counts 1
        ("a\tb", 3),  # a tab counts 1 (Prettier: 0, but it turns the tab into a space)
        ("a\x1bb", 2),  # other control characters 0
    ],
)
def test_display_width_is_prettiers(text: str, width: int) -> None:
    assert display_width(text) == width


def test_the_fast_path_measures_every_code_point_as_the_model_does() -> None:
    # display_width leaves to wcwidth's C code the text where it agrees with
    # the model; a wcwidth release that measures some code point otherwise
    # must land in width._WCWIDTH_DIFFERS, or tables stop agreeing with Prettier.
    # The BMP: beyond it, every code point goes to the model.
    codes = [*range(0xD800), *range(0xE000, 0x10000), 0x1F600, 0x20000]
    differ = [f"U+{code:04X}" for code in codes if wide_width(chr(code)) != prettier_width(chr(code))]
    assert differ == []


@pytest.mark.parametrize("base", ["a", "名", "e\u0301", "क", "\u0e01"])
def test_the_fast_path_measures_sequences_as_the_model_does(base: str) -> None:
    # Marks and letters of the scripts the fast path reads, after each kind of base.
    followers = ["\u0301", "\u0e31", "\u0e48", "\u093f", "\u0915", "名", "ｶ", "\u05b7", "\u064b", "\u0f71", " "]
    for first in followers:
        for second in followers:
            text = base + first + second
            assert display_width(text) == prettier_width(text), [hex(ord(char)) for char in text]


def _diagnostics(text: str, settings: FormatSettings) -> list[int]:
    context = LintContext(parse_document(Source("doc.md", text)), Settings(format=settings))
    return [diagnostic.table for diagnostic in TableFormat().check(context)]


def test_table_format_accepts_either_layout_unless_one_is_asked_for() -> None:
    text = PRETTIER + "\n" + COMPACT + "\n" + RAGGED
    assert _diagnostics(text, FormatSettings()) == [3]
    assert _diagnostics(text, FormatSettings(align="always")) == [2, 3]
    assert _diagnostics(text, FormatSettings(align="never")) == [1, 3]
    assert _diagnostics(PRETTIER.replace("| x    |", "| x     |").replace("| ---- |", "| -----|"),
                        FormatSettings()) == [1]


def test_format_command_keeps_layouts_and_takes_the_new_options(workdir: Path, run) -> None:  # type: ignore[no-untyped-def]
    (workdir / "doc.md").write_text(PRETTIER + "\n" + COMPACT, encoding="utf-8")
    assert run("format", "--check", "doc.md").exit_code == 0
    assert run("format", "--check", "--align", "always", "doc.md").exit_code == 1
    (workdir / "ragged.md").write_text(RAGGED, encoding="utf-8")
    assert run("format", "--ragged-align", "never", "ragged.md").exit_code == 0
    assert (workdir / "ragged.md").read_text(encoding="utf-8") == COMPACT


def test_a_bad_layout_value_in_the_config_names_the_key(workdir: Path, run) -> None:  # type: ignore[no-untyped-def]
    (workdir / "doc.md").write_text(COMPACT, encoding="utf-8")
    (workdir / "tablelint.toml").write_text('[format]\nragged-align = "keep"\n', encoding="utf-8")
    result = run("format", "--check", "doc.md")
    assert result.exit_code == 2
    assert "tablelint.toml: 'format.ragged-align' must be 'auto', 'always' or 'never', not 'keep'" in result.stderr

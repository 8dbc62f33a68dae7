"""`check --fix` (fix, then report what remains: the fixing pre-commit hook),
`--show-fixes`, and `fix --diff` as a terminal shows it: coloured, with the
changed words of a row marked."""

from __future__ import annotations

import re
from pathlib import Path

from tablelint.report.diff import colour_diff
from tablelint.rewrite.safety import unified_diff

TABLE = (
    "| 名称 | 来源 |\n"
    "| --- | --- |\n"
    "| Alpha | arxiv2022 |\n"
    "| Beta | arxiv2023 |\n"
    "| `p|q` | arXiv 2021 |\n"
)
FIXED = TABLE.replace("arxiv2022", "arXiv 2022").replace("arxiv2023", "arXiv 2023")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def write(directory: Path, name: str, content: str) -> Path:
    path = directory / name
    path.write_text(content, encoding="utf-8", newline="")
    return path


def test_check_fix_applies_the_safe_fixes_and_reports_what_remains(run, workdir):
    path = write(workdir, "t.md", TABLE)
    before = run("check", "t.md").stdout
    assert "arxiv2022" in before
    result = run("check", "--fix", "t.md")
    assert path.read_text(encoding="utf-8") == FIXED
    # What remains is what a plain check of the fixed file reports.
    assert result.stdout == run("check", "t.md").stdout
    assert "arxiv2022" not in result.stdout and "TL001" in result.stdout
    assert result.stderr.splitlines()[0] == "Fixed 2 problems."
    assert result.exit_code == 1  # the column-count error has only an unsafe fix


def test_check_fix_exits_0_when_everything_was_fixed(run, workdir):
    path = write(workdir, "t.md", "| 名称 | 来源 |\n| --- | --- |\n| Alpha | arxiv2022 |\n")
    result = run("check", "--fix", "t.md")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert path.read_text(encoding="utf-8") == "| 名称 | 来源 |\n| --- | --- |\n| Alpha | arXiv 2022 |\n"
    assert "All checks passed" in result.stdout


def test_check_fix_with_unsafe_fixes(run, workdir):
    path = write(workdir, "t.md", TABLE)
    result = run("check", "--fix", "--unsafe-fixes", "t.md")
    assert "`p\\|q`" in path.read_text(encoding="utf-8")
    assert "TL001" not in result.stdout


def test_check_fix_refuses_standard_input(run, workdir):
    result = run("check", "--fix", "-", input=TABLE)
    assert result.exit_code == 2
    assert "tablelint fix -" in result.stderr


def test_show_fixes_lists_the_fixes_per_file_and_rule(run, workdir):
    write(workdir, "t.md", TABLE)
    result = run("check", "--fix", "--show-fixes", "t.md")
    assert "Fixed 2 problems:\n- t.md:\n    2 × TL204 (malformed-source)\n" in result.stderr
    again = run("fix", "--show-fixes", "t.md")
    assert "No fixes applied." in again.stderr
    write(workdir, "u.md", TABLE)
    preview = run("fix", "--diff", "--show-fixes", "u.md")
    assert "Would fix 2 problems:" in preview.stderr


def test_fix_diff_is_plain_when_not_a_terminal(run, workdir):
    write(workdir, "t.md", TABLE)
    result = run("fix", "--diff", "t.md")
    assert "\x1b" not in result.stdout
    assert result.stdout == unified_diff("t.md", TABLE, FIXED)


def test_fix_diff_is_coloured_with_force_color(run, workdir):
    write(workdir, "t.md", TABLE)
    result = run("fix", "--diff", "t.md", env={"FORCE_COLOR": "1"})
    assert "\x1b[31m-| Alpha | " in result.stdout
    # Without the colours, the same patch.
    assert _ANSI.sub("", result.stdout) == unified_diff("t.md", TABLE, FIXED)


def test_changed_words_are_marked_and_the_rest_of_the_row_is_not():
    long_text = "这是一段很长的中文说明" * 12
    before = f"| Alpha | arxiv2022 | {long_text} |\n"
    after = f"| Alpha | arXiv 2022 | {long_text} |\n"
    coloured = colour_diff(unified_diff("t.md", before, after))
    lines = coloured.splitlines()
    removed = next(line for line in lines if line.startswith("\x1b[31m-"))
    added = next(line for line in lines if line.startswith("\x1b[32m+"))
    highlighted = re.findall(r"\x1b\[1;4[12];3[07]m(.*?)\x1b\[0m", removed + added)
    assert highlighted == ["arxiv2022", "arXiv 2022"]
    # The long row gets a marker line with carets under the change, placed by display width.
    marker = _ANSI.sub("", lines[lines.index(added) + 1])
    assert marker == " " * len("+| Alpha | ") + "^" * len("arXiv 2022")


def test_a_change_inside_a_cjk_run_marks_only_the_changed_character():
    before = "| 一二三四五六七八九十 |\n"
    after = "| 一二三四五陆七八九十 |\n"
    coloured = colour_diff(unified_diff("t.md", before, after))
    assert re.findall(r"\x1b\[1;4[12];3[07]m(.*?)\x1b\[0m", coloured) == ["六", "陆"]


def test_a_short_row_gets_no_marker_line():
    coloured = colour_diff(unified_diff("t.md", "| a | arxiv2022 |\n", "| a | arXiv 2022 |\n"))
    assert not any("^" in _ANSI.sub("", line) for line in coloured.splitlines())

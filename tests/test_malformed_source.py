"""malformed-source (TL204) on whole tables: the fixes `tablelint fix` writes
(golden files), unsafe fixes, a Year column, and columns that do not read as
sources. The parser's verdicts are tested in test_venues.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import lint_text, run_cli
from tablelint.diagnostics import Applicability, Severity

GOLDEN = Path(__file__).resolve().parent / "golden" / "fix"


@pytest.mark.parametrize(
    ("arguments", "expected", "remaining", "status"),
    [
        ((), "venues.expected.md", "2 remain", 1),  # the journal's 'TPAMI 21' is an error, its fix unsafe
        (("--unsafe-fixes",), "venues.unsafe-fixes.expected.md", "1 remains", 0),  # a warning: facebook research
    ],
)
def test_fix_writes_the_reviewed_golden_file(tmp_path: Path, arguments, expected, remaining, status) -> None:
    target = tmp_path / "venues.md"
    shutil.copyfile(GOLDEN / "venues.md", target)
    code, _, err = run_cli("fix", "--select", "TL204", *arguments, str(target))
    assert target.read_bytes() == (GOLDEN / expected).read_bytes()
    assert remaining in err
    assert code == status
    again = tmp_path / "again.md"
    shutil.copyfile(GOLDEN / expected, again)
    run_cli("fix", "--select", "TL204", *arguments, str(again))
    assert again.read_bytes() == (GOLDEN / expected).read_bytes()


def test_the_golden_fix_changes_only_source_cells() -> None:
    before = (GOLDEN / "venues.md").read_text(encoding="utf-8").splitlines()
    after = (GOLDEN / "venues.unsafe-fixes.expected.md").read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after)
    for old, new in zip(before, after, strict=True):
        if old != new:
            old_cells, new_cells = old.split("|"), new.split("|")
            assert [c for i, c in enumerate(old_cells) if i != 2] == [c for i, c in enumerate(new_cells) if i != 2]


def _source_diagnostics(text: str, schema: str | None = "paper-list"):
    return [d for d in lint_text(text, schema=schema, select=["TL204"])]


def test_a_journal_year_that_may_be_a_volume_gets_an_unsafe_fix() -> None:
    [found] = _source_diagnostics("| Title | Source |\n| --- | --- |\n| A | TPAMI 21 |\n")
    assert found.severity is Severity.ERROR
    assert found.fix.applicability is Applicability.UNSAFE
    assert [edit.content for edit in found.fix.edits] == ["TPAMI 2021"]
    assert "may be a volume" in found.message


YEAR_TABLE = """<!-- tablelint: schema=paper-list -->
| Title | Venue | {year} |
| --- | --- | --- |
| A | NeurIPS | 2021 |
| B | Nips | 2019 |
| C | Findings of EMNLP | 2022 |
| D | TPAMI | 2020 |
| E | NeurIPS | 2023 |
| F | ICML | 2018 |
"""


@pytest.mark.parametrize("header", ["Year", "年份", "**Year**", "Date"])
def test_with_a_year_column_a_venue_needs_no_year(header: str) -> None:
    found = _source_diagnostics(YEAR_TABLE.format(year=header), schema=None)
    assert [(d.line, d.fix.edits[0].content) for d in found] == [(5, "NeurIPS")]
    assert found[0].fix.applicability is Applicability.SAFE


def test_without_a_year_column_a_venue_misses_its_year() -> None:
    found = _source_diagnostics(YEAR_TABLE.format(year="Code"), schema=None)
    assert len(found) == 6
    assert all("no year" in d.message for d in found)


def _papers_schema(tmp_path: Path, more: str) -> Path:
    """A schema file with a title and a venue-year field, then ``more`` YAML."""
    schema = tmp_path / "papers.yaml"
    schema.write_text("name: papers\nfields:\n  - name: title\n  - name: venue\n    format: venue-year\n" + more,
                      encoding="utf-8")
    return schema


def test_a_year_column_is_also_a_schema_field_typed_year(tmp_path: Path) -> None:
    schema = _papers_schema(tmp_path, "  - name: published\n    type: year\n")
    text = "| title | venue | published |\n| --- | --- | --- |\n| A | NeurIPS | 2021 |\n| B | CVPR | 2020 |\n"
    assert _source_diagnostics(text, schema=str(schema)) == []


MOSTLY_UNKNOWN = """| Title | Source |
| --- | --- |
| A | Vicinagearth 2024 |
| B | JRTIP 2026 |
| C | Foo Letters 2023 |
| D | Bar Proceedings |
| E | arxiv2022 |
| F | NeurlPS 2020 |
"""


def test_a_column_the_vocabulary_mostly_does_not_know_reports_only_what_it_knows() -> None:
    found = _source_diagnostics(MOSTLY_UNKNOWN)
    # Half the values name a venue or a year: the column reads as sources, every unknown is reported.
    assert len(found) == 6
    only_unknown = MOSTLY_UNKNOWN.replace(" 2024", "").replace(" 2026", "").replace(" 2023", "")
    found = _source_diagnostics(only_unknown)
    # Now most values are neither known nor dated: the unknown ones say more about the vocabulary.
    assert [(d.line, d.severity) for d in found] == [(7, Severity.ERROR), (8, Severity.WARNING)]
    assert "did you mean 'NeurIPS'" in found[1].message


def test_a_column_of_code_in_a_source_column_is_left_alone() -> None:
    text = "| Source | Description |\n| --- | --- |\n| `empty()` | nothing |\n| `url(url)` | a URL |\n"
    assert _source_diagnostics(text) == []


def test_annotations_second_sources_and_statuses_are_not_reported() -> None:
    text = (
        "| Title | Source |\n| --- | --- |\n| A | ICLR 2024 (Oral) |\n| B | CVPR 2023 Highlight |\n"
        "| C | arXiv 2023 (NeurIPS 2023) |\n| D | Under review |\n| E | TPAMI 2023 |\n| F | OpenAI 2023 |\n"
        "| G | ICLR 2024<br>Spotlight |\n| H | 中文信息学报 2020 |\n"
    )
    assert _source_diagnostics(text) == []


def test_a_schema_adds_venues_with_aliases_and_variants(tmp_path: Path) -> None:
    schema = _papers_schema(
        tmp_path,
        "venues:\n  - name: ICSPS\n    title: Intl. Conf. on Signal Processing Systems\n"
        "    aliases: [SPS Conf]\n    variants: [ICSP Systems]\n    kind: conference\n",
    )
    text = ("| title | venue |\n| --- | --- |\n| A | ICSPS 2021 |\n| B | SPS Conf 2020 |\n| C | ICSP Systems 2019 |\n"
            "| D | Intl. Conf. on Signal Processing Systems 2018 |\n")
    found = _source_diagnostics(text, schema=str(schema))
    assert [(d.line, d.fix.edits[0].content) for d in found] == [(5, "ICSPS 2019")]


def test_a_misspelt_venue_key_in_a_schema_is_one_clear_error(tmp_path: Path) -> None:
    schema = _papers_schema(tmp_path, "venues:\n  - name: ICSPS\n    varients: [ICSP Systems]\n")
    code, _, err = run_cli("check", "--offline", "--schema", str(schema), str(GOLDEN / "venues.md"))
    assert code == 2
    assert "varients" in err and "variants" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_column_of_years_without_venues_still_reads_as_sources() -> None:
    text = "| Title | 来源 |\n| --- | --- |\n| A | 2019 |\n| B | 2020 |\n| C | Foo Letters |\n"
    found = _source_diagnostics(text)
    assert [(d.line, d.severity) for d in found] == [(3, Severity.WARNING), (4, Severity.WARNING),
                                                    (5, Severity.ERROR)]
    assert "a year but no venue): write '<venue> 2019', such as 'arXiv 2019'" in found[0].message


def test_extract_gives_the_canonical_venue_of_an_accepted_spelling_with_notes_and_second_sources(tmp_path):
    import json

    path = tmp_path / "papers.md"
    path.write_text("| Title | Source |\n| --- | --- |\n| A | ICLR 2024 (Oral) |\n| B | TPAMI 2023 |\n"
                    "| C | arXiv 2023 (NeurIPS 2023) |\n", encoding="utf-8")
    code, out, _ = run_cli("extract", str(path))
    assert code == 0
    assert [row["source"] for row in json.loads(out)[0]["rows"]] == [
        {"venue": "ICLR", "year": 2024, "notes": ["Oral"]},
        {"venue": "IEEE TPAMI", "year": 2023},
        {"venue": "arXiv", "year": 2023, "also": [{"venue": "NeurIPS", "year": 2023}]},
    ]

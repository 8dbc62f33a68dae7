"""The user's table (examples/llm-papers.md), checked offline: every problem
the issues name, on the right lines, and nothing said twice."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from helpers import check_json

SEED = Path(__file__).resolve().parents[1] / "examples" / "llm-papers.md"
NULL_ROW_LINES = list(range(14, 22))  # the 8 template rows at the end
REAL_ROW_LINES = list(range(3, 14))  # the 11 papers


@pytest.fixture(scope="module")
def diagnostics() -> list[dict]:
    return check_json(str(SEED))


def by_code(diagnostics: list[dict], code: str) -> list[dict]:
    return [d for d in diagnostics if d["code"] == code]


def test_each_null_row_is_one_placeholder_row(diagnostics) -> None:
    rows = by_code(diagnostics, "TL101")
    assert [d["line"] for d in rows] == NULL_ROW_LINES
    assert [d["row"] for d in rows] == list(range(12, 20))
    for d in rows:
        assert d["name"] == "placeholder-row" and d["severity"] == "error"
        assert d["fix"]["applicability"] == "safe"
        assert d["fix"]["edits"] == [
            {"line": d["line"], "column": 1, "end_line": d["line"] + 1, "end_column": 1, "content": ""}
        ]


def test_null_cells_of_real_rows_are_placeholder_cells_and_null_rows_are_not_repeated(diagnostics) -> None:
    cells = by_code(diagnostics, "TL102")
    assert len(cells) == 18
    assert all(d["line"] in REAL_ROW_LINES for d in cells)
    assert Counter(d["field"] for d in cells) == {"status": 11, "notes": 7}
    text = SEED.read_text(encoding="utf-8").splitlines()
    for d in cells:
        assert text[d["line"] - 1][d["column"] - 1 : d["end_column"] - 1] == "NULL"
        assert d["fix"]["applicability"] == "safe" and d["fix"]["edits"][0]["content"] == ""
    # Nothing else lands on the template rows either.
    assert {d["line"] for d in diagnostics if d["line"] in NULL_ROW_LINES} == set(NULL_ROW_LINES)
    assert all(d["code"] == "TL101" for d in diagnostics if d["line"] in NULL_ROW_LINES)


def test_every_non_canonical_source_is_reported_with_a_safe_fix_where_one_exists(diagnostics) -> None:
    sources = {d["line"]: d for d in by_code(diagnostics, "TL204")}
    assert sorted(sources) == REAL_ROW_LINES
    expected = {
        3: "arXiv 2022", 4: "arXiv 2022", 5: "arXiv 2022", 6: "arXiv 2020", 7: "arXiv 2022", 8: "arXiv 2022",
        9: "arXiv 2022", 11: "arXiv 2022", 12: "arXiv 2022", 13: "arXiv 2022",
    }
    for line, canonical in expected.items():
        fix = sources[line]["fix"]
        assert fix["applicability"] == "safe"
        assert [edit["content"] for edit in fix["edits"]] == [canonical]
        assert sources[line]["field"] == "source" and sources[line]["severity"] == "error"
    unknown = sources[10]
    assert unknown["fix"] is None and unknown["severity"] == "warning"
    assert "facebook research" in unknown["message"]


def test_fix_spans_point_at_the_source_text(diagnostics) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for d in by_code(diagnostics, "TL204"):
        written = lines[d["line"] - 1][d["column"] - 1 : d["end_column"] - 1]
        assert written.replace(" ", "").lower().startswith(("arxiv", "facebook"))
        for edit in (d["fix"] or {}).get("edits", []):
            assert lines[edit["line"] - 1][edit["column"] - 1 : edit["end_column"] - 1] == written


def test_exactly_three_naming_diagnostics_with_their_fixes(diagnostics) -> None:
    naming = [d for d in diagnostics if d["code"].startswith("TL4")]
    lines = SEED.read_text(encoding="utf-8").splitlines()
    found = [
        (d["code"], d["line"], lines[d["line"] - 1][d["column"] - 1 : d["end_column"] - 1],
         d["fix"]["edits"][0]["content"], d["fix"]["applicability"])
        for d in naming
    ]
    assert found == [
        ("TL401", 3, "PEEK", "PEER", "safe"),
        ("TL403", 8, "Lambda", "LaMDA", "unsafe"),
        ("TL402", 10, "Deepmind", "DeepMind", "safe"),
    ]
    assert [d["name"] for d in naming] == ["naming-mismatch", "near-miss-term", "inconsistent-casing"]


def test_offline_links_are_unchecked_never_dead(diagnostics) -> None:
    assert not [d for d in diagnostics if d["code"].startswith("TL3")]  # counted in the summary line
    links = [d for d in check_json("--show-unchecked", str(SEED)) if d["code"].startswith("TL3")]
    assert [(d["code"], d["line"]) for d in links] == [("TL305", 6), ("TL305", 10), ("TL305", 12), ("TL305", 13)]
    assert all(d["severity"] == "info" for d in links)

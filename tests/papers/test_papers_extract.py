"""``tablelint extract --papers``: the resolved identifiers as columns."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import ONLY_127_0_0_1

SEED = Path(__file__).resolve().parents[2] / "examples" / "llm-papers.md"


def test_extract_adds_the_resolved_identifiers(services, tmp_path: Path) -> None:
    from tablelint.engine.extract import extract_tables

    path = tmp_path / "list.md"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    settings = services.settings(cache_path=str(tmp_path / "papers.sqlite3"))
    papers = {"offline": False, "allow_private": False, "paper_settings": settings, "policy": ONLY_127_0_0_1}
    (table,) = json.loads(extract_tables(str(path), None, "json", papers=papers).text)
    assert table["headers"][-5:] == ["arxiv_id", "doi", "dblp_key", "canonical_title", "venue"]
    peer, instruct, _, megatron = table["rows"][:4]
    assert (peer["arxiv_id"], peer["dblp_key"], peer["canonical_title"], peer["venue"]) == (
        "2208.11663", "conf/iclr/SchickDJPMIPG23", "PEER: A Collaborative Language Model", "ICLR 2023")
    assert instruct["venue"] == "NeurIPS 2022" and instruct["arxiv_id"] == "2203.02155"
    assert (megatron["arxiv_id"], megatron["dblp_key"], megatron["venue"]) == (
        "1909.08053", "journals/corr/abs-1909-08053", "arXiv 2019")
    placeholder = table["rows"][-1]  # a NULL row: not a paper
    assert placeholder["arxiv_id"] is None and placeholder["venue"] is None

    # CSV from the cache alone: the same columns, nothing asked again.
    asked = len(services.log.requests)
    offline = {**papers, "offline": True}
    rows = list(csv.reader(io.StringIO(extract_tables(str(path), None, "csv", papers=offline).text.lstrip("\ufeff"))))
    assert rows[0][-5:] == ["arxiv_id", "doi", "dblp_key", "canonical_title", "venue"]
    assert rows[8][-1] == "arXiv 2023" and rows[8][-5] == "2302.13971"  # LLaMA
    assert len(services.log.requests) == asked


def test_extract_without_papers_is_unchanged(tmp_path: Path) -> None:
    from tablelint.engine.extract import extract_tables

    path = tmp_path / "list.md"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (table,) = json.loads(extract_tables(str(path), None, "json").text)
    assert "arxiv_id" not in table["headers"]

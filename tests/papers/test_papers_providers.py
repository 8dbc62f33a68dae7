"""Each provider's parser on the answers its service documents (the fixtures)."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES
from tablelint.papers.arxiv import ArxivProvider
from tablelint.papers.dblp import DblpProvider
from tablelint.papers.openalex import OpenAlexProvider
from tablelint.papers.records import PREPRINT, PUBLISHED, MalformedAnswer


def test_dblp_hits_become_a_published_version_and_a_preprint() -> None:
    body = (FIXTURES / "dblp" / "peer-a-collaborative-language-model.json").read_bytes()
    iclr, corr = DblpProvider().parse(body)
    assert (iclr.kind, iclr.venue, iclr.year) == (PUBLISHED, "ICLR", 2023)
    assert iclr.title == "PEER: A Collaborative Language Model"  # without dblp's final period
    assert (corr.kind, corr.venue, corr.year, corr.arxiv_id, corr.doi) == (PREPRINT, "CoRR", 2022, "2208.11663", None)
    assert iclr.dblp_key == "conf/iclr/SchickDJPMIPG23"


def test_dblp_no_hits_and_a_single_hit_as_an_object() -> None:
    assert DblpProvider().parse((FIXTURES / "dblp" / "no-hits.json").read_bytes()) == []
    data = json.loads((FIXTURES / "dblp" / "learning-by-distilling-context.json").read_bytes())
    data["result"]["hits"]["hit"] = data["result"]["hits"]["hit"][0]
    (record,) = DblpProvider().parse(json.dumps(data).encode())
    assert record.arxiv_id == "2209.15189"


@pytest.mark.parametrize("body", [b"", b"<html>busy</html>", b'{"result": {}}', b'{"result": {"hits": {"hit": 3}}}',
                                  (FIXTURES / "dblp" / "malformed.txt").read_bytes()])
def test_dblp_bodies_that_are_not_its_answer_are_malformed(body: bytes) -> None:
    with pytest.raises(MalformedAnswer):
        DblpProvider().parse(body)


def test_arxiv_entries_give_the_first_version_year_and_an_unwrapped_title() -> None:
    (record,) = ArxivProvider().parse((FIXTURES / "arxiv" / "id-1909.08053.xml").read_bytes())
    assert (record.arxiv_id, record.year, record.kind) == ("1909.08053", 2019, PREPRINT)
    assert record.title == "Megatron-LM: Training Multi-Billion Parameter Language Models Using Model Parallelism"
    assert ArxivProvider().parse((FIXTURES / "arxiv" / "empty.xml").read_bytes()) == []


def test_openalex_works_map_repositories_to_preprints() -> None:
    (work,) = OpenAlexProvider().parse(
        (FIXTURES / "openalex" / "search-lamda-language-models-for-dialog-applications.json").read_bytes())
    assert (work.kind, work.venue, work.arxiv_id, work.doi) == (PREPRINT, "arXiv", "2201.08239", None)
    nature = OpenAlexProvider().parse((FIXTURES / "openalex" / "doi-10.1038-s41586-021-03819-2.json").read_bytes())
    assert [(r.kind, r.venue, r.year, r.doi) for r in nature] == [
        (PUBLISHED, "Nature", 2021, "10.1038/s41586-021-03819-2")]
    with pytest.raises(MalformedAnswer):
        OpenAlexProvider().parse(b'{"meta": {}}')


def test_openalex_requests_join_the_polite_pool_with_a_contact() -> None:
    assert "mailto=lists%40example.org" in OpenAlexProvider("lists@example.org").title_request("A: b, c")
    assert "mailto" not in OpenAlexProvider("").title_request("A title")

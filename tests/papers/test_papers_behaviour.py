"""Paper verification against the local services: the documented answers,
the awkward ones (no match, many candidates, CJK title marks, 429, 5xx, a
malformed body), the rate limits, the cache, offline runs and the address
policy."""

from __future__ import annotations

import time
from itertools import pairwise

import pytest

from conftest import BROKEN, MALFORMED, RATE_LIMITED, paper_table
from tablelint.links.safety import AddressPolicy


def test_no_match_is_reported_as_not_found_naming_every_search(verify) -> None:
    run = verify(paper_table(("《A Paper Nobody Wrote》", "arXiv 2022")))
    (diagnostic,) = run.diagnostics
    assert diagnostic.code == "TL604" and diagnostic.fix is None
    assert "'A Paper Nobody Wrote'" in diagnostic.message
    assert "dblp title search, arXiv title search, OpenAlex title search" in diagnostic.message
    assert run.stats.not_found == 1


def test_many_candidates_the_title_and_then_the_year_decide(verify) -> None:
    # dblp answers five hits: the NIPS paper, its CoRR preprint, a 2019
    # workshop paper of the same title, and two papers whose titles only begin alike.
    assert verify(paper_table(("Attention Is All You Need", "NeurIPS 2017"))).codes() == []
    preprint = verify(paper_table(("Attention Is All You Need", "arXiv 2017")))
    (diagnostic,) = preprint.diagnostics
    assert diagnostic.code == "TL602" and diagnostic.fix.edits[0].content == "NeurIPS 2017"  # dblp says NIPS
    wrong_year = verify(paper_table(("Attention Is All You Need", "NeurIPS 2019")))
    (diagnostic,) = wrong_year.diagnostics
    assert diagnostic.code == "TL601" and diagnostic.fix.edits[0].content == "NeurIPS 2017"


@pytest.mark.parametrize("title", [
    "「Chain-of-Thought Prompting Elicits Reasoning in Large Language Models」",
    "《Chain-of-Thought Prompting Elicits Reasoning in Large Language Models》",
    "『Chain-of-Thought Prompting Elicits Reasoning in Large Language Models』",
    "“Chain-of-Thought Prompting Elicits Reasoning in Large Language Models”",
])
def test_a_title_in_cjk_brackets_or_quotes_is_searched_without_them(verify, services, title: str) -> None:
    run = verify(paper_table((title, "arXiv 2022")))
    (diagnostic,) = run.diagnostics
    assert diagnostic.code == "TL602" and diagnostic.fix.edits[0].content == "NeurIPS 2022"
    (request,) = services.log.of("dblp")
    assert "q=Chain-of-Thought+Prompting" in request[2] and "%E3%80%8C" not in request[2]  # no 「


def test_a_rate_limit_answer_is_waited_out_as_retry_after_asks(verify, services) -> None:
    run = verify(paper_table((RATE_LIMITED, "arXiv 2023")))
    first, second = services.log.of("dblp")
    assert second[0] - first[0] >= 1.0  # Retry-After: 1
    (diagnostic,) = run.diagnostics
    assert diagnostic.code == "TL602" and diagnostic.fix.edits[0].content == "NeurIPS 2023"
    assert run.stats.services["dblp"].rate_limited == 1


def test_a_retry_after_longer_than_allowed_leaves_the_row_unchecked(verify, services) -> None:
    run = verify(paper_table((RATE_LIMITED, "arXiv 2023")), max_retry_after=0.5)
    assert run.codes() == [] and run.stats.unchecked == 1
    assert len(services.log.of("dblp")) == 1


def test_a_lasting_server_error_leaves_the_row_unchecked_never_not_found(verify, services) -> None:
    run = verify(paper_table((BROKEN, "arXiv 2022")), retries=1)
    assert run.codes() == [] and run.stats.unchecked == 1 and run.stats.not_found == 0
    assert len(services.log.of("dblp")) == 2  # asked, and retried once
    again = verify(paper_table((BROKEN, "arXiv 2022")), retries=1)
    assert again.stats.unchecked == 1 and len(services.log.of("dblp")) == 4  # a failure is not cached


def test_a_malformed_body_leaves_the_row_unchecked_and_is_not_retried(verify, services) -> None:
    run = verify(paper_table((MALFORMED, "arXiv 2022")))
    assert run.codes() == [] and run.stats.unchecked == 1
    assert len(services.log.of("dblp")) == 1


def test_an_arxiv_error_entry_is_malformed_not_a_paper(verify, services) -> None:
    from conftest import FIXTURES
    from tablelint.papers.arxiv import ArxivProvider
    from tablelint.papers.records import MalformedAnswer

    with pytest.raises(MalformedAnswer, match="incorrect id format"):
        ArxivProvider().parse((FIXTURES / "arxiv" / "error.xml").read_bytes())
    with pytest.raises(MalformedAnswer):
        ArxivProvider().parse((FIXTURES / "arxiv" / "rate-exceeded.txt").read_bytes())


def test_an_arxiv_id_in_the_row_pins_the_paper(verify, services) -> None:
    text = ("| 名称 | 来源 | 备注 |\n| --- | --- | --- |\n"
            "| Megatron-LM | arXiv 2020 | https://arxiv.org/abs/1909.08053v2 |\n")
    run = verify(text)
    (diagnostic,) = run.diagnostics  # the short name is not a title mismatch
    assert diagnostic.code == "TL601" and diagnostic.fix.edits[0].content == "arXiv 2019"
    assert [path for _, _, path, _ in services.log.of("arxiv")] == ["/api/query?id_list=1909.08053&max_results=1"]


def test_a_doi_in_the_row_pins_the_paper_through_openalex(verify, services) -> None:
    text = ("| 名称 | 来源 | 备注 |\n| --- | --- | --- |\n"
            "| AlphaFold | Nature 2020 | https://doi.org/10.1038/s41586-021-03819-2 |\n")
    run = verify(text)
    (diagnostic,) = run.diagnostics
    assert diagnostic.code == "TL601" and diagnostic.fix.edits[0].content == "Nature 2021"
    assert services.log.of("openalex")[0][2].startswith("/works/doi:10.1038/s41586-021-03819-2")


def test_the_broad_fallback_finds_a_misspelt_title_and_the_fix_keeps_the_marks(verify) -> None:
    run = verify(paper_table(("《Highly acurate protein structure prediction with AlphaFold》", "Nature 2021")))
    (diagnostic,) = run.diagnostics
    assert diagnostic.code == "TL603"
    assert diagnostic.fix.edits[0].content == "《Highly accurate protein structure prediction with AlphaFold》"


def test_case_and_punctuation_alone_are_not_a_title_mismatch(verify) -> None:
    text = paper_table(("《LARGE LANGUAGE MODELS ARE HUMAN-LEVEL PROMPT ENGINEERS》", "ICLR 2023"))
    assert verify(text).codes() == []


def test_each_service_rate_limit_spaces_the_requests(verify, services) -> None:
    rows = [(f"Unknown Paper Number {n}", "arXiv 2022") for n in range(6)]
    run = verify(paper_table(*rows), arxiv_rate=5.0, arxiv_concurrency=3, dblp_rate=50.0)
    starts = run.stats.services["arxiv"].starts
    assert len(starts) == 6
    gaps = [later - earlier for earlier, later in pairwise(starts)]
    assert min(gaps) >= 0.2 - 1e-6
    arrivals = [entry[0] for entry in services.log.of("arxiv")]
    assert min(b - a for a, b in pairwise(arrivals)) >= 0.18  # what the server saw, with its jitter


def test_requests_carry_a_user_agent_with_the_contact(verify, services) -> None:
    verify(paper_table(("Learning by Distilling Context", "arXiv 2022")), contact="lists@example.org")
    (request,) = services.log.of("dblp")
    assert "tablelint/" in request[3]["user-agent"] and "mailto:lists@example.org" in request[3]["user-agent"]


def test_a_private_address_is_refused_as_the_link_checker_refuses_it(verify, services) -> None:
    run = verify(paper_table(("Learning by Distilling Context", "arXiv 2020")), policy=AddressPolicy())
    assert run.codes() == [] and run.stats.unchecked == 1
    assert services.log.of("dblp") == []


def test_a_name_resolving_to_a_private_address_is_refused_by_the_resolver(verify, services) -> None:
    port = services.base.rsplit(":", 1)[1]
    run = verify(paper_table(("Learning by Distilling Context", "arXiv 2020")), policy=AddressPolicy(),
                 dblp_url=f"http://localhost:{port}", services=["dblp"])
    assert run.stats.unchecked == 1 and services.log.of("dblp") == []
    allowed = verify(paper_table(("Learning by Distilling Context", "arXiv 2020")),
                     dblp_url=f"http://localhost:{port}", services=["dblp"])
    assert allowed.codes() == ["TL601"]


def test_offline_reports_nothing_without_a_cached_answer_and_asks_nothing(verify, services) -> None:
    text = paper_table(("Learning by Distilling Context", "arXiv 2020"), ("A Paper Nobody Wrote", "arXiv 2022"))
    run = verify(text, offline=True)
    assert run.codes() == [] and run.stats.unchecked == 2
    assert services.log.requests == []


def test_offline_uses_the_cached_answers(verify, services) -> None:
    text = paper_table(("Learning by Distilling Context", "arXiv 2020"), ("A Paper Nobody Wrote", "arXiv 2022"))
    online = verify(text)
    count = len(services.log.requests)
    offline = verify(text, offline=True)
    assert offline.codes() == online.codes() == ["TL601", "TL604"]
    assert len(services.log.requests) == count


def test_cached_answers_expire_after_the_ttl(verify, services, tmp_path) -> None:
    from tablelint.papers.cache import PaperCache
    from tablelint.papers.records import PaperRecord

    cache = PaperCache(tmp_path / "ttl.sqlite3", ttl=100.0, now=1000.0)
    record = PaperRecord("dblp", "k", "T", 2020, "CoRR", "preprint")
    cache.put("dblp", "/q", [record])
    cache.close()
    assert PaperCache(tmp_path / "ttl.sqlite3", ttl=100.0, now=1050.0).get("dblp", "/q") == [record]
    assert PaperCache(tmp_path / "ttl.sqlite3", ttl=100.0, now=1200.0).get("dblp", "/q") is None


def test_the_published_preprint_severity_is_a_schema_setting(verify, tmp_path) -> None:
    schema = tmp_path / "strict-papers.yaml"
    schema.write_text(
        "name: strict-papers\nname-field: title\nfields:\n  - name: title\n    title: 名称\n"
        "  - name: source\n    title: 来源\n    format: venue-year\npapers:\n  published-preprint: warning\n",
        encoding="utf-8",
    )
    table = paper_table(("PEER: A Collaborative Language Model", "arXiv 2022"))
    text = f"<!-- tablelint: schema={schema} -->\n" + table
    (diagnostic,) = verify(text).diagnostics
    assert diagnostic.code == "TL602" and diagnostic.severity.value == "warning"


def test_a_schema_papers_setting_is_checked(tmp_path) -> None:
    from tablelint.errors import ConfigError
    from tablelint.schema.loader import load_schema

    schema = tmp_path / "bad.yaml"
    schema.write_text("name-field: title\nfields:\n  - name: title\npapers:\n  published-preprint: error\n",
                      encoding="utf-8")
    with pytest.raises(ConfigError, match=r"papers\.published-preprint"):
        load_schema(schema)


def test_verification_is_off_unless_asked(services, tmp_path) -> None:
    from tablelint.config import Settings
    from tablelint.engine.lint import RunOptions, lint_source
    from tablelint.parse.source import Source

    settings = Settings(papers=services.settings(verify=False))
    report = lint_source(Source("p.md", paper_table(("PEER: A Collaborative Language Model", "arXiv 2022"))),
                         RunOptions(select=["TL6"]), settings)
    assert "papers" not in report.pending and report.diagnostics == []
    time.sleep(0)


@pytest.mark.parametrize(("concurrency", "spread"), [(1, (0.6, 5.0)), (3, (0.0, 0.25))])
def test_each_service_has_its_own_concurrency(verify, services, concurrency: int, spread) -> None:  # type: ignore[no-untyped-def]
    services.log.delay = 0.3
    rows = [(f"Another Unknown Paper {n}", "arXiv 2022") for n in range(3)]
    verify(paper_table(*rows), services=["dblp"], dblp_rate=100.0, dblp_concurrency=concurrency)
    arrivals = [entry[0] for entry in services.log.of("dblp")]
    assert len(arrivals) == 3
    assert spread[0] <= arrivals[-1] - arrivals[0] <= spread[1]

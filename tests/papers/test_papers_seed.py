"""The seed reading list verified against the local services: exactly the
rot the issue names is reported, at the right cells, with fixes.

The dblp fixtures hold the records the issue cites (fixtures/dblp/): the
preprint of every row, and the published versions of InstructGPT (NeurIPS
2022), PEER and APE (ICLR 2023). dblp has since added a JMLR 2024 version of
"Scaling Instruction-Finetuned Language Models"; the fixtures leave it out,
as the issue's list of published preprints does, and a test below shows that
such a record would be reported too."""

from __future__ import annotations

from pathlib import Path

from tablelint.diagnostics import Applicability, Severity

SEED = Path(__file__).resolve().parents[2] / "examples" / "llm-papers.md"


def _cell(diagnostic, text: str) -> str:  # type: ignore[no-untyped-def]
    line = text.splitlines()[diagnostic.line - 1]
    return line[diagnostic.column - 1: diagnostic.end_column - 1]


def test_the_seed_reports_megatron_llama_and_three_published_preprints_and_nothing_else(verify) -> None:
    text = SEED.read_text(encoding="utf-8")
    run = verify(text)
    found = [(d.code, d.row, _cell(d, text), d.fix.edits[0].content if d.fix else None) for d in run.diagnostics]
    assert found == [
        ("TL602", 1, "arxiv2022", "ICLR 2023"),  # PEER
        ("TL602", 2, "arxiv 2022", "NeurIPS 2022"),  # InstructGPT
        ("TL601", 4, "arXiv2020", "arXiv 2019"),  # Megatron-LM: arXiv 1909.08053
        ("TL602", 7, "arxiv2022", "ICLR 2023"),  # APE
        ("TL601", 8, "facebook research 2023", "arXiv 2023"),  # LLaMA: arXiv 2302.13971
    ]
    for diagnostic in run.diagnostics:
        assert diagnostic.fix is not None and diagnostic.fix.applicability is Applicability.UNSAFE
        assert diagnostic.field == "source"
    assert all(d.severity is Severity.INFO for d in run.by_code("TL602"))
    megatron = run.by_code("TL601")[0]
    assert "arXiv 2019" in megatron.message and "1909.08053" in megatron.message
    llama = run.by_code("TL601")[1]
    assert "2302.13971" in llama.message
    assert run.stats.found == 11 and run.stats.not_found == 0 and run.stats.unchecked == 0


def test_the_seed_asks_each_title_once_and_a_second_run_only_the_cache(verify, services) -> None:
    text = SEED.read_text(encoding="utf-8")
    first = verify(text)
    assert len(services.log.of("dblp")) == 11
    assert first.stats.requests == 11
    second = verify(text)
    assert len(services.log.of("dblp")) == 11  # nothing new went out
    assert second.stats.requests == 0 and second.stats.cached == 11
    assert second.codes() == first.codes()


def test_fixed_seed_is_clean(verify) -> None:
    from tablelint.rewrite.fix import fix_source  # noqa: F401  (the fixes are plain edits: applied here by hand)

    text = SEED.read_text(encoding="utf-8")
    run = verify(text)
    lines = text.splitlines(keepends=True)
    for diagnostic in sorted(run.diagnostics, key=lambda d: (d.line, -d.column)):
        edit = diagnostic.fix.edits[0]
        line = lines[edit.line - 1]
        lines[edit.line - 1] = line[: edit.column - 1] + edit.content + line[edit.end_column - 1:]
    again = verify("".join(lines))
    assert again.codes() == []


def test_a_later_journal_version_would_be_reported_too(verify, services, tmp_path) -> None:
    import json
    import shutil

    fixtures = tmp_path / "fixtures"
    shutil.copytree(services.log.fixtures, fixtures)
    answer = fixtures / "dblp" / "scaling-instruction-finetuned-language-models.json"
    data = json.loads(answer.read_text(encoding="utf-8"))
    journal = json.loads(json.dumps(data["result"]["hits"]["hit"][0]))
    journal["info"].update({"venue": "J. Mach. Learn. Res.", "year": "2024", "type": "Journal Articles",
                            "key": "journals/jmlr/ChungHLZTFL0WBL24", "url": "https://dblp.org/rec/journals/jmlr/x"})
    journal["info"].pop("volume"), journal["info"].pop("doi"), journal["info"].pop("ee")
    data["result"]["hits"]["hit"].insert(0, journal)
    answer.write_text(json.dumps(data), encoding="utf-8")
    services.log.fixtures = fixtures
    text = SEED.read_text(encoding="utf-8")
    flan = [d for d in verify(text).diagnostics if d.row == 3]
    assert [(d.code, d.fix.edits[0].content) for d in flan] == [("TL602", "JMLR 2024")]

"""Paper verification from the command line and the config, and each paper
rule's documented examples against the local services."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ONLY_127_0_0_1
from tablelint.config import load_settings
from tablelint.errors import ConfigError
from tablelint.rules import ALL_RULES

SEED = Path(__file__).resolve().parents[2] / "examples" / "llm-papers.md"


def _config(directory: Path, services, **extra: str) -> Path:  # type: ignore[no-untyped-def]
    lines = [f'dblp-url = "{services.base}"', f'arxiv-url = "{services.base}"', f'openalex-url = "{services.base}"',
             "dblp-rate = 50.0", "arxiv-rate = 50.0", "openalex-rate = 50.0",
             f'cache-path = "{directory / "papers.sqlite3"}"', *(f"{k} = {v}" for k, v in extra.items())]
    path = directory / "tablelint.toml"
    path.write_text("[papers]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_check_verify_papers_reports_the_seed_and_prints_a_summary(run, workdir, services) -> None:
    (workdir / "list.md").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    _config(workdir, services)
    result = run("check", "--verify-papers", "--allow-private-links", "--select", "TL6", "--output-format", "json",
                 "list.md")
    codes = [(item["code"], item["row"]) for item in json.loads(result.stdout)]
    assert codes == [("TL602", 1), ("TL602", 2), ("TL601", 4), ("TL602", 7), ("TL601", 8)]
    result = run("check", "--verify-papers", "--allow-private-links", "--select", "TL6", "list.md")
    assert "papers: 11 checked, 11 found, 0 not found, 0 unchecked, 0 requests, 11 cached answers" in result.stderr


def test_the_config_turns_verification_on(run, workdir, services) -> None:
    (workdir / "list.md").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    _config(workdir, services, verify="true", **{"allow-private": "true"})
    result = run("check", "--select", "TL6", "--output-format", "json", "list.md")
    assert len(json.loads(result.stdout)) == 5


def test_without_verification_nothing_is_asked(run, workdir, services) -> None:
    (workdir / "list.md").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    _config(workdir, services)
    result = run("check", "--allow-private-links", "--select", "TL6", "--output-format", "json", "list.md")
    assert json.loads(result.stdout) == [] and services.log.requests == []
    assert "papers:" not in result.stderr


@pytest.mark.parametrize(("setting", "message"), [
    ('services = ["dblp", "scholar"]', "'papers.services' must list some of dblp, arxiv, openalex, not 'scholar'"),
    ("arxiv-rate = 0", "'papers.arxiv-rate' must be more than 0"),
    ("verify = 1", "'papers.verify' must be true or false"),
    ("contcat = \"me@example.org\"", "did you mean 'contact'"),
])
def test_bad_paper_settings_name_the_file_and_key(tmp_path: Path, setting: str, message: str) -> None:
    path = tmp_path / "tablelint.toml"
    path.write_text(f"[papers]\n{setting}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"tablelint\.toml") as error:
        load_settings(path)
    assert message in str(error.value)


@pytest.mark.parametrize("rule", [r for r in ALL_RULES if r.code.startswith("TL60")], ids=lambda r: r.name)
def test_each_paper_rule_examples_against_the_services(verify, rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.code in verify(rule.bad_example, policy=ONLY_127_0_0_1).codes()
    assert rule.code not in verify(rule.good_example, policy=ONLY_127_0_0_1).codes()


def test_fix_applies_the_unsafe_fixes_from_the_cached_answers(run, workdir, services) -> None:
    (workdir / "list.md").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    _config(workdir, services)
    run("check", "--verify-papers", "--allow-private-links", "--select", "TL6", "list.md")
    asked = len(services.log.requests)
    result = run("fix", "--unsafe-fixes", "--verify-papers", "--select", "TL6", "list.md")
    assert result.exit_code == 0, result.stderr
    assert len(services.log.requests) == asked  # fix never goes online
    fixed = (workdir / "list.md").read_text(encoding="utf-8").splitlines()
    assert "| ICLR 2023|" in fixed[2] and "| NeurIPS 2022 |" in fixed[3]
    assert "| arXiv 2019|" in fixed[5] and "| arXiv 2023|" in fixed[9] and "| ICLR 2023|" in fixed[8]
    again = run("check", "--verify-papers", "--allow-private-links", "--select", "TL6", "--output-format", "json",
                "list.md")
    assert json.loads(again.stdout) == []


def test_a_progress_bar_is_drawn_on_a_terminal_only(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io
    import sys

    from tablelint.engine.progress import terminal_progress_bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert terminal_progress_bar("verifying papers") is None
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    draw = terminal_progress_bar("verifying papers")
    assert draw is not None
    draw(12, 24)
    draw(24, 24)
    assert "verifying papers [" in terminal.getvalue() and terminal.getvalue().endswith("24/24\n")

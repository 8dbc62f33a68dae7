"""Every rule's documentation: the page has ruff's sections, and its bad
example triggers the rule while its good example does not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tablelint.cli import main
from tablelint.rules import ALL_RULES

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety")


def _codes_for(rule, text: str) -> list[str]:
    runner = CliRunner()
    args = ["check", "--offline", "--output-format", "json", "--select", rule.code, *rule.example_args, "-"]
    result = runner.invoke(main, args, input=text, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    return [item["code"] for item in json.loads(result.stdout)]


@pytest.fixture(autouse=True)
def _in_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # examples name schema files relative to the repository


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.name)
def test_documentation_has_every_section(rule) -> None:
    page = rule.documentation()
    for section in SECTIONS:
        assert section in page, f"{rule.code} docs lack {section!r}"
    assert rule.summary and rule.bad_example and rule.good_example


@pytest.mark.parametrize("rule", [r for r in ALL_RULES if r.code != "TL902"], ids=lambda rule: rule.name)
def test_bad_example_triggers_and_good_example_does_not(rule) -> None:
    if rule.code.startswith("TL30"):
        pytest.skip("link verdicts need a server; tested in tests/links")
    if rule.code in ("TL601", "TL602", "TL603", "TL604"):
        pytest.skip("paper verdicts need the services; tested in tests/papers")
    assert rule.code in _codes_for(rule, rule.bad_example), f"{rule.code}: the bad example is not reported"
    assert rule.code not in _codes_for(rule, rule.good_example), f"{rule.code}: the good example is reported"


def test_unused_suppression_examples() -> None:
    from tablelint.rules.suppression import UnusedSuppression as rule

    runner = CliRunner()
    for text, expected in ((rule.bad_example, True), (rule.good_example, False)):
        result = runner.invoke(main, ["check", "--offline", "--output-format", "json", "-"], input=text)
        found = [item["code"] for item in json.loads(result.stdout)]
        assert ("TL902" in found) is expected


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.name)
def test_rule_command_prints_the_page(rule) -> None:
    runner = CliRunner()
    for key in (rule.code, rule.name):
        result = runner.invoke(main, ["rule", key])
        assert result.exit_code == 0
        assert f"# {rule.name} ({rule.code})" in result.stdout
        assert "## What it does" in result.stdout


def test_codes_and_names_are_unique_and_ordered() -> None:
    codes = [rule.code for rule in ALL_RULES]
    names = [rule.name for rule in ALL_RULES]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    assert codes == sorted(codes)

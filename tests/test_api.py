"""The public API (tablelint.api): what the command line gives, as values."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
from pathlib import Path

import pytest

import tablelint
import tablelint.api

ROOT = Path(__file__).resolve().parent.parent
API_INPUTS = sorted(
    [*ROOT.joinpath("examples").glob("*.md"),
     *(p for p in ROOT.joinpath("tests", "golden").rglob("*.md") if ".expected." not in p.name)]
)


def test_the_docstring_examples_run() -> None:
    failures, tried = doctest.testmod(tablelint.api, optionflags=doctest.ELLIPSIS)
    assert tried >= 8 and failures == 0


def test_everything_public_is_exported_and_documented() -> None:
    for name in tablelint.__all__:
        value = getattr(tablelint, name)
        if name.startswith("__") or name == "LinkMode":
            continue
        assert value.__doc__, f"tablelint.{name} has no docstring"
    assert set(tablelint.api.__all__) <= set(tablelint.__all__)
    assert (ROOT / "src" / "tablelint" / "py.typed").exists()


def test_import_tablelint_loads_no_checker() -> None:
    """`import tablelint` is what every CLI run pays: the API loads on first use."""
    code = "import sys, tablelint; print(sorted(m for m in sys.modules if m.startswith('tablelint')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['tablelint']"


def test_the_issue_one_liner_prints_a_report() -> None:
    code = 'import tablelint; print(tablelint.lint("| a |\\n| - |\\n| NULL |\\n", path="x.md"))'
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == "" and done.stdout.startswith("x.md")


@pytest.mark.parametrize("path", API_INPUTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_lint_equals_check_json(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TABLELINT_CACHE_DIR", str(tmp_path / "cache"))
    done = subprocess.run(
        [sys.executable, "-m", "tablelint", "check", "--offline", "--output-format", "json", "--no-cache", str(path)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert done.returncode in (0, 1), done.stderr
    from_cli = json.loads(done.stdout)
    text = path.read_bytes().decode("utf-8-sig")
    report = tablelint.lint(text, path=str(path))
    assert [d.to_json() for d in report.diagnostics] == from_cli


def test_a_virtual_path_gets_its_config_and_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / "tablelint.toml").write_text('[per-file-ignores]\n"drafts/*.md" = ["placeholder-row"]\n')
    text = "| a | b |\n| - | - |\n| x | 1 |\n| NULL | NULL |\n"
    in_drafts = tablelint.lint(text, path=str(tmp_path / "drafts" / "new.md"))
    elsewhere = tablelint.lint(text, path=str(tmp_path / "docs" / "new.md"))
    assert [d.name for d in in_drafts.diagnostics] == []
    assert [d.name for d in elsewhere.diagnostics] == ["placeholder-row"]


def test_fix_reports_applied_and_remaining_and_never_prints(capsys: pytest.CaptureFixture[str]) -> None:
    text = "| Paper | Source |\n| --- | --- |\n| A | arxiv2022 |\n| B | two thousand |\n"
    result = tablelint.fix(text, path="papers.md", schema="paper-list")
    assert "arXiv 2022" in result.text and result.changed
    assert [d.name for d in result.applied] == ["malformed-source"]
    assert result.remaining and all(d.line == 4 for d in result.remaining)
    assert capsys.readouterr() == ("", "")


def test_format_leaves_text_outside_tables_alone() -> None:
    text = "# Title  \n\n|a|b|\n|-|-|\n|1|2|\n\ntrailing   \n"
    formatted = tablelint.format(text, align="always")
    assert formatted.startswith("# Title  \n\n| a   | b   |\n") and formatted.endswith("\ntrailing   \n")


def test_extract_with_a_schema_gives_typed_values() -> None:
    text = "| Paper | Source |\n| --- | --- |\n| A | arXiv 2022 |\n"
    [table] = tablelint.extract(text, schema="paper-list")
    assert table.schema == "paper-list" and table.index == 1 and table.line == 1
    assert table.rows[0]["source"] == {"venue": "arXiv", "year": 2022}


def test_an_unknown_rule_is_an_input_error_not_a_crash() -> None:
    with pytest.raises(tablelint.InputError, match=r"unknown rule selector .TL1O1. in select; did you mean .TL101.\?"):
        tablelint.lint("| a |\n| - |\n", select=["TL1O1"])
    with pytest.raises(ValueError, match="links must be"):
        tablelint.lint("| a |\n| - |\n", links="sometimes")  # type: ignore[arg-type]


def test_the_catalogue_lists_every_rule_with_its_documentation() -> None:
    catalogue = tablelint.list_rules()
    codes = [rule.code for rule in catalogue]
    assert codes == sorted(codes) and len(codes) == len(set(codes)) >= 20
    assert all(rule.documentation and rule.summary for rule in catalogue)


def test_the_readme_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    (tmp_path / "papers.md").write_text("| Paper | Source |\n| --- | --- |\n| A | arxiv2022 |\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "TL204" in printed and "TL001" in printed


@pytest.mark.slow
def test_the_public_surface_type_checks_in_strict_mode() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-incremental",
         str(ROOT / "src" / "tablelint" / "__init__.py"), str(ROOT / "src" / "tablelint" / "api.py")],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_type_checkers_see_the_fields_of_the_config_classes(tmp_path: Path) -> None:
    # The data files' classes share one runtime __init__ (datamodel.DataFileRecord);
    # a library user's type checker must still see each class's own keywords.
    script = tmp_path / "user.py"
    script.write_text(
        "from tablelint.config import LinkSettings, Settings\n"
        "Settings(selec=['TL001'])\n"
        "LinkSettings(timeout='x')\n"
        "Settings(select=['TL001'], links=LinkSettings(timeout=2.0))\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--follow-imports=silent", "--no-incremental", str(script)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert 'Unexpected keyword argument "selec" for "Settings"' in done.stdout, done.stdout
    assert 'Argument "timeout" to "LinkSettings" has incompatible type "str"' in done.stdout, done.stdout
    assert "Found 2 errors" in done.stdout, done.stdout

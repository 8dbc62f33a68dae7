"""Issue 15: a configuration typo is an error, never a check silently turned
off; `off` disables a rule; every command finds the config the same way; a
schema name that is not there is reported where it was written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PAPERS = "| Title | Venue |\n| --- | --- |\n| LaMDA | arxiv2022 |\n| NULL | NULL |\n"


@pytest.fixture
def papers(workdir: Path) -> Path:
    (workdir / "doc.md").write_text(PAPERS, encoding="utf-8")
    return workdir


def _codes(result) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(d["code"], d["severity"]) for d in json.loads(result.stdout)]


@pytest.mark.parametrize(
    ("config", "key", "suggestion"),
    [
        ('select = ["TL1O1"]\n', "'select'", "did you mean 'TL101'?"),
        ('ignore = ["placeholder-cel"]\n', "'ignore'", "did you mean 'placeholder-cell'?"),
        ('extend-select = ["tabel-format"]\n', "'extend-select'", "did you mean 'table-format'?"),
        ('[per-file-ignores]\n"docs/*.md" = ["TL2O4"]\n', "'per-file-ignores.\"docs/*.md\"'", "did you mean 'TL204'?"),
        ('[severity]\nTL3O5 = "error"\n', "'severity'", "did you mean 'TL305'?"),
    ],
)
@pytest.mark.parametrize("file_name", ["tablelint.toml", "pyproject.toml"])
def test_an_unknown_rule_in_any_config_key_exits_2_naming_the_file_and_the_key(
    papers: Path, run, config: str, key: str, suggestion: str, file_name: str,  # type: ignore[no-untyped-def]
) -> None:
    if file_name == "pyproject.toml":
        tables = config.replace("[per-file-ignores]", "[tool.tablelint.per-file-ignores]")
        config = "[tool.tablelint]\n" + tables.replace("[severity]", "[tool.tablelint.severity]")
    (papers / file_name).write_text(config, encoding="utf-8")
    result = run("check", "--offline", "doc.md")
    assert result.exit_code == 2, result.stdout
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert "unknown rule selector" in line and f"in {key} from {papers / file_name}" in line
    assert line.endswith(suggestion)


def test_a_bad_severity_value_exits_2_with_the_nearest_value(papers: Path, run) -> None:  # type: ignore[no-untyped-def]
    (papers / "tablelint.toml").write_text('[severity]\nTL101 = "warn"\n', encoding="utf-8")
    result = run("check", "--offline", "doc.md")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"tablelint: {papers / 'tablelint.toml'}: 'severity.TL101' must be 'error', 'warning', 'info' or 'off', "
        "not 'warn'; did you mean 'warning'?"
    )


def test_off_disables_a_rule(papers: Path, run) -> None:  # type: ignore[no-untyped-def]
    (papers / "tablelint.toml").write_text('[severity]\nplaceholder-row = "error"\n', encoding="utf-8")
    result = run("check", "--offline", "--output-format", "json", "doc.md")
    assert ("TL101", "error") in _codes(result)
    (papers / "tablelint.toml").write_text('[severity]\nplaceholder-row = "off"\n', encoding="utf-8")
    result = run("check", "--offline", "--output-format", "json", "doc.md")
    assert result.exit_code == 1, result.stderr  # TL204 is still an error
    found = _codes(result)
    assert "TL101" not in [code for code, _ in found] and ("TL204", "error") in found


def test_the_most_specific_severity_wins(papers: Path, run) -> None:  # type: ignore[no-untyped-def]
    (papers / "tablelint.toml").write_text('[severity]\nALL = "info"\nTL1 = "warning"\nTL204 = "error"\n',
                                           encoding="utf-8")
    result = run("check", "--offline", "--output-format", "json", "doc.md")
    assert sorted(_codes(result)) == [("TL101", "warning"), ("TL204", "error")]
    (papers / "tablelint.toml").write_text('[severity]\nALL = "info"\n', encoding="utf-8")
    result = run("check", "--offline", "--output-format", "json", "doc.md")
    assert result.exit_code == 0 and sorted(_codes(result)) == [("TL101", "info"), ("TL204", "info")]


@pytest.mark.parametrize(
    ("option", "selector", "message"),
    [
        ("--select", "placeholder-cel", "unknown rule selector 'placeholder-cel' in --select; "
                                        "did you mean 'placeholder-cell'?"),
        ("--ignore", "TL9O2", "unknown rule selector 'TL9O2' in --ignore; did you mean 'TL902'?"),
        ("--extend-select", "XYZ", "unknown rule selector 'XYZ' in --extend-select (see `tablelint rules`)"),
    ],
)
def test_the_command_line_suggests_too(papers: Path, run, option: str, selector: str, message: str) -> None:  # type: ignore[no-untyped-def]
    result = run("check", "--offline", option, selector, "doc.md")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"tablelint: {message}"


def _project_with_a_schema(root: Path) -> None:
    (root / "schemas").mkdir()
    (root / "schemas" / "books.yaml").write_text(
        "fields:\n  - name: book\n    aliases: [Book]\n  - name: author\n    aliases: [Author]\n", encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.tablelint]\nschema-dirs = ["schemas"]\n', encoding="utf-8")


def test_schemas_from_the_project_root_sees_the_root_config(workdir: Path, run) -> None:  # type: ignore[no-untyped-def]
    _project_with_a_schema(workdir)
    result = run("schemas")
    assert result.exit_code == 0, result.stderr
    assert "books" in result.stdout and "paper-list" in result.stdout
    shown = run("schema", "books")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout == f"# books ({workdir / 'schemas' / 'books.yaml'})\n" + (
        workdir / "schemas" / "books.yaml").read_text(encoding="utf-8")


def test_schemas_from_a_subdirectory_sees_the_config_above(workdir: Path, run, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _project_with_a_schema(workdir)
    (workdir / "docs").mkdir()
    monkeypatch.chdir(workdir / "docs")
    assert "books" in run("schemas").stdout


def test_a_yaml_schema_is_shown_as_yaml(workdir: Path, run) -> None:  # type: ignore[no-untyped-def]
    result = run("schema", "paper-list")
    assert result.exit_code == 0
    body = result.stdout.split("\n", 1)[1]
    assert body.startswith(("#", "name:", "title:")) and not body.lstrip().startswith("{")
    assert "\nfields:\n" in body


def test_a_vocabulary_file_in_schema_dirs_is_not_taken_for_a_schema(workdir: Path, run) -> None:  # type: ignore[no-untyped-def]
    _project_with_a_schema(workdir)
    (workdir / "schemas" / "words.yaml").write_text("terms: [LaMDA]\nsubstitutions: {Nips: NeurIPS}\n")
    (workdir / "schemas" / "names.yaml").write_text("- PaLM\n- Gemini\n")
    result = run("schemas")
    assert result.exit_code == 0, result.stderr
    assert "books" in result.stdout and "words" not in result.stdout and "names" not in result.stdout
    (workdir / "doc.md").write_text("| Book | Author |\n|---|---|\n| Dune | Herbert |\n", encoding="utf-8")
    assert run("check", "--offline", "doc.md").exit_code == 0


def test_a_misspelt_schema_file_in_schema_dirs_is_still_reported(workdir: Path, run) -> None:  # type: ignore[no-untyped-def]
    _project_with_a_schema(workdir)
    (workdir / "schemas" / "films.yaml").write_text("feilds:\n  - name: film\n", encoding="utf-8")
    result = run("schemas")
    assert result.exit_code == 2 and "films.yaml" in result.stderr


def test_an_unknown_schema_in_a_binding_comment_is_reported_at_the_table(workdir: Path, run) -> None:  # type: ignore[no-untyped-def]
    (workdir / "doc.md").write_text("<!-- tablelint: schema=paper-lst -->\n" + PAPERS, encoding="utf-8")
    (workdir / "other.md").write_text(PAPERS, encoding="utf-8")
    result = run("check", "--offline", "--output-format", "json", "doc.md", "other.md")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    unchecked = [d for d in found if d["code"] == "TL901"]
    assert len(unchecked) == 1
    assert unchecked[0]["path"] == "doc.md" and unchecked[0]["line"] == 2 and unchecked[0]["severity"] == "error"
    assert unchecked[0]["message"] == ("this table is not checked: the binding comment on line 1: unknown schema "
                                       "'paper-lst'; did you mean 'paper-list'?")
    assert any(d["path"] == "other.md" for d in found)  # the other file is still checked


def test_an_unknown_schema_in_a_config_glob_names_the_glob_and_the_file(workdir: Path, run) -> None:  # type: ignore[no-untyped-def]
    (workdir / "tablelint.toml").write_text('[schemas]\n"doc*.md" = "paper-lst"\n', encoding="utf-8")
    (workdir / "doc.md").write_text(PAPERS, encoding="utf-8")
    result = run("check", "--offline", "--output-format", "json", "doc.md")
    (unchecked,) = [d for d in json.loads(result.stdout) if d["code"] == "TL901"]
    assert unchecked["message"] == (
        f"this table is not checked: 'schemas.\"doc*.md\"' in {workdir / 'tablelint.toml'}: unknown schema "
        "'paper-lst'; did you mean 'paper-list'?")


def test_an_unknown_schema_on_the_command_line_exits_2(papers: Path, run) -> None:  # type: ignore[no-untyped-def]
    result = run("check", "--offline", "--schema", "paper-lst", "doc.md")
    assert result.exit_code == 2
    assert result.stderr.strip() == "tablelint: --schema: unknown schema 'paper-lst'; did you mean 'paper-list'?"

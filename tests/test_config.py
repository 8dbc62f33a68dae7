"""Configuration files and schema binding precedence."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import run_cli

PAPERS = "| Title | Venue |\n| --- | --- |\n| LaMDA | arxiv2022 |\n| NULL | NULL |\n"
RAGGED = "| a | b |\n| --- | --- |\n| 1 |\n"


def _check(directory: Path, *args: str) -> tuple[int, str, str]:
    return run_cli("check", "--offline", *args, str(directory / "doc.md"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "doc.md").write_text(RAGGED + "\n" + PAPERS, encoding="utf-8")
    return tmp_path


def test_no_config_runs_the_default_rules(project: Path) -> None:
    code, out, _ = _check(project)
    assert code == 1 and "TL001" in out and "TL101" in out and "TL204" in out


def test_pyproject_ignore_and_severity(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.tablelint]\nignore = ["column-count"]\n[tool.tablelint.severity]\nTL101 = "warning"\nTL204 = "info"\n'
    )
    code, out, _ = _check(project)
    assert "TL001" not in out
    assert "TL101" in out and code == 0  # only warnings and infos are left


def test_tablelint_toml_is_found_from_a_subdirectory(tmp_path: Path) -> None:
    (tmp_path / "tablelint.toml").write_text('select = ["TL001"]\n')
    nested = tmp_path / "docs" / "deep"
    nested.mkdir(parents=True)
    (nested / "doc.md").write_text(RAGGED + "\n" + PAPERS)
    code, out, _ = _check(nested)
    assert code == 1 and "TL001" in out and "TL101" not in out


def test_per_file_ignores(project: Path) -> None:
    (project / "tablelint.toml").write_text('[per-file-ignores]\n"doc.md" = ["TL1"]\n')
    _, out, _ = _check(project)
    assert "TL101" not in out and "TL001" in out


def test_extend_select_turns_on_an_off_by_default_rule(project: Path) -> None:
    (project / "tablelint.toml").write_text('extend-select = ["table-format"]\n')
    _, out, _ = _check(project)
    assert "TL501" not in out  # its tables are compact, which format keeps
    with (project / "doc.md").open("a", encoding="utf-8") as doc:
        doc.write("\n| a |  b |\n|---|---|\n")  # neither aligned nor compact
    _, out, _ = _check(project)
    assert "TL501" in out


def test_unknown_key_is_an_error_with_a_suggestion(project: Path) -> None:
    (project / "tablelint.toml").write_text('ignroe = ["TL001"]\n')
    code, _, err = _check(project)
    assert code == 2 and "unknown key 'ignroe'" in err and "did you mean 'ignore'" in err


def test_wrong_type_is_an_error(project: Path) -> None:
    (project / "tablelint.toml").write_text('select = "TL001"\n')
    code, _, err = _check(project)
    assert code == 2 and "'select' must be an array" in err


def test_invalid_toml_is_an_error(project: Path) -> None:
    (project / "tablelint.toml").write_text("select = [\n")
    code, _, err = _check(project)
    assert code == 2 and "invalid TOML" in err


def test_explicit_config_file(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text('select = ["TL101"]\n')
    _, out, _ = _check(project, "--config", str(other))
    assert "TL101" in out and "TL001" not in out


def test_cli_select_overrides_config_select(project: Path) -> None:
    (project / "tablelint.toml").write_text('select = ["TL101"]\n')
    _, out, _ = _check(project, "--select", "TL001")
    assert "TL001" in out and "TL101" not in out


# Binding precedence: --schema > inline comment > config mapping > header match.

def _bound_schema(directory: Path, *args: str) -> str:
    _, out, _ = run_cli("check", "--offline", "--output-format", "full", *args, str(directory / "doc.md"))
    return next(line for line in out.splitlines() if ": table 1 " in line)


def test_header_match_binds_paper_list(tmp_path: Path) -> None:
    (tmp_path / "doc.md").write_text(PAPERS)
    assert "schema 'paper-list' (header match)" in _bound_schema(tmp_path)


def test_headers_that_cover_the_identifying_fields_bind_with_the_rest_unchecked(tmp_path: Path) -> None:
    (tmp_path / "doc.md").write_text("| Title | Venue | Stars |\n|---|---|---|\n| A | ICML 2020 | 5 |\n")
    assert "schema 'paper-list' (header coverage)" in _bound_schema(tmp_path)


def test_headers_that_name_no_identifying_field_bind_nothing(tmp_path: Path) -> None:
    (tmp_path / "doc.md").write_text("| Title | Stars | Lang |\n|---|---|---|\n| A | 5 | Go |\n")
    assert "no schema" in _bound_schema(tmp_path)


def test_a_user_schema_without_identifying_fields_binds_only_when_every_header_fits(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "books.yaml").write_text(
        "fields:\n  - name: book\n    aliases: [Book]\n  - name: author\n    aliases: [Author]\n"
        "  - name: year\n    aliases: [Year]\n"
    )
    (tmp_path / "tablelint.toml").write_text('schema-dirs = ["schemas"]\n')
    (tmp_path / "doc.md").write_text("| Book | Author | Pages |\n|---|---|---|\n| Dune | Herbert | 412 |\n")
    assert "no schema" in _bound_schema(tmp_path)


def test_config_mapping_beats_header_match(tmp_path: Path) -> None:
    schema = Path(__file__).parent / "data" / "models.yaml"
    (tmp_path / "tablelint.toml").write_text(f'[schemas]\n"*.md" = "{schema.as_posix()}"\n')
    (tmp_path / "doc.md").write_text(PAPERS)
    assert "schema 'models'" in _bound_schema(tmp_path)


def test_inline_comment_beats_config(tmp_path: Path) -> None:
    schema = Path(__file__).parent / "data" / "models.yaml"
    (tmp_path / "tablelint.toml").write_text(f'[schemas]\n"*.md" = "{schema.as_posix()}"\n')
    (tmp_path / "doc.md").write_text("<!-- tablelint: schema=paper-list -->\n\n" + PAPERS)
    assert "schema 'paper-list' (inline comment)" in _bound_schema(tmp_path)


def test_command_line_beats_inline_comment(tmp_path: Path) -> None:
    schema = Path(__file__).parent / "data" / "models.yaml"
    (tmp_path / "doc.md").write_text("<!-- tablelint: schema=paper-list -->\n" + PAPERS)
    assert "schema 'models' (--schema)" in _bound_schema(tmp_path, "--schema", str(schema))


def test_schema_dirs_add_user_schemas(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "books.yaml").write_text(
        "fields:\n  - name: book\n    aliases: [Book]\n  - name: author\n    aliases: [Author]\n"
    )
    (tmp_path / "tablelint.toml").write_text('schema-dirs = ["schemas"]\n')
    (tmp_path / "doc.md").write_text("| Book | Author |\n|---|---|\n| Dune | Herbert |\n")
    assert "schema 'books' (header match)" in _bound_schema(tmp_path)

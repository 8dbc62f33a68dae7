"""`extends`: a schema that adds venues, aliases and fields to another."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import run_cli
from tablelint.errors import ConfigError
from tablelint.schema import loader

PAPERS = (
    "| Paper Title | Venue | Stars |\n| --- | --- | --- |\n"
    "| A | ICSPS 2020 | 5 |\n| B | icml2020 | many |\n"
)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _check(*args: str, input: str) -> list[tuple[str, int, str]]:
    import json

    code, out, err = run_cli("check", "--offline", "--output-format", "json", *args, "-", input=input)
    assert code in (0, 1), err
    return [(d["code"], d["line"], d["message"]) for d in json.loads(out)]


def test_a_child_adds_a_venue_an_alias_and_a_field_to_the_built_in_paper_list(tmp_path: Path) -> None:
    child = _write(tmp_path / "my-papers.yaml", (
        "extends: paper-list\nvenues:\n  - {name: ICSPS, kind: conference}\n"
        "fields:\n  - name: title\n    aliases: [Paper Title]\n  - name: stars\n    type: integer\n"
        "    aliases: [Stars]\n"
    ))
    found = _check("--schema", str(child), input=PAPERS)
    assert [(code, line) for code, line, _ in found] == [("TL204", 4), ("TL201", 4)]
    assert found[1][2] == "'many' is not an integer"
    schema = loader.load_schema(child)
    assert schema.name == "my-papers"  # its own name, not the parent's
    assert schema.field_names[-1] == "stars" and schema.field_names[0] == "title"
    title = next(field for field in schema.spec.fields if field.name == "title")
    assert "Paper Title" in title.aliases and len(title.aliases) > 1  # the parent's aliases are kept
    # The parent alone knows no ICSPS.
    assert ("TL204", 3) in {(code, line) for code, line, _ in _check("--schema", "paper-list", input=PAPERS)}


def test_a_field_named_again_merges_its_constraints(tmp_path: Path) -> None:
    _write(tmp_path / "base.yaml", "fields:\n  - name: a\n    constraints: {required: true}\n  - name: b\n")
    child = _write(tmp_path / "child.yaml", "extends: base\nfields:\n  - name: a\n    constraints: {maxLength: 2}\n")
    (field, _) = loader.load_schema(child).spec.fields
    assert field.name == "a" and field.constraints.required and field.constraints.maxLength == 2


def test_a_parent_named_by_file_and_a_chain(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    _write(tmp_path / "lib" / "base.yaml", "fields:\n  - name: a\nvocabulary:\n  include: [words.yaml]\n")
    _write(tmp_path / "lib" / "words.yaml", "terms: [LaMDA]\n")
    _write(tmp_path / "middle.yaml", "extends: lib/base.yaml\nfields:\n  - name: b\n")
    child = _write(tmp_path / "child.yaml", "extends: middle\nfields:\n  - name: c\n")
    schema = loader.load_schema(child)
    assert schema.field_names == ["a", "b", "c"]
    assert schema.vocabulary is not None and "LaMDA" in schema.vocabulary.terms  # included from lib/, not from here


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.yaml": "extends: b\n", "b.yaml": "extends: a\nfields:\n  - name: x\n"},
         "schemas extend each other in a cycle (a.yaml -> b.yaml -> a.yaml)"),
        ({"a.yaml": "extends: paper-lst\n"}, "'extends': unknown schema 'paper-lst'; did you mean 'paper-list'?"),
        ({"a.yaml": "extends: ./missing.yaml\n"}, "'extends': schema file './missing.yaml' not found"),
    ],
)
def test_a_bad_extends_is_one_line_naming_the_file(tmp_path: Path, files: dict[str, str], message: str) -> None:
    for name, text in files.items():
        _write(tmp_path / name, text)
    with pytest.raises(ConfigError) as caught:
        loader._compile_schema_file((tmp_path / "a.yaml").resolve())
    assert str(caught.value).startswith(str((tmp_path / "a.yaml").resolve())) or str(tmp_path / "a.yaml") in str(
        caught.value)
    assert message in str(caught.value)


def test_a_changed_parent_makes_the_cached_child_stale(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TABLELINT_CACHE_DIR", str(tmp_path / "cache"))
    base = _write(tmp_path / "base.yaml", "fields:\n  - name: a\n")
    child = _write(tmp_path / "child.yaml", "extends: base\nfields:\n  - name: b\n")
    assert loader._compile_schema_file(child.resolve()).spec.fields[0].name == "a"
    assert list((tmp_path / "cache" / "schemas").glob("*.pickle"))
    _write(base, "fields:\n  - name: first\n")
    os.utime(base, ns=(base.stat().st_atime_ns, base.stat().st_mtime_ns + 10**9))
    assert [f.name for f in loader._compile_schema_file(child.resolve()).spec.fields] == ["first", "b"]


def test_a_child_in_schema_dirs_is_listed_and_binds(workdir: Path, run) -> None:  # type: ignore[no-untyped-def]
    (workdir / "schemas").mkdir()
    _write(workdir / "schemas" / "my-papers.yaml", "extends: paper-list\nvenues:\n  - {name: ICSPS}\n")
    _write(workdir / "tablelint.toml", 'schema-dirs = ["schemas"]\n')
    listed = run("schemas")
    assert listed.exit_code == 0 and "my-papers" in listed.stdout
    _write(workdir / "doc.md", "<!-- tablelint: schema=my-papers -->\n" + PAPERS)
    result = run("check", "--offline", "doc.md")
    assert "ICSPS" not in result.stdout

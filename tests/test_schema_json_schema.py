"""The JSON Schema of schema files (`tablelint schema --json-schema`): it
describes every key, rejects unknown ones, and rejects every schema file
the loader rejects, so that an editor flags what tablelint would."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from helpers import run_cli

DATA = Path(__file__).parent / "data"
BUILTIN = Path(__file__).parents[1] / "schemas"

# Files the loader rejects, each for one reason. Hand-written: every mistake
# the schema tests make, and one for each key's type.
REJECTED = {
    "no fields": "title: Books\n",
    "empty fields": "fields: []\n",
    "fields not a list": "fields: {name: a}\n",
    "a list, not a mapping": "- name: a\n",
    "unknown top-level key": "fields:\n  - name: a\nfieldz: []\n",
    "misspelt field key": "fields:\n  - name: a\n    contraints: {required: true}\n",
    "unknown field key": "fields:\n  - name: a\n    colour: red\n",
    "misspelt constraint": "fields:\n  - name: a\n    constraints: {requird: true}\n",
    "bad type": "fields:\n  - name: a\n    type: text\n",
    "type typo": "fields:\n  - name: a\n    type: integr\n",
    "field without name": "fields:\n  - title: A\n",
    "empty field name": "fields:\n  - name: ''\n",
    "negative minLength": "fields:\n  - name: a\n    constraints: {minLength: -1}\n",
    "broken pattern": "fields:\n  - name: a\n    constraints: {pattern: '(unclosed'}\n",
    "aliases not a list": "fields:\n  - name: a\n    aliases: Title\n",
    "trueValues not a list": "fields:\n  - name: a\n    trueValues: 'yes'\n",
    "missingValues not a list": "fields:\n  - name: a\nmissingValues: NA\n",
    "identifying-fields not a list": "fields:\n  - name: a\nidentifying-fields: a\n",
    "name-field not a string": "fields:\n  - name: a\nname-field: [a]\n",
    "primaryKey a number": "fields:\n  - name: a\nprimaryKey: 3\n",
    "venue kind": "fields:\n  - name: a\nvenues:\n  - {name: X, kind: conf}\n",
    "venue area": "fields:\n  - name: a\nvenues:\n  - {name: X, area: vision}\n",
    "venue key": "fields:\n  - name: a\nvenues:\n  - {name: X, alias: [Y]}\n",
    "venue without name": "fields:\n  - name: a\nvenues:\n  - {aliases: [Y]}\n",
    "venue ending in a digit": "fields:\n  - name: a\nvenues:\n  - {name: Web 3}\n",
    "venue without letters": "fields:\n  - name: a\nvenues:\n  - {name: X, aliases: ['2020']}\n",
    "vocabulary key": "fields:\n  - name: a\nvocabulary: {termz: [A]}\n",
    "blank term": "fields:\n  - name: a\nvocabulary: {terms: ['  ']}\n",
    "term entry key": "fields:\n  - name: a\nvocabulary: {terms: [{term: A, variant: [B]}]}\n",
    "term entry without term": "fields:\n  - name: a\nvocabulary: {terms: [{variants: [B]}]}\n",
    "substitutions a list": "fields:\n  - name: a\nvocabulary: {substitutions: [a, b]}\n",
    "blank substitution": "fields:\n  - name: a\nvocabulary: {substitutions: {Nips: ' '}}\n",
    "blank substituted word": "fields:\n  - name: a\nvocabulary: {substitutions: {' ': NeurIPS}}\n",
    "extends a number": "extends: 3\n",
}

# What no JSON Schema can say: one value that must name another (a field
# name used elsewhere), or names that must differ from each other. The
# loader alone rejects these; the test checks that each is of that kind.
CROSS_REFERENCES = {
    "primaryKey not a field": ("fields:\n  - name: title\nprimaryKey: titel\n", "is not a field"),
    "name-field not a field": ("fields:\n  - name: a\nname-field: b\n", "is not a field"),
    "identifying field not a field": ("fields:\n  - name: a\nidentifying-fields: [b]\n", "is not a field"),
    "repeated field names": ("fields:\n  - name: a\n  - name: a\n", "field names must be unique"),
    "extends an unknown schema": ("extends: paper-lst\n", "unknown schema 'paper-lst'"),
}

ACCEPTED = {
    "extensions and Table Schema's own keys": (
        "$schema: https://example.org/s.json\nx-owner: me\n"
        "fields:\n  - name: a\n    example: z\n    rdfType: http://schema.org/name\n    x-note: 1\n"
    ),
    "extends": "extends: paper-list\nfields:\n  - name: stars\n    type: integer\n",
}


@pytest.fixture(scope="module")
def json_schema() -> dict:  # type: ignore[type-arg]
    code, out, err = run_cli("schema", "--json-schema")
    assert code == 0, err
    document = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(document)
    return document


def _validator(document: dict) -> jsonschema.Draft202012Validator:  # type: ignore[type-arg]
    return jsonschema.Draft202012Validator(document, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _loader_error(tmp_path: Path, name: str, text: str) -> str | None:
    path = tmp_path / f"{name.replace(' ', '-')}.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run_cli("check", "--offline", "--schema", str(path), "-", input="| a |\n|---|\n| 1 |\n")
    assert code in (0, 1, 2) and "Traceback" not in err
    return err.strip() if code == 2 else None


@pytest.mark.parametrize("name", REJECTED)
def test_every_file_the_loader_rejects_the_json_schema_rejects(tmp_path: Path, json_schema, name: str) -> None:  # type: ignore[no-untyped-def]
    text = REJECTED[name]
    error = _loader_error(tmp_path, name, text)
    assert error is not None, f"the loader accepts {name!r}"
    assert len(error.splitlines()) == 1
    assert not _validator(json_schema).is_valid(yaml.safe_load(text)), f"the JSON Schema accepts {name!r}: {error}"


@pytest.mark.parametrize("name", CROSS_REFERENCES)
def test_what_only_the_loader_can_check_is_a_cross_reference(tmp_path: Path, name: str) -> None:
    text, message = CROSS_REFERENCES[name]
    error = _loader_error(tmp_path, name, text)
    assert error is not None and message in error


@pytest.mark.parametrize(
    "path",
    [*sorted(path for path in BUILTIN.glob("*.yaml") if path.name != "venues.yaml"),
     *sorted((DATA / "table-schema").glob("*.json")), DATA / "models.yaml"],
    ids=lambda path: path.name,
)
def test_every_shipped_and_test_schema_is_valid(json_schema, path: Path) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    _validator(json_schema).validate(data)


@pytest.mark.parametrize("name", ACCEPTED)
def test_what_the_loader_accepts_the_json_schema_accepts(tmp_path: Path, json_schema, name: str) -> None:  # type: ignore[no-untyped-def]
    assert _loader_error(tmp_path, name, ACCEPTED[name]) is None
    _validator(json_schema).validate(yaml.safe_load(ACCEPTED[name]))


def test_every_key_has_a_description_and_no_object_takes_unknown_keys(json_schema) -> None:  # type: ignore[no-untyped-def]
    objects = [json_schema, *json_schema["$defs"].values()]
    for definition in objects:
        assert definition["additionalProperties"] is False, definition.get("title")
        for key, spec in definition["properties"].items():
            assert spec.get("description"), (definition.get("title"), key)
    assert json_schema["properties"]["extends"]["description"].startswith("tablelint: a schema this one adds to")

"""Schema files: plain Table Schema descriptors load unchanged and validate
their tables; mistakes in a schema are clear errors with the file and key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import check_json, run_cli

DATA = Path(__file__).parent / "data"
PEOPLE = str(DATA / "table-schema" / "people.json")
COUNTRIES = str(DATA / "table-schema" / "countries.json")
MODELS = str(DATA / "models.yaml")

PEOPLE_OK = """\
| id | Full name | birthday | is_member | score | email |
|---|---|---|---|---|---|
| 1 | Ada Lovelace | 10/12/1815 | yes | 99.5 | ada@example.org |
| 2 | Alan Turing | 23/06/1912 | n | NA | NA |
"""

COUNTRIES_OK = """\
| code | name | population | continent | joined |
|---|---|---|---|---|
| FR | France | 68,000,000 people | Europe | 1945 |
| JP | Japan | 125,000,000 | Asia | 1956 |
"""

MODELS_OK = "| model | params |\n|---|---|\n| GPT-2 | 1.5 |\n| LLaMA | - |\n"


@pytest.mark.parametrize(
    ("schema", "table"), [(PEOPLE, PEOPLE_OK), (COUNTRIES, COUNTRIES_OK), (MODELS, MODELS_OK)],
    ids=["people.json", "countries.json", "models.yaml"],
)
def test_table_schema_descriptors_load_and_accept_valid_tables(schema: str, table: str) -> None:
    assert check_json("--schema", schema, "-", input=table) == []


def test_people_schema_reports_each_broken_value_on_its_cell() -> None:
    table = (
        "| id | Full name | birthday | is_member | score | email |\n|---|---|---|---|---|---|\n"
        "| x1 | A | 1815-12-10 | maybe | 101 | ada-at-example |\n"
        "| 2 | Alan Turing | 23/06/1912 | n | 5 | a@b.org |\n"
        "| 2 | Grace Hopper | 09/12/1906 | y | 5 | g@b.org |\n"
        "| NA | Nobody | NA | NA | NA | NA |\n"
    )
    found = {(d["line"], d["field"], d["code"]) for d in check_json("--schema", PEOPLE, "-", input=table)}
    assert found == {
        (3, "id", "TL201"), (3, "name", "TL202"), (3, "birthday", "TL201"), (3, "is_member", "TL201"),
        (3, "score", "TL202"), (3, "email", "TL201"),
        (5, "id", "TL203"),
        (6, "id", "TL103"),
    }


def test_countries_pattern_enum_year_and_bare_numbers() -> None:
    table = (
        "| code | name | population | continent | joined |\n|---|---|---|---|---|\n"
        "| fra | France | many | Europa | 45 |\n"
    )
    found = {(d["field"], d["code"]) for d in check_json("--schema", COUNTRIES, "-", input=table)}
    assert found == {("code", "TL202"), ("population", "TL201"), ("continent", "TL202"), ("joined", "TL201")}


def test_typed_extract_follows_the_schema() -> None:
    code, out, _ = run_cli("extract", "--schema", PEOPLE, "-", input=PEOPLE_OK)
    assert code == 0
    rows = json.loads(out)[0]["rows"]
    assert rows[0] == {"id": 1, "name": "Ada Lovelace", "birthday": "1815-12-10", "is_member": True,
                       "score": 99.5, "email": "ada@example.org"}
    assert rows[1]["score"] is None and rows[1]["is_member"] is False


def _schema_error(tmp_path: Path, content: str, name: str = "bad.yaml") -> str:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, _, err = run_cli("check", "--offline", "--schema", str(path), "-", input="| a |\n|---|\n| 1 |\n")
    assert code == 2
    assert "Traceback" not in err
    return err.strip()


def test_misspelt_key_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    err = _schema_error(tmp_path, "fields:\n  - name: a\n    contraints: {required: true}\n")
    assert "bad.yaml" in err and "'contraints'" in err and "did you mean 'constraints'" in err
    assert "fields.0" in err


def test_bad_type_names_the_key(tmp_path: Path) -> None:
    err = _schema_error(tmp_path, "fields:\n  - name: a\n    type: text\n")
    assert "fields.0.type" in err and "'string'" in err


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    err = _schema_error(tmp_path, "fields: [\n  - name: a\n")
    assert "bad.yaml:" in err and "invalid YAML" in err


def test_primary_key_must_be_a_field(tmp_path: Path) -> None:
    err = _schema_error(tmp_path, "fields:\n  - name: title\nprimaryKey: titel\n")
    assert "primaryKey 'titel' is not a field" in err and "did you mean 'title'" in err


def test_extra_properties_of_table_schema_are_allowed(tmp_path: Path) -> None:
    path = tmp_path / "extra.json"
    path.write_text(json.dumps({"fields": [{"name": "a", "x-note": 1, "example": "z"}], "x-owner": "me"}))
    assert check_json("--schema", str(path), "-", input="| a |\n|---|\n| 1 |\n") == []


def test_unknown_schema_name_suggests(tmp_path: Path) -> None:
    code, _, err = run_cli("check", "--offline", "--schema", "paper-lst", "-", input="| a |\n|---|\n")
    assert code == 2 and "did you mean 'paper-list'" in err


def test_json_schema_of_the_format_validates_the_built_in_schema() -> None:
    import jsonschema
    import yaml

    code, out, _ = run_cli("schema", "--json-schema")
    assert code == 0
    document = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(document)
    builtin = yaml.safe_load((Path(__file__).parents[1] / "schemas" / "paper-list.yaml").read_text())
    jsonschema.validate(builtin, document)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"fields": [{"name": "a", "type": "text"}]}, document)


def test_schemas_lists_the_built_in_paper_list() -> None:
    code, out, _ = run_cli("schemas")
    assert code == 0 and "paper-list" in out


@pytest.mark.parametrize(
    "keys",
    [
        "primaryKey: id\n",
        "primaryKey: [id]\n",
        "primaryKey: id\nuniqueKeys: [[id]]\n",
        "uniqueKeys: [[id], [id]]\n",
    ],
)
def test_a_duplicate_is_reported_once_when_its_field_is_both_key_and_unique(tmp_path: Path, keys: str) -> None:
    path = tmp_path / "ids.yaml"
    path.write_text("fields:\n  - name: id\n    type: integer\n    constraints: {unique: true}\n  - name: name\n"
                    + keys, encoding="utf-8")
    table = "| id | name |\n|---|---|\n| 1 | a |\n| 1 | b |\n| 2 | c |\n| 2 | d |\n"
    found = [(d["code"], d["line"]) for d in check_json("--schema", str(path), "-", input=table)]
    assert found == [("TL203", 4), ("TL203", 6)]


def test_a_duplicate_of_two_different_keys_is_reported_for_each(tmp_path: Path) -> None:
    path = tmp_path / "ids.yaml"
    path.write_text("fields:\n  - name: id\n  - name: email\n    constraints: {unique: true}\nprimaryKey: id\n",
                    encoding="utf-8")
    table = "| id | email |\n|---|---|\n| 1 | a@x |\n| 1 | a@x |\n"
    messages = [d["message"] for d in check_json("--schema", str(path), "-", input=table)]
    assert [message.split(" = ")[0] for message in messages] == ["primary key id", "unique field email"]

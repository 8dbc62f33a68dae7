"""tablelint infer: a schema from a table; the table checked against its own
schema reports only real defects."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import check_json, run_cli

MODELS = """\
| Model | Params | Open | Released | Org | Paper |
|---|---|---|---|---|---|
| GPT-2 | 1.5 | true | 2019-02-14 | OpenAI | https://example.org/gpt2 |
| LLaMA | 65 | true | 2023-02-24 | Meta | https://example.org/llama |
| PaLM | 540 | false | 2022-04-04 | Google | https://example.org/palm |
| Chinchilla | 70 | false | 2022-03-29 | DeepMind | N/A |
| Gopher | 280 | false | 2021-12-08 | DeepMind | https://example.org/gopher |
| OPT | 175 | true | 2022-05-02 | Meta | https://example.org/opt |
| NULL | NULL | NULL | NULL | NULL | NULL |
| BLOOM | 176 | true | 2022-07-12 | BigScience | https://example.org/bloom |
"""


def _infer(tmp_path: Path, text: str) -> tuple[Path, dict]:
    doc = tmp_path / "models.md"
    doc.write_text(text, encoding="utf-8")
    code, out, err = run_cli("infer", str(doc), "--format", "json")
    assert code == 0, err
    return doc, json.loads(out)


def test_infers_types_enums_unique_and_missing_values(tmp_path: Path) -> None:
    _, schema = _infer(tmp_path, MODELS)
    fields = {field["name"]: field for field in schema["fields"]}
    assert fields["Params"]["type"] == "number"
    assert fields["Open"]["type"] == "boolean"
    assert fields["Released"]["type"] == "date"
    assert fields["Paper"]["format"] == "references"
    assert fields["Model"]["constraints"]["unique"] is True
    assert fields["Org"]["type"] == "string" and "enum" not in fields["Org"].get("constraints", {})
    assert schema["missingValues"] == ["", "NULL", "N/A"]
    assert schema["name-field"] == "Model" and schema["primaryKey"] == "Model"


def test_checking_a_table_against_its_own_schema_reports_only_real_defects(tmp_path: Path) -> None:
    doc, schema = _infer(tmp_path, MODELS)
    schema_file = tmp_path / "models.json"
    schema_file.write_text(json.dumps(schema), encoding="utf-8")
    found = check_json("--schema", str(schema_file), "--ignore", "TL3", str(doc))  # offline: links unchecked
    assert [(d["code"], d["line"]) for d in found] == [("TL101", 9)]


def test_yaml_output_loads_back(tmp_path: Path) -> None:
    import yaml

    doc = tmp_path / "models.md"
    doc.write_text(MODELS, encoding="utf-8")
    code, out, _ = run_cli("infer", str(doc), "--name", "models")
    assert code == 0
    assert yaml.safe_load(out)["name"] == "models"


def test_integer_column(tmp_path: Path) -> None:
    _, schema = _infer(tmp_path, "| n | word |\n|---|---|\n| 1 | a |\n| -2 | b |\n| 30 | c |\n")
    assert schema["fields"][0]["type"] == "integer"


def test_enum_for_a_small_closed_set(tmp_path: Path) -> None:
    text = "| task | state |\n|---|---|\n" + "".join(
        f"| t{i} | {'done' if i % 2 else 'TODO'} |\n" for i in range(8)
    )
    _, schema = _infer(tmp_path, text)
    assert schema["fields"][1]["constraints"]["enum"] == ["TODO", "done"]


def test_no_such_table_is_an_input_error(tmp_path: Path) -> None:
    doc = tmp_path / "x.md"
    doc.write_text(MODELS)
    code, _, err = run_cli("infer", str(doc), "--table", "3")
    assert code == 2 and "no table 3" in err


def test_infer_names_the_values_it_gave_a_type_up_for(tmp_path: Path) -> None:
    doc = tmp_path / "years.md"
    doc.write_text(
        "| Model | Year | Open |\n|---|---|---|\n| A | 2020 | true |\n| B | 2021 | false |\n"
        "| C | two thousand | true |\n| D | 2023 | false |\n| E | 2024 | yes |\n", encoding="utf-8")
    code, out, err = run_cli("infer", str(doc), "--format", "json")
    assert code == 0
    fields = {field["name"]: field for field in json.loads(out)["fields"]}
    assert fields["Year"]["type"] == "string" and fields["Open"]["type"] == "string"
    assert err.splitlines() == [
        f"tablelint: note: {doc}: column 'Year' is typed string, not integer, because of 1 of its 5 values "
        "(line 5: 'two thousand'): fix them, or keep string",
        f"tablelint: note: {doc}: column 'Open' is typed string, not boolean, because of 1 of its 5 values "
        "(line 7: 'yes'): fix them, or keep string",
    ]


def test_a_text_column_is_no_outlier_case(tmp_path: Path) -> None:
    # Mostly text, or too few values to tell: nothing to say.
    doc = tmp_path / "t.md"
    doc.write_text("| a | b |\n|---|---|\n| x | 1 |\n| 2 | y |\n| z | 3 |\n| w | 4 |\n", encoding="utf-8")
    code, _, err = run_cli("infer", str(doc))
    assert code == 0 and err == ""


def test_an_enum_typo_gets_the_nearest_allowed_value(tmp_path: Path) -> None:
    schema = tmp_path / "levels.yaml"
    schema.write_text("fields:\n  - name: level\n    constraints: {enum: [low, high]}\n", encoding="utf-8")
    found = check_json("--schema", str(schema), "-", input="| level |\n|---|\n| hihg |\n| High |\n| mid |\n")
    assert [d["message"] for d in found] == [
        "'hihg' must be one of 'low', 'high'; did you mean 'high'?",
        "'High' must be one of 'low', 'high'; did you mean 'high'?",
        "'mid' must be one of 'low', 'high'",
    ]


def test_a_type_typo_in_a_schema_gets_the_nearest_type(tmp_path: Path) -> None:
    schema = tmp_path / "bad.yaml"
    schema.write_text("fields:\n  - name: a\n    type: integr\n", encoding="utf-8")
    code, _, err = run_cli("check", "--offline", "--schema", str(schema), "-", input="| a |\n|---|\n| 1 |\n")
    assert code == 2
    assert err.startswith(f"tablelint: {schema}: schema key 'fields.0.type': 'integr' is not one of 'string'")
    assert err.strip().endswith("; did you mean 'integer'?")

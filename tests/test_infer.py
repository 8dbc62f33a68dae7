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

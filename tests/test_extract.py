"""`tablelint extract`: tables as data in JSON, JSON lines and CSV.

The keys follow extract.py's docstring: header text; ``column_N`` for an empty
header or a cell past the header's width; ``_2``, ``_3``… for a repeated
header; ``table``/``row`` reserved in JSON lines.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

TWO_TABLES = (
    "# Fruit\n"
    "\n"
    "| fruit | qty |\n"
    "| :--- | ---: |\n"
    "| apple | 3 |\n"
    "| 梨 | 10 |\n"
    "\n"
    "Some text.\n"
    "\n"
    "| colour | hex |\n"
    "| --- | --- |\n"
    "| red | #f00 |\n"
)


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def read_csv(text: str) -> list[list[str]]:
    """Read CSV text the way a file opened with newline='' and utf-8-sig would be."""
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_json_shape(run, workdir):
    write(workdir, "t.md", TWO_TABLES)
    result = run("extract", "t.md")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {
            "table": 1,
            "line": 3,
            "headers": ["fruit", "qty"],
            "rows": [{"fruit": "apple", "qty": "3"}, {"fruit": "梨", "qty": "10"}],
        },
        {"table": 2, "line": 10, "headers": ["colour", "hex"], "rows": [{"colour": "red", "hex": "#f00"}]},
    ]
    # CJK is written as itself, not as \\u escapes.
    assert "梨" in result.stdout


def test_jsonl_one_object_per_row(run, workdir):
    write(workdir, "t.md", TWO_TABLES)
    result = run("extract", "--format", "jsonl", "t.md")
    assert result.exit_code == 0
    assert result.stdout.endswith("\n")
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"table": 1, "row": 1, "values": {"fruit": "apple", "qty": "3"}},
        {"table": 1, "row": 2, "values": {"fruit": "梨", "qty": "10"}},
        {"table": 2, "row": 1, "values": {"colour": "red", "hex": "#f00"}},
    ]


def test_jsonl_columns_named_like_the_metadata_keep_their_names(run, workdir):
    write(workdir, "t.md", "| row | table | values |\n| --- | --- | --- |\n| a | b | c |\n")
    [line] = run("extract", "--format", "jsonl", "t.md").stdout.splitlines()
    assert json.loads(line) == {"table": 1, "row": 1, "values": {"row": "a", "table": "b", "values": "c"}}
    # JSON keeps the headers as written: the rows are nested, nothing collides.
    [table] = json.loads(run("extract", "t.md").stdout)
    assert table["rows"] == [{"row": "a", "table": "b", "values": "c"}]


def test_table_option_picks_one_table(run, workdir):
    write(workdir, "t.md", TWO_TABLES)
    [table] = json.loads(run("extract", "--table", "2", "t.md").stdout)
    assert (table["table"], table["line"], table["headers"]) == (2, 10, ["colour", "hex"])
    lines = run("extract", "--table", "1", "--format", "jsonl", "t.md").stdout.splitlines()
    assert [json.loads(line)["table"] for line in lines] == [1, 1]


@pytest.mark.parametrize("number", ["0", "3", "-1"])
def test_table_out_of_range_exits_2(run, workdir, number):
    write(workdir, "t.md", TWO_TABLES)
    result = run("extract", "--table", number, "t.md")
    assert result.exit_code == 2
    assert result.stderr == f"tablelint: t.md: has 2 tables; no table {number}\n"
    assert result.stdout == ""


def test_table_in_a_file_without_tables_exits_2(run, workdir):
    write(workdir, "t.md", "just text\n")
    result = run("extract", "--table", "1", "t.md")
    assert (result.exit_code, result.stderr) == (2, "tablelint: t.md: has 0 tables; no table 1\n")


def test_duplicate_and_empty_headers_get_documented_keys(run, workdir):
    write(workdir, "t.md", "| name |  | name | name |   |\n|---|---|---|---|---|\n| a | b | c | d | e |\n")
    [table] = json.loads(run("extract", "t.md").stdout)
    assert table["headers"] == ["name", "column_2", "name_2", "name_3", "column_5"]
    assert table["rows"] == [{"name": "a", "column_2": "b", "name_2": "c", "name_3": "d", "column_5": "e"}]


def test_generated_keys_never_collide_with_real_headers(run, workdir):
    write(workdir, "t.md", "|  | column_1 | x | x_2 | x |\n|---|---|---|---|---|\n| a | b | c | d | e |\n")
    [table] = json.loads(run("extract", "t.md").stdout)
    keys = table["headers"]
    assert len(set(keys)) == len(keys) == 5
    assert [table["rows"][0][key] for key in keys] == ["a", "b", "c", "d", "e"]


def test_ragged_rows(run, workdir):
    write(workdir, "t.md", "| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | | 3 |\n| 1 | 2 | 3 | 4 |\n")
    [table] = json.loads(run("extract", "t.md").stdout)
    assert table["headers"] == ["a", "b", "c", "column_4"]
    assert table["rows"] == [
        {"a": "1", "b": None, "c": None, "column_4": None},  # missing cells are null
        {"a": "1", "b": "", "c": "3", "column_4": None},  # an empty cell is ""
        {"a": "1", "b": "2", "c": "3", "column_4": "4"},  # a cell past the header gets a key
    ]
    csv_rows = read_csv(run("extract", "--format", "csv", "t.md").stdout)
    assert csv_rows == [
        ["a", "b", "c", "column_4"],
        ["1", "", "", ""],
        ["1", "", "3", ""],
        ["1", "2", "3", "4"],
    ]


def test_cells_are_unescaped_text(run, workdir):
    write(workdir, "t.md", "| k | v |\n|---|---|\n| a \\| b | `x \\| y` |\n|   spaced   | **bold** |\n")
    [table] = json.loads(run("extract", "t.md").stdout)
    assert table["rows"] == [{"k": "a | b", "v": "`x | y`"}, {"k": "spaced", "v": "**bold**"}]


def test_csv_has_a_bom_and_crlf_and_reads_back(run, workdir):
    tricky = ["comma, inside", 'say "hi"', "中文，标点", "=1+2", "  ", "semi;colon", "tab\there", "a|b"]
    escaped = [value.replace("|", "\\|") for value in tricky]
    body = "".join(f"| {i} | {value} |\n" for i, value in enumerate(escaped))
    write(workdir, "t.md", "| n | value |\n| --- | --- |\n" + body)
    result = run("extract", "--format", "csv", "t.md")
    assert result.exit_code == 0
    out = result.stdout_bytes
    assert out.startswith(b"\xef\xbb\xbf")
    assert out.count(b"\r\n") == len(tricky) + 1 and b"\n" not in out.replace(b"\r\n", b"")
    path = write(workdir, "out.csv", out)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    # Cells are stripped like GFM strips them, so the all-space cell is "".
    expected = [value.strip() for value in tricky]
    assert rows == [["n", "value"], *([str(i), value] for i, value in enumerate(expected))]


def test_csv_from_a_bom_crlf_source(run, workdir):
    write(workdir, "t.md", "\ufeff| k | v |\r\n| --- | --- |\r\n| 名 | 值 |\r\n| a |\r\n")
    rows = read_csv(run("extract", "--format", "csv", "t.md").stdout)
    assert rows == [["k", "v"], ["名", "值"], ["a", ""]]
    [table] = json.loads(run("extract", "t.md").stdout)
    assert "\r" not in json.dumps(table) and "\ufeff" not in json.dumps(table, ensure_ascii=False)
    assert table["headers"] == ["k", "v"]


def test_csv_needs_table_when_there_are_several(run, workdir):
    write(workdir, "t.md", TWO_TABLES)
    result = run("extract", "--format", "csv", "t.md")
    assert result.exit_code == 2
    assert result.stderr == "tablelint: t.md: has 2 tables; choose one with --table for CSV\n"
    assert result.stdout == ""
    assert read_csv(run("extract", "--format", "csv", "--table", "2", "t.md").stdout) == [
        ["colour", "hex"],
        ["red", "#f00"],
    ]


@pytest.mark.parametrize(("fmt", "expected"), [("json", "[]\n"), ("jsonl", ""), ("csv", "")])
def test_no_tables_is_empty_data_not_an_error(run, workdir, fmt, expected):
    write(workdir, "t.md", "# Nothing\n\nno | table here\n")
    result = run("extract", "--format", fmt, "t.md")
    assert (result.exit_code, result.stdout, result.stderr) == (0, expected, "")


def test_extract_from_stdin(run, workdir):
    result = run("extract", "--format", "jsonl", "-", input=TWO_TABLES)
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 3


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda d: None, "tablelint: nope.md: no such file or directory"),
        (lambda d: (d / "nope.md").mkdir(), "tablelint: nope.md: is a directory; give one Markdown file"),
        (lambda d: write(d, "nope.md", b"| a |\n|---|\n\x00"), "tablelint: nope.md: binary file"),
        (
            lambda d: write(d, "nope.md", b"| a |\n|---|\n| \xc3 |\n"),
            "tablelint: nope.md:3:3: not valid UTF-8",
        ),
    ],
    ids=["missing", "directory", "binary", "invalid-utf8"],
)
def test_bad_input_exits_2(run, workdir, setup, expected):
    setup(workdir)
    result = run("extract", "nope.md")
    assert result.exit_code == 2
    assert result.stderr.startswith(expected)
    assert len(result.stderr.splitlines()) == 1
    assert result.stdout == ""


# --- Issue 15: data out that can be relied on ---------------------------------------------------

TYPED_SCHEMA = (
    "fields:\n  - name: year\n    type: integer\n  - name: score\n    type: number\n"
    "  - name: links\n    format: references\n  - name: level\n    constraints: {enum: [low, high]}\n"
)
TYPED_TABLE = (
    "| year | score | links | level |\n|---|---|---|---|\n"
    "| 2020 | 5 | [a](https://a.org) https://b.org | low |\n"
    "| two thousand | 5.5 | https://c.org | hihg |\n"
)


@pytest.fixture
def typed(workdir):  # type: ignore[no-untyped-def]
    write(workdir, "s.yaml", TYPED_SCHEMA)
    write(workdir, "t.md", TYPED_TABLE)
    return workdir


def test_an_invalid_cell_is_reported_beside_the_data_and_on_stderr(run, typed):  # type: ignore[no-untyped-def]
    result = run("extract", "--schema", "s.yaml", "t.md")
    assert result.exit_code == 0
    [table] = json.loads(result.stdout)
    assert table["rows"][1]["year"] == "two thousand"  # kept as written, and said:
    assert [(e["row"], e["line"], e["column"], e["field"], e["kind"], e["value"]) for e in table["errors"]] == [
        (2, 4, 3, "year", "type", "two thousand"),
        (2, 4, 40, "level", "constraint", "hihg"),
    ]
    assert result.stderr.splitlines() == [
        "t.md:4:3: table 1, field 'year': 'two thousand' is not an integer",
        f"t.md:4:40: table 1, field 'level': {table['errors'][1]['message']}",
    ]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_strict_writes_nothing_when_a_cell_is_invalid(run, typed, fmt):  # type: ignore[no-untyped-def]
    result = run("extract", "--strict", "--schema", "s.yaml", "--format", fmt, "t.md")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == "tablelint: t.md: the schema rejects 2 cells; nothing written (--strict)"


def test_strict_writes_valid_data(run, typed):  # type: ignore[no-untyped-def]
    write(typed, "t.md", TYPED_TABLE.splitlines(keepends=True)[0] + "|---|---|---|---|\n| 2020 | 5 | x | low |\n")
    result = run("extract", "--strict", "--schema", "s.yaml", "--format", "jsonl", "t.md")
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout) == {"table": 1, "row": 1,
                                         "values": {"year": 2020, "score": 5, "links": [], "level": "low"}}


def test_integers_stay_integers_in_a_number_field(run, workdir):  # type: ignore[no-untyped-def]
    write(workdir, "s.yaml", "fields:\n  - name: n\n    type: number\n    groupChar: ','\n")
    write(workdir, "t.md", "| n |\n|---|\n| 5 |\n| 5.0 |\n| 1,000 |\n| 2.5 |\n| 1e3 |\n")
    values = [json.loads(line)["values"]["n"]
              for line in run("extract", "--schema", "s.yaml", "--format", "jsonl", "t.md").stdout.splitlines()]
    assert values == [5, 5.0, 1000, 2.5, 1000.0]
    assert [type(value) for value in values] == [int, float, int, float, float]


def test_csv_joins_a_list_with_the_documented_separator(run, typed):  # type: ignore[no-untyped-def]
    result = run("extract", "--schema", "s.yaml", "--format", "csv", "t.md")
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[1] == ["2020", "5", "https://a.org; https://b.org", "low"]
    result = run("extract", "--schema", "s.yaml", "--format", "csv", "--list-separator", " | ", "t.md")
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[1][2] == "https://a.org | https://b.org"

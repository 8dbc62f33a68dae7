"""The output formats CI systems read, each checked against its published
schema or parsed by a real consumer: SARIF (OASIS schema), rdjson
(reviewdog's definition), GitLab Code Quality (GitLab's documented format),
JUnit (junitparser, as CI tools read it), JSON Lines, Azure Pipelines logging
commands; the registry of formats; and -o, which writes the file while the
terminal shows text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from tablelint.cli import main
from tablelint.docs_site import rule_url
from tablelint.report import format_module, format_names
from tablelint.rules import ALL_RULES

DATA = Path(__file__).parent / "data"
SARIF_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
RDJSON_SCHEMA = json.loads((DATA / "rdjson.schema.json").read_text(encoding="utf-8"))
GITLAB_SCHEMA = json.loads((DATA / "gitlab-codequality.schema.json").read_text(encoding="utf-8"))

# A source to respell (a safe fix) after CJK text, so byte and code-point columns differ,
# a placeholder row, and a row split by the pipe of a code span (an unsafe fix).
TABLE = (
    "| 名称 | 来源 |\n"
    "| --- | --- |\n"
    "| 《语言模型》 | arxiv2022 |\n"
    "| NULL | NULL |\n"
    "| `p|q` | arXiv 2021 |\n"
)
CLEAN = "| 名称 | 来源 |\n| --- | --- |\n| Alpha | arXiv 2022 |\n"


def write(directory: Path, name: str, content: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8", newline="")
    return path


@pytest.fixture
def table(workdir: Path) -> Path:
    write(workdir, "clean.md", CLEAN)
    return write(workdir, "docs/papers.md", TABLE)


def expected(run) -> list[dict]:  # type: ignore[no-untyped-def]
    """The diagnostics of the fixture, from the JSON contract."""
    return json.loads(run("check", "--output-format", "json", "docs/papers.md", "clean.md").stdout)


# --- the registry -------------------------------------------------------------------


def test_the_registry_is_the_formats_directory_and_the_command_line_offers_each():
    directory = Path(format_module("text").__file__).parent
    modules = {p.stem.replace("_", "-") for p in directory.glob("*.py") if not p.stem.startswith("_")}
    assert set(format_names()) == modules
    assert format_names()[0] == "text"
    assert {"text", "full", "json", "json-lines", "github", "sarif", "junit", "gitlab", "rdjson", "azure"} <= modules
    option = next(p for p in main.commands["check"].params if p.name == "output_format")
    assert tuple(option.type.choices) == format_names()


@pytest.mark.parametrize("fmt", format_names())
def test_every_format_renders_problems_a_clean_run_and_an_input_error(run, table, fmt):
    result = run("check", "--output-format", fmt, "docs/papers.md", "clean.md")
    assert result.exit_code == 1, result.stderr
    assert result.stdout
    clean = run("check", "--output-format", fmt, "clean.md")
    assert clean.exit_code == 0, clean.stderr
    missing = run("check", "--output-format", fmt, "clean.md", "missing.md")
    assert missing.exit_code == 2
    assert "missing.md" in missing.stderr


# --- SARIF: helpUri ------------------------------------------------------------------


def test_sarif_names_each_rules_docs_page_and_stays_valid(run, table):
    log = json.loads(run("check", "--output-format", "sarif", "docs/papers.md").stdout)
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(log)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.code for rule in ALL_RULES]
    for rule in rules:
        assert rule["helpUri"] == f"https://tablelint.github.io/tablelint/rules/{rule['name']}/"
    assert log["runs"][0]["tool"]["driver"]["informationUri"] == "https://tablelint.github.io/tablelint/"


# --- JSON Lines ----------------------------------------------------------------------


def test_json_lines_is_one_json_object_a_line_the_same_as_json(run, table):
    result = run("check", "--output-format", "json-lines", "docs/papers.md", "clean.md")
    lines = result.stdout.splitlines()
    assert [json.loads(line) for line in lines] == expected(run)
    assert all(json.loads(line)["url"] == rule_url(json.loads(line)["name"]) for line in lines)
    assert run("check", "--output-format", "json-lines", "clean.md").stdout == ""


# --- rdjson --------------------------------------------------------------------------


def test_rdjson_is_valid_and_counts_columns_in_utf8_bytes(run, table):
    result = run("check", "--output-format", "rdjson", "docs/papers.md", "clean.md")
    document = json.loads(result.stdout)
    jsonschema.Draft7Validator(RDJSON_SCHEMA).validate(document)
    diagnostics = document["diagnostics"]
    reference = expected(run)
    assert len(diagnostics) == len(reference)
    lines = TABLE.splitlines()
    for entry, contract in zip(diagnostics, reference, strict=True):
        assert entry["location"]["path"] == "docs/papers.md"
        assert entry["code"] == {"value": contract["code"], "url": contract["url"]}
        assert entry["severity"] == contract["severity"].upper()
        start = entry["location"]["range"]["start"]
        line = lines[start["line"] - 1].encode("utf-8")
        # The byte column points at the same text as the code-point column.
        code_point_text = lines[contract["line"] - 1][contract["column"] - 1:contract["end_column"] - 1]
        end = entry["location"]["range"]["end"]["column"]
        assert line[start["column"] - 1:end - 1].decode("utf-8") == code_point_text
    source = next(entry for entry in diagnostics if entry["code"]["value"] == "TL204")
    # 《语言模型》 is 7 code points and 21 bytes: column 12 in code points is 26 in bytes.
    assert source["location"]["range"]["start"]["column"] == len("| 《语言模型》 | ".encode()) + 1
    # A safe fix is a suggestion reviewdog can apply; applied, it gives the fixed text.
    [suggestion] = source["suggestions"]
    line = lines[2].encode("utf-8")
    fixed = line[: suggestion["range"]["start"]["column"] - 1] + suggestion["text"].encode() \
        + line[suggestion["range"]["end"]["column"] - 1:]
    assert fixed.decode("utf-8") == "| 《语言模型》 | arXiv 2022 |"
    # An unsafe fix is not offered as one.
    column_count = next(entry for entry in diagnostics if entry["code"]["value"] == "TL001")
    assert "suggestions" not in column_count


def test_the_rdjson_schema_rejects_what_the_format_forbids():
    validator = jsonschema.Draft7Validator(RDJSON_SCHEMA)
    jsonschema.Draft7Validator.check_schema(RDJSON_SCHEMA)
    assert validator.is_valid({"diagnostics": [{"message": "m", "location": {"path": "a.md"}}]})
    assert not validator.is_valid({"diagnostics": [{"location": {"path": "a.md"}}]})
    assert not validator.is_valid({"diagnostics": [{"message": "m", "location": {"path": "a"}, "severity": "FATAL"}]})
    assert not validator.is_valid({"diagnostics": [{"message": "m", "location": {"path": "a", "range": {"end": {}}}}]})


# --- GitLab Code Quality -------------------------------------------------------------


def test_gitlab_code_quality_is_valid_with_unique_stable_fingerprints(run, table):
    first = json.loads(run("check", "--output-format", "gitlab", "docs/papers.md", "clean.md").stdout)
    jsonschema.Draft7Validator(GITLAB_SCHEMA).validate(first)
    reference = expected(run)
    assert len(first) == len(reference)
    fingerprints = [issue["fingerprint"] for issue in first]
    assert len(set(fingerprints)) == len(fingerprints)
    severities = {"error": "major", "warning": "minor", "info": "info"}
    for issue, contract in zip(first, reference, strict=True):
        assert issue["check_name"] == contract["code"]
        assert issue["severity"] == severities[contract["severity"]]
        assert issue["location"]["positions"]["begin"] == {"line": contract["line"], "column": contract["column"]}
        assert contract["message"] in issue["description"]
    # A line added above the table moves every problem, and changes no fingerprint.
    write(Path.cwd(), "docs/papers.md", "Intro.\n\n" + TABLE)
    moved = json.loads(run("check", "--output-format", "gitlab", "docs/papers.md", "clean.md").stdout)
    assert [issue["fingerprint"] for issue in moved] == fingerprints
    assert [issue["location"]["positions"]["begin"]["line"] for issue in moved] == [
        issue["location"]["positions"]["begin"]["line"] + 2 for issue in first
    ]


def test_gitlab_paths_are_relative_to_the_repository(run, table):
    absolute = str(Path.cwd() / "docs" / "papers.md")
    issues = json.loads(run("check", "--output-format", "gitlab", absolute).stdout)
    assert {issue["location"]["path"] for issue in issues} == {"docs/papers.md"}


def test_the_gitlab_schema_rejects_what_gitlab_does_not_read():
    validator = jsonschema.Draft7Validator(GITLAB_SCHEMA)
    good = {"description": "d", "check_name": "c", "fingerprint": "f", "severity": "minor",
            "location": {"path": "a.md", "lines": {"begin": 1}}}
    assert validator.is_valid([good])
    assert not validator.is_valid([{**good, "severity": "error"}])
    assert not validator.is_valid([{key: value for key, value in good.items() if key != "fingerprint"}])
    assert not validator.is_valid([{**good, "location": {"path": "a.md"}}])
    assert not validator.is_valid([{**good, "location": {"path": "/abs/a.md", "lines": {"begin": 1}}}])


# --- JUnit ---------------------------------------------------------------------------


def test_junit_is_read_by_junitparser_as_failures_per_file(run, table, tmp_path):
    from junitparser import Failure, JUnitXml

    result = run("check", "--output-format", "junit", "docs/papers.md", "clean.md")
    report = tmp_path / "junit.xml"
    report.write_text(result.stdout, encoding="utf-8")
    xml = JUnitXml.fromfile(str(report))
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == {"docs/papers.md", "clean.md"}
    reference = expected(run)
    papers = suites["docs/papers.md"]
    assert papers.tests == papers.failures == len(reference)
    cases = list(papers)
    for case, contract in zip(cases, reference, strict=True):
        [failure] = case.result
        assert isinstance(failure, Failure)
        assert failure.message == contract["message"]
        assert contract["code"] in case.name
    clean = suites["clean.md"]
    assert (clean.tests, clean.failures, clean.errors) == (1, 0, 0)
    assert next(iter(clean)).is_passed


def test_junit_survives_control_characters_and_markup_in_a_file_name(run, workdir, tmp_path):
    from junitparser import JUnitXml

    name = "a<b>&\x1b]0;t\x07.md"
    write(workdir, name, "| a | b |\n| --- | --- |\n| 1 |\n")
    result = run("check", "--output-format", "junit", name)
    report = tmp_path / "junit.xml"
    report.write_text(result.stdout, encoding="utf-8")
    [suite] = list(JUnitXml.fromfile(str(report)))
    assert suite.name == "a<b>&\\x1b]0;t\\x07.md"
    [case] = list(suite)
    assert case.result[0].text.startswith("a<b>&\\x1b]0;t\\x07.md:3:1: TL001")


# --- Azure Pipelines -----------------------------------------------------------------

_AZURE = re.compile(r"##vso\[task\.logissue type=(error|warning);sourcepath=([^;\]]*);linenumber=(\d+);"
                    r"columnnumber=(\d+);code=(TL\d{3});\](.*)")


def test_azure_logging_commands_one_per_problem(run, table):
    lines = run("check", "--output-format", "azure", "docs/papers.md", "clean.md").stdout.splitlines()
    reference = expected(run)
    assert len(lines) == len(reference)
    for line, contract in zip(lines, reference, strict=True):
        found = _AZURE.fullmatch(line)
        assert found, line
        kind, path, number, column, code, message = found.groups()
        assert kind == ("error" if contract["severity"] == "error" else "warning")
        assert (path, int(number), int(column), code) == ("docs/papers.md", contract["line"], contract["column"],
                                                          contract["code"])
        assert message == f"{contract['name']}: {contract['message']}"


def test_azure_escapes_what_would_end_a_command(run, workdir):
    write(workdir, "a;b].md", "| a | b |\n| --- | --- |\n| 1 |\n")
    [line] = run("check", "--output-format", "azure", "a;b].md").stdout.splitlines()
    assert "sourcepath=a%3Bb%5D.md;" in line


# --- -o / --output-file --------------------------------------------------------------


def test_output_file_gets_the_format_and_the_terminal_keeps_text(run, table):
    result = run("check", "--output-format", "sarif", "-o", "reports/tablelint.sarif", "docs/papers.md", "clean.md")
    assert result.exit_code == 1
    log = json.loads(Path("reports/tablelint.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(log)
    assert len(log["runs"][0]["results"]) == len(expected(run))
    # The terminal shows the text report, the same as without -o.
    assert result.stdout == run("check", "docs/papers.md", "clean.md").stdout
    assert result.stdout.startswith("docs/papers.md:3:")


def test_terminal_format_with_output_file(run, table):
    result = run("check", "--output-format", "sarif", "--output-file", "out.sarif", "--terminal-format", "github",
                 "docs/papers.md")
    assert result.stdout.startswith("::error file=docs/papers.md,line=3,")
    assert json.loads(Path("out.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    alone = run("check", "--terminal-format", "github", "docs/papers.md")
    assert alone.exit_code == 2 and "--output-file" in alone.stderr


def test_output_file_that_cannot_be_written_is_one_line_and_exit_2(run, table):
    write(Path.cwd(), "blocker", "a file, not a directory")
    result = run("check", "--output-format", "json", "-o", "blocker/out.json", "clean.md")
    assert result.exit_code == 2
    assert result.stderr.startswith("tablelint: blocker/out.json: cannot write the report")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("fmt", format_names())
def test_every_format_writes_utf8_for_a_file_name_that_is_not(run, workdir, fmt):
    import os

    name = os.fsdecode(b"\xe9t\xe9.md")
    try:
        (workdir / name).write_text("| a | b |\n| --- | --- |\n| 1 |\n", encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses a name that is not UTF-8")
    result = run("check", "--output-format", fmt, ".")
    assert result.exit_code == 1, result.stderr
    text = result.stdout_bytes.decode("utf-8")  # whatever the format, the output is UTF-8
    if fmt in ("json", "sarif", "gitlab", "rdjson"):
        json.loads(text)
    elif fmt == "json-lines":
        assert [json.loads(line) for line in text.splitlines()]
    elif fmt == "junit":
        from xml.etree import ElementTree

        ElementTree.fromstring(text.encode("utf-8"))


def test_pylint_lines_are_what_pylints_parseable_format_writes(run, table):
    lines = run("check", "--output-format", "pylint", "docs/papers.md", "clean.md").stdout.splitlines()
    reference = expected(run)
    assert lines == [f"docs/papers.md:{d['line']}: [{d['code']}({d['name']})] {d['message']}" for d in reference]

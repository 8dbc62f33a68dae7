"""The output formats: the JSON contract (DESIGN.md), GitHub workflow
commands and their escaping, SARIF 2.1.0 validated against the OASIS schema,
the `full` output's caret placed by display width, and when colour is used.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tablelint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from tablelint.engine.lint import FileReport
from tablelint.report import render
from tablelint.report.formats.full import snippet
from tablelint.rules import ALL_RULES

SARIF_SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)

RAGGED = "| a | b |\n| --- | --- |\n| 1 |\n| 1 | 2 | 3 |\n"
# Column-count with an unsafe fix: the pipe inside the code span, at column 12.
CODE_SPAN = "| k | v |\n| --- | --- |\n| 中文 | `a|b` |\n"
CLEAN = "| a | b |\n| --- | --- |\n| 1 | 2 |\n"


def write(directory: Path, name: str, content: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8", newline="")
    return path


def apply_edits(text: str, edits: list[dict]) -> str:
    """Apply JSON edits (1-based, code-point columns, end exclusive) to text with \\n newlines."""
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    for edit in sorted(edits, key=lambda e: (e["line"], e["column"]), reverse=True):
        start, end = offset(edit["line"], edit["column"]), offset(edit["end_line"], edit["end_column"])
        text = text[:start] + edit["content"] + text[end:]
    return text


# --- JSON (contract) ----------------------------------------------------------------

DIAGNOSTIC_KEYS = {
    "code",
    "name",
    "severity",
    "message",
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "table",
    "row",
    "field",
    "fix",
    "url",
}


def check_contract(diagnostic: dict) -> None:
    assert set(diagnostic) == DIAGNOSTIC_KEYS
    assert re.fullmatch(r"TL\d{3}", diagnostic["code"])
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", diagnostic["name"])
    assert diagnostic["severity"] in {"error", "warning", "info"}
    assert isinstance(diagnostic["message"], str) and diagnostic["message"]
    assert isinstance(diagnostic["path"], str)
    for key in ("line", "column", "end_line", "end_column"):
        assert type(diagnostic[key]) is int and diagnostic[key] >= 1
    assert (diagnostic["end_line"], diagnostic["end_column"]) >= (diagnostic["line"], diagnostic["column"])
    for key in ("table", "row"):
        assert diagnostic[key] is None or (type(diagnostic[key]) is int and diagnostic[key] >= 1)
    assert diagnostic["field"] is None or isinstance(diagnostic["field"], str)
    assert diagnostic["url"] == f"https://tablelint.github.io/tablelint/rules/{diagnostic['name']}/"
    fix = diagnostic["fix"]
    if fix is not None:
        assert set(fix) == {"applicability", "message", "edits"}
        assert fix["applicability"] in {"safe", "unsafe"}
        assert isinstance(fix["message"], str) and fix["message"]
        assert fix["edits"]
        for edit in fix["edits"]:
            assert set(edit) == {"line", "column", "end_line", "end_column", "content"}
            for key in ("line", "column", "end_line", "end_column"):
                assert type(edit[key]) is int and edit[key] >= 1
            assert isinstance(edit["content"], str)


def test_json_contract_for_column_count(run, workdir):
    write(workdir, "t.md", RAGGED)
    result = run("check", "--output-format", "json", "--select", "TL001", "t.md")
    assert result.exit_code == 1
    diagnostics = json.loads(result.stdout)
    for diagnostic in diagnostics:
        check_contract(diagnostic)
    short, long = diagnostics
    assert short == {
        "code": "TL001",
        "name": "column-count",
        "severity": "error",
        "message": short["message"],
        "path": "t.md",
        "line": 3,
        "column": 1,
        "end_line": 3,
        "end_column": 6,
        "table": 1,
        "row": 1,
        "field": None,
        "fix": None,
        "url": "https://tablelint.github.io/tablelint/rules/column-count/",
    }
    assert short["message"].startswith("row has 1 cell, the header has 2")
    assert (long["line"], long["column"], long["end_column"], long["row"]) == (4, 1, 14, 2)


def test_json_columns_count_code_points_and_the_fix_applies(run, workdir):
    write(workdir, "t.md", CODE_SPAN)
    [diagnostic] = json.loads(run("check", "--output-format", "json", "--select", "TL001", "t.md").stdout)
    check_contract(diagnostic)
    # "| 中文 | " is 7 code points (UTF-8 bytes would say 11, display width 9).
    assert (diagnostic["line"], diagnostic["column"], diagnostic["end_line"], diagnostic["end_column"]) == (
        3,
        8,
        3,
        13,
    )
    line = CODE_SPAN.splitlines()[2]
    assert line[diagnostic["column"] - 1 : diagnostic["end_column"] - 1] == "`a|b`"
    fix = diagnostic["fix"]
    assert fix["applicability"] == "unsafe"
    assert fix["edits"] == [{"line": 3, "column": 10, "end_line": 3, "end_column": 11, "content": "\\|"}]
    assert apply_edits(CODE_SPAN, fix["edits"]) == "| k | v |\n| --- | --- |\n| 中文 | `a\\|b` |\n"


def test_json_table_numbers_and_order(run, workdir):
    write(workdir, "b.md", RAGGED + "\ntext\n\n" + RAGGED)
    write(workdir, "a.md", RAGGED)
    diagnostics = json.loads(
        run("check", "--output-format", "json", "--select", "TL001", "b.md", "a.md").stdout
    )
    assert [(d["path"], d["line"], d["table"], d["row"]) for d in diagnostics] == [
        ("b.md", 3, 1, 1),
        ("b.md", 4, 1, 2),
        ("b.md", 10, 2, 1),
        ("b.md", 11, 2, 2),
        ("a.md", 3, 1, 1),
        ("a.md", 4, 1, 2),
    ]


def test_json_is_an_empty_array_when_clean_and_stays_json_on_input_errors(run, workdir):
    write(workdir, "ok.md", CLEAN)
    clean = run("check", "--output-format", "json", "ok.md")
    assert (clean.exit_code, json.loads(clean.stdout)) == (0, [])
    broken = run("check", "--output-format", "json", "ok.md", "missing.md")
    assert broken.exit_code == 2
    assert json.loads(broken.stdout) == []
    assert broken.stderr.startswith("tablelint: missing.md")


def test_json_non_ascii_is_written_as_is(run, workdir):
    write(workdir, "名单.md", CODE_SPAN)
    out = run("check", "--output-format", "json", "名单.md").stdout
    assert '"path": "名单.md"' in out


def test_json_contract_for_a_diagnostic_with_a_field():
    diagnostic = Diagnostic(
        "TL102",
        "placeholder-cell",
        Severity.WARNING,
        "a placeholder",
        "x.md",
        5,
        3,
        5,
        7,
        1,
        2,
        "title",
        Fix(Applicability.SAFE, "blank it", (Edit(5, 3, 5, 7, ""),)),
    )
    data = diagnostic.to_json()
    check_contract(data)
    assert data["field"] == "title"
    assert data["fix"] == {
        "applicability": "safe",
        "message": "blank it",
        "edits": [{"line": 5, "column": 3, "end_line": 5, "end_column": 7, "content": ""}],
    }


_TEXTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
_NUMBERS = st.integers(min_value=0, max_value=10**9)
_EDITS = st.builds(Edit, _NUMBERS, _NUMBERS, _NUMBERS, _NUMBERS, _TEXTS)
_FIXES = st.builds(Fix, st.sampled_from(Applicability), _TEXTS, st.lists(_EDITS, max_size=3).map(tuple))


@given(
    st.builds(
        Diagnostic,
        _TEXTS, _TEXTS, st.sampled_from(Severity), _TEXTS, _TEXTS, _NUMBERS, _NUMBERS, _NUMBERS, _NUMBERS,
        st.none() | _NUMBERS, st.none() | _NUMBERS, st.none() | _TEXTS, st.none() | _FIXES,
    )
)
def test_json_lines_are_what_the_json_encoder_writes(diagnostic):
    from tablelint.report.json_report import diagnostic_json

    assert diagnostic_json(diagnostic) == json.JSONEncoder(ensure_ascii=False).encode(diagnostic.to_json())


# --- GitHub workflow commands -------------------------------------------------------

COMMAND = re.compile(
    r"::(?P<level>error|warning|notice) file=(?P<file>[^,]*),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"endLine=(?P<end_line>\d+),endColumn=(?P<end_col>\d+),title=(?P<title>[^,:]*)::(?P<message>.*)"
)


def test_github_commands(run, workdir):
    write(workdir, "t.md", RAGGED)
    result = run("check", "--output-format", "github", "--select", "TL001", "t.md")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    first = COMMAND.fullmatch(lines[0])
    assert first, lines[0]
    assert first.group("level", "file", "line", "col", "end_line", "end_col") == (
        "error",
        "t.md",
        "3",
        "1",
        "3",
        "6",
    )
    assert first.group("title") == "TL001 column-count"
    assert first.group("message").startswith("row has 1 cell, the header has 2")


def test_github_escapes_properties_and_data(run, workdir):
    # '%', ':' and ',' in the path are property-escaped; '%' in the message is data-escaped.
    write(workdir, "50%, a:b/t.md", "| k | v |\n| --- | --- |\n| `100%|x` | y |\n")
    line = run("check", "--output-format", "github", "--select", "TL001", "50%, a:b/t.md").stdout.rstrip("\n")
    match = COMMAND.fullmatch(line)
    assert match, line
    assert match.group("file") == "50%25%2C a%3Ab/t.md"
    assert "`100%25|x`" in match.group("message")
    assert "%25" not in match.group("message").replace("`100%25|x`", "")


def test_github_escapes_newlines_in_messages_and_keeps_colons():
    diagnostic = Diagnostic(
        "TL001", "column-count", Severity.WARNING, "first: a, b\nsecond 100%\r", "a,b.md", 2, 1, 2, 4
    )
    info = Diagnostic("TL001", "column-count", Severity.INFO, "note", "a.md", 1, 1, 1, 2)
    out = render("github",
        [FileReport("a,b.md", diagnostics=[diagnostic]), FileReport("a.md", diagnostics=[info])]
    )
    lines = out.split("\n")
    assert lines[-1] == ""  # one command per line, newline-terminated
    warning, notice = lines[:-1]
    assert warning == (
        "::warning file=a%2Cb.md,line=2,col=1,endLine=2,endColumn=4,title=TL001 column-count"
        "::first: a, b%0Asecond 100%25%0D"
    )
    assert notice.startswith("::notice file=a.md,")


def test_github_prints_nothing_when_clean(run, workdir):
    write(workdir, "ok.md", CLEAN)
    result = run("check", "--output-format", "github", "ok.md")
    assert (result.exit_code, result.stdout) == (0, "")


# --- SARIF ------------------------------------------------------------------------------

# RFC 3986 URI-reference characters; jsonschema does not check "format": "uri-reference"
# without optional packages, so this does it.
_URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")


def validate_sarif(text: str) -> dict:
    log = json.loads(text)
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(log)
    for run_ in log["runs"]:
        for result in run_["results"]:
            for location in result["locations"]:
                uri = location["physicalLocation"]["artifactLocation"]["uri"]
                assert _URI_REFERENCE.fullmatch(uri), uri
                assert not uri.startswith(("/", "\\")) or uri.startswith("file:")
    return log


def test_the_schema_file_is_the_oasis_sarif_2_1_0_schema():
    jsonschema.Draft7Validator.check_schema(SARIF_SCHEMA)
    assert SARIF_SCHEMA["$id"].endswith("/sarif-schema-2.1.0.json")
    assert SARIF_SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]
    # The validator really rejects a broken log.
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(SARIF_SCHEMA).validate({"version": "2.1.0", "runs": [{"results": []}]})


def test_sarif_without_fixes(run, workdir):
    write(workdir, "t.md", RAGGED)
    result = run("check", "--output-format", "sarif", "--select", "TL001", "t.md")
    assert result.exit_code == 1
    log = validate_sarif(result.stdout)
    [sarif_run] = log["runs"]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    rules = sarif_run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.code for rule in ALL_RULES]
    results = sarif_run["results"]
    assert len(results) == 2
    for result_ in results:
        assert "fixes" not in result_
        assert rules[result_["ruleIndex"]]["id"] == result_["ruleId"] == "TL001"
        assert result_["level"] == "error"
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 6}
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "t.md"


def test_sarif_with_a_fix_matches_the_json_positions(run, workdir):
    write(workdir, "t.md", CODE_SPAN)
    log = validate_sarif(run("check", "--output-format", "sarif", "--select", "TL001", "t.md").stdout)
    [diagnostic] = json.loads(run("check", "--output-format", "json", "--select", "TL001", "t.md").stdout)
    [result] = log["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
        diagnostic["line"],
        diagnostic["column"],
        diagnostic["end_line"],
        diagnostic["end_column"],
    )
    [fix] = result["fixes"]
    [change] = fix["artifactChanges"]
    [replacement] = change["replacements"]
    assert replacement == {
        "deletedRegion": {"startLine": 3, "startColumn": 10, "endLine": 3, "endColumn": 11},
        "insertedContent": {"text": "\\|"},
    }
    assert "unsafe" in fix["description"]["text"]


def test_sarif_with_an_input_error(run, workdir):
    write(workdir, "t.md", RAGGED)
    write(workdir, "bad.md", "")
    (workdir / "bad.md").write_bytes(b"| a |\n|---|\n| \xff |\n")
    result = run("check", "--output-format", "sarif", "t.md", "bad.md")
    assert result.exit_code == 2
    log = validate_sarif(result.stdout)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    errors = invocation["toolExecutionNotifications"]
    assert len(errors) == 1 and errors[0]["level"] == "error"
    assert all(r["ruleId"].startswith("TL") for r in log["runs"][0]["results"])
    assert "not valid UTF-8" in errors[0]["message"]["text"]
    assert errors[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad.md"


def test_sarif_uris_are_valid_for_any_file_name(run, workdir):
    names = ["my notes.md", "论文 列表.md", "100%.md", "a:b.md", "dir,x/#1.md"]
    for name in names:
        write(workdir, name, RAGGED)
    log = validate_sarif(run("check", "--output-format", "sarif", "--select", "TL001", *names).stdout)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]
    }
    from urllib.parse import unquote

    assert {unquote(uri) for uri in uris} == set(names)
    absolute = validate_sarif(run("check", "--output-format", "sarif", str(workdir / "my notes.md")).stdout)
    uri = absolute["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file:///") and uri.endswith("/my%20notes.md")


def test_sarif_clean_and_stdin(run, workdir):
    write(workdir, "ok.md", CLEAN)
    clean = validate_sarif(run("check", "--output-format", "sarif", "ok.md").stdout)
    assert clean["runs"][0]["results"] == []
    stdin = validate_sarif(run("check", "--output-format", "sarif", "-", input=RAGGED).stdout)
    assert len(stdin["runs"][0]["results"]) == 2


# --- full: the caret under the span ------------------------------------------------


def _width(text: str) -> int:
    """Terminal width, computed independently of tablelint.width."""
    import wcwidth

    return wcwidth.wcswidth(text)


def source_and_caret(output: str, line_number: int) -> tuple[str, str]:
    lines = output.splitlines()
    prefix = f"{line_number} | "
    index = next(i for i, line in enumerate(lines) if line.startswith(prefix))
    gutter = " " * len(str(line_number)) + " | "
    assert lines[index + 1].startswith(gutter)
    return lines[index][len(prefix) :], lines[index + 1][len(gutter) :]


def assert_caret_under(shown: str, caret: str, span: str) -> None:
    start = shown.index(span)
    assert caret.lstrip(" ").strip("^") == ""
    assert len(caret) - len(caret.lstrip(" ")) == _width(shown[:start])
    assert caret.count("^") == _width(span)


@pytest.mark.parametrize(
    "first_cell",
    ["中文", "😀😀", "ｆｕｌｌ", "e\u0301e\u0301", "👩‍💻 dev", "한국어 텍스트", "plain"],
    ids=["cjk", "emoji", "fullwidth", "combining", "zwj", "hangul", "ascii"],
)
def test_full_caret_is_placed_by_display_width(run, workdir, first_cell):
    write(workdir, "t.md", f"| k | v |\n| --- | --- |\n| {first_cell} | `a|b` |\n")
    out = run("check", "--output-format", "full", "--select", "TL001", "t.md").stdout
    shown, caret = source_and_caret(out, 3)
    assert shown == f"| {first_cell} | `a|b` |"
    assert_caret_under(shown, caret, "`a|b`")


def test_full_caret_on_a_long_clipped_cjk_line(run, workdir):
    before = "这是一段很长的中文描述" * 12
    write(workdir, "t.md", f"| k | v |\n| --- | --- |\n| {before} | `a|b` | {before} |\n")
    out = run("check", "--output-format", "full", "--select", "TL001", "t.md").stdout
    shown, caret = source_and_caret(out, 3)
    assert shown.startswith("…") and shown.endswith("…")
    assert _width(shown) < 140
    assert_caret_under(shown, caret, "`a|b`")


def test_full_caret_for_a_long_span_is_cut_with_the_line(run, workdir):
    long_row = "| " + "数据" * 100 + " |"
    write(workdir, "t.md", f"| k | v |\n| --- | --- |\n{long_row}\n")
    out = run("check", "--output-format", "full", "--select", "TL001", "t.md").stdout
    shown, caret = source_and_caret(out, 3)
    assert shown.endswith("…")
    assert long_row.startswith(shown[:-1])
    assert caret == "^" * _width(shown[:-1])


def test_full_caret_with_tabs(run, workdir):
    write(workdir, "t.md", "| k | v |\n| --- | --- |\n|\tx\t| `a|b` |\n")
    out = run("check", "--output-format", "full", "--select", "TL001", "t.md").stdout
    shown, caret = source_and_caret(out, 3)
    # A raw tab would jump to the terminal's next tab stop and leave the caret behind.
    assert "\t" not in shown
    assert_caret_under(shown, caret, "`a|b`")


def test_full_shows_where_and_the_fix(run, workdir):
    write(workdir, "t.md", CODE_SPAN)
    out = run("check", "--output-format", "full", "--select", "TL001", "t.md").stdout
    assert "t.md:3:8: TL001 column-count [error]: row has 3 cells" in out
    assert "  = at table 1, row 1" in out
    assert "  = fix (unsafe): escape the pipes inside code spans and wikilinks" in out
    assert "Found 1 problem (1 error) in 1 file." in out


_WIDE_OR_NARROW = st.text(
    alphabet=st.sampled_from(["a", " ", "|", "`", "中", "语", "😀", "ｆ", "é"]), max_size=150
)


@settings(max_examples=300, deadline=None)
@given(before=_WIDE_OR_NARROW, span=_WIDE_OR_NARROW.filter(bool), after=_WIDE_OR_NARROW)
def test_snippet_caret_always_starts_under_the_span(before, span, after):
    shown, caret = snippet(before + span + after, len(before) + 1, len(before) + len(span) + 1)
    padding = len(caret) - len(caret.lstrip(" "))
    # Walk the shown line to the caret's column: it must land on a character boundary...
    index, width = 0, 0
    while width < padding:
        width += _width(shown[index])
        index += 1
    assert width == padding
    # ...where the span starts, after all of `before` or an ellipsis and the end of `before`.
    head = shown[:index]
    assert head == before or (head.startswith("…") and before.endswith(head[1:]) and _width(head) <= 41)
    assert shown[index:].startswith(span[0])
    carets = caret.count("^")
    assert caret == " " * padding + "^" * carets
    if _width(span) <= 60:
        assert carets == max(_width(span), 1)
    else:
        assert 1 <= carets <= 60
    assert _width(shown) <= 41 + 61 + 21


# --- colour -----------------------------------------------------------------------


def test_no_colour_when_not_a_tty(run, workdir):
    write(workdir, "t.md", RAGGED)
    for fmt in ("text", "full"):
        assert "\x1b[" not in run("check", "--output-format", fmt, "t.md").stdout


@pytest.mark.parametrize("fmt", ["text", "full"])
def test_force_color_colours_text_and_full(run, workdir, fmt):
    write(workdir, "t.md", RAGGED)
    out = run("check", "--output-format", fmt, "t.md", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[31;1mTL001\x1b[0m" in out


@pytest.mark.parametrize("fmt", ["text", "full", "json", "github", "sarif"])
def test_no_color_wins_over_force_color(run, workdir, fmt):
    write(workdir, "t.md", RAGGED)
    out = run("check", "--output-format", fmt, "t.md", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "\x1b" not in out


@pytest.mark.parametrize("fmt", ["json", "github", "sarif"])
def test_machine_formats_are_never_coloured(run, workdir, fmt):
    write(workdir, "t.md", RAGGED)
    assert "\x1b" not in run("check", "--output-format", fmt, "t.md", env={"FORCE_COLOR": "1"}).stdout


def _run_on_a_tty(args: list[str], cwd: Path, extra_env: dict[str, str]) -> str:
    import pty

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(extra_env)
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "tablelint", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=secondary,
        stderr=subprocess.PIPE,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # EIO: the program closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(primary)
    return b"".join(chunks).decode()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_colour_on_a_real_tty_unless_no_color(tmp_path):
    write(tmp_path, "t.md", RAGGED)
    coloured = _run_on_a_tty(["check", "t.md"], tmp_path, {})
    assert "\x1b[31;1mTL001\x1b[0m" in coloured
    plain = _run_on_a_tty(["check", "t.md"], tmp_path, {"NO_COLOR": "1"})
    assert "TL001" in plain and "\x1b" not in plain
    machine = _run_on_a_tty(["check", "--output-format", "json", "t.md"], tmp_path, {})
    assert "\x1b" not in machine


# --- what reaches a terminal: control characters, odd file names --------------------

# An OSC sequence that sets the terminal's title, then one that turns text red,
# and a right-to-left override that reorders what follows it.
HOSTILE_CELL = "arxiv2022\x1b]0;pwned\x07\x1b[31m\u202e"
# The other rows make the column a column of sources, which malformed-source
# checks cell by cell.
HOSTILE = (
    f"| 名称 | 来源 |\n| --- | --- |\n| PEER | {HOSTILE_CELL} |\n"
    "| LaMDA | arXiv 2022 |\n| GPT-3 | NeurIPS 2020 |\n"
)
HOSTILE_SHOWN = "arxiv2022\\x1b]0;pwned\\x07\\x1b[31m\\u202e"


@pytest.mark.parametrize("fmt", ["text", "full", "github"])
def test_control_characters_from_a_cell_are_escaped_for_the_terminal(run, workdir, fmt):
    write(workdir, "t.md", HOSTILE)
    out = run("check", "--output-format", fmt, "--select", "TL204", "t.md").stdout
    assert "TL204" in out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert HOSTILE_SHOWN in out


def test_the_full_caret_stays_under_an_escaped_span(run, workdir):
    write(workdir, "t.md", HOSTILE)
    out = run("check", "--output-format", "full", "--select", "TL204", "t.md").stdout
    shown, caret = source_and_caret(out, 3)
    assert shown == f"| PEER | {HOSTILE_SHOWN} |"
    assert_caret_under(shown, caret, HOSTILE_SHOWN)


def test_a_file_name_with_control_characters_is_escaped_too(run, workdir):
    name = "evil\x1b]0;x\x07.md"
    write(workdir, name, RAGGED)
    for fmt in ("text", "full", "github"):
        out = run("check", "--output-format", fmt, "--select", "TL001", name).stdout
        assert "\x1b" not in out and "evil\\x1b]0;x\\x07.md" in out


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_and_sarif_keep_the_real_text_encoded(run, workdir, fmt):
    write(workdir, "t.md", HOSTILE)
    out = run("check", "--output-format", fmt, "--select", "TL204", "t.md").stdout
    assert "\x1b" not in out and "\\u001b" in out
    messages = ([d["message"] for d in json.loads(out)] if fmt == "json"
                else [r["message"]["text"] for r in validate_sarif(out)["runs"][0]["results"]])
    assert len(messages) == 1 and HOSTILE_CELL in messages[0]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the file system insists on Unicode names")
def test_a_file_name_that_is_not_utf8(run, workdir):
    name = os.fsdecode(b"caf\xe9 \xff.md")  # surrogate escapes, as Python reads such a name
    (workdir / name).write_bytes(RAGGED.encode())
    sarif = run("check", "--output-format", "sarif", "--select", "TL001", name)
    assert sarif.exit_code == 1, sarif.stderr
    log = validate_sarif(sarif.stdout_bytes.decode("utf-8"))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"caf%E9%20%FF.md"}
    assert "caf\\xe9 \\xff.md" in log["runs"][0]["results"][0]["partialFingerprints"]["tablelint/v1"]
    # JSON keeps the name itself (json.loads gives back the surrogate escapes), in valid UTF-8.
    as_json = run("check", "--output-format", "json", "--select", "TL001", name)
    assert {d["path"] for d in json.loads(as_json.stdout_bytes.decode("utf-8"))} == {name}
    for fmt in ("text", "full", "github"):
        out = run("check", "--output-format", fmt, "--select", "TL001", name).stdout_bytes.decode("utf-8")
        assert "caf\\xe9 \\xff.md:3:1" in out or "caf\\xe9 \\xff.md" in out


_TERMINAL_TRAPS = list("\x1b\x07\t\n\r\x7f\x85\u202e\u2066\u3000\u200d")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(_TERMINAL_TRAPS),
                                  st.sampled_from([chr(0xDC80 + n) for n in range(128)]))))
def test_terminal_text_is_the_pattern_escaped_and_leaves_nothing_to_act_on(text):
    from tablelint.report.style import _UNPRINTABLE, _escaped, terminal_text

    shown = terminal_text(text)
    assert shown == _UNPRINTABLE.sub(_escaped, text)  # the fast paths agree with the pattern
    assert _UNPRINTABLE.search(shown) is None
    shown.encode("utf-8")  # printable anywhere

"""The command-line contract: exit codes (0 clean, 1 problems, 2 usage, config
or input error), one-line messages on stderr and never a traceback, paths and
directories, stdin, rule selection, and the `rules`/`rule` commands.

Most tests run in-process through click's CliRunner (the ``run`` fixture);
the ``slow`` ones start ``python -m tablelint`` for real.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tablelint.rules import ALL_RULES

# Two column-count problems: a short row (line 3) and a long one (line 4).
RAGGED = "| a | b |\n| --- | --- |\n| 1 |\n| 1 | 2 | 3 |\n"
CLEAN = "| a | b |\n| --- | --- |\n| 1 | 2 |\n"
# Only a warning: a suppression comment that suppresses nothing.
WARNING_ONLY = (
    "| a | b |\n| --- | --- |\n| 1 | 2 |\n\n<!-- tablelint-disable-next-line column-count -->\ntext\n"
)


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def json_diagnostics(result) -> list[dict]:  # type: ignore[no-untyped-def]
    return json.loads(result.stdout)


def assert_one_line_error(result, *fragments: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tablelint: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


# --- exit codes -------------------------------------------------------------


def test_clean_file_exits_0(run, workdir):
    write(workdir, "ok.md", CLEAN)
    result = run("check", "ok.md")
    assert result.exit_code == 0
    assert "All checks passed (1 file)." in result.stdout
    assert result.stderr == ""


def test_problems_exit_1_with_one_line_each(run, workdir):
    write(workdir, "t.md", RAGGED)
    result = run("check", "t.md")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("t.md:3:1: TL001 column-count: row has 1 cell, the header has 2")
    assert lines[1].startswith("t.md:4:1: TL001 column-count: row has 3 cells, the header has 2")
    assert "Found 2 problems (2 errors) in 1 file." in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize(
    "content",
    ["", "\n", "# Title\n\nJust a paragraph | with a pipe.\n", "\ufeff", "| not | a table |\n"],
    ids=["empty", "newline", "no-table", "bom-only", "header-without-delimiter"],
)
def test_files_without_tables_exit_0(run, workdir, content):
    write(workdir, "n.md", content)
    result = run("check", "n.md")
    assert result.exit_code == 0, result.output
    assert "All checks passed" in result.stdout


def test_exit_zero_reports_but_exits_0(run, workdir):
    write(workdir, "t.md", RAGGED)
    result = run("check", "--exit-zero", "t.md")
    assert result.exit_code == 0
    assert "t.md:3:1: TL001" in result.stdout


def test_fail_on_sets_the_lowest_failing_severity(run, workdir):
    write(workdir, "w.md", WARNING_ONLY)
    default = run("check", "w.md")
    assert default.exit_code == 0
    assert "TL902 unused-suppression" in default.stdout
    assert run("check", "--fail-on", "warning", "w.md").exit_code == 1
    assert run("check", "--fail-on", "info", "w.md").exit_code == 1
    write(workdir, "e.md", RAGGED)
    assert run("check", "--fail-on", "error", "e.md").exit_code == 1
    assert run("check", "--fail-on", "warning", "--exit-zero", "w.md").exit_code == 0


def test_statistics_counts_per_rule(run, workdir):
    write(workdir, "t.md", RAGGED + "\n" + WARNING_ONLY)
    result = run("check", "--statistics", "t.md")
    lines = result.stdout.splitlines()
    # Counts only, as ruff prints them: no line per problem.
    assert not any(line.startswith("t.md:") for line in lines)
    assert lines[0].split() == ["count", "code", "name", "fixable"]
    assert lines[1].split() == ["2", "TL001", "column-count", "-"]
    assert lines[2].split() == ["1", "TL902", "unused-suppression", "-"]
    assert lines[3] == "Found 3 problems (2 errors, 1 warning) in 1 file."
    assert result.exit_code == 1
    # Without the option, no counts.
    assert not any(line.split()[:2] == ["2", "TL001"] for line in run("check", "t.md").stdout.splitlines())


def test_statistics_fixable_column_counts_safe_and_unsafe_fixes(run, workdir):
    # Two sources to respell (safe fixes) and a row split by the pipe of a code span (an unsafe fix).
    write(workdir, "t.md", "| 名称 | 来源 |\n| --- | --- |\n| Alpha | arxiv2022 |\n| Beta | arxiv2023 |\n"
                           "| `p|q` | arXiv 2021 |\n")
    lines = run("check", "--statistics", "t.md").stdout.splitlines()
    rows = {line.split()[1]: line.split() for line in lines[1:] if line.split()[1:2] and line.split()[1][:2] == "TL"}
    assert rows["TL204"][3:] == ["2"]
    assert rows["TL001"][3:] == ["(+1", "unsafe)"]
    stats = json.loads(run("check", "--statistics", "--output-format", "json", "t.md").stdout)
    assert {"code": "TL001", "name": "column-count", "count": 1, "fixable": 0, "unsafe_fixable": 1} in stats
    assert next(entry for entry in stats if entry["code"] == "TL204")["fixable"] == 2


def test_statistics_is_refused_for_formats_that_cannot_hold_it(run, workdir):
    write(workdir, "t.md", RAGGED)
    result = run("check", "--statistics", "--output-format", "sarif", "t.md")
    assert result.exit_code == 2
    assert "--statistics" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--output-format", "xml", "t.md"],
        ["check", "--fail-on", "fatal", "t.md"],
        ["check", "--no-such-option", "t.md"],
        ["no-such-command"],
        ["extract"],
    ],
    ids=["bad-format", "bad-fail-on", "unknown-option", "unknown-command", "missing-argument"],
)
def test_usage_errors_exit_2(run, workdir, args):
    write(workdir, "t.md", RAGGED)
    result = run(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_an_unexpected_exception_is_one_line_not_a_traceback(run, workdir, monkeypatch):
    import tablelint.engine.files

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(tablelint.engine.files, "check_files", broken)
    write(workdir, "t.md", RAGGED)
    result = run("check", "t.md")
    assert_one_line_error(result, "internal error", "RuntimeError: boom", "TABLELINT_DEBUG")


# --- bad input ----------------------------------------------------------------


def test_missing_path(run, workdir):
    result = run("check", "nope.md")
    assert_one_line_error(result, "nope.md: no such file or directory")
    assert result.stdout == ""


def test_directory_without_markdown(run, workdir):
    write(workdir, "docs/notes.txt", RAGGED)
    (workdir / "empty").mkdir()
    for directory in ("docs", "empty"):
        result = run("check", directory)
        assert_one_line_error(result, f"{directory}: directory has no Markdown files")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"| a |\n| --- |\n| \x00 |\n", "b.md: binary file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "b.md: binary file"),
        (b"| a |\n| --- |\n| caf\xe9 |\n", "b.md:3:6: not valid UTF-8 (byte 0xe9)"),
        (b"\xff\xfe|\x00 \x00a\x00", "b.md: file is UTF-16 encoded"),
        ("| 名称 |\n| --- |\n| 中".encode() + b"\xe6\x96 |\n", "b.md:3:4: not valid UTF-8 (byte 0xe6)"),
    ],
    ids=["nul", "png", "latin-1", "utf-16", "truncated-cjk"],
)
def test_undecodable_files_exit_2_with_their_position(run, workdir, content, expected):
    write(workdir, "b.md", content)
    result = run("check", "b.md")
    assert_one_line_error(result, expected)
    assert result.stdout == ""


def test_unreadable_file(run, workdir, monkeypatch):
    write(workdir, "locked.md", RAGGED)
    original = os.open

    def deny(path, flags, *args):  # type: ignore[no-untyped-def]
        if os.fspath(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied")
        return original(path, flags, *args)

    monkeypatch.setattr(os, "open", deny)
    assert_one_line_error(run("check", "locked.md"), "locked.md: permission denied")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_for_real(run, workdir):
    path = write(workdir, "locked.md", RAGGED)
    path.chmod(0)
    try:
        assert_one_line_error(run("check", "locked.md"), "locked.md: permission denied")
    finally:
        path.chmod(0o644)


def test_input_errors_do_not_hide_other_files_problems(run, workdir):
    write(workdir, "t.md", RAGGED)
    result = run("check", "t.md", "nope.md")
    # The readable file is still reported, and the run fails as an input error.
    assert result.exit_code == 2
    assert "t.md:3:1: TL001" in result.stdout
    assert result.stderr.splitlines() == ["tablelint: nope.md: no such file or directory"]


# --- paths, directories, stdin -------------------------------------------------


def _checked_paths(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {Path(d["path"]).as_posix() for d in json_diagnostics(result)}


def test_directories_are_searched_for_markdown(run, workdir):
    for name in (
        "a.md",
        "sub/b.markdown",
        "sub/deep/C.MD",
        "sub/c.txt",
        "sub/c.rst",
        ".hidden/d.md",
        "sub/.git/e.md",
        "node_modules/pkg/f.md",
        "sub/node_modules/g.md",
    ):
        write(workdir, name, RAGGED)
    result = run("check", "--output-format", "json", ".")
    assert result.exit_code == 1
    assert _checked_paths(result) == {"a.md", "sub/b.markdown", "sub/deep/C.MD"}


def test_no_path_means_the_current_directory(run, workdir):
    write(workdir, "a.md", RAGGED)
    write(workdir, "node_modules/x.md", RAGGED)
    result = run("check", "--output-format", "json")
    assert _checked_paths(result) == {"a.md"}


def test_named_paths_are_checked_even_where_a_search_would_skip_them(run, workdir):
    write(workdir, ".hidden/d.md", RAGGED)
    write(workdir, "node_modules/f.md", RAGGED)
    write(workdir, "notes.txt", RAGGED)
    result = run("check", "--output-format", "json", ".hidden", "node_modules/f.md", "notes.txt")
    assert _checked_paths(result) == {".hidden/d.md", "node_modules/f.md", "notes.txt"}


def test_a_file_named_twice_is_checked_once(run, workdir):
    write(workdir, "t.md", RAGGED)
    result = run("check", "--output-format", "json", "t.md", "./t.md", ".")
    assert len(json_diagnostics(result)) == 2


def test_stdin(run, workdir):
    result = run("check", "-", input=RAGGED)
    assert result.exit_code == 1
    assert result.stdout.startswith("-:3:1: TL001 column-count")


def test_stdin_filename_names_the_input(run, workdir):
    result = run("check", "--output-format", "json", "--stdin-filename", "docs/papers.md", "-", input=RAGGED)
    diagnostics = json_diagnostics(result)
    assert [d["path"] for d in diagnostics] == ["docs/papers.md", "docs/papers.md"]
    assert [d["line"] for d in diagnostics] == [3, 4]


def test_stdin_bad_input_is_named_by_stdin_filename(run, workdir):
    result = run("check", "--stdin-filename", "in.md", "-", input=b"| a |\n|---|\n| \xff |\n")
    assert_one_line_error(result, "in.md:3:3: not valid UTF-8")


def test_stdin_together_with_files(run, workdir):
    write(workdir, "t.md", RAGGED)
    result = run("check", "--output-format", "json", "t.md", "-", input=CLEAN + "| x |\n")
    assert sorted((d["path"], d["line"]) for d in json_diagnostics(result)) == [
        ("-", 4),
        ("t.md", 3),
        ("t.md", 4),
    ]


# --- positions in BOM and CRLF files -------------------------------------------


def test_bom_and_crlf_positions(run, workdir):
    # Line 1: a suppression that suppresses nothing (TL902), right after the BOM.
    content = (
        "\ufeff<!-- tablelint-disable-next-line TL001 -->\r\n"
        "text\r\n"
        "\r\n"
        "| k | v |\r\n"
        "| --- | --- |\r\n"
        "| 中文 | `a|b` |\r\n"
        "| x |\r\n"
    )
    write(workdir, "w.md", content)
    result = run("check", "--output-format", "json", "w.md")
    found = {(d["code"], d["line"]): d for d in json_diagnostics(result)}
    unused = found[("TL902", 1)]
    # The BOM is not a column; the comment is 42 code points long.
    assert (unused["column"], unused["end_column"]) == (1, 43)
    code_span = found[("TL001", 6)]
    # "| 中文 | " is 7 code points: the code span starts at column 8.
    assert (code_span["column"], code_span["end_column"]) == (8, 13)
    short = found[("TL001", 7)]
    # The span ends at the last character, before the \r.
    assert (short["column"], short["end_column"]) == (1, 6)
    assert (short["table"], short["row"]) == (1, 2)


def test_lone_cr_newlines_count_as_lines(run, workdir):
    write(workdir, "cr.md", RAGGED.replace("\n", "\r"))
    result = run("check", "--output-format", "json", "cr.md")
    assert [d["line"] for d in json_diagnostics(result)] == [3, 4]


def test_a_form_feed_does_not_shift_lines(run, workdir):
    # str.splitlines() would split at \x0c and push every later line down.
    write(workdir, "ff.md", "Intro \x0c page\n\n" + RAGGED)
    result = run("check", "--output-format", "json", "ff.md")
    assert [d["line"] for d in json_diagnostics(result)] == [5, 6]


# --- large inputs -----------------------------------------------------------------


def test_a_2mb_cell(run, workdir):
    cell = "长" * 700_000  # 2.1 MB of UTF-8 in one cell
    write(workdir, "big.md", f"| a | b |\n| --- | --- |\n| {cell} |\n| x | y |\n")
    result = run("check", "--output-format", "json", "big.md")
    assert result.exit_code == 1
    [diagnostic] = json_diagnostics(result)
    assert (diagnostic["line"], diagnostic["column"], diagnostic["end_column"]) == (3, 1, len(cell) + 5)
    full = run("check", "--output-format", "full", "big.md")
    # The source line is clipped for the terminal, not printed whole.
    assert max(len(line) for line in full.stdout.splitlines()) < 300


def test_a_100k_row_table(run, workdir):
    rows = "".join(f"| {i} | v |\n" for i in range(1, 100_000))
    write(workdir, "rows.md", "| n | v |\n| --- | --- |\n" + rows + "| last |\n")
    result = run("check", "--output-format", "json", "--select", "TL001", "rows.md")
    assert result.exit_code == 1
    [diagnostic] = json_diagnostics(result)
    assert (diagnostic["line"], diagnostic["row"]) == (100_002, 100_000)


# --- rule selection -----------------------------------------------------------------


@pytest.mark.parametrize(
    "selector", ["TL001", "tl001", "column-count", "TL0", "TL00", "TL", "ALL", "TL001,TL902"]
)
def test_select_by_code_name_and_prefix(run, workdir, selector):
    write(workdir, "t.md", RAGGED)
    result = run("check", "--output-format", "json", "--select", selector, "t.md")
    diagnostics = json_diagnostics(result)
    assert [d["line"] for d in diagnostics if d["code"] == "TL001"] == [3, 4]
    # Nothing outside the selection runs (ALL and TL may include off-by-default rules).
    wanted = selector.upper().replace("COLUMN-COUNT", "TL001").replace("ALL", "TL").split(",")
    assert all(d["code"].startswith(tuple(wanted)) for d in diagnostics)


UNKNOWN_CODE_SUPPRESSION = "\n<!-- tablelint-disable-next-line TL0O1 -->\ntext\n"


def test_select_only_runs_the_selected_rules(run, workdir):
    write(workdir, "t.md", RAGGED + "\n" + WARNING_ONLY + UNKNOWN_CODE_SUPPRESSION)
    result = run("check", "--output-format", "json", "--select", "TL9", "t.md")
    # column-count did not run: its suppression is not called unused.
    assert [(d["code"], d["line"]) for d in json_diagnostics(result)] == [("TL902", 13)]


@pytest.mark.parametrize("selector", ["TL001", "column-count", "TL0", "TL00"])
def test_ignore_by_code_name_and_prefix(run, workdir, selector):
    write(workdir, "t.md", RAGGED)
    result = run("check", "--ignore", selector, "t.md")
    assert result.exit_code == 0
    assert "TL001" not in result.stdout


def test_ignore_wins_over_select(run, workdir):
    write(workdir, "t.md", RAGGED)
    result = run("check", "--select", "TL001", "--ignore", "column-count", "t.md")
    assert result.exit_code == 0


def test_select_and_ignore_can_be_repeated(run, workdir):
    write(workdir, "t.md", RAGGED + "\n" + WARNING_ONLY + UNKNOWN_CODE_SUPPRESSION)
    result = run(
        "check",
        "--output-format",
        "json",
        "--select",
        "TL001",
        "--select",
        "TL902",
        "--ignore",
        "TL001",
        "t.md",
    )
    assert {d["code"] for d in json_diagnostics(result)} == {"TL902"}


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
@pytest.mark.parametrize("selector", ["TL999", "no-such-rule", "TL7", "TL001,bogus"])
def test_unknown_rule_is_a_usage_error(run, workdir, option, selector):
    write(workdir, "t.md", RAGGED)
    result = run("check", option, selector, "t.md")
    bad = selector.split(",")[-1]
    assert_one_line_error(result, f"unknown rule selector '{bad}' in {option}")
    assert result.stdout == ""


# --- rules and rule ---------------------------------------------------------------------


def test_rules_lists_every_rule(run, workdir):
    result = run("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(ALL_RULES)
    for rule, line in zip(ALL_RULES, lines, strict=True):
        assert line.startswith(f"{rule.code}  {rule.name}")
    assert any(line.startswith("TL001  column-count") and "error" in line for line in lines)


def test_rules_json(run, workdir):
    data = json.loads(run("rules", "--json").stdout)
    assert [entry["code"] for entry in data] == [rule.code for rule in ALL_RULES]
    for entry in data:
        assert set(entry) == {"code", "name", "severity", "fix", "enabled_by_default", "summary"}
        assert entry["severity"] in {"error", "warning", "info"}
        assert isinstance(entry["enabled_by_default"], bool)
    column_count = next(entry for entry in data if entry["code"] == "TL001")
    assert column_count["name"] == "column-count"


@pytest.mark.parametrize("name", ["TL001", "tl001", "column-count", "Column-Count"])
def test_rule_explains_one_rule(run, workdir, name):
    result = run("rule", name)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("# column-count (TL001)\n")
    assert "Default severity: error." in out
    for heading in (
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## Fix safety",
    ):
        assert heading in out
    assert "`a|b`" in out  # the bad example


def test_rule_unknown_exits_2(run, workdir):
    result = run("rule", "TL999")
    assert_one_line_error(result, "unknown rule 'TL999'")


# --- the real program -------------------------------------------------------------------


def _tablelint(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TABLELINT_DEBUG")}
    return subprocess.run(
        [sys.executable, "-m", "tablelint", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_python_m_tablelint_end_to_end(tmp_path):
    write(tmp_path, "t.md", RAGGED)
    write(tmp_path, "ok.md", CLEAN)
    version = _tablelint("--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith(b"tablelint, version ")

    problems = _tablelint("check", "t.md", cwd=tmp_path)
    assert problems.returncode == 1
    assert problems.stdout.decode().startswith("t.md:3:1: TL001 column-count")
    assert problems.stderr == b""

    assert _tablelint("check", "ok.md", cwd=tmp_path).returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "content", "expected"),
    [
        (["check", "nope.md"], None, b"tablelint: nope.md: no such file or directory"),
        (["check", "b.md"], b"ab\x00cd", b"tablelint: b.md: binary file"),
        (["check", "--select", "nope", "b.md"], b"", b"tablelint: unknown rule selector 'nope' in --select"),
        (["extract", "--table", "2", "b.md"], CLEAN.encode(), b"tablelint: b.md: has 1 table; no table 2"),
    ],
    ids=["missing", "binary", "unknown-rule", "no-such-table"],
)
def test_python_m_tablelint_input_errors(tmp_path, args, content, expected):
    if content is not None:
        write(tmp_path, "b.md", content)
    result = _tablelint(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(expected)
    assert b"Traceback" not in result.stderr
    assert result.stdout == b""


@pytest.mark.slow
def test_python_m_tablelint_stdin(tmp_path):
    result = _tablelint(
        "check",
        "--output-format",
        "json",
        "--stdin-filename",
        "x.md",
        "-",
        cwd=tmp_path,
        stdin=RAGGED.encode(),
    )
    assert result.returncode == 1
    assert [(d["path"], d["line"]) for d in json.loads(result.stdout)] == [("x.md", 3), ("x.md", 4)]

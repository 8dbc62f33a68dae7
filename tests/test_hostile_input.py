"""Hostile input and bad config: nothing hangs the run or exhausts memory,
and every refusal is one line on stderr naming the file (and the key), exit 2.

Where the old behaviour was a hang, the test starts a real process with a
timeout, so that a regression fails the test instead of stopping the suite.
Times are compared within the test (a larger input against a smaller one, or
against another computation of the same run), never against a fixed figure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tablelint.datafiles import MAX_DATA_DEPTH, MAX_DATA_FILE_SIZE, load_data_file
from tablelint.diagnostics import Diagnostic, Severity
from tablelint.engine.lint import RunOptions, finish, lint_source
from tablelint.engine.suppress import Directive, Suppressions
from tablelint.errors import ConfigError
from tablelint.parse.source import decode

# The ``run`` fixture (conftest.py): the command line in-process.
Runner = Callable[..., Any]

TABLE = "| name | notes |\n| --- | --- |\n| LaMDA | a model |\n"
RAGGED = "| a | b |\n| --- | --- |\n| 1 |\n"
# 546 bytes of YAML that stand for 9**9 (387 million) strings: each anchor
# is a list of nine aliases of the one before.
ALIAS_BOMB = (
    "name: bomb\nfields:\n  - name: a\n    constraints:\n      enum: &l9 [&l0 [x, x, x, x, x, x, x, x, x],\n"
    + "".join(
        f"        &l{level} [{', '.join([f'*l{level - 1}'] * 9)}],\n" for level in range(1, 9)
    )
    + "      ]\n"
)


def tablelint(*args: str, cwd: Path, timeout: float = 60, stdin: int | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m tablelint`` for real: a hang fails at ``timeout``."""
    environment = {**os.environ, "TABLELINT_JOBS": "1"}
    environment.pop("TABLELINT_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "tablelint", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
        env=environment, stdin=stdin if stdin is not None else subprocess.DEVNULL,
    )


def one_line_error(result: Any, *fragments: str) -> str:
    """The one line on stderr of a run (a subprocess's or click's result)
    that exited 2, holding each of ``fragments``."""
    code = result.returncode if isinstance(result, subprocess.CompletedProcess) else result.exit_code
    stderr = result.stderr
    assert code == 2, (code, result.stdout, stderr)
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tablelint: "), stderr
    assert "Traceback" not in stderr and "Usage:" not in stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


# --- Config, schema and data files --------------------------------------------


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(ALIAS_BOMB)
    assert len(ALIAS_BOMB) < 600
    started = time.process_time()
    with pytest.raises(ConfigError) as refused:
        load_data_file(bomb)
    assert time.process_time() - started < 1.0
    message = str(refused.value)
    assert str(bomb) in message and "key 'fields.0.constraints.enum.1.0'" in message and "alias" in message


@pytest.mark.slow
def test_the_alias_bomb_as_a_schema_ends_the_run_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "bomb.yaml").write_text(ALIAS_BOMB)
    (tmp_path / "t.md").write_text(TABLE)
    # Before: the process grew past 9.5 GB. The timeout is for a loaded
    # machine; the refusal itself takes milliseconds (the test above).
    result = tablelint("check", "--offline", "--schema", "bomb.yaml", "t.md", cwd=tmp_path, timeout=30)
    one_line_error(result, "bomb.yaml", "a YAML alias")


def test_aliases_are_refused_in_vocabulary_files_too(tmp_path: Path, run: Runner) -> None:
    (tmp_path / "words.yaml").write_text("terms: [&d DeepMind, *d]\n")
    (tmp_path / "s.yaml").write_text(
        "fields:\n  - name: name\n  - name: notes\nvocabulary:\n  include: [words.yaml]\n"
    )
    (tmp_path / "t.md").write_text(TABLE)
    one_line_error(run("check", "--offline", "--schema", str(tmp_path / "s.yaml"), str(tmp_path / "t.md")),
                   "words.yaml", "key 'terms.1'", "a YAML alias")


def test_anchors_without_aliases_still_load(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("fields:\n  - &f {name: a}\n")
    assert load_data_file(path) == {"fields": [{"name": "a"}]}


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_schema_nested_100000_deep_is_one_line(tmp_path: Path, run: Runner, suffix: str) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    path = tmp_path / f"deep{suffix}"
    if suffix == ".json":
        path.write_text('{"fields": [{"name": "a", "constraints": {"enum": ' + deep + "}}]}")
    else:
        path.write_text("fields:\n  - name: a\n    constraints: {enum: " + deep + "}\n")
    (tmp_path / "t.md").write_text(TABLE)
    # Before: a RecursionError for JSON ("internal error").
    one_line_error(run("check", "--offline", "--schema", str(path), str(tmp_path / "t.md")), f"deep{suffix}")


def test_nesting_past_the_depth_limit_names_the_key(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    deep = "[" * MAX_DATA_DEPTH + "]" * MAX_DATA_DEPTH
    path.write_text('{"fields": [{"name": "a", "constraints": {"enum": ' + deep + "}}]}")
    with pytest.raises(ConfigError, match=r"key 'fields\.0\.constraints\.enum(\.0)+': values nested deeper than"):
        load_data_file(path)


def test_a_schema_file_over_the_size_limit_is_refused(tmp_path: Path, run: Runner) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("fields:\n  - name: a\n" + "# padding\n" * (MAX_DATA_FILE_SIZE // 10 + 1))
    (tmp_path / "t.md").write_text(TABLE)
    one_line_error(run("check", "--offline", "--schema", str(path), str(tmp_path / "t.md")),
                   "big.yaml", "larger than 5 MB")


def test_an_invalid_pattern_names_the_schema_file_and_key(tmp_path: Path, run: Runner) -> None:
    schema = tmp_path / "p.yaml"
    schema.write_text('fields:\n  - name: name\n    constraints: {pattern: "[a-"}\n  - name: notes\n')
    (tmp_path / "t.md").write_text(TABLE)
    # Before: "internal error: error: unterminated character set" once a cell met it.
    one_line_error(run("check", "--offline", "--schema", str(schema), str(tmp_path / "t.md")),
                   "p.yaml", "schema key 'fields.0.constraints.pattern'", "not a valid regular expression")


def test_an_invalid_severity_names_the_file_and_key(tmp_path: Path, run: Runner) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.tablelint.severity]\nTL001 = "fatal"\n')
    (tmp_path / "t.md").write_text(RAGGED)
    # Before: ignored until a TL001 problem was found, then an internal error.
    one_line_error(run("check", "--offline", str(tmp_path / "t.md")),
                   "pyproject.toml [tool.tablelint]", "'severity.TL001'", "'fatal'")


@pytest.mark.parametrize(
    ("table", "fragment"),
    [
        ('[per-file-ignores]\n"*.md" = "TL001"\n', "'per-file-ignores.\"*.md\"'"),
        ('[schemas]\n"*.md" = 1\n', "'schemas.\"*.md\"'"),
        ('max-file-size = "lots"\n', "'max-file-size' must be a positive number of bytes"),
        # Before: selected nothing, and the check passed in silence.
        ('select = ["TL999"]\n', "unknown rule selector 'TL999' in 'select'"),
        ('[per-file-ignores]\n"*.md" = ["TL1", "no-such-rule"]\n', "unknown rule selector 'no-such-rule'"),
    ],
)
def test_other_values_inside_config_tables_are_checked(tmp_path: Path, run: Runner, table: str, fragment: str) -> None:
    (tmp_path / "tablelint.toml").write_text(table)
    (tmp_path / "t.md").write_text(RAGGED)
    one_line_error(run("check", "--offline", str(tmp_path / "t.md")), "tablelint.toml", fragment)


def test_a_pyproject_with_a_syntax_error_is_an_error_not_skipped(tmp_path: Path, run: Runner) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.tablelint\nignore = ["TL001"]\n')
    (tmp_path / "t.md").write_text(RAGGED)
    # Before: the file was skipped, its settings silently not applied (exit 1).
    one_line_error(run("check", "--offline", str(tmp_path / "t.md")), "pyproject.toml", "invalid TOML")


def test_a_config_nested_too_deeply_is_one_line(tmp_path: Path, run: Runner) -> None:
    (tmp_path / "tablelint.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    (tmp_path / "t.md").write_text(RAGGED)
    one_line_error(run("check", "--offline", str(tmp_path / "t.md")), "tablelint.toml")


def test_a_config_error_stops_the_run(tmp_path: Path, run: Runner) -> None:
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "a.md").write_text(RAGGED)
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "tablelint.toml").write_text('ignore = ["TL001"]\nbogus = 1\n')
    (tmp_path / "bad" / "b.md").write_text(RAGGED)
    result = run("check", "--offline", str(tmp_path / "good" / "a.md"), str(tmp_path / "bad" / "b.md"))
    one_line_error(result, "tablelint.toml", "unknown key 'bogus'")
    # Before: a.md was reported as if nothing were wrong. A config error is
    # not one bad file: the run stops, and prints no results.
    assert result.stdout == ""


def test_a_bad_file_does_not_stop_the_others(tmp_path: Path, run: Runner) -> None:
    (tmp_path / "a.md").write_bytes(b"| a |\n| - |\n| \xff |\n")
    (tmp_path / "b.md").write_text(RAGGED)
    result = run("check", "--offline", str(tmp_path / "a.md"), str(tmp_path / "b.md"))
    one_line_error(result, "a.md", "not valid UTF-8")
    assert "b.md:3:1: TL001" in result.stdout


def test_a_config_path_that_is_a_directory_is_one_line_not_usage(tmp_path: Path, run: Runner) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "t.md").write_text(TABLE)
    # Before: click's four lines of usage text.
    one_line_error(run("check", "--config", str(tmp_path / "conf"), str(tmp_path / "t.md")), "conf: is a directory")


def test_max_file_size_refuses_a_larger_file_and_checks_the_rest(tmp_path: Path, run: Runner) -> None:
    (tmp_path / "tablelint.toml").write_text('max-file-size = "1 KB"\n')
    (tmp_path / "big.md").write_text(RAGGED + "text\n" * 300)
    (tmp_path / "small.md").write_text(RAGGED)
    result = run("check", "--offline", str(tmp_path / "big.md"), str(tmp_path / "small.md"))
    one_line_error(result, "big.md: larger than max-file-size (1 KB)")
    assert "small.md:3:1: TL001" in result.stdout


# --- Files that are not regular files -------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_a_checked_directory_is_skipped_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(RAGGED)
    os.mkfifo(tmp_path / "pipe.md")
    # Before: blocked forever opening the FIFO.
    result = tablelint("check", "--offline", ".", cwd=tmp_path, timeout=30)
    assert result.returncode == 1, result.stderr
    assert "a.md:3:1: TL001" in result.stdout
    assert result.stderr.splitlines() == ["tablelint: note: ./pipe.md: skipped, not a regular file (a FIFO)"]


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_on_the_command_line_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    result = tablelint("check", "--offline", "pipe.md", cwd=tmp_path, timeout=30)
    one_line_error(result, "pipe.md: not a regular file (a FIFO)", "- reads standard input")


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_named_on_the_command_line_is_refused(tmp_path: Path) -> None:
    # Before: read /dev/zero until the memory ran out.
    result = tablelint("check", "--offline", "/dev/zero", cwd=tmp_path, timeout=30)
    one_line_error(result, "/dev/zero: not a regular file (a character device)")


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_endless_standard_input_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    (tmp_path / "tablelint.toml").write_text('max-file-size = "2 MB"\n')
    with open("/dev/zero", "rb") as zeros:
        result = tablelint("check", "--offline", "-", cwd=tmp_path, timeout=30, stdin=zeros.fileno())
    one_line_error(result, "-: larger than max-file-size (2 MB)")


@pytest.mark.slow
def test_closed_standard_input_is_one_line(tmp_path: Path) -> None:
    environment = {**os.environ}
    environment.pop("TABLELINT_DEBUG", None)
    result = subprocess.run(
        ["sh", "-c", 'exec "$0" -m tablelint check - <&-', sys.executable], cwd=tmp_path, capture_output=True,
        text=True, timeout=60, env=environment,
    )
    # Before: "internal error: AttributeError: 'NoneType' object has no attribute 'buffer'".
    one_line_error(result, "-: standard input is closed")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_symlink_loop_is_reported_and_the_run_goes_on(tmp_path: Path, run: Runner) -> None:
    # ``run`` works in tmp_path (the workdir fixture).
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(RAGGED)
    os.symlink("loop.md", tmp_path / "docs" / "loop.md")
    # Before: "internal error: RuntimeError: Symlink loop", and a.md's result lost.
    result = run("check", "--offline", "docs")
    one_line_error(result, "docs/loop.md: symlink loop")
    assert "docs/a.md:3:1: TL001" in result.stdout
    one_line_error(run("check", "--offline", "docs/loop.md"), "docs/loop.md: symlink loop")


# --- Scanners: time linear in the input -----------------------------------------


def check_seconds(text: str, repeat: int = 1) -> float:
    """The best of ``repeat`` in-process checks of ``text`` (links offline),
    in CPU time: other processes on a busy machine do not count. A check
    that blocks instead of computing is the test timeout's to catch."""
    options = RunOptions(offline=True, no_cache=True)
    source = decode(text.encode("utf-8"), "hostile.md")
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        finish([lint_source(source, options)], options)
        best = min(best, time.process_time() - started)
    return best


def cell(text: str, header: str = "| a | b |") -> str:
    """A table whose second cell is ``text``. Without a schema by default,
    so that every rule reads every column; ``| name | notes |`` binds the
    built-in paper-list schema, whose notes are references."""
    return header + "\n| --- | --- |\n| x | " + text + " |\n"


# Inputs that took a time quadratic in their size (the scanner that did, in brackets).
HOSTILE: dict[str, Callable[[int], str]] = {
    # <!--.*?--> in naming, the suppression patterns, the link scanner's search for -->.
    "comment openers": lambda n: cell("<!--" * n),
    # <!--\s*tablelint-...([^>]*?)\s*--> backtracking over the spaces.
    "unclosed disable and spaces": lambda n: cell("x <!-- tablelint-disable" + " " * (4 * n) + "y"),
    # Many unclosed suppression openers.
    "disable openers": lambda n: cell("<!-- tablelint-disable " * (n // 6)),
    # Suppressions scanned once per diagnostic.
    "disable-line on every row": lambda n: "| a | b |\n| --- | --- |\n" + (
        "| NULL <!-- tablelint-disable-line placeholder-row --> | NULL |\n" * (n // 16)
    ) + "| x | y |\n",
    # Code spans: a search for a closing run of each length, from each opener.
    "backtick runs of many lengths": lambda n: "| a | b |\n| --- | --- |\n| x | " + "".join(
        "`" * length + "|" for length in range(1, int((8 * n) ** 0.5))
    ) + "\n",
    # <(https?://[^>\s]+)> read to the end of a references cell from each "<http://".
    "unclosed autolinks": lambda n: cell("<http://1" * (n // 2), header="| name | notes |"),
    # [[...]] wikilinks looked for from each "[[".
    "wikilink openers": lambda n: "| a | b |\n| --- | --- |\n| x | y | " + "[[" * (2 * n) + "\n",
    # A delimiter row pattern with two runs of spaces side by side.
    "spaces before a dash": lambda n: "| a |\n" + " " * (4 * n) + "-x\n",
    # One wide row: column by column, every other row was visited per column.
    "one wide row under many rows": lambda n: "| a | b |\n| --- | --- |\n" + "| x | y |\n" * (n // 8) + "|" * n + "\n",
    # Each placeholder row looked at every other row for evidence.
    "placeholder rows": lambda n: "| a | b |\n| --- | --- |\n" + "| NULL | NULL |\n" * (n // 4) + "| x | y |\n",
}


def assert_linear(measure: Callable[[int], float], small: int, factor: int = 16) -> None:
    """``measure(n)`` (seconds) grows no faster than n: ``factor`` times the
    input takes about ``factor`` times as long if linear, ``factor ** 1.5``
    or ``factor ** 2`` times as long for the scanners these tests caught.
    The bound, 2.5 times the linear ratio and 50 ms for timer noise, leaves
    room for a loaded machine; a failure is measured once more before it counts."""
    measure(small)  # imports and compiled patterns, outside the timing
    small_time = min(measure(small) for _ in range(3))
    large_time = measure(small * factor)
    bound = 2.5 * factor * small_time + 0.05
    if large_time > bound:
        small_time = min(small_time, *(measure(small) for _ in range(3)))
        large_time = min(large_time, measure(small * factor))
        bound = 2.5 * factor * small_time + 0.05
    assert large_time <= bound, (small, factor, large_time, small_time)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_takes_time_linear_in_its_size(name: str) -> None:
    assert_linear(lambda n: check_seconds(HOSTILE[name](n)), 4_000)


def test_half_a_million_comment_openers_in_a_cell_take_linear_time() -> None:
    # Before: 128 KB of openers took 19 s, and 2 MB did not finish in 300 s.
    assert_linear(lambda n: check_seconds(cell("<!--" * n)), 62_500, factor=8)


# --- Suppressions ----------------------------------------------------------------


def _diagnostic(line: int) -> Diagnostic:
    return Diagnostic("TL102", "placeholder-cell", Severity.ERROR, "m", "t.md", line, 1, line, 2)


def _apply_seconds(lines: int) -> float:
    directives = [Directive("disable-line", ("placeholder-cell",), line, 1, 10) for line in range(1, lines + 1)]
    directives += [Directive("disable", ("TL9",), line, 1, 10) for line in range(1, lines + 1, 10)]
    diagnostics = [_diagnostic(line) for line in range(1, lines + 1)]
    started = time.process_time()
    kept = Suppressions(directives).apply(diagnostics)
    elapsed = time.process_time() - started
    assert kept == [] and all(d.used for d in directives if d.kind == "disable-line")
    return elapsed


def test_suppressions_are_looked_up_not_scanned_per_diagnostic() -> None:
    # Before: a test of every directive for every diagnostic (10,000 rows
    # with a disable-line each took 14 s, against 0.44 s without them).
    assert_linear(_apply_seconds, 2_000)


# --- Deep nesting ------------------------------------------------------------------


def _nested_table(depth: int, kind: str) -> str:
    rows = ("| a | b |", "| --- | --- |", "| 1 | 2 | 3 |")
    if kind == "quotes":
        return "".join("> " * depth + row + "\n" for row in rows)
    items = "".join("  " * level + "- item\n" for level in range(depth))
    return items + "".join("  " * depth + row + "\n" for row in rows)


@pytest.mark.parametrize("kind", ["quotes", "lists"])
def test_a_table_nested_too_deeply_is_reported_not_skipped(kind: str) -> None:
    from helpers import lint_text

    checked = lint_text(_nested_table(20, kind))
    assert [d.code for d in checked] == ["TL001"]  # 20 levels: parsed and checked
    text = _nested_table(30, kind)
    found = lint_text(text)
    # Before: nothing at all, as if the table were fine.
    assert [(d.code, d.severity) for d in found] == [("TL901", Severity.WARNING)]
    assert text.splitlines()[found[0].line - 1].endswith("| a | b |")
    assert "nested deeper than 20" in found[0].message


def test_thousands_of_quote_markers_take_linear_time() -> None:
    table = "| a | b |\n| --- | --- |\n| 1 | 2 |\n"
    assert_linear(lambda n: check_seconds("".join(">" * n + " " + row + "\n" for row in table.splitlines())), 2_000)

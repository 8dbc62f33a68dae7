"""The program's entry point ends the process without interpreter teardown
(entry.py): whatever it printed must still arrive whole, with the exit code
of the command, and a failure to write it must be reported, not lost."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[1] / "examples" / "llm-papers.md"


def _environment(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "TABLELINT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}


def _seed_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "llm-papers.md"
    shutil.copyfile(SEED, copy)
    return copy


def test_the_program_prints_what_an_ordinary_exit_prints(tmp_path: Path) -> None:
    copy = _seed_copy(tmp_path)
    arguments = ["check", "--offline", "--no-cache", str(copy)]
    program = subprocess.run([sys.executable, "-m", "tablelint", *arguments], capture_output=True, text=True,
                             env=_environment(tmp_path), timeout=120)
    # cli.main directly: Python's own exit, teardown and all.
    ordinary = subprocess.run(
        [sys.executable, "-c", "import sys; from tablelint.cli import main; main(sys.argv[1:])", *arguments],
        capture_output=True, text=True, env=_environment(tmp_path), timeout=120,
    )
    assert program.returncode == ordinary.returncode == 1
    assert program.stdout == ordinary.stdout
    # PEEK → PEER (learned from the row's own name) and Lambda → LaMDA are unsafe.
    assert program.stdout.endswith("[~] 2 more fixable with `tablelint fix --unsafe-fixes`.\n")
    assert program.stderr == ordinary.stderr


@pytest.mark.parametrize(("arguments", "code"), [(["--version"], 0), (["check", "--no-such-option"], 2)])
def test_the_program_exits_with_the_command_s_code(tmp_path: Path, arguments: list[str], code: int) -> None:
    run = subprocess.run([sys.executable, "-m", "tablelint", *arguments], capture_output=True, text=True,
                         env=_environment(tmp_path), timeout=120)
    assert run.returncode == code
    assert "Traceback" not in run.stderr
    assert (run.stdout if code == 0 else run.stderr).strip()


def test_a_fix_is_on_disk_when_the_program_ends(tmp_path: Path) -> None:
    copy = _seed_copy(tmp_path)
    # --offline: fix checks links as check does, and a test asks no server out there.
    run = subprocess.run([sys.executable, "-m", "tablelint", "fix", "--offline", str(copy)],
                         capture_output=True, text=True, env=_environment(tmp_path), timeout=120)
    # What remains holds an error, PEEK → PEER, whose fix waits for --unsafe-fixes.
    assert run.returncode == 1, run.stderr
    assert run.stderr == "Fixed 37 problems; 3 remain.\n"
    fixed = copy.read_text(encoding="utf-8")
    assert "arxiv2022" not in fixed and "arXiv 2022" in fixed


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_under_the_output_is_an_error_with_a_message(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        run = subprocess.run([sys.executable, "-m", "tablelint", "check", "--offline", str(_seed_copy(tmp_path))],
                             stdout=full, stderr=subprocess.PIPE, text=True, env=_environment(tmp_path),
                             timeout=120)
    assert run.returncode == 2
    assert run.stderr.endswith("tablelint: No space left on device\n")
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr


# Output still buffered when the command returns: the program flushes it on its
# way out, through a stream whose every write fails as given.
_FLUSH_AT_EXIT = """
import io, sys
from tablelint import entry

class Refusing(io.RawIOBase):
    def writable(self):
        return True

    def write(self, data):
        raise {error}

sys.stdout = io.TextIOWrapper(io.BufferedWriter(Refusing()), encoding="utf-8")
print("the report")
entry._exit_now(1)
"""


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        ("OSError(28, 'No space left on device')", 2,
         "tablelint: cannot write the output: [Errno 28] No space left on device\n"),
        ("BrokenPipeError(32, 'Broken pipe')", 2, ""),  # the reader has gone: nobody to tell
    ],
)
def test_output_that_fails_when_flushed_at_exit_is_reported(error: str, code: int, message: str) -> None:
    run = subprocess.run([sys.executable, "-c", _FLUSH_AT_EXIT.format(error=error)],
                         capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stderr) == (code, message)


def test_a_reader_that_stops_reading_ends_the_program_quietly(tmp_path: Path) -> None:
    rows = "".join(f"| Model {number} | NULL | NULL |\n" for number in range(5000))
    table = tmp_path / "big.md"
    table.write_text("| name | source | notes |\n| --- | --- | --- |\n" + rows, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "tablelint", "check", "--offline", str(table)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_environment(tmp_path))
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(100)  # like `| head -c 100`
    process.stdout.close()
    error = process.stderr.read().decode()
    assert process.wait(timeout=120) == 2
    assert "Traceback" not in error and "Exception ignored" not in error


@pytest.mark.parametrize(
    ("arguments", "closed", "code"),
    [
        (["--version"], "stdout", 0),
        (["check", "--offline", "SEED"], "stdout", 1),
        (["check", "--offline", "SEED"], "both", 1),
        (["check", "--offline", "CLEAN"], "both", 0),
    ],
)
def test_the_program_runs_with_its_output_streams_closed(
    tmp_path: Path, arguments: list[str], closed: str, code: int
) -> None:
    """``tablelint ... >&-``: Python starts with sys.stdout (or both streams)
    None; the program prints nothing there and still exits with the command's code."""
    clean = tmp_path / "clean.md"
    clean.write_text("| name | year |\n| --- | --- |\n| BERT | 2018 |\n", encoding="utf-8")
    files = {"SEED": str(_seed_copy(tmp_path)), "CLEAN": str(clean)}
    arguments = [files.get(argument, argument) for argument in arguments]
    command = " ".join([sys.executable, "-m", "tablelint", *arguments, ">&-", "2>&-" if closed == "both" else ""])
    run = subprocess.run(["sh", "-c", command], capture_output=True, text=True, env=_environment(tmp_path),
                         timeout=120)
    assert run.returncode == code, run.stderr
    assert "Traceback" not in run.stderr

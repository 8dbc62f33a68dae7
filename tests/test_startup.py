"""What `check --offline` of a small file imports, run as the pre-commit hook
runs it: a module imported on every commit without being needed costs
every commit (benchmarks/startup.py measures the time)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[1] / "examples" / "llm-papers.md"
# Modules a check of a small file has no use for; any other module may import them.
UNNEEDED = ("json", "sqlite3", "importlib.util")

# As the console script starts tablelint. tablelint ends the process with
# os._exit (entry.py), so the report is printed on the way there: last on
# stderr, the number of cyclic garbage collections that ran, then the
# modules of UNNEEDED that tablelint imported (not those the interpreter had
# at start).
_RUN = (
    "import gc, os, sys\n"
    "already = set(sys.modules)\n"
    "from tablelint.entry import run\n"
    "collections = []\n"
    "gc.callbacks.append(lambda phase, info: phase == 'start' and collections.append(info))\n"
    "exit_process = os._exit\n"
    "def report_then_exit(status):\n"
    f"    imported = [m for m in {UNNEEDED!r} if m in sys.modules and m not in already]\n"
    "    print('COLLECTIONS:', len(collections), 'IMPORTED:', *imported, file=sys.stderr, flush=True)\n"
    "    exit_process(status)\n"
    "os._exit = report_then_exit\n"
    "sys.argv = ['tablelint', *sys.argv[1:]]\n"
    "run()\n"
)


def _check(cwd: Path, cache: Path) -> tuple[subprocess.CompletedProcess[str], int, list[str]]:
    env = {**os.environ, "TABLELINT_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    run = subprocess.run([sys.executable, "-c", _RUN, "check", "--offline", "examples/llm-papers.md"],
                         cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    last = run.stderr.splitlines()[-1]
    assert last.startswith("COLLECTIONS:"), run.stderr
    _, collections, _, *imported = last.split()
    return run, int(collections), imported


@pytest.mark.slow
def test_an_offline_check_of_a_changed_file_imports_nothing_unneeded_and_collects_no_garbage(tmp_path: Path) -> None:
    (tmp_path / "examples").mkdir()
    copy = tmp_path / "examples" / "llm-papers.md"
    shutil.copyfile(SEED, copy)
    cache = tmp_path / "cache"
    first, _, _ = _check(tmp_path, cache)  # fills the caches: YAML and schemas parsed, as after installing
    with copy.open("a", encoding="utf-8") as file:
        file.write("\n<!-- edited since the last commit -->\n")  # a result-cache miss, as in the hook
    second, collections, imported = _check(tmp_path, cache)
    assert imported == []
    # The objects of start-up live until the process ends: walking them for cycles is wasted (entry.py).
    assert collections == 0
    assert first.returncode == second.returncode == 1
    assert second.stdout == first.stdout
    assert "TL101 [*] placeholder-row" in second.stdout and "TL204" in second.stdout
    assert "links: 0 checked, 0 dead, 0 unreachable, 0 cached, 0 skipped, 4 unchecked" in second.stderr
    assert not (cache / "links.sqlite3").exists()

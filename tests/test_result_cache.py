"""The per-file result cache of `check`: a second run of an unchanged file
reads its result back; any change the result depends on checks it again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PAPERS = (
    "| 名称 | 来源 | 备注 |\n| --- | --- | --- |\n"
    "| LaMDA | arxiv2022 | https://example.org/a |\n| NULL | NULL | NULL |\n"
)


def _check(cwd: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # tablelint ends the process with os._exit (entry.py): say on the way
    # there whether this run parsed the file.
    code = (
        "import os, sys, runpy; sys.argv = ['tablelint', *sys.argv[1:]]\n"
        "exit_process = os._exit\n"
        "def report_then_exit(status):\n"
        "    print('PARSED' if 'mistune' in sys.modules else 'FROM-CACHE', file=sys.stderr, flush=True)\n"
        "    exit_process(status)\n"
        "os._exit = report_then_exit\n"
        "runpy.run_module('tablelint', run_name='__main__')\n"
    )
    env = {**os.environ, "TABLELINT_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-c", code, "check", "--output-format", "json", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "papers.md").write_text(PAPERS, encoding="utf-8")
    return tmp_path, tmp_path / "cache"


def test_second_run_reads_the_result_back_without_parsing(project) -> None:
    cwd, cache = project
    first = _check(cwd, cache, "--offline", "papers.md")
    second = _check(cwd, cache, "--offline", "papers.md")
    assert "PARSED" in first.stderr and "FROM-CACHE" in second.stderr
    assert first.returncode == second.returncode == 1
    assert json.loads(first.stdout) == json.loads(second.stdout)
    assert {d["code"] for d in json.loads(second.stdout)} >= {"TL101", "TL204"}


def test_a_changed_file_is_checked_again(project) -> None:
    cwd, cache = project
    _check(cwd, cache, "--offline", "papers.md")
    (cwd / "papers.md").write_text(PAPERS.replace("| NULL | NULL | NULL |\n", ""), encoding="utf-8")
    again = _check(cwd, cache, "--offline", "papers.md")
    assert "PARSED" in again.stderr
    assert "TL101" not in {d["code"] for d in json.loads(again.stdout)}


def test_changed_settings_or_selection_check_again(project) -> None:
    cwd, cache = project
    _check(cwd, cache, "--offline", "papers.md")
    assert "PARSED" in _check(cwd, cache, "--offline", "--select", "TL101", "papers.md").stderr
    (cwd / "tablelint.toml").write_text('ignore = ["TL204"]\n')
    run = _check(cwd, cache, "--offline", "papers.md")
    assert "PARSED" in run.stderr and "TL204" not in run.stdout


def test_a_changed_schema_file_checks_again(project) -> None:
    cwd, cache = project
    (cwd / "schemas").mkdir()
    schema = cwd / "schemas" / "notes.yaml"
    schema.write_text(
        "fields:\n  - name: a\n    aliases: [名称]\n  - name: b\n    aliases: [来源]\n"
        "  - name: c\n    aliases: [备注]\n"
    )
    (cwd / "tablelint.toml").write_text('schema-dirs = ["schemas"]\n')
    _check(cwd, cache, "--offline", "papers.md")
    assert "FROM-CACHE" in _check(cwd, cache, "--offline", "papers.md").stderr
    schema.write_text(schema.read_text() + "primaryKey: a\n")
    os.utime(schema, ns=(schema.stat().st_atime_ns, schema.stat().st_mtime_ns + 10**9))
    assert "PARSED" in _check(cwd, cache, "--offline", "papers.md").stderr


def test_no_cache_writes_and_reads_nothing(project) -> None:
    cwd, cache = project
    _check(cwd, cache, "--offline", "--no-cache", "papers.md")
    assert not (cache / "results").exists()
    assert "PARSED" in _check(cwd, cache, "--offline", "--no-cache", "papers.md").stderr


def test_the_code_stamp_covers_every_module_of_tablelint() -> None:
    # An edited checkout must never read results its old code wrote: a rule's
    # module changes the stamp as much as the engine's.
    import tablelint
    from tablelint.engine import resultcache

    resultcache._code_stamp.cache_clear()
    stamp = resultcache._code_stamp()
    package = Path(tablelint.__file__).resolve().parent
    modules = list(package.rglob("*.py"))
    assert len(modules) > 50
    missing = [module for module in modules if f"{module.parent}/{module.name}:" not in stamp]
    assert missing == []

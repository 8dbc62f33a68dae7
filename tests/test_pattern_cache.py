"""pattern_cache.py: patterns built from a stored engine code behave as re.compile's."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tablelint import pattern_cache

PATTERNS = [
    (r"(?P<word>[A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+)(?:-(\d+))?", 0),
    (r" {0,3}(?:<(?:script|pre)(?:[ \t>]|$)|</?(?:div|p)(?:[ \t>]|/>|$))", int(re.IGNORECASE)),
    (rb"_(?<=[A-Za-z0-9]_)", 0),
    (r"^\s*(a|b)$", int(re.MULTILINE)),
]
TEXTS = ["Megatron-LM 13 Ωmega élan", "   <DIV>", "<p/>", "a_b", "x\n a\nb", "</pre>"]


@pytest.fixture
def fresh_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The module as a new process sees it, with its own cache directory."""
    monkeypatch.setenv("TABLELINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(pattern_cache, "_stored", None)
    monkeypatch.setattr(pattern_cache, "_added", {})
    return tmp_path


def _same_behaviour(built: re.Pattern, pattern: str | bytes, flags: int) -> None:
    expected = re.compile(pattern, flags)
    assert (built.pattern, built.flags, built.groups, built.groupindex) == (
        expected.pattern, expected.flags, expected.groups, expected.groupindex
    )
    for text in TEXTS:
        subject = text.encode() if isinstance(pattern, bytes) else text
        assert [m.span() for m in built.finditer(subject)] == [m.span() for m in expected.finditer(subject)]


def test_a_later_run_builds_the_patterns_from_the_stored_code(fresh_process: Path) -> None:
    for pattern, flags in PATTERNS:
        _same_behaviour(pattern_cache.compile(pattern, flags), pattern, flags)
    pattern_cache._save()  # what the first process does at exit
    assert len(list(fresh_process.glob("patterns-*.marshal"))) == 1

    pattern_cache._stored, pattern_cache._added = None, {}  # a second process
    for pattern, flags in PATTERNS:
        _same_behaviour(pattern_cache.compile(pattern, flags), pattern, flags)
    assert pattern_cache._added == {}  # nothing compiled anew
    assert len(pattern_cache._stored_entries()) == len(PATTERNS)


def test_a_damaged_file_only_costs_a_compile(fresh_process: Path) -> None:
    pattern_cache._file().parent.mkdir(parents=True, exist_ok=True)
    pattern_cache._file().write_bytes(b"not marshal data")
    for pattern, flags in PATTERNS:
        _same_behaviour(pattern_cache.compile(pattern, flags), pattern, flags)


def test_damaged_engine_code_falls_back_to_re_compile(fresh_process: Path) -> None:
    pattern, flags = PATTERNS[0]
    entry = pattern_cache._engine_arguments(pattern, flags)
    broken = (entry[0], [0, 1, 2], *entry[2:])
    pattern_cache._stored = {(pattern, flags): broken}
    _same_behaviour(pattern_cache.compile(pattern, flags), pattern, flags)


@pytest.mark.slow
def test_a_check_writes_the_patterns_it_compiled_and_reads_them_next_time(tmp_path: Path) -> None:
    table = tmp_path / "t.md"
    rows = ["| Name | Notes |", "|---|---|", "| PEER | Meta的PEEK：https://example.com/x |"]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    source = str(Path(pattern_cache.__file__).parents[1])
    env = {"TABLELINT_CACHE_DIR": str(tmp_path / "cache"), "PATH": "", "PYTHONPATH": source}
    command = [sys.executable, "-m", "tablelint", "check", "--offline", str(table)]
    first = subprocess.run(command, capture_output=True, text=True, env=env)
    assert first.returncode in (0, 1), first.stderr
    stored = list((tmp_path / "cache").glob("patterns-*.marshal"))
    assert len(stored) == 1
    size = stored[0].stat().st_size
    second = subprocess.run(command, capture_output=True, text=True, env=env)
    assert (second.stdout, second.returncode) == (first.stdout, first.returncode)
    assert stored[0].stat().st_size == size  # nothing new to store

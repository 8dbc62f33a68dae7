"""The parse cache of YAML data files (datafiles.py): a later run reads back
what the first one parsed, without PyYAML."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tablelint import datafiles
from tablelint.datafiles import load_data_file, parsed_cache_file


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """A cache directory of the test's own; the list collects the paths parsed with PyYAML."""
    monkeypatch.setenv("TABLELINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(datafiles, "_memory", {})
    parsed: list[Path] = []
    parse_yaml = datafiles._parse_yaml

    def counting(path: Path):  # type: ignore[no-untyped-def]
        parsed.append(path)
        return parse_yaml(path)

    monkeypatch.setattr(datafiles, "_parse_yaml", counting)
    return parsed


def test_a_later_run_reads_back_the_parse_of_the_first(tmp_path: Path, cache: list[Path]) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("terms: [GPT-4, LLaMA]\n2022: a year as a key\nnested: {a: [1, 2.5, null, true]}\n",
                    encoding="utf-8")
    first = load_data_file(path)
    datafiles._memory.clear()  # as in a new process
    second = load_data_file(path)
    assert cache == [path]
    expected = {"terms": ["GPT-4", "LLaMA"], 2022: "a year as a key", "nested": {"a": [1, 2.5, None, True]}}
    assert first == second == expected
    assert list(second) == list(expected)


def test_what_the_cache_cannot_hold_is_parsed_again(tmp_path: Path, cache: list[Path]) -> None:
    path = tmp_path / "dated.yaml"
    path.write_text("released: 2024-01-31\n", encoding="utf-8")
    for _ in range(2):
        datafiles._memory.clear()
        assert load_data_file(path) == {"released": datetime.date(2024, 1, 31)}
    assert cache == [path, path]


def test_a_damaged_cache_entry_is_parsed_again(tmp_path: Path, cache: list[Path]) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("terms: [GPT-4]\n", encoding="utf-8")
    load_data_file(path)
    entry = parsed_cache_file(path, path.stat())
    for damaged in (entry.read_bytes()[:5], b"", b"\xff not marshal data"):
        entry.write_bytes(damaged)
        datafiles._memory.clear()
        assert load_data_file(path) == {"terms": ["GPT-4"]}
    assert cache == [path] * 4

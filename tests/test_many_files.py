"""`check` over many files: a process pool gives exactly the reports, in the
same order, that one process gives, and so does the result cache after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tablelint.engine import files as run
from tablelint.engine.results import RunOptions

FILES = 24  # above run._POOL_MIN_FILES, so that two workers share them


def _write_files(folder: Path) -> list[str]:
    names = []
    for number in range(FILES):
        path = folder / f"list-{number:02}.md"
        if number == 7:
            path.write_bytes(b"| a |\n| - |\n| \xff |\n")  # invalid UTF-8: an error, not a report
        else:
            path.write_text(
                "| 名称 | 来源 | 备注 |\n| --- | --- | --- |\n"
                f"| Model{number} | arxiv20{number % 20:02} | https://example.org/{number} |\n"
                "| NULL | NULL | NULL |\n"
                + ("| Deepmind paper | Nips2021 | |\n" if number % 3 == 0 else ""),
                encoding="utf-8",
            )
        names.append(str(path))
    return names


def _outcome(reports: list) -> list[tuple]:
    return [(report.path, report.error, report.diagnostics) for report in reports]


def test_a_pool_gives_the_reports_one_process_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _write_files(tmp_path)
    monkeypatch.setenv("TABLELINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TABLELINT_JOBS", "1")
    alone = run.check_files(files, RunOptions(offline=True, show_unchecked=True, no_cache=True))

    monkeypatch.setenv("TABLELINT_JOBS", "2")
    from_workers: list[str] = []
    receive = run._from_worker

    def counting(name: str, options: RunOptions, result: object) -> object:
        from_workers.append(name)
        return receive(name, options, result)

    monkeypatch.setattr(run, "_from_worker", counting)
    pooled = run.check_files(files, RunOptions(offline=True, show_unchecked=True))
    assert sorted(from_workers) == sorted(files)  # every file went through a worker
    assert _outcome(pooled) == _outcome(alone)
    assert [report.path for report in pooled] == files
    assert pooled[7].error is not None and "UTF-8" in pooled[7].error
    assert sum(len(report.diagnostics) for report in pooled) > 3 * FILES

    # The workers filled the result cache: a second run reads every report back.
    from_workers.clear()
    cached = run.check_files(files, RunOptions(offline=True, show_unchecked=True))
    assert from_workers == []
    assert _outcome(cached) == _outcome(alone)

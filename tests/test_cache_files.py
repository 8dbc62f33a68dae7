"""tablelint's cache files (results, compiled schemas, venues, parsed data
files): private to the user who wrote them, and never read back when
another user wrote them or could have.

A pickle runs code when it is loaded; a cache file someone else can write is
a way to run code as whoever runs tablelint next. The tests run as root, so
they give planted files to another uid with chown.
"""

from __future__ import annotations

import marshal
import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest

PAPERS = (
    "| 名称 | 来源 | 备注 |\n| --- | --- | --- |\n"
    "| LaMDA | arxiv2022 | https://example.org/a |\n| NULL | NULL | NULL |\n"
)
OTHER_UID = 4242


class _Planted:
    """Loading this pickle creates the file it names."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (open, (str(self.marker), "w"))


def _check(cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TABLELINT_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "tablelint", "check", "--offline", "--output-format", "json",
                           "papers.md"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "papers.md").write_text(PAPERS, encoding="utf-8")
    (tmp_path / "tablelint.toml").write_text('ignore = ["TL902"]\n', encoding="utf-8")
    return tmp_path, tmp_path / "cache"


def _cache_files(cache: Path, suffix: str) -> list[Path]:
    return sorted(path for path in cache.rglob(f"*{suffix}") if path.is_file())


def test_cache_files_are_0600_in_0700_directories(project) -> None:
    cwd, cache = project
    first = _check(cwd, cache)
    assert first.returncode == 1, first.stderr
    kinds = {path.relative_to(cache).parts[0] for path in cache.rglob("*") if path.is_file()}
    assert {"results", "schemas", "venues", "vocabulary", "config", "parsed"} <= kinds
    for path in [cache, *cache.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another uid needs root")
def test_pickles_owned_by_another_user_are_never_loaded(project) -> None:
    cwd, cache = project
    expected = _check(cwd, cache).stdout
    marker = cwd / "pickle-ran"
    planted = pickle.dumps(_Planted(marker))
    pickles = _cache_files(cache, ".pickle")
    kinds = {path.relative_to(cache).parts[0] for path in pickles}
    assert kinds == {"results", "schemas", "venues", "vocabulary", "config"}
    for path in pickles:
        path.write_bytes(planted)
        os.chown(path, OTHER_UID, OTHER_UID)
    again = _check(cwd, cache)
    assert not marker.exists()
    assert again.stdout == expected


def test_pickles_that_others_may_write_are_never_loaded(project) -> None:
    cwd, cache = project
    expected = _check(cwd, cache).stdout
    marker = cwd / "pickle-ran"
    for path in _cache_files(cache, ".pickle"):
        path.write_bytes(pickle.dumps(_Planted(marker)))
        path.chmod(0o666)
    again = _check(cwd, cache)
    assert not marker.exists()
    assert again.stdout == expected


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another uid needs root")
def test_a_parsed_config_written_by_another_user_is_not_read(project) -> None:
    cwd, cache = project
    expected = _check(cwd, cache).stdout
    assert "TL101" in expected
    config = cwd / "tablelint.toml"
    code = ("import sys; from pathlib import Path; from tablelint.datafiles import parsed_cache_file; "
            "path = Path(sys.argv[1]); print(parsed_cache_file(path, path.stat()))")
    env = {**os.environ, "TABLELINT_CACHE_DIR": str(cache)}
    cached = Path(subprocess.run([sys.executable, "-c", code, str(config)], env=env, capture_output=True,
                                 text=True, check=True).stdout.strip())
    assert cached.is_file()
    # What another user would plant: a config that silences every rule.
    cached.write_bytes(marshal.dumps({"ignore": ["TL1", "TL2", "TL3", "TL4", "TL5", "TL9"]}))
    os.chown(cached, OTHER_UID, OTHER_UID)
    assert _check(cwd, cache).stdout == expected

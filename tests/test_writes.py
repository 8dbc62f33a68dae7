"""`fix` and `format` never lose a user's work when they write a file back.

Each test reproduces a failure that fault injection found in the old write
path (a temporary file and a blind rename): an edit saved while tablelint
ran, a symlink replaced by a copy, hard links split, a FIFO replaced, another
user's file made root's, a read-only file rewritten, one unwritable directory
stopping the run, and temporary files left behind by SIGTERM. The window
between reading and writing is made deterministic by
``tablelint.rewrite.writing.before_replace``, a hook for tests only.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers import run_cli
from tablelint.rewrite import writing

# Ragged padding (neither aligned nor compact), so that `format` rewrites it.
TEXT = "| 名称 | 来源 |\n|---|---|\n| LaMDA  |  arxiv2022 |\n"
FIXED = "| 名称 | 来源 |\n|---|---|\n| LaMDA  |  arXiv 2022 |\n"
FORMATTED = "| 名称  | 来源      |\n| ----- | --------- |\n| LaMDA | arxiv2022 |\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NOBODY = 65534


def _write(path: Path, text: str = TEXT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def between_read_and_write(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[Path], None]], None]:
    """Run an action on the file after tablelint read it and before it replaces it."""
    def install(action: Callable[[Path], None]) -> None:
        monkeypatch.setattr(writing, "before_replace", action)

    return install


def _tablelint(*args: str, cwd: Path | None = None, timeout: float = 60, **options) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "tablelint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, **options)


# ---- compare before you replace -------------------------------------------------------------


def test_an_edit_saved_while_fix_runs_is_kept(tmp_path: Path, between_read_and_write) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path / "papers.md")
    edited = TEXT + "| PaLM | arxiv2022 |\n"
    between_read_and_write(lambda target: target.write_text(edited, encoding="utf-8"))
    code, _, err = run_cli("fix", str(path))
    assert path.read_text(encoding="utf-8") == edited
    assert code == 2
    assert f"tablelint: {path}: changed while tablelint was fixing it; not written" in err
    assert "Fixed 0 problems" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["papers.md"]


def test_a_same_size_edit_with_the_old_mtime_is_seen_by_its_bytes(tmp_path: Path, between_read_and_write) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path / "papers.md")
    before = path.stat()
    edited = TEXT.replace("LaMDA", "PaLM!")

    def edit_in_place(target: Path) -> None:
        with target.open("r+b") as stream:  # same inode, same size
            stream.write(edited.encode("utf-8"))
        os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))

    between_read_and_write(edit_in_place)
    code, _, err = run_cli("fix", str(path))
    assert code == 2 and "changed while tablelint was fixing it" in err
    assert path.read_text(encoding="utf-8") == edited


def test_a_file_replaced_by_an_editor_is_not_overwritten(tmp_path: Path, between_read_and_write) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path / "papers.md")

    def save_by_rename(target: Path) -> None:  # what vim and most editors do: same bytes, new inode
        spare = target.with_name("spare")
        spare.write_text(TEXT, encoding="utf-8")
        os.replace(spare, target)

    between_read_and_write(save_by_rename)
    code, _, err = run_cli("fix", str(path))
    assert code == 2 and "changed while tablelint was fixing it" in err and path.read_text() == TEXT


@pytest.mark.parametrize(("first", "second", "survivor"), [("fix", "format", FORMATTED), ("format", "fix", FIXED)])
def test_fix_and_format_at_once_lose_neither_change(tmp_path: Path, between_read_and_write,  # type: ignore[no-untyped-def]
                                                    first: str, second: str, survivor: str) -> None:
    # The second command runs to completion while the first one is about to write: the
    # first one must notice and leave the second one's result.
    path = _write(tmp_path / "papers.md")
    results = []
    between_read_and_write(lambda target: results.append(_tablelint(second, str(target))))
    code, _, err = run_cli(first, str(path))
    assert results[0].returncode == 0, results[0].stderr
    assert path.read_text(encoding="utf-8") == survivor
    doing = "fixing" if first == "fix" else "formatting"
    assert code == 2 and f"changed while tablelint was {doing} it; not written" in err


def test_an_unchanged_file_is_written(tmp_path: Path, between_read_and_write) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path / "papers.md")
    seen = []
    between_read_and_write(seen.append)
    code, _, err = run_cli("fix", str(path))
    assert code == 0, err
    assert seen == [path.resolve()] and path.read_text(encoding="utf-8") == FIXED


# ---- links, ownership, protection -------------------------------------------------------------


def test_fix_writes_through_a_symlink_and_keeps_the_link(tmp_path: Path) -> None:
    target = _write(tmp_path / "real" / "papers.md")
    link = tmp_path / "docs" / "link.md"
    link.parent.mkdir()
    link.symlink_to(Path("..") / "real" / "papers.md")
    code, _, err = run_cli("fix", str(link))
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == os.path.join("..", "real", "papers.md")
    assert target.read_text(encoding="utf-8") == FIXED
    assert sorted(p.name for p in link.parent.iterdir()) == ["link.md"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["papers.md"]


def test_format_writes_through_a_symlink_too(tmp_path: Path) -> None:
    target = _write(tmp_path / "papers.md")
    link = tmp_path / "link.md"
    link.symlink_to("papers.md")
    code, _, err = run_cli("format", str(link))
    assert code == 0, err
    assert link.is_symlink() and target.read_text(encoding="utf-8") == FORMATTED


def test_a_hard_linked_file_is_refused_and_the_others_are_fixed(tmp_path: Path) -> None:
    path = _write(tmp_path / "papers.md")
    other = tmp_path / "elsewhere.md"
    os.link(path, other)
    plain = _write(tmp_path / "plain.md")
    code, _, err = run_cli("fix", str(path), str(plain))
    assert code == 2
    assert f"tablelint: {path}: has 2 hard links; not written" in err
    assert path.read_text() == TEXT and other.read_text() == TEXT
    assert os.stat(path).st_ino == os.stat(other).st_ino
    assert plain.read_text(encoding="utf-8") == FIXED


def test_a_fifo_is_skipped_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    plain = _write(tmp_path / "plain.md")
    for command in ("fix", "format"):
        # A subprocess with a timeout: opening the FIFO to read it would wait for a writer forever.
        done = _tablelint(command, str(fifo), str(plain), timeout=60)
        assert done.returncode == 2, done.stderr
        # Reading refuses it before writing could: one line that names the file and says why.
        [line] = [line for line in done.stderr.splitlines() if str(fifo) in line]
        assert line.startswith(f"tablelint: {fifo}: ") and "not a regular file" in line and "FIFO" in line
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert plain.read_text(encoding="utf-8") == FORMATTED.replace("arxiv2022", "arXiv 2022").replace(
        "| --------- |", "| ---------- |").replace("| 来源      |", "| 来源       |")


@pytest.mark.skipif(not IS_ROOT, reason="only root can give a file to another user")
def test_root_keeps_the_owner_group_and_mode(tmp_path: Path) -> None:
    path = _write(tmp_path / "papers.md")
    os.chown(path, 4242, 4343)
    os.chmod(path, 0o664)
    for command in ("fix", "format"):
        code, _, err = run_cli(command, str(path))
        assert code == 0, err
        status = path.stat()
        assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (4242, 4343, 0o664)
    assert "arXiv 2022" in path.read_text(encoding="utf-8")


def test_a_read_only_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "papers.md")
    os.chmod(path, 0o444)
    plain = _write(tmp_path / "plain.md")
    code, _, err = run_cli("fix", str(path), str(plain))
    assert code == 2
    assert f"tablelint: {path}: no permission to write it (mode 0444); not written" in err
    assert path.read_text() == TEXT and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert plain.read_text(encoding="utf-8") == FIXED


# ---- unprivileged runs: an unwritable directory, another user's file -------------------------


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory outside pytest's private temporary folder, which an unprivileged user can reach."""
    root = Path(tempfile.mkdtemp(prefix="tablelint-writes-"))
    os.chmod(root, 0o755)
    try:
        yield root
    finally:
        for folder in [root, *root.rglob("*")]:
            if folder.is_dir() and not folder.is_symlink():
                os.chmod(folder, 0o755)
        shutil.rmtree(root)


# As root, the run drops to nobody once it has imported what a fix imports (a warm-up fix of a
# copy of the first file does that): the interpreter may live where nobody cannot read it.
_DROP_TO_NOBODY = """
import contextlib, io, os, shutil, sys, tempfile
from tablelint.cli import main

def run(args):
    try:
        main(args)
    except SystemExit as done:
        return done.code
    return 0

warm = tempfile.mkdtemp()
shutil.copy(sys.argv[2], warm)
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    run(["fix", warm])
shutil.rmtree(warm)
os.setgroups([])
os.setgid(NOBODY)
os.setuid(NOBODY)
sys.exit(run(sys.argv[1:]))
"""


def _as_unprivileged(args: list[str], cwd: Path) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    """tablelint run by an ordinary user: nobody when the tests run as root, else this user."""
    cache = cwd / "cache"
    cache.mkdir(exist_ok=True)
    env = {**os.environ, "TABLELINT_CACHE_DIR": str(cache)}
    if not IS_ROOT:
        return _tablelint(*args, cwd=cwd, env=env)
    os.chown(cache, NOBODY, NOBODY)
    script = _DROP_TO_NOBODY.replace("NOBODY", str(NOBODY))
    return subprocess.run([sys.executable, "-c", script, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=60)


def _owned_by_runner(path: Path) -> None:
    if IS_ROOT:
        os.chown(path, NOBODY, NOBODY)


def test_an_unwritable_directory_fails_that_file_only(shared_dir: Path) -> None:
    locked = _write(shared_dir / "locked" / "papers.md")
    first = _write(shared_dir / "a" / "first.md")
    last = _write(shared_dir / "z" / "last.md")
    for path in (locked, first, last):
        _owned_by_runner(path)
        _owned_by_runner(path.parent)
        os.chmod(path, 0o644)
    os.chmod(locked.parent, 0o555)
    done = _as_unprivileged(["fix", "a/first.md", "locked/papers.md", "z/last.md"], shared_dir)
    assert done.returncode == 2, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("tablelint:")]
    assert errors == [
        "tablelint: locked/papers.md: not written: cannot create a file in "
        f"{locked.parent} (Permission denied)"
    ]
    assert ".tablelint" not in done.stderr  # the temporary file is no name the user knows
    assert locked.read_text() == TEXT
    assert first.read_text(encoding="utf-8") == FIXED and last.read_text(encoding="utf-8") == FIXED


@pytest.mark.skipif(not IS_ROOT, reason="needs a file of another user, which only root can make")
def test_a_user_cannot_take_over_another_users_file(shared_dir: Path) -> None:
    # Writable by everyone, in a directory the user may write: a rename would make it theirs.
    path = _write(shared_dir / "docs" / "papers.md")
    os.chown(path.parent, NOBODY, NOBODY)
    os.chown(path, 0, 0)
    os.chmod(path, 0o666)
    done = _as_unprivileged(["fix", "docs/papers.md"], shared_dir)
    assert done.returncode == 2
    assert "tablelint: docs/papers.md: belongs to uid 0 (group 0), which this user cannot give a file to; " \
           "not written" in done.stderr
    assert path.read_text() == TEXT and path.stat().st_uid == 0
    assert sorted(p.name for p in path.parent.iterdir()) == ["papers.md"]


# ---- temporary files ----------------------------------------------------------------------------

_PAUSE_BEFORE_REPLACE = """
import sys, time
from tablelint.rewrite import writing
from tablelint.cli import main

def pause(target):
    print("ready", flush=True)
    time.sleep(60)

writing.before_replace = pause
main(["fix", sys.argv[1]])
"""


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_terminated_write_leaves_no_temporary_file(tmp_path: Path, signal_name: str) -> None:
    path = _write(tmp_path / "papers.md")
    process = subprocess.Popen([sys.executable, "-c", _PAUSE_BEFORE_REPLACE, str(path)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
        assert len(list(tmp_path.glob(".papers.md.*.tablelint"))) == 1  # the write is under way
        process.send_signal(getattr(signal, signal_name))
        code = process.wait(timeout=30)
    finally:
        process.kill()
        process.wait()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["papers.md"]
    assert path.read_text() == TEXT
    assert code == 128 + getattr(signal, signal_name)  # an exit, after the clean-up: not killed by the signal


def test_stale_temporary_files_of_a_killed_run_are_swept(tmp_path: Path) -> None:
    path = _write(tmp_path / "papers.md")
    hour_ago = time.time() - 3600
    names = {
        "stale": ".papers.md.k3x_9q2a.tablelint",
        "recent": ".papers.md.m8c0d1zz.tablelint",  # a run may be writing it right now
        "other file": ".notes.md.k3x_9q2a.tablelint",  # not the file being written
        "not our name": ".papers.md.K3X_9Q2A.tablelint",
        "not our suffix": ".papers.md.k3x_9q2a.tmp",
    }
    for label, name in names.items():
        (tmp_path / name).write_text("left over")
        if label != "recent":
            os.utime(tmp_path / name, (hour_ago, hour_ago))
    code, _, err = run_cli("fix", str(path))
    assert code == 0, err
    left = {p.name for p in tmp_path.iterdir()}
    assert names["stale"] not in left
    assert left == {"papers.md", *(name for label, name in names.items() if label != "stale")}

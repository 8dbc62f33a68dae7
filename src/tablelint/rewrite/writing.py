"""Writing a fixed or formatted file back without losing anyone's work.

``read_original`` reads a file and remembers its identity (device, inode,
size, modification time) with the text read. ``FileWriter.replace`` writes
the new bytes to a temporary file beside the file, then compares the file
with what was read (identity, then every byte: a hash would save nothing, as
the text read is kept anyway, and costs ``--check`` nothing), and renames the
temporary file over it only if nothing changed: an edit saved while tablelint worked,
or another tool's rewrite, is never overwritten. (Between that comparison and
the rename there is a window of a few system calls; no portable lock closes
it, and editors do not take one.)

What the write keeps and what it refuses:

* A symlink is written through: its target gets the new text (by a rename in
  the target's directory) and the link stays a link. Editors, black and
  Prettier also change the target of a link they are given.
* A file with several hard links is not written. black and Prettier
  truncate and rewrite the file in place, which keeps the links but is not
  atomic (a crash or a full disk leaves half a file, and a reader can see
  one); a rename is atomic but would give this name a new inode and leave
  the other names with the old text. tablelint promises atomic writes, so it
  refuses and says why; ``--diff`` shows the change.
* Only regular files are read or written: a FIFO, a device or a socket is
  skipped with a message, before anything opens it (opening a FIFO blocks).
* The owner, group and permission bits are kept (``fchown`` before the
  rename; as root this keeps another user's file theirs). When the owner
  cannot be kept (a user may not give a file away), or the file has no write
  permission (mode 0444, even for root), the file is not written.
* On SIGTERM or SIGHUP during a write, the temporary file is removed and the
  process exits 128 + the signal number. A temporary file left by a killed
  run (SIGKILL, a crash) is removed by the next run that writes the file it
  belongs to, once it is ``STALE_AFTER_SECONDS`` old; only names of exactly
  the form tablelint gives them (``.NAME.XXXXXXXX.tablelint``) are touched.

Every refusal or failure is a ``WriteError`` whose message is one line naming
the file; the caller reports it and goes on with the other files.
"""

from __future__ import annotations

import os
import re
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..errors import InputError
from ..parse.source import Source, file_kind, read_source
from ..record import Record

STALE_AFTER_SECONDS = 600
# tempfile.mkstemp's names: the prefix, eight characters of its alphabet, the suffix.
_TEMPORARY_NAME = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.tablelint")
_TEMPORARY_SUFFIX = ".tablelint"
_TERMINATING_SIGNALS = ("SIGTERM", "SIGHUP")

# For tests only: called with the file's real path after the new bytes are in
# the temporary file and before the file is compared with what was read, so
# that a test can change the file (or send a signal) in that window on cue.
before_replace: Callable[[Path], None] | None = None


class WriteError(InputError):
    """A file that was not written; the message is one line naming it."""


class Snapshot(Record):
    """A file's identity when it was read."""

    __slots__ = ("device", "inode", "size", "mtime_ns")

    def __init__(self, device: int, inode: int, size: int, mtime_ns: int) -> None:
        self.device = device
        self.inode = inode
        self.size = size
        self.mtime_ns = mtime_ns

    @classmethod
    def of(cls, status: os.stat_result) -> Snapshot:
        return cls(status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


class Original(Record):
    """A file read for rewriting: its source, the real file behind its name
    (symlinks resolved), and what that file was when read."""

    __slots__ = ("source", "target", "snapshot")

    def __init__(self, source: Source, target: Path | None, snapshot: Snapshot | None) -> None:
        self.source = source
        self.target = target  # None for standard input
        self.snapshot = snapshot


def _kind(mode: int) -> str | None:
    """What a file is, when it is not a regular file."""
    return None if stat.S_ISREG(mode) else file_kind(mode)


def read_original(name: str) -> Original:
    """Read ``name`` for rewriting, remembering what was read.

    A name that is not a regular file is refused before it is opened.
    """
    try:
        target = Path(os.path.realpath(name, strict=True))
        kind = _kind(os.stat(target).st_mode)
    except OSError:
        kind = None  # missing, a broken link, no permission: read_source says which
        target = Path(name)
    if kind is not None:
        raise InputError(f"{name}: is {kind}, not a regular file; skipped")
    source = read_source(target, name)
    # After the read: if the file changed while it was read, the bytes read
    # and the file disagree, and the comparison before the rename sees it.
    try:
        status = os.stat(target)
    except OSError as error:
        raise InputError(f"{name}: {error.strerror}") from None
    return Original(source, target, Snapshot.of(status))


class FileWriter:
    """Writes the files of one run (see the module docstring)."""

    def __init__(self, doing: str) -> None:
        self.doing = doing  # "fixing" or "formatting", for the message about a changed file
        self._stale: dict[Path, dict[str, list[str]]] = {}

    def replace(self, original: Original, data: bytes) -> None:
        """Replace the file ``original`` was read from with ``data``, or raise WriteError."""
        name, target, snapshot = original.source.path, original.target, original.snapshot
        assert target is not None and snapshot is not None
        shown = f"{name} (the link's target {target})" if os.path.islink(name) else name
        try:
            status = os.stat(target)
        except OSError as error:
            raise WriteError(f"{shown}: {error.strerror}; not written") from None
        if not stat.S_ISREG(status.st_mode):
            raise WriteError(f"{shown}: is {_kind(status.st_mode)} now; not written")
        if status.st_nlink > 1:
            raise WriteError(
                f"{shown}: has {status.st_nlink} hard links; not written (a rename would split them, and "
                "rewriting in place is not atomic); see the change with --diff"
            )
        # Root may write anything: a file with no write bit at all is protected all the same.
        if not status.st_mode & 0o222 or not os.access(target, os.W_OK):
            mode = stat.S_IMODE(status.st_mode)
            raise WriteError(f"{shown}: no permission to write it (mode {mode:04o}); not written")
        directory = target.parent
        self._remove_stale_temporaries(directory, target.name)
        with _signals_raise_exit():
            try:
                handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=_TEMPORARY_SUFFIX,
                                                     dir=directory)
            except OSError as error:
                raise WriteError(
                    f"{shown}: not written: cannot create a file in {directory} ({error.strerror})"
                ) from None
            try:
                self._fill(handle, data, status, shown)
                if before_replace is not None:
                    before_replace(target)
                if not _unchanged(target, snapshot, original.source.encode()):
                    raise WriteError(f"{shown}: changed while tablelint was {self.doing} it; not written")
                os.replace(temporary, target)
            except BaseException as error:
                with suppress(FileNotFoundError):
                    os.unlink(temporary)
                if isinstance(error, OSError):  # a full disk, a device error: this file only
                    raise WriteError(f"{shown}: not written: {error.strerror or error}") from None
                raise

    @staticmethod
    def _fill(handle: int, data: bytes, status: os.stat_result, shown: str) -> None:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if hasattr(os, "fchown") and (status.st_uid, status.st_gid) != (os.geteuid(), os.getegid()):
                try:
                    os.fchown(stream.fileno(), status.st_uid, status.st_gid)
                except PermissionError:
                    raise WriteError(
                        f"{shown}: belongs to uid {status.st_uid} (group {status.st_gid}), which this user "
                        "cannot give a file to; not written"
                    ) from None
            # After fchown, which may clear the set-user-ID and set-group-ID bits.
            os.fchmod(stream.fileno(), stat.S_IMODE(status.st_mode))
            os.fsync(stream.fileno())

    def _remove_stale_temporaries(self, directory: Path, name: str) -> None:
        """Remove this file's temporary files that a killed run left, once old."""
        stale = self._stale.get(directory)
        if stale is None:
            stale = self._stale[directory] = {}
            cutoff = time.time() - STALE_AFTER_SECONDS
            try:
                with os.scandir(directory) as entries:
                    for entry in entries:
                        found = _TEMPORARY_NAME.fullmatch(entry.name)
                        if (found and entry.is_file(follow_symlinks=False)
                                and entry.stat(follow_symlinks=False).st_mtime < cutoff):
                            stale.setdefault(found.group(1), []).append(entry.path)
            except OSError:
                return  # an unreadable directory: the write itself will say what is wrong
        for path in stale.pop(name, []):
            with suppress(OSError):
                os.unlink(path)


def _unchanged(target: Path, snapshot: Snapshot, read: bytes) -> bool:
    """Whether the file at ``target`` is still the one read, with the bytes ``read``."""
    try:
        # Not following a link, and not blocking on a FIFO put in its place.
        handle = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    with os.fdopen(handle, "rb") as stream:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            return False
        if (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns) != (
            snapshot.device, snapshot.inode, snapshot.size, snapshot.mtime_ns
        ):
            return False
        return stream.read() == read


@contextmanager
def _signals_raise_exit() -> Iterator[None]:
    """While a temporary file exists, turn SIGTERM and SIGHUP into SystemExit,
    so that the ``except`` that removes it runs (their default action ends the
    process at once)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def exit_on(number: int, _frame: object) -> None:
        raise SystemExit(128 + number)

    numbers = [getattr(signal, name) for name in _TERMINATING_SIGNALS if hasattr(signal, name)]
    previous = {number: signal.signal(number, exit_on) for number in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)

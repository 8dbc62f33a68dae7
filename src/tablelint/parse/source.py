"""Bytes to text: encoding checks, BOM, newline style and a line index.

Everything downstream works on ``Source.text`` (BOM removed, newlines as
written). Line numbers and columns are 1-based; columns count code points.
Lines are split the way Markdown splits them (``\\r\\n``, ``\\r``, ``\\n``), never
with ``str.splitlines()``, which also breaks on ``\\x0c``, ``\\u2028`` and others
and would shift every line number after such a character.
"""

from __future__ import annotations

import os
import sys
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from pathlib import Path

from .. import lazy_re
from ..errors import FileTooLargeError, InputError
from ..record import Record

UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# A line ends at CRLF, a lone CR or LF, as CommonMark says.
LINE_BREAK = lazy_re.compile(r"\r\n|\r|\n")
_NEWLINE_BYTES = lazy_re.compile(rb"\r\n|\r|\n")


# Files larger than this are refused (the config's ``max-file-size``): a
# Markdown file of this size is a mistake or an attack, and reading
# ``/dev/zero`` or a runaway log must not exhaust the memory.
DEFAULT_MAX_FILE_SIZE = 50 * 2**20


class Source(Record):
    """A decoded Markdown file with a line index."""

    __slots__ = ("path", "text", "bom", "line_starts", "line_ends")

    def __init__(self, path: str, text: str, bom: bool = False) -> None:
        self.path = path
        self.text = text
        self.bom = bom
        starts, ends = _index_lines(text)
        # Arrays, not lists: an int object per line would cost 6 MB at 100k lines.
        self.line_starts: Sequence[int] = array("q", starts)
        self.line_ends: Sequence[int] = array("q", ends)

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def line(self, number: int) -> str:
        """The text of 1-based line ``number``, without its newline."""
        return self.text[self.line_starts[number - 1] : self.line_ends[number - 1]]

    def line_ending(self, number: int) -> str:
        end = self.line_ends[number - 1]
        nxt = self.line_starts[number] if number < len(self.line_starts) else len(self.text)
        return self.text[end:nxt]

    @property
    def newline(self) -> str:
        """The newline style of the file: its first line ending, ``\\n`` if it has none."""
        return first_newline(self.text)

    @property
    def final_newline(self) -> bool:
        return self.text.endswith(("\n", "\r"))

    def offset(self, line: int, column: int) -> int:
        """Offset in ``text`` of a 1-based (line, column). A column past the
        line's end lands in its newline, so an edit can span it; the line after
        the last one (column 1) is the end of the text, as editors count."""
        if line == len(self.line_starts) + 1 and column == 1:
            return len(self.text)
        return self.line_starts[line - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset in ``text``."""
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def normalized(self) -> str:
        """The text as mistune wants it: ``\\n`` newlines and a final newline.
        Line numbers are unchanged by this."""
        text = self.text
        if "\r" in text:
            text = LINE_BREAK.sub("\n", text)
        if not text.endswith("\n"):
            text += "\n"
        return text

    def encode(self, text: str | None = None) -> bytes:
        """Bytes for ``text`` (default: this source's), restoring the BOM."""
        data = (self.text if text is None else text).encode("utf-8")
        return UTF8_BOM + data if self.bom else data


def first_newline(text: str) -> str:
    found = LINE_BREAK.search(text)
    return found.group(0) if found else "\n"


def lines_with_endings(text: str) -> list[str]:
    """The lines of ``text``, each with its line ending (the last one may
    have none)."""
    lines, start = [], 0
    for newline in LINE_BREAK.finditer(text):
        lines.append(text[start : newline.end()])
        start = newline.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def spliced(text: str, replacements: Iterable[tuple[int, int, str]]) -> str:
    """``text`` with each stretch [start, end) of ``replacements`` (in text
    order, disjoint) replaced by its string: one join, however many there are."""
    pieces: list[str] = []
    position = 0
    for start, end, replacement in replacements:
        pieces += (text[position:start], replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _index_lines(text: str) -> tuple[list[int], list[int]]:
    starts, ends = [0], []
    if "\r" not in text:
        find = text.find
        pos = find("\n")
        while pos >= 0:
            ends.append(pos)
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
    else:
        for m in LINE_BREAK.finditer(text):
            ends.append(m.start())
            starts.append(m.end())
    ends.append(len(text))
    # A final newline does not open another line.
    if len(starts) > 1 and starts[-1] == len(text):
        starts.pop()
        ends.pop()
    return starts, ends


def decode(data: bytes, path: str) -> Source:
    """Decode Markdown bytes, or raise InputError with a one-line reason."""
    if data.startswith(_UTF16_BOMS):
        raise InputError(f"{path}: file is UTF-16 encoded; tablelint reads UTF-8")
    # A NUL byte is never Markdown; it is how git tells a binary file too.
    if b"\x00" in data:
        raise InputError(f"{path}: binary file (contains NUL bytes), not Markdown")
    bom = data.startswith(UTF8_BOM)
    body = data[len(UTF8_BOM) :] if bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        # Count lines the way Source does, so that a file with CR newlines
        # gets the same line number here as in every other message.
        line, line_start = 1, 0
        for newline in _NEWLINE_BYTES.finditer(body, 0, error.start):
            line, line_start = line + 1, newline.end()
        column = len(body[line_start : error.start].decode("utf-8", "replace")) + 1
        raise InputError(
            f"{path}:{line}:{column}: not valid UTF-8 (byte 0x{body[error.start]:02x}); "
            "tablelint reads UTF-8 files"
        ) from None
    return Source(path=path, text=text, bom=bom)


def read_source(path: str | Path, display: str | None = None, max_size: int = DEFAULT_MAX_FILE_SIZE) -> Source:
    """Read and decode a file, turning OS errors into InputError."""
    name = display if display is not None else str(path)
    return decode(read_bytes(path, name, max_size), name)


def read_bytes(path: str | Path, name: str, max_size: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """A regular file's bytes, at most ``max_size`` of them, or InputError
    with a one-line reason.

    Opened without blocking and checked before reading: a FIFO would block
    the open until something writes to it (forever, in a directory that
    happens to hold one), and a device such as ``/dev/zero`` has no end.
    """
    import stat

    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise InputError(f"{name}: {describe_os_error(error)}") from None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise InputError(f"{name}: is a directory")
        if not stat.S_ISREG(status.st_mode):
            raise InputError(
                f"{name}: not a regular file ({file_kind(status.st_mode)}); tablelint reads files, "
                "and - reads standard input"
            )
        if status.st_size > max_size:
            raise FileTooLargeError(too_large(name, max_size))
        # One byte more than allowed tells a file that grew since fstat.
        chunks = []
        size = 0
        while size <= max_size:
            chunk = os.read(descriptor, max(status.st_size - size + 1, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_size:
            raise FileTooLargeError(too_large(name, max_size))
        return b"".join(chunks) if len(chunks) != 1 else chunks[0]
    except OSError as error:
        raise InputError(f"{name}: {describe_os_error(error)}") from None
    finally:
        os.close(descriptor)


def read_stdin(max_size: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """Standard input's bytes, at most ``max_size`` of them."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # started with standard input closed (<&-)
        raise InputError("-: standard input is closed; give a file, or pipe the text in")
    try:
        data = stream.read(max_size + 1)
    except (OSError, ValueError) as error:  # ValueError: the stream was closed
        raise InputError(f"-: cannot read standard input ({error})") from None
    if len(data) > max_size:
        raise FileTooLargeError(too_large("-", max_size))
    return data


def too_large(name: str, max_size: int) -> str:
    return (
        f"{name}: larger than max-file-size ({format_size(max_size)}); not read "
        "(raise max-file-size in the config to check it)"
    )


def format_size(size: int) -> str:
    for unit, factor in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size:,} bytes"


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is."""
    import stat

    for test, kind in (
        (stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "not a regular file"


def describe_os_error(error: OSError) -> str:
    """The one-line reason for an OSError about a path, without the path."""
    import errno

    reasons = {
        errno.ENOENT: "no such file or directory",
        errno.EISDIR: "is a directory",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ELOOP: "symlink loop (a symbolic link that leads back to itself)",
        errno.ENAMETOOLONG: "file name too long",
    }
    return reasons.get(error.errno or 0) or f"cannot read ({error.strerror or error})"

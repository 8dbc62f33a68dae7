"""What reaches a terminal: ANSI colour, used only when the caller says so
(a TTY without NO_COLOR), and text from the files made safe to print."""

from __future__ import annotations

from .. import lazy_re
from ..diagnostics import Severity

_CODES = {"bold": "1", "dim": "2", "red": "31", "yellow": "33", "cyan": "36", "green": "32", "blue": "34"}

# What a terminal would act on instead of showing: C0 controls but the tab
# (ESC starts sequences that set the window title, move the cursor, or
# rewrite the line), DEL and the C1 controls; the bidirectional embeddings,
# overrides and isolates, which reorder what follows them; and the surrogate
# escapes by which Python holds the bytes of a file name that is not UTF-8
# (no encoder would print them).
_UNPRINTABLE = lazy_re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r"}
_ASCII_CONTROLS = bytes(range(0x09)) + bytes(range(0x0A, 0x20)) + b"\x7f"


def _escaped(match) -> str:  # type: ignore[no-untyped-def]
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name, escaped by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """``text`` with what a terminal would act on written as escapes
    (``\\x1b``, ``\\u202e``, the byte ``\\xe9`` of a file name): a cell
    cannot set the terminal's title, and a file name prints."""
    # Most text has nothing to escape, and a run can print 200k lines: two
    # checks in C settle it several times faster than the pattern's search
    # (isprintable is False for a tab or a wide space too, which the
    # pattern then leaves as they are).
    if text.isascii():
        data = text.encode("ascii")
        if len(data.translate(None, _ASCII_CONTROLS)) == len(data):
            return text
    elif text.isprintable():
        return text
    return _UNPRINTABLE.sub(_escaped, text)


def paint(text: str, *styles: str, color: bool) -> str:
    if not color or not styles:
        return text
    return "\x1b[" + ";".join(_CODES[style] for style in styles) + "m" + text + "\x1b[0m"


def severity_style(severity: Severity) -> tuple[str, ...]:
    return {"error": ("red", "bold"), "warning": ("yellow", "bold"), "info": ("blue",)}[severity.value]

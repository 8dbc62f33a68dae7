"""Display width: the one width model shared by the formatter, the `full`
report's caret and the table-format rule. If two of them measured text
differently, a linter and a formatter would undo each other forever
(markdownlint#2219).

East Asian wide and fullwidth characters count 2, combining marks and other
zero-width characters 0, emoji sequences (ZWJ, VS16) as their terminal width;
all from wcwidth (imported on first use: it costs ~35 ms to import, and most
runs print nothing that needs widths). A tab counts 1: where it lands depends
on the editor's tab stops, so no fixed width aligns it everywhere.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

_wcwidth: Any = None


def display_width(text: str) -> int:
    if text.isascii() and (text.isprintable() or text.replace("\t", " ").isprintable()):
        return len(text)
    return _wide_width(text)


@lru_cache(maxsize=65536)
def _wide_width(text: str) -> int:
    global _wcwidth
    if _wcwidth is None:
        import wcwidth

        _wcwidth = wcwidth
    return max(_wcwidth.width(text.replace("\t", " "), control_codes="ignore"), 0)

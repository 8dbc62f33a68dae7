"""Suppression comments as text: what a cell holds once they are taken out.

The directives themselves (what they suppress, and where) are read by
engine/suppress.py; the data layers need only to see past them.
"""

from __future__ import annotations

from .. import lazy_re
from . import gfm

# The text inside a comment's ``<!--`` and ``-->``. Matched only against one
# comment's text (gfm.html_comments finds them): a pattern that also looked
# for the closing ``-->`` backtracked over every space after an unclosed
# ``<!-- tablelint-disable``, for every such opener.
_SUPPRESSION = lazy_re.compile(r"\s*tablelint-[a-z-]+\b[^>]*")


def comment_text(text: str, start: int, end: int) -> str:
    return text[start + 4 : end - 3] if end - start >= 7 else ""


def without_suppression_comments(text: str) -> str:
    """``text`` with each ``<!-- tablelint-... -->`` comment, and the
    whitespace around it, replaced by one space."""
    pieces: list[str] = []
    pos = 0
    for start, end in gfm.html_comments(text):
        if _SUPPRESSION.fullmatch(comment_text(text, start, end)) is None:
            continue
        pieces.append(text[pos:start].rstrip())
        pieces.append(" ")
        pos = end
        while pos < len(text) and text[pos].isspace():
            pos += 1
    if not pieces:
        return text
    pieces.append(text[pos:])
    return "".join(pieces)

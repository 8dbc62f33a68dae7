"""Latin letters in regular expressions, compiled for the text at hand.

Terms are made of Latin letters: Latin-1's (without × and ÷) and Latin
Extended-A and -B, up to U+024F. CPython compiles a character class that
reaches past U+00FF in more than two runs into a table of all 65,536 BMP
characters (``re._compiler._optimize_charset``), slow for each such
class in a pattern, far more than a class within Latin-1 costs; a pattern
about letters holds several. A check of a small file compiled a dozen of
them, and its text, like nearly all text, held no letter past Latin-1. For
such a text, the classes cut at U+00FF match exactly what the full ones do,
so each pattern has both spellings and each text gets the one it needs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

from .. import lazy_re

# Latin letters (with accents, without × and ÷) and digits: what terms are made of.
LATIN_RANGES = (
    ("A", "Z"), ("a", "z"), ("0", "9"), ("\u00c0", "\u00d6"), ("\u00d8", "\u00f6"), ("\u00f8", "\u024f")
)
LATIN_CHARS = "".join(f"{first}-{last}" for first, last in LATIN_RANGES)
LETTERS = LATIN_CHARS.replace("0-9", "")
# The one range that goes past Latin-1, and where it stops in the fast spelling.
_LAST_RANGE = "\u00f8-\u024f"
_LAST_RANGE_IN_LATIN_1 = "\u00f8-\u00ff"

# Characters encoded at a time by has_letters_past_latin_1.
_PIECE = 1 << 16


def has_letters_past_latin_1(text: str) -> bool:
    """Whether ``text`` holds a Latin letter that Latin-1 does not (``ā``,
    ``ő``): U+0100 to U+024F, 01 or 02 as the high byte of a UTF-16 unit
    (a few more characters say yes too). Encoding to UTF-16 is a copy, and
    searching bytes for a byte is far faster than searching characters."""
    # In pieces: at once, the copies would take three times the text's size.
    for start in range(0, len(text), _PIECE):
        high_bytes = text[start : start + _PIECE].encode("utf-16-le")[1::2]
        if b"\x01" in high_bytes or b"\x02" in high_bytes:
            return True
    return False


class LatinPattern:
    """``lazy_re.compile(pattern)`` for a pattern whose classes are built from
    ``LATIN_CHARS`` and ``LETTERS``, in two spellings: ``every`` as written,
    and ``latin_1`` with the letters cut at U+00FF. The two differ only on
    U+0100 to U+024F, so on a text without those they find the same.

    The methods take the spelling that ``text`` needs. A caller that runs
    one pattern over the same large text many times picks the spelling once
    (``has_letters_past_latin_1`` reads the whole text).
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.every = lazy_re.compile(pattern)
        self.latin_1 = lazy_re.compile(pattern.replace(_LAST_RANGE, _LAST_RANGE_IN_LATIN_1))

    def for_text(self, text: str) -> lazy_re.LazyPattern[str]:
        if text.isascii() or not has_letters_past_latin_1(text):
            return self.latin_1
        return self.every

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.for_text(text).match(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.for_text(text).search(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.for_text(text).finditer(text, pos, endpos)

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.for_text(text).findall(text, pos, endpos)

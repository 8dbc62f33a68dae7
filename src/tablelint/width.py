"""Display width: the one width model shared by the formatter, the `full`
report's caret and the table-format rule. If two of them measured text
differently, a linter and a formatter would undo each other forever
(markdownlint#2219).

The model is Prettier's (``getStringWidth`` in Prettier 3), so that a table
Prettier aligned is aligned for tablelint too and the two never fight over a
column: text is read in grapheme clusters (wcwidth's ``iter_graphemes``) and

* an emoji sequence (a base with VS16, a skin tone, a keycap, ZWJ, tags, or a
  pair of regional indicators) counts 2, however many code points it has;
* otherwise each code point counts on its own: control characters and
  nonspacing or enclosing marks (Mn, Me: accents, VS15/VS16) 0; East Asian
  wide and fullwidth characters, and emoji shown as pictures by default, 2;
  everything else 1, so spacing marks (Mc), format characters such as a
  zero-width space, and a lone regional indicator count 1, as in Prettier.

One difference is deliberate: a tab counts 1 (Prettier counts it 0, then
replaces it with a space in the cell, which changes the content; tablelint
never does). Where a tab lands depends on the editor's tab stops, so no fixed
width aligns it everywhere.

wcwidth is imported on first use: it costs ~35 ms to import, and most runs
print nothing that needs widths.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

_wcwidth: Any = None

# Code points that make a cluster an emoji sequence (with a base that can be
# one): VS16, ZWJ, the combining keycap, the skin tones, the tag characters.
_EMOJI_FORMING = frozenset(
    [0xFE0F, 0x200D, 0x20E3, *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)]
)
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)
_KEYCAP_BASES = frozenset("#*0123456789")
# Emoji that take a skin tone but are shown as text by default (wcwidth: 1);
# Prettier's emoji pattern matches them alone and counts them 2.
_WIDE_IN_PRETTIER = frozenset([0x261D, 0x26F9, 0x270C, 0x270D, 0x1F3CB, 0x1F3CC, 0x1F574, 0x1F575, 0x1F590])
_ZERO_WIDTH_CATEGORIES = frozenset(["Mn", "Me", "Cc"])


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
    total = 0
    for cluster in _wcwidth.iter_graphemes(text):
        if len(cluster) == 1:
            total += _char_width(cluster)
        elif _is_emoji_sequence(cluster):
            total += 2
        else:
            total += sum(_char_width(char) for char in cluster)
    return total


def _is_emoji_sequence(cluster: str) -> bool:
    codes = [ord(char) for char in cluster]
    if len(codes) == 2 and all(code in _REGIONAL_INDICATORS for code in codes):
        return True
    if not any(code in _EMOJI_FORMING for code in codes[1:]):
        return False
    if cluster[0] in _KEYCAP_BASES:
        return 0x20E3 in codes
    if codes[0] in _WIDE_IN_PRETTIER:
        return True
    # wcwidth knows which bases VS16 widens and which sequences are emoji;
    # "a" + VS16 stays 1 wide, as in Prettier.
    return bool(_wcwidth.width(cluster) == 2)


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if char == "\t":
        return 1
    category = unicodedata.category(char)
    if category in _ZERO_WIDTH_CATEGORIES:
        return 0
    code = ord(char)
    if code in _REGIONAL_INDICATORS:
        return 1
    if code in _WIDE_IN_PRETTIER or _wcwidth.wcwidth(char) == 2:
        return 2
    # Wide by East Asian Width though wcwidth draws it narrower (U+3164 HANGUL
    # FILLER, U+302E HANGUL SINGLE DOT TONE MARK); unassigned code points are
    # not, whatever the table of this Python's Unicode says.
    if category != "Cn" and unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 1

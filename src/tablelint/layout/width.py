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

Most text is measured by wcwidth's C code: ``prettier_width`` is the model,
and ``display_width`` uses it only for text where wcwidth would answer
otherwise. wcwidth is imported on first use: its import is slow, and
most runs print nothing that needs widths.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from typing import Any

from .. import lazy_re

# Code points that make a cluster an emoji sequence (with a base that can be
# one): VS16, ZWJ, the combining keycap, the skin tones, the tag characters.
_EMOJI_FORMING = frozenset(
    [0xFE0F, 0x200D, 0x20E3, *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)]
)
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)
# Text without any of these is measured one code point at a time; grapheme
# clusters change nothing there (marks count 0 either way).
_SEQUENCE_PART = lazy_re.compile("[\ufe0f\u200d\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\U0001f1e6-\U0001f1ff]")
_KEYCAP_BASES = frozenset("#*0123456789")
# Emoji that take a skin tone but are shown as text by default (wcwidth: 1);
# Prettier's emoji pattern matches them alone and counts them 2.
_WIDE_IN_PRETTIER = frozenset([0x261D, 0x26F9, 0x270C, 0x270D, 0x1F3CB, 0x1F3CC, 0x1F574, 0x1F575, 0x1F590])
_ZERO_WIDTH_CATEGORIES = frozenset(["Mn", "Me", "Cc"])


# The code points of the BMP where wcwidth's width() and the model above
# disagree, alone or in a sequence: control characters (wcwidth reads escape
# sequences), spacing marks, format characters, Hangul jamo, viramas (wcwidth
# joins Indic conjuncts), variation selectors, ZWJ, keycaps, text emoji that
# take a skin tone, and code points this Python's Unicode does not know yet.
# Text without any of them, and without any code point beyond the BMP, is
# measured by wcwidth's C code, much faster than the model's loop, with
# the same result (checked on every code point by test_format_layout.py).
# Found by comparing the two on every code point with wcwidth 0.9.5 on
# Python 3.11; ranges with gaps under 32 code points are merged.
_WCWIDTH_DIFFERS = (
    (0x0, 0x8), (0xA, 0x1F), (0x7F, 0x9F), (0x5C8, 0x5C9), (0x61C, 0x61C), (0x897, 0x897), (0x903, 0x903),
    (0x93B, 0x94F), (0x982, 0x983), (0x9BE, 0x9D7), (0xA03, 0xA03), (0xA3E, 0xA4D), (0xA83, 0xA83), (0xABE, 0xACD),
    (0xB02, 0xB03), (0xB3E, 0xB57), (0xBBE, 0xBD7), (0xC01, 0xC03), (0xC41, 0xC4D), (0xC82, 0xC83), (0xCBE, 0xD03),
    (0xD3B, 0xD57), (0xD82, 0xD83), (0xDCA, 0xDF3), (0xE3A, 0xE3A), (0xEBA, 0xECE), (0xF3E, 0xF3F), (0xF7F, 0xF84),
    (0x102B, 0x109C), (0x1160, 0x11FF), (0x1714, 0x1734), (0x17B6, 0x17D2), (0x180E, 0x180E), (0x1923, 0x1938),
    (0x1A19, 0x1A1A), (0x1A55, 0x1A72), (0x1ACF, 0x1B04), (0x1B35, 0x1B44), (0x1B82, 0x1BAB), (0x1BE7, 0x1BF3),
    (0x1C24, 0x1C35), (0x1CE1, 0x1CF7), (0x200B, 0x202E), (0x2060, 0x206F), (0x20E3, 0x20E3), (0x261D, 0x261D),
    (0x26F9, 0x270D), (0x2D7F, 0x2D7F), (0x302E, 0x302F), (0x3164, 0x3164), (0xA806, 0xA82C), (0xA880, 0xA881),
    (0xA8B4, 0xA8C4), (0xA952, 0xA953), (0xA983, 0xA983), (0xA9B4, 0xA9C0), (0xAA2F, 0xAA4D), (0xAA7B, 0xAA7D),
    (0xAAEB, 0xAAF6), (0xABE3, 0xABED), (0xD7B0, 0xD7FF), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFFB),
)
# Every code point beyond the BMP (emoji, mostly) goes to the model as well:
# one range costs sre little, where many ranges above U+FFFF are tested one
# by one, for every character of the text.
_NEEDS_THE_MODEL = lazy_re.compile(
    "[" + "".join(f"\\u{start:04x}-\\u{end:04x}" for start, end in _WCWIDTH_DIFFERS) + "\\U00010000-\\U0010ffff]"
)


def display_width(text: str) -> int:
    if text.isascii() and (text.isprintable() or text.replace("\t", " ").isprintable()):
        return len(text)
    return _wide_width(text)


@lru_cache(maxsize=65536)
def _wide_width(text: str) -> int:
    if _NEEDS_THE_MODEL.search(text) is None:
        return int(_load_wcwidth().width(text.replace("\t", " "), control_codes="ignore"))
    return prettier_width(text)


def prettier_width(text: str) -> int:
    """The model itself, without the fast path: what ``display_width`` returns."""
    if _SEQUENCE_PART.search(text) is None:
        return sum(map(_CHAR_WIDTHS.__getitem__, text))
    total = 0
    for cluster in _load_wcwidth().iter_graphemes(text):
        if len(cluster) == 1:
            total += _CHAR_WIDTHS[cluster]
        elif _is_emoji_sequence(cluster):
            total += 2
        else:
            total += sum(map(_CHAR_WIDTHS.__getitem__, cluster))
    return total


@cache
def _load_wcwidth() -> Any:
    import wcwidth

    return wcwidth


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
    return bool(_load_wcwidth().width(cluster) == 2)


class _CharWidths(dict[str, int]):
    """The width of each code point met so far, measured on first use."""

    def __missing__(self, char: str) -> int:
        width = self[char] = _char_width(char)
        return width


def _char_width(char: str) -> int:
    if char == "\t":
        return 1
    category = unicodedata.category(char)
    if category in _ZERO_WIDTH_CATEGORIES:
        return 0
    code = ord(char)
    if code in _REGIONAL_INDICATORS:
        return 1
    if code in _WIDE_IN_PRETTIER or _load_wcwidth().wcwidth(char) == 2:
        return 2
    # Wide by East Asian Width though wcwidth draws it narrower (U+3164 HANGUL
    # FILLER, U+302E HANGUL SINGLE DOT TONE MARK); unassigned code points are
    # not, whatever the table of this Python's Unicode says.
    if category != "Cn" and unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 1


_CHAR_WIDTHS = _CharWidths()

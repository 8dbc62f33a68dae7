"""The names of a row, read from its name cell.

A paper title usually carries its short name before a colon
(``《PEER: A Collaborative Language Model》`` → ``PEER``); a title without one
names things only through the words spelt like names (``LaMDA``,
``Megatron-LM``), never through ordinary title words (``Scaling``,
``Instruction-Finetuned``). A cell that is one long word is a name too
(``Chinchilla``).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress
from operator import itemgetter, not_

from .letters import LATIN_CHARS, LETTERS, LatinPattern, has_letters_past_latin_1
from .terms import TERM, has_letter, is_name_like, is_shouting, visible_text, words_in

# Cell values that are never names: placeholders and literals.
NOT_NAMES = frozenset(
    value.casefold()
    for value in (
        "NULL",
        "None",
        "nil",
        "N/A",
        "NA",
        "NaN",
        "TBD",
        "TBA",
        "TODO",
        "FIXME",
        "TRUE",
        "FALSE",
        "yes",
        "no",
    )
)

# More words than this before a colon make a sentence, not a short name
# ("Note that the model is small: …").
_SHORT_NAME_TERMS = 4
# A single word this long in a name cell is a name even when spelt like an
# ordinary word; shorter ones ("Date", "Delete") are usually field names.
_LONG_WORD = 8


# The usual name cell: one word with a letter before the first colon, and
# nothing else Latin there (``《PEER: A Collaborative…》``). Matched after the
# newline before each cell of a joined text (a literal: the engine jumps from
# one to the next), it gives that word or "".
_HEAD = rf"\n(?:[^\n{LATIN_CHARS}:：]*(?=[0-9.-]*[{LETTERS}])({TERM.pattern})[^\n{LATIN_CHARS}:：]*[:：])?"
_ONE_WORD_HEAD = LatinPattern(_HEAD)
# For cells without a full-width colon, most of them: like a letter past
# Latin-1, "：" in a class with others makes CPython compile it much slower.
_ONE_WORD_HEAD_ASCII_COLON = LatinPattern(_HEAD.replace("：", ""))


def is_not_a_name(raw: str) -> bool:
    return raw.strip().casefold() in NOT_NAMES


def _first_colon(visible: str) -> int:
    found = [index for index in (visible.find(":"), visible.find("：")) if index >= 0]
    return min(found) if found else -1


def row_names(raw: str, visible: str | None = None) -> list[str]:
    """The names in a name cell. ``visible`` saves the work when the caller has it."""
    if is_not_a_name(raw):
        return []
    visible = visible_text(raw) if visible is None else visible
    colon = _first_colon(visible)
    if colon > 0:
        head = [word for word in words_in(visible, colon) if has_letter(word)]
        if len(head) == 1:
            return head
        if 1 < len(head) <= _SHORT_NAME_TERMS:
            return [word for word in head if is_name_like(word)]
    words = [word for word in words_in(visible) if has_letter(word)]
    if len(words) == 1 and (is_name_like(words[0]) or len(words[0]) >= _LONG_WORD):
        return words
    shouting = is_shouting(words)
    return [word for word in words if is_name_like(word, shouting)]


def names_of_cells(
    text: str,
    starts: Sequence[int],
    first: int,
    stop: int,
    raws: Sequence[str],
    letters_past_latin_1: bool | None = None,
) -> tuple[list[str], list[int]]:
    """``row_names`` of cells ``first`` to ``stop - 1`` of a joined visible
    text (``text`` and ``starts`` as for ``joined_visible_text``), as two parallel lists:
    each name and its cell. One regex call reads the usual cells; the others
    go through ``row_names``. ``letters_past_latin_1`` is
    ``has_letters_past_latin_1(text)``, from a caller that knows it."""
    start, end = starts[first] - 1, starts[stop] - 1
    head = _ONE_WORD_HEAD if text.find("：", start, end) >= 0 else _ONE_WORD_HEAD_ASCII_COLON
    if letters_past_latin_1 is None:
        letters_past_latin_1 = has_letters_past_latin_1(text)
    heads = (head.every if letters_past_latin_1 else head.latin_1).findall(text, start, end)
    if len(heads) != stop - first:  # not one line per cell: read them all one by one
        heads = [""] * (stop - first)
    names = list(filter(None, heads))
    cells = list(compress(range(first, stop), heads))
    others = [
        (cell, name)
        for cell in compress(range(first, stop), map(not_, heads))
        if has_letter(raws[cell])  # placeholders, numbers, empty cells: no names
        for name in row_names(raws[cell], text[starts[cell] : starts[cell + 1] - 1])
    ]
    if not others:
        return names, cells
    # Stable: the names of a cell keep their order.
    pairs = sorted([*zip(cells, names, strict=True), *others], key=itemgetter(0))
    return [name for _, name in pairs], [cell for cell, _ in pairs]

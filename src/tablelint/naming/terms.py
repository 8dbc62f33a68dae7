"""Terms: the Latin-script words of a cell, each with its exact span.

Cells mix CJK text, full-width punctuation and Latin names (``Meta的PEEK：``),
so terms are runs of Latin letters and digits, whatever surrounds them.
Hyphens join a term (``Megatron-LM``, ``LLaMA-13B``), and so does a dot
between digits (``GPT-3.5``). Before that, everything that is not prose is
blanked out with spaces of the same length, so spans stay in the cell's raw
coordinates: code spans, HTML tags and comments, autolinks, link destinations,
bare URLs, e-mail addresses, entities, file and domain names (``llama.cpp``,
``github.com``), snake_case identifiers and lower-case paths
(``facebookresearch/llama``). Names in those are spelt for machines; their
case and spelling are not the author's to fix.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache, partial
from itertools import filterfalse
from operator import methodcaller
from typing import AnyStr, NamedTuple

from .. import lazy_re
from ..parse import gfm
from ..parse.source import spliced
from .letters import LATIN_CHARS, LATIN_RANGES, LETTERS, LatinPattern

# What is not prose, in the order it is blanked out. Each pattern runs only on
# cells that contain its trigger, so a plain cell costs a few substring tests.
# HTML comments are found by gfm.html_comments (see _markup_spans), not by
# ``<!--.*?-->`` here, which scans to the end of the cell from each unclosed
# ``<!--``. No match of this pattern holds a ``<`` after its first character.
_MARKUP = lazy_re.compile(
    r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>"  # autolink
    r"|<[^\s<>@]+@[^\s<>]+>"  # e-mail autolink
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"  # HTML tag
)
_LINK_TARGET = lazy_re.compile(
    r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"  # ](destination)
    r"|\]\[[^\]]*\]"  # ][reference]
)
# Bare URLs end before CJK punctuation, which GFM would take into the link.
_URL = lazy_re.compile(
    r"(?<![A-Za-z0-9+.-])(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[^\s<>\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]*"
)
_EMAIL = lazy_re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_ENTITY = lazy_re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_IDENTIFIER_HINT = lazy_re.compile(r"[A-Za-z0-9][_/]|\.[a-z]")
_IDENTIFIER = lazy_re.compile(
    r"(?<![A-Za-z0-9._-])(?P<path>[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)+)"
    # file.ext, domain.tld
    r"|(?<![A-Za-z0-9_.-])[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.[a-z][a-z0-9]{1,9}(?![A-Za-z0-9_-])"
    r"|(?<![A-Za-z0-9_])[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+"  # snake_case
)
_LOWER_SEGMENT = lazy_re.compile(r"[a-z0-9._-]*[a-z][a-z0-9._-]*\Z")
# The label of an inline, reference or image link: [label](…) or [label][…],
# one level of brackets inside the label allowed.
_LINK_LABEL = lazy_re.compile(r"\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\](?=\(|\[)")
TERM = LatinPattern(rf"[{LATIN_CHARS}]+(?:(?:-|(?<=[0-9])\.(?=[0-9]))[{LATIN_CHARS}]+)*")
_LETTER = LatinPattern(rf"[{LETTERS}]")
_LETTER_RUN = LatinPattern(rf"[{LETTERS}]+")
_DIGITS = lazy_re.compile(r"[0-9]+")
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff"
_TWO_LETTERS = LatinPattern(rf"[{LETTERS}][^{LETTERS}]*[{LETTERS}]")
# A run of letters with a lower-case letter and a capital after its first
# letter, other than a plural acronym (LLMs); a run of two or more capitals.
_MIXED_RUN = LatinPattern(
    rf"(?<![{LETTERS}])(?![{_UPPER}]+s(?![{LETTERS}]))(?=[{LETTERS}]*[{_LOWER}])(?=[{LETTERS}]*?[{LETTERS}][{_UPPER}])"
)
_ACRONYM_RUN = LatinPattern(rf"(?<![{LETTERS}])[{_UPPER}]{{2,}}(?![{LETTERS}])")
# A run of 4 letters or more; the letter before the first one is looked at
# after it, so that the pattern starts with a character class.
_CASED_RUN = LatinPattern(rf"[{LETTERS}](?<![{LETTERS}].)[{LETTERS}]{{3,}}(?![{LETTERS}])")

# A term (as TERM matches it) or the newline between two cells of a joined
# text. Starting with one character class lets the regex engine skip the
# text between tokens at C speed.
TOKEN = LatinPattern(
    rf"[\n{LATIN_CHARS}](?:(?<=\n)|[{LATIN_CHARS}]*(?:(?:-|(?<=[0-9])\.(?=[0-9]))[{LATIN_CHARS}]+)*)"
)
# Term characters as Latin-1 bytes are kept, every other byte becomes a
# space. Only text without Latin letters past Latin-1 can take this path.
# Filled a range at a time: testing each of the 256 bytes against every range
# took a noticeable part of every run's import.
def _term_bytes() -> bytes:
    table = bytearray(b" " * 256)
    for first, last in LATIN_RANGES:
        low, high = ord(first), min(ord(last), 255)
        table[low : high + 1] = range(low, high + 1)
    for char in ".-":
        table[ord(char)] = ord(char)
    return bytes(table)


_TERM_BYTES = _term_bytes()
# Whatever makes visible_text blank something once code spans and <br> tags
# are gone: a cell without any of these is its own visible text. Searched
# for in the Latin-1 bytes of the text (one byte per character, other
# characters as "?"). Literals with bytes.find, which costs nothing to
# prepare; each pattern after its first byte (memchr finds a byte absent
# from a large text quickly), so that it compiles only for a text that may
# hold it, and each starting with a literal, which the regex engine searches
# for fast: one pattern with alternatives looks at every character, much
# times slower.
_BLANKING_LITERALS = (b"<", b"@", b"&", b"](", b"][", b"://", b"www.")
_BLANKING_PATTERNS = [
    (first, lazy_re.compile(pattern))
    for first, pattern in (
        (b".", rb"\.[a-z]"),
        (b"_", b"_(?<=[A-Za-z0-9]_)"),
        (b"/", b"/(?<=[A-Za-z0-9]/)"),
    )
]


class Term(NamedTuple):
    """A term of a cell: ``start`` and ``end`` are its offsets in the cell's
    raw text, ``text`` the term itself."""

    start: int
    end: int
    text: str


def _spaces(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def _blank_identifier(match: re.Match[str]) -> str:
    path = match.group("path")
    # A path with a lower-case segment is a repository or file path;
    # "Critique/Revision" or "SFT/RM" are words.
    if path is not None and not any(_LOWER_SEGMENT.match(segment) for segment in path.split("/")):
        return path
    return _spaces(match)


def _blanked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with ``spans`` (in order, disjoint) replaced by spaces."""
    return spliced(text, ((start, end, " " * (end - start)) for start, end in spans))


def _without_code_spans(text: str) -> str:
    """``text`` with its code spans (gfm.code_spans, linear in the text) blanked."""
    if "`" not in text:
        return text
    return _blanked(text, ((start, end) for start, _, _, end in gfm.code_spans(text)))


def _without_line_breaks(text: str) -> str:
    # Line breaks fill reading-list cells; no regex needed, and most texts
    # write them one way only.
    text = text.replace("<br/>", "     ")
    if "<br" in text:
        text = text.replace("<br>", "    ").replace("<br />", "      ")
    return text


def link_labels(raw: str) -> list[tuple[int, int]]:
    """Spans of the link labels in a cell's raw text (``[PEER: …](url)``):
    the names and titles as the linked page writes them."""
    if "](" not in raw and "][" not in raw:
        return []
    return [match.span(1) for match in _LINK_LABEL.finditer(raw)]


def _markup_spans(text: str) -> Iterator[tuple[int, int]]:
    """The spans of HTML comments and of the markup _MARKUP matches, left to
    right as one pattern would find them (a comment first where both start)."""
    comments = gfm.html_comments(text) if "<!--" in text else iter(())
    comment = next(comments, None)
    search = _MARKUP.compiled().search
    markup = search(text)
    while comment is not None or markup is not None:
        if comment is not None and (markup is None or comment[0] <= markup.start()):
            start, end = comment
            comment = next(comments, None)
        else:
            assert markup is not None
            start, end = markup.span()
            markup = None
        yield start, end
        # A match already found after this point stays the next one.
        if markup is None or markup.start() < end:
            markup = search(text, end)
        while comment is not None and comment[0] < end:
            comment = next(comments, None)


def visible_text(raw: str) -> str:
    """``raw`` with code, markup, URLs and identifiers replaced by spaces."""
    text = raw
    if "`" in text:
        text = _without_code_spans(text)
    if "<br" in text:
        text = _without_line_breaks(text)
    if "<" in text:
        text = _blanked(text, _markup_spans(text))
    if "](" in text or "][" in text:
        text = _LINK_TARGET.sub(_spaces, text)
    if "://" in text or "www." in text:
        text = _URL.sub(_spaces, text)
    if "@" in text:
        text = _EMAIL.sub(_spaces, text)
    if "&" in text:
        text = _ENTITY.sub(_spaces, text)
    if ("_" in text or "/" in text or "." in text) and _IDENTIFIER_HINT.search(text):
        text = _IDENTIFIER.sub(_blank_identifier, text)
    return text


def joined_visible_text(raws: Sequence[str], starts: Sequence[int]) -> tuple[str, bytes]:
    """``visible_text`` of every cell, each after a newline: what
    ``"".join("\\n" + visible_text(raw) for raw in raws)`` gives, at a
    fraction of the cost, and its Latin-1 bytes (``latin_1``). ``starts[i]``
    is where cell i starts in the text, and ``starts[-1]`` where one more
    cell would start. No cell holds a newline: a table cell is part of a
    line.

    Code spans and line breaks go in one pass each over the whole text (no
    code span crosses a newline); one search per cell that still holds
    markup, a URL or an identifier finds it, and only those cells go through
    visible_text, once per distinct text.
    """
    text = "\n".join(["", *raws])
    code_spans, line_breaks = "`" in text, "<br/>" in text
    if code_spans or line_breaks:
        # Blanked cell by cell and joined again: a substitution over the
        # whole text would hold it three times over (the original, the
        # pieces, the result). The same spans are
        # blanked either way, since no code span crosses a newline.
        del text
        cells: Iterable[str] = raws
        if code_spans:
            cells = map(_without_code_spans, cells)
        if line_breaks:
            cells = map(methodcaller("replace", "<br/>", "     "), cells)
        text = "\n".join(["", *cells])
    if "<br" in text:  # the rarer spellings
        text = _without_line_breaks(text)
    data = latin_1(text)
    marked = _cells_to_blank(data, starts)
    if not marked:
        return text, data
    blanked = cache(visible_text)  # tables repeat their cells
    text = spliced(text, (
        (starts[cell], starts[cell] + len(raws[cell]), blanked(raws[cell])) for cell in sorted(marked)
    ))
    return text, latin_1(text)


def _cells_to_blank(data: bytes, starts: Sequence[int]) -> set[int]:
    """The cells of ``data`` (the ``latin_1`` bytes of a joined text) that
    hold a blanking trigger: most triggers are nowhere in a table."""
    marked: set[int] = set()
    for literal in _BLANKING_LITERALS:
        mark_cells(partial(data.find, literal), starts, marked)
    for first, trigger in _BLANKING_PATTERNS:
        if first in data:
            mark_cells(finder(trigger.compiled(), data), starts, marked)
    return marked


def mark_cells(find: Callable[[int], int], starts: Sequence[int], found: set[int]) -> None:
    """Add to ``found`` every cell of a joined text (``starts`` as for
    ``joined_visible_text``) where ``find(position)``, the offset of the
    first hit at or after ``position`` or -1, finds something. After a hit
    the search goes on at the next cell: one hit marks a cell."""
    position = find(0)
    while position >= 0:
        cell = bisect_right(starts, position) - 1
        found.add(cell)
        position = find(starts[cell + 1])


def finder(pattern: re.Pattern[AnyStr], text: AnyStr) -> Callable[[int], int]:
    """``find`` for ``mark_cells``: where ``pattern`` matches in ``text``."""

    def find(position: int) -> int:
        match = pattern.search(text, position)
        return -1 if match is None else match.start()

    return find


def latin_1(text: str) -> bytes:
    """One byte per character: Latin-1, and "?" for any other character."""
    return text.encode("latin-1", "replace")


def term_runs(data: bytes) -> set[bytes]:
    """The distinct runs of term characters in ``data``, the ``latin_1``
    bytes of a text: one translation leaves only them and spaces."""
    return set(data.translate(_TERM_BYTES).split())


def terms_of_runs(runs: Iterable[bytes]) -> set[str]:
    """The distinct terms in these runs (a run is one term, or terms that
    hyphens and dots join or separate), numbers (digits alone) left out:
    ``set(TERM.findall(text))`` for the text the runs come from, when it
    ``has_letters_past_latin_1`` not."""
    text = b" ".join(filterfalse(bytes.isdigit, runs)).decode("latin-1")
    return set(filterfalse(str.isdigit, TERM.latin_1.findall(text)))


def terms_of(raw: str) -> list[Term]:
    """The terms of a cell's raw text, in order. A term has at least one letter."""
    return terms_in(visible_text(raw))


def terms_in(visible: str, end: int | None = None) -> list[Term]:
    """The terms of text already passed through ``visible_text`` (up to ``end``)."""
    matches = TERM.finditer(visible) if end is None else TERM.finditer(visible, 0, end)
    return [
        Term(match.start(), match.end(), match.group(0))
        for match in matches
        if not match.group(0).isdigit() and _LETTER.search(match.group(0))
    ]


def words_in(visible: str, end: int | None = None) -> list[str]:
    """The text of every term, fast: digit-only words included (callers that
    care filter them; most words repeat, so they filter once per spelling)."""
    return TERM.findall(visible) if end is None else TERM.findall(visible, 0, end)


def has_letter(word: str) -> bool:
    return _LETTER.search(word) is not None


def cased_words(visible: str) -> list[str]:
    """Runs of 4 or more letters: what casing is compared on."""
    return _CASED_RUN.findall(visible)


def cased_runs(visible: str) -> Iterator[re.Match[str]]:
    """``cased_words`` as matches, with their places."""
    return _CASED_RUN.finditer(visible)


def letter_runs(term: str) -> list[tuple[int, int, str]]:
    """Maximal runs of letters inside a term: ``LLaMA-13B`` → ``LLaMA``, ``B``."""
    return [(m.start(), m.end(), m.group(0)) for m in _LETTER_RUN.finditer(term)]


def digit_signature(term: str) -> tuple[str, ...]:
    """The digit groups of a term; near misses must agree on them exactly
    (``GPT-3`` and ``GPT-4`` are two models)."""
    return tuple(_DIGITS.findall(term))


def is_mixed_case(word: str) -> bool:
    """A capital after the first letter next to lower-case ones: ``DeepMind``,
    ``arXiv``, ``LLaMA``. Plural acronyms (``LLMs``, ``GPUs``) do not count:
    their ``s`` is grammar, not a spelling. ``word`` is a run of letters."""
    if word.isupper() or word.islower() or word[1:] == word[1:].lower():
        return False
    return not (word[-1] == "s" and word[:-1].isupper() and len(word) > 2)


def is_acronym(word: str) -> bool:
    """Two or more letters, all capitals: ``PEER``, ``BERT``, ``GPT-3``."""
    return word.isupper() and _TWO_LETTERS.search(word) is not None


def is_name_like(term: str, shouting: bool = False) -> bool:
    """Whether a term is spelt like a name: a mixed-case or acronym part
    (``Megatron-LM``, ``GPT-3.5``). In a cell written in capitals, acronyms
    say nothing."""
    if term.islower():
        return False
    if _MIXED_RUN.search(term) is not None:
        return True
    return not shouting and _ACRONYM_RUN.search(term) is not None


def is_shouting(words: list[str]) -> bool:
    """A cell written in capitals (``LARGE LANGUAGE MODELS ARE…``): there,
    an all-capitals word is style, not a name."""
    words = [word for word in words if len(word) > 1 and _TWO_LETTERS.search(word)]
    if len(words) < 3:
        return False
    return sum(1 for word in words if word.isupper()) * 5 >= len(words) * 3

"""The parts a name is made of, and whether a slip in one reads as a slip.

A name is made of parts: words and acronyms, by their capitals
(``FastEdit`` → ``Fast`` ``Edit``, ``CTranslate2`` → ``C`` ``Translate``
``2``, ``KubeAI`` → ``Kube`` ``AI``, ``JFBench`` → ``JF`` ``Bench``).
Names of one family differ in a part: ``IFBench``/``JFBench``,
``E-Sparse``/``Q-Sparse``, ``PaLM``/``PaLI``. So a letter changed in a
first letter or a capital is, on its own, no evidence of a slip (see
``index.is_family_difference``). It is when the part of the name reads as
something, an English word (``Fast``, ``Juice``, ``Translate``) or an
acronym the document writes in other words too (``AI``, ``ML``, ``LLM``),
and the same letters of the written spelling read as nothing: no English
word, and no part of any other word of the document or of a vocabulary
(``Dast``, ``Quice``, ``Lranslate``, ``AU``). A family's other member
changes a part into another part (``IF``, ``Sparse``'s ``Q``, ``Data`` →
``Meta``), which the document or the language knows; a typing slip makes
letters that nothing else in the document holds.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterable
from itertools import accumulate

from .. import lazy_re
from .words import is_english_word, may_be_ordinary_word

# A run of capitals (an acronym; a capital that opens a word is not part of
# it), a capital and lower-case letters (a word), lower-case letters, digits.
_PART = lazy_re.compile(r"[A-Z]+(?![a-z])|[A-Z][a-z]+|[a-z]+|[0-9]+")
# A run of capitals, whole: in ``MLflow`` the acronym is ``ML``, though by
# their capitals alone the parts read ``M`` ``Lflow`` (as ``JF`` ``Bench``).
_CAPITALS = lazy_re.compile(r"[A-Z]{2,}")
# An English word shorter than this says nothing: the list holds most
# pairs of letters (au, my, db), as abbreviations or interjections.
_SHORTEST_WORD = 3
# Names with fewer letters have too many real neighbours one letter away
# (CLIP, BLIP, FLIP, GLIP; PaLM, PaLI) for a changed part to tell a slip.
SHORTEST_NAME = 5


def parts(spelling: str) -> list[tuple[int, int, str]]:
    """The parts of an ASCII spelling, with their places."""
    return [(match.start(), match.end(), match.group(0)) for match in _PART.finditer(spelling)]


def _known_pieces(word: str) -> set[str]:
    """The parts of a word of the document or a vocabulary, and its runs of
    capitals whole: both readings of ``MLflow`` (``ML``, and ``M`` ``Lflow``)."""
    return {part for _, _, part in parts(word)} | set(_CAPITALS.findall(word))


def _holds_any(word: str, spellings: Collection[str]) -> bool:
    return any(spelling in word for spelling in spellings)


def slipped_part(written: str, target: str) -> tuple[str, str] | None:
    """When ``written`` is ``target``, a name of five letters or more and
    not spelt as an English word, with one letter replaced by another of
    the same case (``DastEdit`` for ``FastEdit``, ``KubeAU`` for
    ``KubeAI``): the part of ``target`` that holds the letter, of two
    letters or more, and the same letters of ``written`` (``Fast`` and
    ``Dast``; ``AI`` and ``AU``). None otherwise."""
    if len(written) != len(target) or not written.isascii() or not target.isascii():
        return None
    if sum(1 for char in target if char.isalpha()) < SHORTEST_NAME:
        return None
    # A name that is a word, as written (Search), is what pun names are made
    # of, a letter changed (Vearch).
    if may_be_ordinary_word(target):
        return None
    changed = [at for at, (a, b) in enumerate(zip(written, target, strict=True)) if a != b]
    if len(changed) != 1:
        return None
    at = changed[0]
    old, new = target[at], written[at]
    if not (old.isalpha() and new.isalpha() and old.isupper() == new.isupper()):
        return None
    for start, end, part in parts(target):
        if start <= at < end:
            if end - start < 2:
                return None
            return part, written[start:end]
    return None


class PartKnowledge:
    """Which parts the document and its vocabularies know: the parts of
    their words, found on demand (most documents never ask)."""

    def __init__(self, words: Collection[str], vocabulary_terms: Iterable[str]) -> None:
        self._words = words
        self._terms = vocabulary_terms
        self._vocabulary_parts: dict[str, set[str]] | None = None
        self._joined: str | None = None
        self._starts: list[int] = []
        self._sorted: list[str] = []

    def reads_as_something(self, part: str, besides: Collection[str]) -> bool:
        """Whether ``part`` is an English word (three letters or more), or a
        part of a vocabulary term or of a word of the document that holds
        none of ``besides`` (the spellings being compared: a name's own
        parts, in ``LLaMA`` or ``LLaMA-2``, say nothing of themselves)."""
        if len(part) >= _SHORTEST_WORD and part.isalpha() and is_english_word(part):
            return True
        if self._vocabulary_parts is None:
            self._vocabulary_parts = {}
            for term in self._terms:
                for piece in _known_pieces(term):
                    self._vocabulary_parts.setdefault(piece, set()).add(term)
        if any(not _holds_any(term, besides) for term in self._vocabulary_parts.get(part, ())):
            return True
        return self._in_other_word(part, besides)

    def _in_other_word(self, part: str, besides: Collection[str]) -> bool:
        if self._joined is None:
            # One text of every ASCII word, searched in C for each part asked
            # about; only the words that hold it are split into parts.
            self._sorted = sorted(word for word in self._words if word.isascii())
            self._joined = "\n".join(self._sorted)
            self._starts = list(accumulate(map((1).__add__, map(len, self._sorted)), initial=0))
        position = self._joined.find(part)
        while position != -1:
            index = bisect_right(self._starts, position) - 1
            word = self._sorted[index]
            # A form of a compared spelling (LLaMA-2, KubeAI's) vouches for
            # nothing either.
            if part in _known_pieces(word) and not _holds_any(word, besides):
                return True
            # On to the next word: this one is done.
            position = self._joined.find(part, self._starts[index + 1])
        return False

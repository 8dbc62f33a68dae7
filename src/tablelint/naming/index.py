"""Near misses of known terms, found through an index rather than by
comparing every pair.

A near miss is a case-insensitive Damerau–Levenshtein distance of 1, or of at
most 2 when both terms have 8 characters or more, between terms of at least 4
characters whose digits agree exactly (``GPT-3``/``GPT-4``, ``LLaMA-13B``/
``LLaMA-65B`` are different models). These differences are not misspellings:
punctuation alone (``GPT3``/``GPT-3`` is a style) or a version's ``v``
(``UniLM2``/``UniLMv2``), an extension at either end: a grammatical ending
(``PEER``/``PEERs``, ``Delete``/``Deleted``) or a derived name
(``ImageNet``/``ImageNet-A``, ``AutoGPT``/``AutoGPTQ``), and two edits that
only change a word's ending (``Verwijdert``/``Verwijderen``).

The index partitions its terms by their digits, which must match anyway,
and groups a partition's terms by length. A lookup scans the terms whose
length is in reach (two characters apart at most, one below 8 characters):
one rapidfuzz call over the list keeps those within an Indel distance of 4
(each Damerau–Levenshtein edit is at most two insertions or deletions), and
near_miss_distance decides on the few left. Only a partition of more than
a thousand terms, after 2,000 lookups, gets a deletion neighbourhood
(SymSpell): every string reachable by deleting up to d characters maps back
to its term, so two terms within distance d share an entry. Partitions are
built on first use: a document whose words never come near a numbered name
never pays for indexing its numbered names.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from .. import lazy_re
from .terms import digit_signature

MIN_LENGTH = 4
LONG_TERM = 8
# A scan compares a partition's terms in one rapidfuzz call, very
# fast for each, so it beats probing a neighbourhood (far slower per lookup:
# the deletions of the word) up to about a thousand terms; building
# the neighbourhood costs as much as some 2,000 scans of a partition of 3,000
# or 10,000 terms (measured). Partitions up to this size are always scanned:
_SCAN_LIMIT = 1000
# and a larger one for this many lookups before its neighbourhood is built.
_SCANS = 2000
_DIGIT = lazy_re.compile(r"[0-9]")
# The most letters an ending changes (-t/-en, -e/-ar).
_ENDING = 3
# What a style difference leaves out: punctuation, and a version's "v".
_STYLE = lazy_re.compile(r"[-.]|v(?=[0-9])")

# Every Damerau–Levenshtein edit is at most two insertions or deletions (a
# substitution or a transposition is one of each), so a near miss is within
# this Indel distance.
_INDEL_BOUND = 2 * 2

_distance: Any = None
_extract: Any = None


def _damerau_levenshtein() -> Any:
    global _distance
    if _distance is None:
        from rapidfuzz.distance import DamerauLevenshtein

        _distance = DamerauLevenshtein.distance
    return _distance


def within_indel_bound(key: str, keys: list[str]) -> list[str]:
    """The ``keys`` that can be a near miss of ``key`` by their Indel
    distance: rapidfuzz computes it for the whole list in one call, much
    times faster than Damerau–Levenshtein, and it rules out nearly all."""
    global _extract
    if _extract is None:
        from rapidfuzz.distance import Indel
        from rapidfuzz.process import extract

        _extract = partial(extract, scorer=Indel.distance, score_cutoff=_INDEL_BOUND, limit=None)
    return [known for known, _, _ in _extract(key, keys)]


def allowed_distance(a: str, b: str) -> int:
    return 2 if min(len(a), len(b)) >= LONG_TERM else 1


def lengths_in_reach(size: int) -> range:
    """The lengths of the terms that a term of ``size`` characters can be a
    near miss of: ``allowed_distance`` bounds the difference in length, and
    the shorter term decides it."""
    shortest = size - 2 if size - 2 >= LONG_TERM else size - 1
    longest = size + (2 if size >= LONG_TERM else 1)
    return range(shortest, longest + 1)


def differs_only_by_style(a: str, b: str) -> bool:
    """Casefolded ``a`` and ``b`` differ by punctuation or a version's ``v``
    (``UniLM2``/``UniLMv2``), or one extends the other: a grammatical ending
    (``PEERs``, ``Deleted``) or a derived name (``ImageNet-A``, ``AutoGPTQ``,
    ``BLOOMZ``) is not a misspelling."""
    if _STYLE.sub("", a) == _STYLE.sub("", b):
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return long.startswith(short) or long.endswith(short)


def is_family_difference(written: str, target: str) -> bool:
    """Whether two spellings a near miss apart differ where names of one
    family differ, not where typing slips: in their first character
    (``IFBench``/``JFBench``, ``E-Sparse``/``Q-Sparse``, ``Dataflow``/
    ``Metaflow``), in a capital of a mixed-case spelling (``ResNet``/
    ``ResNeXt``, ``MiniLM``/``MiniLLM``, ``OpenLLMetry``), or in a hyphen,
    dot or digit (``M-ICL``/``MMICL``). A slip changes a lower-case letter
    inside a word (``GoogleLeNet``, ``Lambda`` for ``LaMDA``) or a letter
    of a word in capitals (``PEEK`` for ``PEER``). Where repeated letters
    let the difference sit in two places (``Google-Le-Net`` or
    ``GoogLe-Le-Net``), a slip in either place is a slip."""
    a, b = written.casefold(), target.casefold()
    if len(a) != len(written) or len(b) != len(target):
        return False  # casefolding moved the letters: no place to compare
    return all(
        prefix == 0 or _changes_a_mark(written, target, prefix, suffix)
        for prefix, suffix in (_common_ends(a, b), _common_ends(a[::-1], b[::-1])[::-1])
    )


def is_other_ending(a: str, b: str) -> bool:
    """Whether casefolded ``a`` and ``b``, two edits apart, differ only in
    their last letters, none of which they share: another ending of one
    stem (Dutch ``Verwijdert``/``Verwijderen``, Portuguese ``Atualize``/
    ``Atualizar``), not two slips."""
    prefix, suffix = _common_ends(a, b)
    return suffix == 0 and prefix >= MIN_LENGTH - 1 and max(len(a), len(b)) - prefix <= _ENDING


def _common_ends(a: str, b: str) -> tuple[int, int]:
    """The longest common prefix of ``a`` and ``b``, then the longest common
    suffix of what remains: (prefix length, suffix length)."""
    shorter = min(len(a), len(b))
    prefix = 0
    while prefix < shorter and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < shorter - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    return prefix, suffix


def _changes_a_mark(written: str, target: str, prefix: int, suffix: int) -> bool:
    """Whether the characters between ``prefix`` and ``suffix`` of either
    spelling hold a hyphen, dot or digit, or a capital of a spelling with
    lower-case letters too: marks a name is made of, not typing slips."""
    for spelling in (written, target):
        changed = spelling[prefix : len(spelling) - suffix]
        mixed = not spelling.isupper() and not spelling.islower()
        if any(not char.isalpha() or (mixed and char.isupper()) for char in changed):
            return True
    return False


def near_miss_distance(a: str, b: str) -> int | None:
    """The distance between two casefolded terms if they are a near miss, else None."""
    if a == b or min(len(a), len(b)) < MIN_LENGTH:
        return None
    limit = allowed_distance(a, b)
    if abs(len(a) - len(b)) > limit or digit_signature(a) != digit_signature(b):
        return None
    distance = _damerau_levenshtein()(a, b, score_cutoff=limit)
    if distance > limit or differs_only_by_style(a, b) or (distance == 2 and is_other_ending(a, b)):
        return None
    return int(distance)


def _deletions(key: str) -> set[str]:
    """Every string made by deleting one character of ``key``, and two for a long key."""
    size = len(key)
    first = {key[:i] + key[i + 1 :] for i in range(size)}
    if size < LONG_TERM:
        return first
    return first | {key[:i] + key[i + 1 : j] + key[j + 1 :] for i in range(size) for j in range(i + 1, size)}


class _Partition:
    """Terms with the same digits, grouped by length. Lookups scan the terms
    of a length in reach; only a large partition that many lookups search
    gets a deletion neighbourhood, which costs as much as thousands of scans."""

    __slots__ = ("keys", "by_length", "neighbourhood", "scans_left")

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.by_length: dict[int, list[str]] = {}
        for key in keys:
            self.by_length.setdefault(len(key), []).append(key)
        self.neighbourhood: dict[str, list[str]] | None = None
        # None: a small partition is always scanned.
        self.scans_left = _SCANS if len(keys) > _SCAN_LIMIT else None

    def candidates(self, key: str) -> Iterable[str]:
        """Terms that may be a near miss of ``key``: all those that are, and a few more."""
        if self.scans_left is None:
            return self._scan(key)
        if self.scans_left:
            self.scans_left -= 1
            return self._scan(key)
        if self.neighbourhood is None:
            self.neighbourhood = self._build_neighbourhood()
        return _probe(self.neighbourhood, key)

    def _scan(self, key: str) -> list[str]:
        by_length = self.by_length
        in_reach = [known for size in lengths_in_reach(len(key)) for known in by_length.get(size, ())]
        return within_indel_bound(key, in_reach)

    def _build_neighbourhood(self) -> dict[str, list[str]]:
        neighbourhood: dict[str, list[str]] = {}
        for known in self.keys:
            neighbourhood.setdefault(known, []).append(known)
            for deleted in _deletions(known):
                neighbourhood.setdefault(deleted, []).append(known)
        return neighbourhood


def _probe(neighbourhood: dict[str, list[str]], key: str) -> set[str]:
    return {known for probe in (key, *_deletions(key)) for known in neighbourhood.get(probe, ())}


class NearMissIndex:
    """Terms (casefolded on the way in), searchable by near miss."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        keys = {term.casefold() for term in terms}
        plain = [key for key in keys if len(key) >= MIN_LENGTH and not _DIGIT.search(key)]
        self._numbered = [key for key in keys if len(key) >= MIN_LENGTH and _DIGIT.search(key)]
        self._partitions: dict[tuple[str, ...], _Partition] = {(): _Partition(plain)}
        self._numbered_ready = not self._numbered
        self._size = len(plain) + len(self._numbered)

    def __len__(self) -> int:
        return self._size

    def _partition(self, signature: tuple[str, ...]) -> _Partition | None:
        if signature and not self._numbered_ready:
            grouped: dict[tuple[str, ...], list[str]] = {}
            for key in self._numbered:
                grouped.setdefault(digit_signature(key), []).append(key)
            self._partitions.update((group, _Partition(keys)) for group, keys in grouped.items())
            self._numbered_ready = True
        return self._partitions.get(signature)

    def near_misses(self, term: str) -> list[tuple[str, int]]:
        """Indexed terms that ``term`` is a near miss of, as (casefolded term,
        distance), closest first."""
        key = term.casefold()
        if len(key) < MIN_LENGTH:
            return []
        if _DIGIT.search(key) is None:
            partition = self._partitions[()]
        elif self._numbered:
            partition = self._partition(digit_signature(key))
        else:
            return []
        if partition is None:
            return []
        found = [
            (candidate, distance) for candidate in partition.candidates(key)
            if (distance := near_miss_distance(key, candidate)) is not None
        ]
        return sorted(found, key=lambda item: (item[1], item[0]))

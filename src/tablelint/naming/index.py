"""Near misses of known terms, found through an index rather than by
comparing every pair.

A near miss is a case-insensitive Damerau–Levenshtein distance of 1, or of at
most 2 when both terms have 8 characters or more, between terms of at least 4
characters whose digits agree exactly (``GPT-3``/``GPT-4``, ``LLaMA-13B``/
``LLaMA-65B`` are different models). Two differences are not misspellings:
punctuation alone (``GPT3``/``GPT-3`` is a style), and an extension at
either end: a grammatical ending (``PEER``/``PEERs``, ``Delete``/``Deleted``)
or a derived name (``ImageNet``/``ImageNet-A``, ``AutoGPT``/``AutoGPTQ``).

The index partitions its terms by their digits, which must match anyway,
and groups a partition's terms by length. A small partition is scanned:
a lookup compares only the terms whose length is in reach (two characters
apart at most, one below 8 characters). A large one gets a deletion
neighbourhood (SymSpell): every string reachable by deleting up to d
characters maps back to its term, so two terms within distance d share an
entry. rapidfuzz then confirms the exact distance. Partitions are built on
first use: a document whose words never come near a numbered name never
pays for indexing its numbered names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import lazy_re
from .terms import digit_signature

MIN_LENGTH = 4
LONG_TERM = 8
# Partitions up to this size are always compared term by term: building a
# deletion neighbourhood costs more than a few dozen rapidfuzz calls.
_SCAN_LIMIT = 32
# Lookups in a larger partition that scan it before its neighbourhood is built.
_SCANS = 8
_DIGIT = lazy_re.compile(r"[0-9]")

_distance: Any = None


def _damerau_levenshtein() -> Any:
    global _distance
    if _distance is None:
        from rapidfuzz.distance import DamerauLevenshtein

        _distance = DamerauLevenshtein.distance
    return _distance


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
    """Casefolded ``a`` and ``b`` differ by punctuation, or one extends the
    other: a grammatical ending (``PEERs``, ``Deleted``) or a derived name
    (``ImageNet-A``, ``AutoGPTQ``, ``BLOOMZ``) is not a misspelling."""
    if a.replace("-", "").replace(".", "") == b.replace("-", "").replace(".", ""):
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return long.startswith(short) or long.endswith(short)


def near_miss_distance(a: str, b: str) -> int | None:
    """The distance between two casefolded terms if they are a near miss, else None."""
    if a == b or min(len(a), len(b)) < MIN_LENGTH:
        return None
    limit = allowed_distance(a, b)
    if abs(len(a) - len(b)) > limit or digit_signature(a) != digit_signature(b):
        return None
    distance = _damerau_levenshtein()(a, b, score_cutoff=limit)
    if distance > limit or differs_only_by_style(a, b):
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
    """Terms with the same digits, grouped by length. The first few lookups
    scan the terms of a length in reach: a document with a handful of
    suspect words never pays for the deletion neighbourhood, which costs as
    much as scanning a few thousand terms."""

    __slots__ = ("keys", "by_length", "neighbourhood", "scans_left")

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.by_length: dict[int, list[str]] = {}
        for key in keys:
            self.by_length.setdefault(len(key), []).append(key)
        self.neighbourhood: dict[str, list[str]] | None = None
        self.scans_left = _SCANS

    def candidates(self, key: str) -> Iterable[str]:
        if len(self.keys) <= _SCAN_LIMIT:
            return self._in_reach(key)
        if self.neighbourhood is None:
            if self.scans_left:
                self.scans_left -= 1
                return self._in_reach(key)
            neighbourhood: dict[str, list[str]] = {}
            for known in self.keys:
                neighbourhood.setdefault(known, []).append(known)
                for deleted in _deletions(known):
                    neighbourhood.setdefault(deleted, []).append(known)
            self.neighbourhood = neighbourhood
        found: set[str] = set()
        get = self.neighbourhood.get
        for probe in (key, *_deletions(key)):
            hit = get(probe)
            if hit:
                found.update(hit)
        return found

    def _in_reach(self, key: str) -> list[str]:
        by_length = self.by_length
        return [known for size in lengths_in_reach(len(key)) for known in by_length.get(size, ())]


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
        found = []
        for candidate in partition.candidates(key):
            distance = near_miss_distance(key, candidate)
            if distance is not None:
                found.append((candidate, distance))
        found.sort(key=lambda item: (item[1], item[0]))
        return found

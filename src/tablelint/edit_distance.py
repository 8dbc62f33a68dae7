"""Edit distances up to a small bound: rapidfuzz's, without importing it for a small file.

Near misses (naming) and venue suggestions need the Damerau–Levenshtein
distance (unrestricted, as ``rapidfuzz.distance.DamerauLevenshtein``) and the
Indel distance, but only up to 1 or 2. Importing rapidfuzz loads some 50
modules, ~12 ms: more than a pre-commit run on a small file spends checking
it. Yet almost every pair of words is told apart without computing anything:
neither distance is below the difference of the lengths, and one edit changes
the set of characters used by at most two (the Indel distance: one). The few
pairs left are computed here in Python, exactly as rapidfuzz would.

A large file asks for many distances; past a budget of pairs computed in
Python, the rest go to rapidfuzz, which is much faster per pair.
"""

from __future__ import annotations

from collections.abc import Sequence

# Pairs computed in Python before rapidfuzz takes over (each costs some
# microseconds in Python, and a fraction of one in rapidfuzz).
_PYTHON_PAIRS = 256
_python_pairs_left = _PYTHON_PAIRS
# Scans of a list of choices in Python (most pairs are ruled out at the
# cost of a set operation; rapidfuzz scans a few hundred choices faster).
_PYTHON_SCANS = 16
_python_scans_left = _PYTHON_SCANS


def _use_python(pairs: int) -> bool:
    global _python_pairs_left
    if _python_pairs_left < pairs:
        return False
    _python_pairs_left -= pairs
    return True


def _may_be_within(a: str, b: str, bound: int, set_changes_per_edit: int) -> bool:
    return abs(len(a) - len(b)) <= bound and len(set(a) ^ set(b)) <= bound * set_changes_per_edit


def damerau_levenshtein(a: str, b: str, score_cutoff: int) -> int:
    """The Damerau–Levenshtein distance of ``a`` and ``b`` if at most
    ``score_cutoff``, else ``score_cutoff + 1`` (as rapidfuzz returns it)."""
    # An insertion or deletion adds or removes at most one character of the
    # set used; a substitution at most two; a transposition none.
    if not _may_be_within(a, b, score_cutoff, 2):
        return score_cutoff + 1
    if _use_python(1):
        distance = _damerau_levenshtein(a, b)
    else:
        from rapidfuzz.distance import DamerauLevenshtein

        distance = DamerauLevenshtein.distance(a, b, score_cutoff=score_cutoff)
    return distance if distance <= score_cutoff else score_cutoff + 1


def indel(a: str, b: str) -> int:
    """The Indel distance (insertions and deletions only) of ``a`` and ``b``."""
    if _use_python(1):
        return len(a) + len(b) - 2 * _longest_common_subsequence(a, b)
    from rapidfuzz.distance import Indel

    return int(Indel.distance(a, b))


def indel_within(a: str, b: str, score_cutoff: int) -> int:
    """``indel(a, b)`` if at most ``score_cutoff``, else ``score_cutoff + 1``."""
    if not _may_be_within(a, b, score_cutoff, 1):
        return score_cutoff + 1
    distance = indel(a, b)
    return distance if distance <= score_cutoff else score_cutoff + 1


def extract_within(
    query: str, choices: Sequence[str], metric: str, score_cutoff: int
) -> list[tuple[str, int, int]]:
    """``(choice, distance, index)`` for every choice within ``score_cutoff``
    of ``query`` by ``metric`` (``"damerau-levenshtein"`` or ``"indel"``), in
    the order of ``choices``: what ``rapidfuzz.process.extract`` finds with
    ``limit=None``, before its sorting."""
    global _python_scans_left
    if _python_scans_left > 0:
        _python_scans_left -= 1
        within = damerau_levenshtein if metric == "damerau-levenshtein" else indel_within
        found = []
        for index, choice in enumerate(choices):
            distance = within(query, choice, score_cutoff)
            if distance <= score_cutoff:
                found.append((choice, distance, index))
        return found
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein, Indel

    scorer = DamerauLevenshtein.distance if metric == "damerau-levenshtein" else Indel.distance
    matches = process.extract(query, choices, scorer=scorer, score_cutoff=score_cutoff, limit=None)
    return sorted(((choice, int(distance), index) for choice, distance, index in matches), key=lambda m: m[2])


def _damerau_levenshtein(a: str, b: str) -> int:
    """The unrestricted Damerau–Levenshtein distance (Lowrance and Wagner):
    adjacent transpositions count one, and the transposed characters may be
    edited further, as in rapidfuzz."""
    rows, columns = len(a), len(b)
    infinity = rows + columns
    # d[i + 1][j + 1] is the distance of a[:i] and b[:j]; row and column 0 are a border.
    d = [[infinity] * (columns + 2) for _ in range(rows + 2)]
    for i in range(rows + 1):
        d[i + 1][1] = i
    for j in range(columns + 1):
        d[1][j + 1] = j
    last_row: dict[str, int] = {}  # per character of a, the last row (1-based) holding it
    for i in range(1, rows + 1):
        last_match_column = 0
        for j in range(1, columns + 1):
            k = last_row.get(b[j - 1], 0)
            l = last_match_column  # noqa: E741 - the algorithm's name
            if a[i - 1] == b[j - 1]:
                cost = 0
                last_match_column = j
            else:
                cost = 1
            d[i + 1][j + 1] = min(
                d[i][j] + cost,
                d[i + 1][j] + 1,
                d[i][j + 1] + 1,
                d[k][l] + (i - k - 1) + 1 + (j - l - 1),
            )
        last_row[a[i - 1]] = i
    return d[rows + 1][columns + 1]


def _longest_common_subsequence(a: str, b: str) -> int:
    previous = [0] * (len(b) + 1)
    for char in a:
        current = [0]
        for j, other in enumerate(b):
            current.append(previous[j] + 1 if char == other else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


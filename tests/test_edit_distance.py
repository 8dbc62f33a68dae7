"""edit_distance.py gives rapidfuzz's answers, in Python or through rapidfuzz."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, Indel

from tablelint import edit_distance

# Few letters, so that near pairs and transpositions are common.
words = st.text(alphabet="abcAé-", max_size=10)


@pytest.fixture(params=["python", "rapidfuzz"])
def computed_by(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    budget = 10**9 if request.param == "python" else 0
    monkeypatch.setattr(edit_distance, "_python_pairs_left", budget)
    monkeypatch.setattr(edit_distance, "_python_scans_left", budget)
    return str(request.param)


@settings(max_examples=400, deadline=None)
@given(words, words)
def test_distances_agree_with_rapidfuzz(a: str, b: str) -> None:
    budget = edit_distance._python_pairs_left
    edit_distance._python_pairs_left = 10**9  # every pair in Python
    try:
        assert edit_distance._damerau_levenshtein(a, b) == DamerauLevenshtein.distance(a, b)
        assert edit_distance.indel(a, b) == Indel.distance(a, b)
        for cutoff in (0, 1, 2):
            assert edit_distance.damerau_levenshtein(a, b, cutoff) == DamerauLevenshtein.distance(
                a, b, score_cutoff=cutoff
            )
            assert edit_distance.indel_within(a, b, cutoff) == Indel.distance(a, b, score_cutoff=cutoff)
    finally:
        edit_distance._python_pairs_left = budget


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("peek", "peer", 1), ("lambda", "lamda", 1), ("ca", "abc", 2), ("abcdef", "badcfe", 3), ("", "ab", 2)],
)
def test_known_distances(computed_by: str, a: str, b: str, distance: int) -> None:
    assert edit_distance.damerau_levenshtein(a, b, 2) == min(distance, 3)


def test_extract_within_finds_what_rapidfuzz_finds(computed_by: str) -> None:
    choices = ["neurips", "neurip", "iclr", "icml", "nerips", "acl", "aaai", "cvpr", "eccv", "neurisp"]
    for query, metric, scorer in (
        ("neurips", "damerau-levenshtein", DamerauLevenshtein.distance),
        ("icl", "indel", Indel.distance),
    ):
        expected = process.extract(query, choices, scorer=scorer, score_cutoff=1, limit=None)
        found = edit_distance.extract_within(query, choices, metric, 1)
        assert sorted(found, key=lambda m: m[2]) == found
        assert sorted(found) == sorted((choice, int(score), index) for choice, score, index in expected)

"""Near misses and the index that finds them without comparing all pairs."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tablelint.naming import index as index_module
from tablelint.naming.index import MIN_LENGTH, NearMissIndex, allowed_distance, lengths_in_reach, near_miss_distance


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("peek", "peer", 1),
        ("chinchila", "chinchilla", 1),
        ("lambda", "lamda", 1),
        ("gtp-3", "gpt-3", 1),  # a transposition is one edit
        ("chinchlla-xl", "chinchilla-xx", 2),  # two edits are allowed from 8 characters on
        ("peak", "peer", None),  # but not below
        ("gpt-3", "gpt-4", None),  # digits must match
        ("llama-13b", "llama-65b", None),
        ("t5", "t0", None),  # too short
        ("bert", "bert", None),  # the same word
        ("gpt3", "gpt-3", None),  # punctuation is style
        ("peers", "peer", None),  # a grammatical ending
        ("deleted", "delete", None),
        ("imagenet-a", "imagenet", None),  # a derived name, not a misspelling
        ("autogptq", "autogpt", None),
        ("verwijdert", "verwijderen", None),  # another ending of one stem
        ("megatrom-ln", "megatron-lm", 2),  # a family difference, but not an ending
        ("atualize", "atualizar", None),
        ("toolfarmar", "toolformer", 2),  # two slips inside the word
    ],
)
def test_near_miss_distance(a: str, b: str, distance: int | None) -> None:
    assert near_miss_distance(a, b) == distance
    assert near_miss_distance(b, a) == distance


@pytest.mark.parametrize(
    ("a", "b"),
    [("peek", "peer"), ("chinchila", "chinchilla"), ("gtp-3", "gpt-3"), ("megatrom-ln", "megatron-lm")],
)
def test_the_indel_bound_keeps_every_near_miss(a: str, b: str) -> None:
    # A substitution or a transposition is two insertions or deletions.
    assert index_module.within_indel_bound(a, [b, "unrelated"]) == [b]


def test_index_finds_near_misses_closest_first() -> None:
    index = NearMissIndex(["LaMDA", "LLaMA", "PaLM", "Chinchilla", "GPT-3", "GPT-4"])
    assert index.near_misses("Lambda") == [("lamda", 1)]
    assert index.near_misses("GPT-5") == []
    assert index.near_misses("Chinchlla") == [("chinchilla", 1)]
    assert index.near_misses("LLaMA") == []  # a known term is not its own near miss


@pytest.mark.parametrize("size", range(MIN_LENGTH, 16))
def test_lengths_in_reach_are_the_lengths_a_near_miss_may_have(size: int) -> None:
    lengths = range(MIN_LENGTH, 20)
    allowed = {other for other in lengths if abs(size - other) <= allowed_distance("x" * size, "x" * other)}
    assert set(lengths_in_reach(size)).intersection(lengths) == allowed


def test_a_lookup_reaches_terms_as_much_longer_or_shorter_as_a_near_miss_may_be() -> None:
    # A lookup compares only terms of a length in reach: two characters
    # apart when both have 8 or more, one otherwise.
    index = NearMissIndex(["megatron", "chinchilla", "lambda", "mistral"])
    assert index.near_misses("megaatroon") == [("megatron", 2)]  # 10 characters, 8
    assert index.near_misses("chinchla") == [("chinchilla", 2)]  # 8, 10
    assert index.near_misses("lamda") == [("lambda", 1)]  # 5, 6
    assert index.near_misses("mixstrall") == []  # 9, 7: two apart below 8


def _brute_force(known: list[str], query: str) -> list[tuple[str, int]]:
    found = []
    for key in {term.casefold() for term in known}:
        distance = near_miss_distance(query.casefold(), key)
        if distance is not None:
            found.append((key, distance))
    return sorted(found, key=lambda item: (item[1], item[0]))


words = st.text(alphabet="abcdAB12-", min_size=3, max_size=10)


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=1, max_size=80), st.lists(words, min_size=1, max_size=10))
def test_index_agrees_with_comparing_every_pair(known: list[str], queries: list[str]) -> None:
    # Up to 80 terms: small partitions are scanned, large ones use deletion neighbourhoods.
    index = NearMissIndex(known)
    for query in queries:
        assert index.near_misses(query) == _brute_force(known, query)


def _model_names(count: int) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [f"{letters[i % 26]}{letters[i // 26 % 26]}{letters[i // 676 % 26]}model" for i in range(count)]


def test_a_large_vocabulary_is_not_compared_pair_by_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    compared = 0
    real_distance = index_module._damerau_levenshtein()
    real_screen = index_module.within_indel_bound

    def counting_distance(a: str, b: str, score_cutoff: int) -> int:
        nonlocal compared
        compared += 1
        return real_distance(a, b, score_cutoff=score_cutoff)

    def counting_screen(key: str, keys: list[str]) -> list[str]:
        nonlocal compared
        compared += len(keys)
        return real_screen(key, keys)

    monkeypatch.setattr(index_module, "_distance", counting_distance)
    monkeypatch.setattr(index_module, "within_indel_bound", counting_screen)
    monkeypatch.setattr(index_module, "_SCANS", 10)
    names = _model_names(3000)  # no digits: one partition
    index = NearMissIndex(names)
    for name in names[:200]:
        index.near_misses(name[:-1] + "x")
    # Comparing every pair would take 600,000 comparisons; the first lookups
    # scan the partition, the others probe its deletion neighbourhood, and
    # these names differ in three letters only, so many share a neighbourhood.
    assert index._partitions[()].neighbourhood is not None
    assert compared < 600_000 // 10


def test_a_partition_up_to_the_scan_limit_is_always_scanned() -> None:
    known = _model_names(index_module._SCAN_LIMIT)
    index = NearMissIndex(known)
    expected = _brute_force(known, "abcmodek")
    assert expected
    for _ in range(index_module._SCANS + 1):
        assert index.near_misses("abcmodek") == expected
    assert index._partitions[()].neighbourhood is None


@pytest.mark.parametrize("scan_limit", [index_module._SCAN_LIMIT, 32])
def test_a_large_partition_scanned_then_indexed_agrees_with_every_pair(
    monkeypatch: pytest.MonkeyPatch, scan_limit: int
) -> None:
    # Words without digits share one partition: the first lookups scan it,
    # later ones use its deletion neighbourhood; both must find the same.
    monkeypatch.setattr(index_module, "_SCAN_LIMIT", scan_limit)
    monkeypatch.setattr(index_module, "_SCANS", 8)
    rng = random.Random(3)
    known = sorted({"".join(rng.choice("abcdeAB-") for _ in range(rng.randint(4, 10))) for _ in range(120)})
    assert len({term.casefold() for term in known}) > 32
    index = NearMissIndex(known)
    for query in rng.sample(known, 30):
        at = rng.randrange(len(query))
        variant = query[:at] + rng.choice("abcdE") + query[at + 1 :]
        assert index.near_misses(variant) == _brute_force(known, variant)
    assert (index._partitions[()].neighbourhood is not None) == (len(known) > scan_limit)


def test_a_version_v_is_style() -> None:
    assert near_miss_distance("unilm2", "unilmv2") is None
    assert near_miss_distance("unilm-v2", "unilm2") is None


@pytest.mark.parametrize(
    ("written", "target", "family"),
    [
        # Where names of one family differ.
        ("JFBench", "IFBench", True),  # the first letter
        ("E-Sparse", "Q-Sparse", True),
        ("Dataflow", "Metaflow", True),
        ("ResNeXt", "ResNet", True),  # a capital of a mixed-case name
        ("MiniLLM", "MiniLM", True),
        ("OpenTelmetry", "OpenLLMetry", True),
        ("Megatrom-LN", "Megatron-LM", True),
        ("M-ICL", "MMICL", True),  # a hyphen
        # Where typing slips.
        ("PEEK", "PEER", False),  # a letter of a word in capitals
        ("Lambda", "LaMDA", False),  # a lower-case letter
        ("Chinchila", "Chinchilla", False),
        ("DeepMnid", "DeepMind", False),
        # Google-Le-Net or GoogLe-Le-Net: a slip in one of the two places.
        ("GoogleLeNet", "GoogLeNet", False),
    ],
)
def test_family_differences(written: str, target: str, family: bool) -> None:
    assert index_module.is_family_difference(written, target) is family
    assert index_module.is_family_difference(target, written) is family

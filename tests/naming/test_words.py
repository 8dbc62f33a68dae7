"""Ordinary words: what may be meant as a word rather than a name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tablelint.naming.words import (
    is_common_english_word,
    is_english_word,
    may_be_ordinary_word,
    may_mean_a_common_word,
    spelt_as_a_word,
)


@pytest.mark.parametrize("word", ["React", "Palm", "Lambda", "Assistant", "Internet", "Llama", "Low-rank", "llama"])
def test_english_words_spelt_as_words(word: str) -> None:
    assert may_be_ordinary_word(word)


@pytest.mark.parametrize("word", ["Duración", "Modèle", "größe"])
def test_words_with_letters_outside_ascii_are_words_of_their_language(word: str) -> None:
    assert may_be_ordinary_word(word)


@pytest.mark.parametrize("word", ["Deepmind", "Alexnet", "Github", "PaLM", "PEEK", "ReAct", "Qwen2", "GPT-3"])
def test_names_are_not(word: str) -> None:
    assert not may_be_ordinary_word(word)


def test_spelt_as_a_word() -> None:
    assert spelt_as_a_word("palm") and spelt_as_a_word("Palm") and spelt_as_a_word("Low-rank")
    assert not spelt_as_a_word("PaLM") and not spelt_as_a_word("PEEK") and not spelt_as_a_word("GPT-3")


def test_odd_characters_are_never_found_in_the_list() -> None:
    assert not is_english_word('a"b') and not is_english_word("a\\b") and not is_english_word("")


def test_the_word_list_is_cached_one_word_a_line(tmp_path, monkeypatch) -> None:
    from tablelint.naming import words

    monkeypatch.setenv("TABLELINT_CACHE_DIR", str(tmp_path))
    _clear(words)
    try:
        assert words.is_english_word("palm")
        # Both lists are written at once: all the words, and the common ones.
        common, cached = sorted((tmp_path / "words").iterdir(), key=lambda path: "common" not in path.name)
        listed = cached.read_bytes()
        assert listed.startswith(b"\n") and b"\npalm\n" in listed and b"\nlora\n" in listed
        assert b"\npalm\n" in common.read_bytes() and b"\nlora\n" not in common.read_bytes()
        # Later runs read the cache, not the package's list.
        cached.write_bytes(_with_word(listed, b"zzqxname"))
        common.write_bytes(_with_word(common.read_bytes(), b"zzqxcommon"))
        _clear(words)
        assert words.is_english_word("Zzqxname") and words.is_common_english_word("Zzqxcommon")
    finally:
        _clear(words)


def _with_word(listing: bytes, word: bytes) -> bytes:
    """A cached list with one more word, in sorted order as the cache writes it."""
    return b"\n" + b"\n".join(sorted([*listing.split(), word])) + b"\n"


@settings(max_examples=300)
@given(st.lists(st.text(alphabet="abcz-'.", max_size=6), unique=True), st.text(alphabet="abcz-'.", max_size=6))
def test_a_sorted_list_is_searched_as_its_lines(listed: list[str], word: str) -> None:
    from tablelint.naming.words import _holds_line

    # Bisection finds what searching the whole list for the word between newlines finds.
    listing = ("\n" + "\n".join(sorted(listed)) + "\n").encode("ascii")
    wanted = word.encode("ascii")
    assert _holds_line(listing, wanted) == (b"\n" + wanted + b"\n" in listing)


def _clear(words) -> None:  # type: ignore[no-untyped-def]
    for cached in (words._cached_list, words.is_english_word, words.is_common_english_word):
        cached.cache_clear()


@pytest.mark.parametrize("word", ["React", "Palm", "Glove", "Apple", "Whisper", "Assistant"])
def test_common_words_may_be_meant_as_words(word: str) -> None:
    assert may_mean_a_common_word(word)


@pytest.mark.parametrize("word", ["Lora", "Latex", "Roberta", "Typescript", "Youtube", "Elmo", "Deepmind", "PaLM"])
def test_rare_words_and_names_are_not_common_words(word: str) -> None:
    # Lora and Latex are in the English list, but rare: a list of models
    # that writes them means LoRA and LaTeX.
    assert not may_mean_a_common_word(word)


def test_the_common_words_are_a_subset_of_the_list() -> None:
    for word in ("glove", "react", "the", "translate"):
        assert is_common_english_word(word) and is_english_word(word)
    assert is_english_word("latex") and not is_common_english_word("latex")

"""Ordinary words: what may be meant as a word rather than a name."""

from __future__ import annotations

import pytest

from tablelint.naming.words import is_english_word, may_be_ordinary_word, spelt_as_a_word


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
    words._english.cache_clear()
    words.is_english_word.cache_clear()
    try:
        assert words.is_english_word("palm")
        (cached,) = (tmp_path / "words").iterdir()
        listed = cached.read_bytes()
        assert listed.startswith(b"\n") and b"\npalm\n" in listed
        # Later runs read the cache, not the package's list.
        cached.write_bytes(listed + b"zzqxname\n")
        words._english.cache_clear()
        words.is_english_word.cache_clear()
        assert words.is_english_word("Zzqxname")
    finally:
        words._english.cache_clear()
        words.is_english_word.cache_clear()

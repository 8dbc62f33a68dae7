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

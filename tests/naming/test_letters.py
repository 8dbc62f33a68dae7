"""The Latin-1 spelling of the letter patterns finds what the full one finds,
on every text that the full one is not chosen for."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tablelint.naming import names, terms
from tablelint.naming.letters import LATIN_CHARS, LETTERS, LatinPattern, has_letters_past_latin_1

EVERY_CODE_POINT = "".join(map(chr, range(0x110000)))
LATIN_EXTENDED = {chr(code) for code in range(0x100, 0x250)}
PATTERNS = [
    value for module in (terms, names) for value in vars(module).values() if isinstance(value, LatinPattern)
]


def differ(one: str, other: str) -> set[str]:
    """The code points that one character class matches and the other does not."""
    return set(re.findall(f"(?={one})(?!{other}).|(?={other})(?!{one}).", EVERY_CODE_POINT, re.DOTALL))


def test_the_two_spellings_of_a_class_differ_on_latin_extended_letters_alone() -> None:
    for written in (f"[{LETTERS}]", f"[{LATIN_CHARS}]", f"[^{LETTERS}]", f"[^\n{LATIN_CHARS}:：]"):
        spellings = LatinPattern(written)
        assert differ(spellings.every.pattern, spellings.latin_1.pattern) == LATIN_EXTENDED


def test_every_latin_extended_letter_gets_the_full_spelling() -> None:
    assert all(has_letters_past_latin_1(char) for char in LATIN_EXTENDED)
    assert all(has_letters_past_latin_1(f"{'的' * 70_000}{char}x") for char in "ĀŁɏ")
    assert LatinPattern(f"[{LETTERS}]").for_text("Łukasz").pattern.endswith("\u024f]")


def test_the_latin_1_spellings_compile_as_latin_1_classes() -> None:
    # A class that reaches past U+00FF compiles ten times slower.
    assert len(PATTERNS) >= 10
    spellings = [pattern.latin_1.pattern for pattern in PATTERNS if pattern is not names._ONE_WORD_HEAD]
    assert max(map(max, spellings)) <= "\u00ff"


def test_without_a_full_width_colon_the_head_needs_no_full_width_colon() -> None:
    classes = re.findall(r"\[[^]]*\]", names._HEAD)
    assert r"[^\n" + LATIN_CHARS + ":：]" in classes
    for written in set(classes):
        assert differ(written, written.replace("：", "")) <= {"："}


text_parts = st.sampled_from(
    ["a", "Z", "é", "É", "ß", "ÿ", "×", "9", "3.5", "-", ".", " ", "\n", "的", "：", ":", "s", "LLMs", "GPT", "x"]
)


@given(st.lists(text_parts, max_size=30).map("".join))
def test_both_spellings_find_the_same_in_text_without_latin_extended_letters(text: str) -> None:
    assert not has_letters_past_latin_1(text)
    for pattern in PATTERNS:
        every, latin_1 = pattern.every, pattern.latin_1
        assert pattern.for_text(text) is latin_1
        assert [m.span() for m in every.finditer(text)] == [m.span() for m in latin_1.finditer(text)]
        assert every.findall(text) == latin_1.findall(text)

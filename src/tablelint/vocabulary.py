"""A vocabulary: canonical spellings of terms and substitutions for wrong
ones, like Vale's accept and substitution lists. Schemas and the config
carry one; the naming rules read it."""

from __future__ import annotations

from .record import Record


class Vocabulary(Record):
    """Known spellings of terms, and replacements for wrong ones."""

    __slots__ = ("terms", "substitutions")

    def __init__(self, terms: tuple[str, ...] = (), substitutions: dict[str, str] | None = None) -> None:
        # Canonical spellings: "DeepMind", "LaMDA", "NeurIPS".
        self.terms = terms
        # A wrong spelling and its replacement: "Nips" -> "NeurIPS".
        self.substitutions = {} if substitutions is None else substitutions

    def merged(self, other: Vocabulary) -> Vocabulary:
        terms = tuple(dict.fromkeys([*self.terms, *other.terms]))
        return Vocabulary(terms, {**self.substitutions, **other.substitutions})

    def __bool__(self) -> bool:
        return bool(self.terms or self.substitutions)

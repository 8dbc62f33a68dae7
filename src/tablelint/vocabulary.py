"""A vocabulary: canonical spellings of terms and substitutions for wrong
ones, like Vale's accept and substitution lists. Schemas and the config
carry one; the naming rules read it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Known spellings of terms, and replacements for wrong ones."""
    # Canonical spellings: "DeepMind", "LaMDA", "NeurIPS".
    terms: tuple[str, ...] = ()
    # A wrong spelling and its replacement: "Nips" -> "NeurIPS".
    substitutions: dict[str, str] = field(default_factory=dict)

    def merged(self, other: Vocabulary) -> Vocabulary:
        terms = tuple(dict.fromkeys([*self.terms, *other.terms]))
        return Vocabulary(terms, {**self.substitutions, **other.substitutions})

    def __bool__(self) -> bool:
        return bool(self.terms or self.substitutions)

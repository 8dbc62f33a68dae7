"""A vocabulary: canonical spellings of terms, other spellings that are right
too, and substitutions for wrong ones, like Vale's accept and substitution
lists. Schemas, vocabulary files and the config carry one; the naming rules
read it.

Every place that holds a vocabulary writes its ``terms`` the same way: a list
whose entries are a canonical spelling, or a mapping that gives a term with
its accepted variants::

    terms:
      - DeepMind
      - term: LLaMA
        variants: [Llama, Llama 2, Llama 3, Code Llama]

A variant is right as written: never reported, never rewritten, never taken
for a misspelling; but a fix never writes it, since the term is what the
vocabulary prefers. A casing fix is certain only when the vocabulary accepts
one casing of the word: with ``LLaMA`` and ``Llama`` both right, ``LLama``
could mean either.
"""

from __future__ import annotations

from typing import Any

from ..record import Record

_ENTRY_KEYS = ("term", "variants")


class Vocabulary(Record):
    """Known spellings of terms, and replacements for wrong ones."""

    __slots__ = ("terms", "substitutions", "variants")

    def __init__(
        self,
        terms: tuple[str, ...] = (),
        substitutions: dict[str, str] | None = None,
        variants: tuple[str, ...] = (),
    ) -> None:
        # Canonical spellings: "DeepMind", "LaMDA", "NeurIPS".
        self.terms = terms
        # A wrong spelling and its replacement: "Nips" -> "NeurIPS".
        self.substitutions = {} if substitutions is None else substitutions
        # Spellings that are right too, never suggested: "Llama 2" beside "LLaMA".
        self.variants = variants

    @property
    def accepted(self) -> tuple[str, ...]:
        """Every spelling the vocabulary calls right: terms, then variants."""
        return (*self.terms, *self.variants)

    def merged(self, other: Vocabulary) -> Vocabulary:
        terms = tuple(dict.fromkeys([*self.terms, *other.terms]))
        variants = tuple(dict.fromkeys(variant for variant in (*self.variants, *other.variants) if variant not in terms))
        return Vocabulary(terms, {**self.substitutions, **other.substitutions}, variants)

    def __bool__(self) -> bool:
        return bool(self.terms or self.substitutions or self.variants)


def parse_terms(entries: Any, where: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(terms, variants) from a ``terms`` list as written in a vocabulary;
    ``InputError`` naming ``where`` and the entry's key on bad input."""
    from ..errors import InputError

    if not isinstance(entries, list):
        raise InputError(f"{where}: 'terms' must be a list of strings or {{term, variants}} mappings")
    terms: list[str] = []
    variants: list[str] = []
    for position, entry in enumerate(entries):
        key = f"{where}: terms.{position}"
        if isinstance(entry, dict):
            unknown = [name for name in entry if name not in _ENTRY_KEYS]
            if unknown:
                raise InputError(f"{key}: unknown key '{unknown[0]}'; a term entry has 'term' and 'variants'")
            terms.append(_spelling(entry.get("term"), f"{key}.term"))
            listed = entry.get("variants", [])
            if not isinstance(listed, list):
                raise InputError(f"{key}.variants: must be a list of strings")
            variants.extend(_spelling(variant, f"{key}.variants.{index}") for index, variant in enumerate(listed))
        else:
            terms.append(_spelling(entry, key))
    unique_terms = tuple(dict.fromkeys(terms))
    return unique_terms, tuple(dict.fromkeys(variant for variant in variants if variant not in unique_terms))


def _spelling(value: Any, key: str) -> str:
    from ..errors import InputError

    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{key}: must be a non-empty string, not {value!r}")
    return value.strip()


def parse_substitutions(mapping: Any, where: str) -> dict[str, str]:
    """A ``substitutions`` mapping as written; ``InputError`` on bad input."""
    from ..errors import InputError

    if not isinstance(mapping, dict):
        raise InputError(f"{where}: 'substitutions' must be a mapping from a wrong spelling to the right one")
    for wrong, right in mapping.items():
        if not isinstance(wrong, str) or not isinstance(right, str) or not wrong.strip() or not right.strip():
            raise InputError(f"{where}: substitutions.{wrong}: must map a non-empty string to a non-empty string")
    return {wrong.strip(): right.strip() for wrong, right in mapping.items()}


def vocabulary_of(terms: Any, substitutions: Any, where: str) -> Vocabulary:
    """A Vocabulary from ``terms`` and ``substitutions`` as written in a file."""
    canonical, variants = parse_terms(terms, where)
    return Vocabulary(canonical, parse_substitutions(substitutions, where), variants)

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

from dataclasses import field
from typing import TYPE_CHECKING, Annotated, Any

from .datamodel import UNION_TAG, DataFileRecord, data_file, validate
from .record import Record

if TYPE_CHECKING:  # bound when a file is validated (datamodel.py)
    from typing import TypeAlias

    from pydantic import Field

    Spelling: TypeAlias = str
    Term: TypeAlias = "str | TermEntry"


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
        both_variants = (*self.variants, *other.variants)
        variants = tuple(dict.fromkeys(variant for variant in both_variants if variant not in terms))
        return Vocabulary(terms, {**self.substitutions, **other.substitutions}, variants)

    def __bool__(self) -> bool:
        return bool(self.terms or self.substitutions or self.variants)


@data_file
class TermEntry(DataFileRecord):
    """A term with the other spellings that are right too."""

    term: Annotated[Spelling, Field(description="The canonical spelling, the one a fix writes.")]
    variants: Annotated[list[Spelling], Field(description=(
        "Other spellings that are right as written, never suggested."))] = field(default_factory=list)


def _term_kind(value: Any) -> str:
    return UNION_TAG + ("entry" if isinstance(value, dict | TermEntry) else "string")


@data_file
class VocabularyTable(DataFileRecord):
    """A vocabulary as a vocabulary file, the config's ``[vocabulary]`` table
    and a schema's ``vocabulary`` write it."""

    terms: Annotated[list[Term], Field(description=(
        "Canonical spellings, each a string or a {term, variants} mapping."))] = field(default_factory=list)
    substitutions: Annotated[dict[Spelling, Spelling], Field(
        description="A wrong spelling to the right one; the fix is safe.",
        json_schema_extra={"propertyNames": {"pattern": r"\S"}},
    )] = field(default_factory=dict)

    def to_vocabulary(self) -> Vocabulary:
        terms: list[str] = []
        variants: list[str] = []
        for entry in self.terms:
            if isinstance(entry, str):
                terms.append(entry)
            else:
                terms.append(entry.term)
                variants.extend(entry.variants)
        unique_terms = tuple(dict.fromkeys(terms))
        return Vocabulary(
            unique_terms, dict(self.substitutions),
            tuple(dict.fromkeys(variant for variant in variants if variant not in unique_terms)),
        )


def _annotation_names() -> dict[str, Any]:
    """The type aliases of the annotations above, for pydantic (datamodel.py)."""
    from pydantic import Discriminator, Field, StringConstraints, Tag

    # The pattern says for the JSON Schema what stripping and min_length do: not blank.
    spelling = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1),
                         Field(json_schema_extra={"pattern": r"\S"})]
    term = Annotated[
        Annotated[spelling, Tag(UNION_TAG + "string")] | Annotated[TermEntry, Tag(UNION_TAG + "entry")],
        Discriminator(_term_kind),
    ]
    return {"Spelling": spelling, "Term": term}


def validated_vocabulary(data: Any, where: str) -> Vocabulary:
    """The vocabulary of a file's data; InputError naming ``where`` and the key on bad input."""
    from .errors import InputError

    return validate(VocabularyTable, data, where, InputError).to_vocabulary()

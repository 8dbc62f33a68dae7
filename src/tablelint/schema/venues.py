"""Venue-year values, the cells of a ``format: venue-year`` field: where a
paper appeared and when, written ``<Venue> <year>`` (``arXiv 2022``,
``NeurIPS 2021``, ``IEEE TPAMI 2021``, ``Findings of EMNLP 2021``).

``parse_venue_year(text)`` reads one cell and returns a ``VenueYear``
verdict: the vocabulary entry (``None`` when unknown), the year, the
canonical text, the replacement a fix writes, and the problems, if any:

- ``non-canonical``: a known venue and a certain year written another way
  (``arxiv2022``, ``Nips2021``, ``ICML'23``, ``EMNLP2021 findings``). The
  replacement is a safe fix: it names the same venue and year.
- ``unknown-venue``: not in the vocabulary (``facebook research 2023``). No
  fix; ``suggestions`` holds a likely intended venue for a typo (``IEEE
  Acess`` → ``IEEE Access``, ``AAA`` → ``AAAI``) as a "did you mean", never
  a fix.
- ``missing-year`` (``CIKM``), ``bad-year`` (``ICLR 202``, or a two-digit
  year that is not certain, below), ``future-year`` (later than
  ``current_year``, a parameter so that tests do not depend on the clock; it
  defaults to today's year).
- ``not-venue-year``: text this parser does not guess at, such as a link
  (``[arXiv](https://…) 2022``), Markdown formatting, several numbers, or
  words after the year that are neither part of a venue name nor an
  annotation (``ICLR 2023 (with code)``).
- ``empty``: nothing but whitespace. Empty cells and placeholders (``NULL``)
  are the business of the missing-value and placeholder rules: a caller
  should skip the schema's ``missingValues`` before calling this.

Leading and trailing whitespace is ignored (padding is the formatter's
business); the replacement replaces the stripped cell content.

Spellings. A vocabulary entry has a canonical ``name`` (``IEEE TPAMI``), an
official ``title``, ``aliases`` and ``variants``. The name, the title and
the aliases (standard abbreviations such as ``TPAMI``, ``TOG``, ``S&P``, ISO
and dblp abbreviations) are accepted as written: ``TPAMI 2023`` has no
problem, and its ``canonical`` text, ``IEEE TPAMI 2023``, is there for
``extract``. The title without its publisher (``International Conference on
Information and Knowledge Management`` for CIKM's ``ACM International …``)
is accepted too. Variants are former names and informal spellings (``NIPS``,
``arXiv preprint``, ``EMNLP Findings``): a variant becomes the canonical
name. Any other way of writing an accepted spelling (its case, spacing,
fullwidth forms, a year glued to it) becomes that spelling as it is listed:
``tpami2023`` → ``TPAMI 2023``, ``arxiv 2022`` → ``arXiv 2022``. A fix thus
changes what is wrong and keeps the abbreviation its author chose.

Reading a cell. Fullwidth forms are folded (``ＣＶＰＲ２０２１``). The year is
the one run of digits that is not glued to a following letter, so ``3DV2021``
is 3DV in 2021, and it may stand before the venue (``2021 CVPR``), be glued
to it (``ICLR2015``), carry ``年`` (``2011年``), or follow an apostrophe
(``NeurIPS'21``). Words after the year join the venue name when together
they name a venue: ``EMNLP2021 findings`` is Findings of EMNLP, ``ICLR2017
Workshop`` is ICLR Workshops. Venue names match ignoring case, separators
and spaces (see ``spelling_key``).

Two-digit years. ``'23`` after a venue is a year beyond doubt (``ICML'23``,
``KDD '23``), and so are ``AAAI-23``, ``AAAI23`` and ``CVPR 98`` after a
conference or a preprint server. After a journal only the apostrophe is
certain: ``TPAMI 44`` or ``JMLR-21`` may be a volume, so it is a bad year
with an unsafe fix. ``YY`` reads as 20YY up to next year (a paper list cites
nothing later); beyond that as 19YY from ``'80`` on (``NIPS'98`` →
``NeurIPS 1998``: the venues lists cite began in the 1980s at the
earliest); ``'30``–``'79`` (for a current year up to 2028) is neither, more
likely a typo than 1930 or 2030, and gets no fix. Whether the venue already
ran that year is not checked, as it is not for a year written in full.

Annotations and second sources. A venue-year may be followed by words that
say how the paper appeared (``Oral``, ``Spotlight``, ``Highlight``, ``Best
Paper``, ``Industry Track``, ``Long Paper``, ``Top 5%``), bare, after a comma
or dash, or in brackets: ``ICLR 2024 (Oral)``, ``CVPR 2023 Highlight`` and
``EMNLP 2023, Industry Track`` are valid and the annotation is kept as
written. A bracketed or line-broken (``<br>``) second venue-year is valid
too: ``arXiv 2023 (NeurIPS 2023)``; both are checked, and the fix respells
each. Statuses (``Under review``, ``在投``) are valid even alone, since an
unpublished paper has no venue yet; another annotation alone (``Spotlight``)
lacks its venue-year. The lists of both are ``annotations`` and ``statuses``
in the vocabulary file.

Findings. The ACL Anthology titles the volume "Findings of the Association
for Computational Linguistics: EMNLP 2021", and the first volume's own front
matter shortens that to "Findings of ACL: EMNLP 2020". The canonical form
here is ``Findings of EMNLP 2021``: the official short title without the
"ACL:" that every Findings volume shares, the form most citations use. It
keeps ``<Venue> <year>`` with the year last, as in the official title, and it
cannot be misread as the main EMNLP proceedings, which ``EMNLP 2021
Findings`` invites (a search for "EMNLP 2021" would mix the two). Every
spelling above, and ``EMNLP 2021 (Findings)`` (dblp's "EMNLP (Findings)"),
becomes ``Findings of EMNLP 2021``; the same holds for ACL, NAACL, EACL and
AACL. "Findings" is part of the venue, not an annotation.

Organisations. ``OpenAI 2023`` or ``Google DeepMind 2024`` is where a
technical report, a model card or a blog post came from: lists cite them as
sources, so the best-known labs are in the vocabulary (kind
``organization``), as are kinds of document (``PhD Thesis``, ``Technical
Report``, ``Blog``; kind ``other``).

The vocabulary is ``schemas/venues.yaml`` (its header says how canonical
names were chosen). ``load_venues(extra)`` merges a schema's ``venues:``
entries into it: an entry whose name is already a spelling of a known venue
redefines that venue (its name becomes the canonical spelling and the old
spellings become variants, respelled to it: the schema chose its form), any
other entry is a new venue, and a spelling claimed by two venues is an
error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple, get_args

from .. import lazy_re
from ..datamodel import DataFileRecord, data_file, validate
from ..errors import InputError
from ..record import Record

if TYPE_CHECKING:  # bound when a file is validated (datamodel.py)
    from typing import TypeAlias

    from pydantic import Field, StrictStr

    VenueSpelling: TypeAlias = str

# Publishers that begin official titles; the title without them is accepted too.
_PUBLISHER = lazy_re.compile(r"(?:ACM/IEEE|IEEE/ACM|IEEE/CVF|IEEE/RSJ|ACM SIGSAC|ACM SIGKDD|ACM|IEEE|USENIX|SIAM)\s+")
# Words before a venue's name that say what it is, as spelling_key writes them,
# longest first. (Not a pattern: one holding CJK compiles much slower.)
_KIND_WORDS = ("proceedings of the ", "proceedings of ", "conference ", "journal ", "proc ", "期刊", "会议")
# "Top 5%", "notable-top-25%" (ICLR 2023), as spelling_key writes them.
_RANKED = lazy_re.compile(r"(?:notable )?top ?\d{1,2}(?:\.\d+)? ?%")


class Problem(StrEnum):
    """What is wrong with a cell; a verdict lists them in this order of checks."""

    NON_CANONICAL = "non-canonical"
    UNKNOWN_VENUE = "unknown-venue"
    MISSING_YEAR = "missing-year"
    BAD_YEAR = "bad-year"
    FUTURE_YEAR = "future-year"
    NOT_VENUE_YEAR = "not-venue-year"
    EMPTY = "empty"


class Venue(NamedTuple):
    """One vocabulary entry: ``name``, the canonical spelling; ``title``, the
    full official name; ``aliases``, other accepted spellings; ``kind``, one
    of KINDS; ``area``, one of AREAS; ``variants``, spellings that are
    recognised and respelled."""

    name: str
    title: str | None = None
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    area: str | None = None
    variants: tuple[str, ...] = ()

    @property
    def accepted(self) -> tuple[str, ...]:
        """The spellings that are valid as written: the name, the title, the aliases."""
        return (self.name, *((self.title,) if self.title else ()), *self.aliases)

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every spelling that names this venue: the accepted ones and the variants."""
        return (*self.accepted, *self.variants)


class VenueYear(Record):
    """The verdict on one cell.

    A Record, not a named tuple like Venue: nothing reads it as a tuple, and
    a named tuple class costs more to define (record.py)."""

    __slots__ = ("text", "venue", "venue_text", "year", "year_text", "canonical", "problems", "suggestions",
                 "message", "replacement", "guess", "notes", "also")

    def __init__(
        self, text: str, venue: Venue | None, venue_text: str | None, year: int | None, year_text: str | None,
        canonical: str | None, problems: tuple[Problem, ...], suggestions: tuple[str, ...], message: str,
        replacement: str | None = None, guess: str | None = None, notes: tuple[str, ...] = (),
        also: tuple[dict[str, Any], ...] = (),
    ) -> None:
        self.text = text  # the cell text without surrounding whitespace
        self.venue = venue  # the first venue-year's venue; None when unknown or not parsed
        self.venue_text = venue_text  # that venue as written, spaces collapsed
        self.year = year  # its year in four digits when certain, even a future one
        self.year_text = year_text  # the year's digits as written ("2022", "21")
        # The whole cell with every venue-year spelled canonically ("IEEE TPAMI 2023 (Oral)");
        # None unless every venue is known and every year certain.
        self.canonical = canonical
        self.problems = problems
        self.suggestions = suggestions  # venue names near an unknown venue, best first
        self.message = message  # the problems in one line; "" when there are none
        # The cell with every venue-year in an accepted spelling, as near to the text as that
        # allows ("tpami2023" -> "TPAMI 2023"); None when a venue or a year is not certain.
        self.replacement = replacement
        # Like replacement, but with a year read with doubt (a journal's "21" may be a volume).
        self.guess = guess
        self.notes = notes  # annotations as written ("Oral", "Industry Track")
        self.also = also  # the values of further venue-years ("arXiv 2023 (NeurIPS 2023)")

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def is_canonical(self) -> bool:
        """Spelled canonically (a future year can still be wrong)."""
        return self.canonical is not None and self.text == self.canonical

    @property
    def fix(self) -> str | None:
        """The safe replacement for ``text``: only when respelling is the
        whole problem, so that applying it leaves a valid cell."""
        return self.replacement if self.problems == (Problem.NON_CANONICAL,) else None

    @property
    def unsafe_fix(self) -> str | None:
        """A replacement that rests on a guessed year (``JMLR 21`` → ``JMLR
        2021``, where 21 may be a volume): only with ``--unsafe-fixes``."""
        if self.guess is None or not set(self.problems) <= {Problem.BAD_YEAR, Problem.NON_CANONICAL}:
            return None
        return self.guess

    @property
    def value(self) -> dict[str, Any] | None:
        """The typed value for ``extract``: ``{"venue": "arXiv", "year": 2022}``.
        An unknown venue keeps its written name, an uncertain year is null;
        annotations come as ``notes`` and further venue-years as ``also``
        when there are any. None when the text is empty or not a venue-year."""
        if self.venue_text is None and not self.notes:
            return None
        value: dict[str, Any] = {"venue": self.venue.name if self.venue else self.venue_text, "year": self.year}
        if self.notes:
            value["notes"] = list(self.notes)
        if self.also:
            value["also"] = [dict(other) for other in self.also]
        return value


_LETTER = lazy_re.compile(r"[^\W\d_]")
# Only ASCII separators: spelling_key makes "’" an apostrophe first, since a
# class holding it compiles much slower than one within Latin-1.
_SEPARATORS = lazy_re.compile(r"[\s\-_.,:;/()']+")
_AMPERSAND = lazy_re.compile(r"\s*&\s*")


def spelling_key(text: str) -> str:
    """How venue names are compared: fullwidth forms folded, case ignored,
    separators (space - _ . , : ; / ( ) ') as one space, no space around &."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).replace("’", "'")
    text = text.casefold()
    if "&" in text:
        text = _AMPERSAND.sub("&", text)
    return _SEPARATORS.sub(" ", text).strip()


class VenueVocabulary:
    """Venues, an index of their spellings, and the annotations and statuses
    a venue-year may carry. Immutable once built."""

    def __init__(self, venues: Iterable[Venue], origin: str = "venues", *,
                 annotations: Iterable[str] = (), statuses: Iterable[str] = ()) -> None:
        self.venues: tuple[Venue, ...] = tuple(venues)
        self.annotations = tuple(annotations)
        self.statuses = tuple(statuses)
        self._annotation_keys = frozenset(spelling_key(a) for a in (*self.annotations, *self.statuses))
        self._status_keys = frozenset(spelling_key(s) for s in self.statuses)
        # key -> (venue, the spelling a fix writes): an accepted spelling writes itself, a variant the name.
        self._keys: dict[str, tuple[Venue, str]] = {}
        # The same keys without spaces: "USENIXSecurity", "SIGGRAPHAsia".
        self._squashed: dict[str, tuple[Venue, str]] = {}
        derived: list[tuple[str, Venue]] = []
        for venue in self.venues:
            accepted = venue.accepted
            for spelling in venue.spellings:
                written = spelling if spelling in accepted else venue.name
                key = spelling_key(spelling)
                for index, k in ((self._keys, key), (self._squashed, key.replace(" ", ""))):
                    owner = index.setdefault(k, (venue, written))[0]
                    if owner is not venue:
                        raise InputError(
                            f"{origin}: venue spelling '{spelling}' of '{venue.name}' "
                            f"is already a spelling of '{owner.name}'"
                        )
            if venue.title and _PUBLISHER.match(venue.title):
                derived.append((_PUBLISHER.sub("", venue.title, count=1), venue))
        for spelling, venue in derived:  # second: a derived spelling never claims another venue's
            key = spelling_key(spelling)
            if key not in self._keys and key.replace(" ", "") not in self._squashed:
                self._keys[key] = self._squashed[key.replace(" ", "")] = (venue, spelling)
        self._cache: dict[tuple[str, int, bool], VenueYear] = {}
        self._choices: list[str] | None = None

    def resolve(self, name: str) -> tuple[Venue, str] | None:
        """The venue that ``name`` spells and the spelling a fix writes for it
        (the accepted spelling it matches, or the canonical name for a
        variant). A leading word that says what kind of venue it is
        (``journal Information Processing & Management``, ``Proceedings of
        ICML``, ``期刊``) is dropped from what a fix writes."""
        key = spelling_key(name)
        found = self._keys.get(key) or self._squashed.get(key.replace(" ", ""))
        if found is None and key.startswith(_KIND_WORDS):
            rest = next(key[len(word):] for word in _KIND_WORDS if key.startswith(word)).lstrip()
            found = (self._keys.get(rest) or self._squashed.get(rest.replace(" ", ""))) if rest else None
        return found

    def lookup(self, name: str) -> Venue | None:
        """The venue that ``name`` spells, or None."""
        found = self.resolve(name)
        return found[0] if found else None

    def is_annotation(self, text: str) -> bool:
        key = spelling_key(text.strip("[]【】 "))
        return key in self._annotation_keys or bool(_RANKED.fullmatch(key))

    def is_status(self, text: str) -> bool:
        return spelling_key(text.strip("[]【】 ")) in self._status_keys

    def suggest(self, name: str, limit: int = 3) -> tuple[str, ...]:
        """Canonical names of venues that ``name`` likely misspells, best first.

        Only what is likely right: an acronym (five letters or fewer, or a
        capitalised word without spaces) is suggested only the one venue it
        spells with two letters swapped (``ICLM``), a letter dropped at the
        end (``IJCA``), or a doubled letter dropped or doubled (``NACL``,
        ``AAAAI``); never one with a letter changed or added: ``COLM`` is not
        ``COLT``, ``ICSE`` is neither ``ICME`` nor ``ICDE``, ``ICMLA`` is not
        ``ICML``. Three letters are too few to tell a typo from another name
        (``ACM`` is neither ``ACL`` nor ``ACML``, ``CHI`` not ``CHIL``), and a
        name near several venues gets none. A longer name gets venues one edit away (two from eleven letters on)
        with as many words: ``IEEE Acess`` is ``IEEE Access``, but
        ``facebook research`` is not ``Facebook AI Research``. Digits must
        match, as for names elsewhere in tablelint."""
        from rapidfuzz import process
        from rapidfuzz.distance import DamerauLevenshtein, Indel

        key = spelling_key(name)
        query = key.replace(" ", "")
        if not query:
            return ()
        written = "".join(name.split())
        acronym = len(query) <= 5 or (written.isupper() and len(query) <= 8)
        cutoff = 1 if acronym or len(query) <= 10 else 2
        if self._choices is None:
            self._choices = list(self._squashed)
        found = process.extract(query, self._choices, scorer=DamerauLevenshtein.distance,
                                score_cutoff=cutoff, limit=None)
        # Among equally near names, an added or dropped letter beats a changed one.
        found.sort(key=lambda match: (match[1], Indel.distance(query, match[0]), match[2]))
        digits = re.sub(r"\D", "", query)
        words = key.count(" ") + 1
        names: list[str] = []
        for choice, _distance, _index in found:
            venue = self._squashed[choice][0]
            if venue.name in names or re.sub(r"\D", "", choice) != digits:
                continue
            if acronym and not _acronym_typo(query, choice):
                continue
            if not acronym and words > 1 and words not in _word_counts(venue, choice):
                continue
            names.append(venue.name)
        if acronym and len(names) > 1:  # ICM: ICML, ICME or ICMR? A guess among several is not likely right.
            return ()
        return tuple(names[:limit])

    def merged(self, extra: Iterable[Venue | Mapping[str, Any]], origin: str = "schema") -> VenueVocabulary:
        """This vocabulary plus a schema's ``venues:`` entries, validated
        Venues or mappings as written (see the module docs)."""
        venues = list(self.venues)
        vocabulary = self
        for position, entry in enumerate(extra):
            new = entry if isinstance(entry, Venue) else venue_from_mapping(entry, f"{origin}: venues[{position}]")
            old = vocabulary.lookup(new.name)
            if old is None:
                venues.append(new)
            else:
                taken = {spelling_key(s) for s in (*new.accepted, *new.variants)}
                kept = [s for s in (*new.variants, *old.spellings) if s == new.name or spelling_key(s) not in taken]
                venues[venues.index(old)] = Venue(
                    new.name, new.title, new.aliases, new.kind or old.kind, new.area or old.area,
                    tuple(dict.fromkeys(s for s in kept if s != new.name)),
                )
            vocabulary = VenueVocabulary(venues, f"{origin}: venues[{position}]",
                                         annotations=self.annotations, statuses=self.statuses)
        return vocabulary

    def parse(self, text: str, current_year: int, year_elsewhere: bool = False) -> VenueYear:
        key = (text, current_year, year_elsewhere)
        verdict = self._cache.get(key)
        if verdict is None:
            if len(self._cache) >= 4096:  # distinct sources are few; bound the memory anyway
                self._cache.clear()
            verdict = self._cache[key] = _parse(self, text, current_year, year_elsewhere)
        return verdict


def _word_counts(venue: Venue, squashed: str) -> set[int]:
    """How many words the spellings of ``venue`` that squash to ``squashed`` have."""
    spellings = [*venue.spellings, *([_PUBLISHER.sub("", venue.title, count=1)] if venue.title else [])]
    keys = (spelling_key(spelling) for spelling in spellings)
    return {key.count(" ") + 1 for key in keys if key.replace(" ", "") == squashed}


def _acronym_typo(query: str, choice: str) -> bool:
    """Two letters swapped, one dropped at the end, or one of a doubled pair
    dropped or doubled: the typos that do not turn one acronym into another's
    (no letter changed, none added but a double). Not for three letters or
    fewer, too few to tell."""
    if len(query) < 4:
        return False
    if len(choice) == len(query):
        differ = [i for i in range(len(query)) if query[i] != choice[i]]
        return (len(differ) == 2 and differ[1] == differ[0] + 1
                and query[differ[0]] == choice[differ[1]] and query[differ[1]] == choice[differ[0]])
    longer, shorter = (choice, query) if len(choice) > len(query) else (query, choice)
    if len(longer) != len(shorter) + 1:
        return False
    if longer is choice and choice.startswith(query):
        return True
    return any(longer[:i] + longer[i + 1:] == shorter and longer[i] == longer[i - 1] for i in range(1, len(longer)))


def _venue_spelling(spelling: str) -> str:
    if not _LETTER.search(spelling):
        raise ValueError(f"venue spelling '{spelling}' has no letters")
    if spelling[-1].isdigit():
        raise ValueError(f"venue spelling '{spelling}' ends in a digit, which would run into the year")
    return spelling


Kind = Literal["conference", "journal", "preprint", "workshop", "organization", "other"]
Area = Literal[
    "ai", "ml", "nlp", "cv", "graphics", "multimedia", "ir", "dm", "db", "systems", "eda",
    "security", "robotics", "speech", "medical", "biology", "hci", "pl", "se", "theory", "general",
]
KINDS: tuple[str, ...] = get_args(Kind)
AREAS: tuple[str, ...] = get_args(Area)


@data_file
class VenueEntry(DataFileRecord):
    """One venue, as a schema's ``venues:`` list and the venue file write it."""

    name: Annotated[VenueSpelling, Field(description="The canonical spelling, which a variant is respelled to.")]
    title: Annotated[VenueSpelling | None, Field(description=(
        "The full official name; accepted as written."))] = None
    aliases: Annotated[list[VenueSpelling], Field(description=(
        "Other spellings that are valid as written (TPAMI, S&P)."))] = field(default_factory=list)
    variants: Annotated[list[VenueSpelling], Field(description=(
        "Former names and informal spellings, respelled to the name (NIPS)."))] = field(default_factory=list)
    kind: Annotated[Kind | None, Field(description="What the venue is.")] = None
    area: Annotated[Area | None, Field(description="The field of research it belongs to.")] = None

    def to_venue(self) -> Venue:
        return Venue(self.name, self.title, tuple(self.aliases), self.kind, self.area, tuple(self.variants))


@data_file
class CompleteVenueEntry(VenueEntry):
    """A venue of the venue file, which says of each what it is."""

    # field(): required here, although the class attributes inherited say None.
    kind: Annotated[Kind, Field(description="What the venue is.")] = field()
    area: Annotated[Area, Field(description="The field of research it belongs to.")] = field()


@data_file
class VenueFile(DataFileRecord):
    """The venue file (``schemas/venues.yaml``)."""

    venues: Annotated[list[CompleteVenueEntry], Field(description="The venues.")]
    annotations: Annotated[list[StrictStr], Field(description=(
        "Words that say how a paper appeared (Oral, Spotlight)."))] = field(default_factory=list)
    statuses: Annotated[list[StrictStr], Field(description=(
        "Words that stand for a venue not yet known (Under review)."))] = field(default_factory=list)


def _annotation_names() -> dict[str, Any]:
    """The type aliases of the annotations above, for pydantic (datamodel.py)."""
    from pydantic import AfterValidator, Field, StringConstraints

    return {"VenueSpelling": Annotated[
        str, StringConstraints(strict=True, strip_whitespace=True, min_length=1), AfterValidator(_venue_spelling),
        # What _venue_spelling checks, for the JSON Schema: a letter, and no digit at the end.
        Field(json_schema_extra={"pattern": r"^(?=[\s\S]*[^\W\d_])[\s\S]*[^\d\s]\s*$"}),
    ]}


def venue_from_mapping(entry: Any, where: str, *, complete: bool = False) -> Venue:
    """A Venue from a YAML/JSON mapping, or InputError naming ``where`` and
    the key. ``complete`` requires kind and area, as the venue file does."""
    if not isinstance(entry, Mapping):
        raise InputError(f"{where}: a venue must be a mapping with a 'name'")
    if isinstance(entry.get("name"), str):
        where = f"{where} ({entry['name']})"
    return validate(CompleteVenueEntry if complete else VenueEntry, entry, where, InputError).to_venue()


def builtin_venues_path() -> Path:
    """``venues.yaml`` beside the built-in schemas."""
    from ..datafiles import BUILTIN_VENUE_FILE, builtin_schema_dir

    return builtin_schema_dir() / BUILTIN_VENUE_FILE


@lru_cache(maxsize=1)
def _builtin() -> VenueVocabulary:
    """The built-in vocabulary, from the cache directory if an earlier run
    built it from the same venues.yaml with the same code."""
    from ..datafiles import validated_from_cache

    path = builtin_venues_path()
    return validated_from_cache("venues", path, (__name__, "tablelint.datamodel"), lambda: _build_builtin(path),
                                VenueVocabulary)


def _build_builtin(path: Path) -> VenueVocabulary:
    """The vocabulary of the venue file ``path``, checked as a schema's entries are."""
    from ..datafiles import load_data_file

    venue_file = validate(VenueFile, load_data_file(path), str(path), InputError)
    return VenueVocabulary((entry.to_venue() for entry in venue_file.venues), str(path),
                           annotations=venue_file.annotations, statuses=venue_file.statuses)


@lru_cache(maxsize=32)
def _with_extra(extra: tuple[Venue, ...], origin: str) -> VenueVocabulary:
    return _builtin().merged(extra, origin)


def load_venues(extra: Iterable[Venue | Mapping[str, Any]] = (), *, origin: str = "schema") -> VenueVocabulary:
    """The built-in vocabulary, with a schema's extra entries merged in
    (``origin`` names the schema in error messages). Cached."""
    venues = tuple(
        entry if isinstance(entry, Venue) else venue_from_mapping(entry, f"{origin}: venues[{position}]")
        for position, entry in enumerate(extra)
    )
    return _with_extra(venues, origin) if venues else _builtin()


def parse_venue_year(text: str, *, current_year: int | None = None, venues: VenueVocabulary | None = None,
                     year_elsewhere: bool = False) -> VenueYear:
    """The verdict on one cell's text (see the module docs). With
    ``year_elsewhere`` (the table has a Year column), a venue without a year
    is complete: ``NeurIPS`` is valid and ``Nips`` becomes ``NeurIPS``."""
    vocabulary = venues if venues is not None else _builtin()
    return vocabulary.parse(text, current_year if current_year is not None else date.today().year, year_elsewhere)


def venue_year_value(text: str, *, current_year: int | None = None,
                     venues: VenueVocabulary | None = None) -> dict[str, Any] | None:
    """The typed value of a cell, ``{"venue": "arXiv", "year": 2022}``; see ``VenueYear.value``."""
    return parse_venue_year(text, current_year=current_year, venues=venues).value


# --- reading one cell ---------------------------------------------------------

_HTML = lazy_re.compile(r"<\s*/?\s*[A-Za-z!]")
_BREAK = lazy_re.compile(r"<br\s*/?>", re.IGNORECASE)
_LINK = lazy_re.compile(r"\]\(|\[|https?://|www\.", re.IGNORECASE)
_MARKDOWN = lazy_re.compile(r"`|\*|__|~~")
# Letters of any script, digits, spaces and the punctuation venue names use
# (’ too: _out_of_scope makes it an apostrophe, as for _SEPARATORS).
_SHAPE = lazy_re.compile(r"[\w\s&.,:'()/\-]+")
_DIGITS = lazy_re.compile(r"\d+")
# A word of an annotation, with what may close it; what separates words.
_WORD = lazy_re.compile(r"[^\s,;|·()\[\]（）【】\-–—/:：]+[)\]）】]*")
_BEFORE_YEAR = " \t'’-_,("
_AFTER_YEAR = " \t),"
_AROUND_NOTE = " \t,;|·-–—/:：([【（"
_OPENING = "([【（"
_CLOSING = ")]】）"
_SPACES = lazy_re.compile(r"\s+")
_EXAMPLE = "expected '<venue> <year>', such as 'arXiv 2022'"
_YEAR_SUFFIX = "年"
# Annotations and bracketed sources a cell may carry: more is not a source
# (and would recurse without end).
_MOST_PARTS = 8


class _Part:
    """One venue-year of a cell, at text[start:end]; or, with ``note`` set,
    one annotation; or, with ``failure`` set, text that is neither."""

    __slots__ = ("start", "end", "venue", "venue_text", "year", "year_text", "problems", "messages",
                 "suggestions", "canonical", "replacement", "guess", "note", "status", "failure")

    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end
        self.venue: Venue | None = None
        self.venue_text: str | None = None
        self.year: int | None = None
        self.year_text: str | None = None
        self.problems: list[Problem] = []
        self.messages: list[str] = []
        self.suggestions: tuple[str, ...] = ()
        self.canonical: str | None = None
        self.replacement: str | None = None
        self.guess: str | None = None
        self.note: str | None = None
        self.status = False  # the note is a status (Under review), valid alone
        self.failure: str | None = None

    @property
    def named(self) -> bool:
        """A known venue, or any venue with a year: enough to stand beside another part."""
        return self.failure is None and self.note is None and (self.venue is not None or self.year_text is not None)


def _failure(start: int, end: int, reason: str) -> _Part:
    part = _Part(start, end)
    part.failure = reason
    return part


def _parse(vocabulary: VenueVocabulary, raw: str, current_year: int, year_elsewhere: bool) -> VenueYear:
    text = raw.strip()
    if not text:
        return VenueYear(text, None, None, None, None, None, (Problem.EMPTY,), (), "empty")
    pieces: list[tuple[int, int]] = []
    start = 0
    if "<" in text:
        for line_break in _BREAK.finditer(text):
            pieces.append((start, line_break.start()))
            start = line_break.end()
    pieces.append((start, len(text)))
    parts: list[_Part] = []
    for start, end in pieces:
        found = _read_piece(vocabulary, text, start, end, current_year, year_elsewhere)
        if found is None:
            continue
        if isinstance(found, _Part):  # a failure
            if len(pieces) > 1:
                return _not_venue_year(text, "it has HTML or a line break")
            return _not_venue_year(text, found.failure, found.year_text)
        if len(pieces) > 1 and not all(part.named or part.note for part in found):
            return _not_venue_year(text, "it has HTML or a line break")
        parts.extend(found)
    return _verdict(text, parts)


def _read_piece(vocabulary: VenueVocabulary, text: str, start: int, end: int,
                current_year: int, year_elsewhere: bool, depth: int = 0) -> list[_Part] | _Part | None:
    """The parts of text[start:end], one venue-year and its annotations and
    bracketed venue-years; a failure part when it is not that; None when empty.
    ``depth`` counts the parts already split off the end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    if depth > _MOST_PARTS:
        return _failure(start, end, "it has too many parts")
    whole = _read_venue_year(vocabulary, text, start, end, current_year, year_elsewhere)
    if whole.failure is None and whole.venue is not None:
        return [whole]
    note = _trailing_note(vocabulary, text, start, end)
    if note is not None:
        note_start, head_end = note
        annotation = _Part(note_start, end)
        annotation.note = text[note_start:end].strip(_AROUND_NOTE + _CLOSING)
        annotation.status = vocabulary.is_status(annotation.note)
        head = _read_piece(vocabulary, text, start, head_end, current_year, year_elsewhere, depth + 1)
        if head is None:
            return [annotation]
        if isinstance(head, list) and head[0].named:
            return [*head, annotation]
    bracket = _trailing_bracket(text, start, end)
    if bracket is not None:
        head = _read_piece(vocabulary, text, start, bracket, current_year, year_elsewhere, depth + 1)
        inner = _read_piece(vocabulary, text, bracket + 1, end - 1, current_year, year_elsewhere, depth + 1)
        if isinstance(head, list) and isinstance(inner, list) and head[0].named and inner[0].named:
            return [*head, *inner]
    return [whole] if whole.failure is None else whole


def _trailing_note(vocabulary: VenueVocabulary, text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where an annotation at the end of text[start:end] begins (at its
    opening bracket, if any) and where the text before it ends; None if it
    does not end in one. The longest annotation of up to six words wins."""
    words = [m.start() for m in _WORD.finditer(text, start, end)]
    for count in range(min(6, len(words)), 0, -1):
        note_start = words[-count]
        if not vocabulary.is_annotation(text[note_start:end].rstrip(_CLOSING)):
            continue
        opening = note_start
        while opening > start and text[opening - 1] in " \t":
            opening -= 1
        if opening > start and text[opening - 1] in _OPENING:
            note_start = opening - 1
        head_end = note_start
        while head_end > start and text[head_end - 1] in _AROUND_NOTE:
            head_end -= 1
        return note_start, head_end
    return None


def _trailing_bracket(text: str, start: int, end: int) -> int | None:
    """Where a bracketed group that ends text[start:end] opens, when there is
    text before it."""
    if text[end - 1] not in ")）":
        return None
    depth = 0
    for position in range(end - 1, start - 1, -1):
        character = text[position]
        if character in ")）":
            depth += 1
        elif character in "(（":
            depth -= 1
            if depth == 0:
                return position if text[start:position].strip() else None
    return None


def _read_venue_year(vocabulary: VenueVocabulary, text: str, start: int, end: int, current_year: int,
                     year_elsewhere: bool) -> _Part:
    written = text[start:end]
    normal = unicodedata.normalize("NFKC", written) if not written.isascii() else written
    reason = _out_of_scope(normal)
    if reason:
        return _failure(start, end, reason)
    # A run of digits glued to a following letter is part of a name (3DV); 年 ends a year.
    numbers = [m for m in _DIGITS.finditer(normal)
               if not normal[m.end():m.end() + 1].isalpha() or normal[m.end():m.end() + 1] == _YEAR_SUFFIX]
    if len(numbers) > 1:
        return _failure(start, end, "it has more than one number")
    if numbers and normal[numbers[0].start() - 1: numbers[0].start()] in (":", "/", "#"):
        return _failure(start, end, "the number looks like part of an identifier")

    number = numbers[0] if numbers else None
    year_text = number.group(0) if number else None
    if number:
        marker_start = len(normal[: number.start()].rstrip(_BEFORE_YEAR))
        marker = normal[marker_start: number.start()]
        year_end = number.end() + (normal[number.end():number.end() + 1] == _YEAR_SUFFIX)
        before, after = normal[:marker_start], normal[year_end:].lstrip(_AFTER_YEAR).strip()
    else:
        marker, before, after = "", normal.rstrip(_BEFORE_YEAR), ""
    before, after = _SPACES.sub(" ", before).strip(), _SPACES.sub(" ", after).strip()

    venue_text = " ".join(part for part in (before, after) if part)
    if not venue_text:
        if year_text is None or len(year_text) != 4:
            return _failure(start, end, "it has no venue")
        alone = _failure(start, end, "it has a year but no venue")
        alone.year_text = year_text  # a source column that misses its venues is still a source column
        return alone
    found = vocabulary.resolve(venue_text)
    if found is None and before and after and vocabulary.lookup(before):
        return _failure(start, end, f"'{after}' after the year is not part of a venue name")
    if found is None and _several(vocabulary, venue_text):
        return _failure(start, end, "it names several sources")

    part = _Part(start, end)
    part.venue_text, part.year_text = venue_text, year_text
    venue, spelling = found if found else (None, venue_text)
    part.venue = venue
    if venue is None:
        part.problems.append(Problem.UNKNOWN_VENUE)
        part.suggestions = vocabulary.suggest(venue_text)
        if part.suggestions:
            quoted = [f"'{s}'" for s in part.suggestions]
            hint = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
            part.messages.append(f"unknown venue '{venue_text}': did you mean {hint}?")
        else:
            part.messages.append(f"unknown venue '{venue_text}'; if it is one, add it to the schema's venues")

    guessed = None
    if year_text is None and year_elsewhere:
        pass  # a Year column holds it
    elif year_text is None:
        part.problems.append(Problem.MISSING_YEAR)
        example = f"{spelling} <year>" if venue else "<venue> <year>"
        part.messages.append(f"no year: write '{example}' with a four-digit year")
    elif len(year_text) == 4 and year_text[0] != "0":
        part.year = int(year_text)
    elif len(year_text) == 2 and before:
        reading = _two_digit_year(int(year_text), current_year)
        apostrophe = "'" in marker or "’" in marker
        if reading is not None and (apostrophe or (venue is not None and venue.kind != "journal")):
            part.year = reading
            if venue is None:
                part.problems.append(Problem.BAD_YEAR)
                part.messages.append(f"write the year '{year_text}' with four digits: '{venue_text} {reading}'")
                guessed = f"{venue_text} {reading}"
        else:
            part.problems.append(Problem.BAD_YEAR)
            if reading is None:
                part.messages.append(f"year '{year_text}' must have four digits")
            else:
                volume = " (after a journal, a two-digit number may be a volume)" if venue else ""
                part.messages.append(f"year '{year_text}' must have four digits{volume}: '{spelling} {reading}'?")
                guessed = f"{spelling} {reading}"
    else:
        part.problems.append(Problem.BAD_YEAR)
        part.messages.append(f"year '{year_text}' must have four digits")
    if part.year is not None and part.year > current_year:
        part.problems.append(Problem.FUTURE_YEAR)
        part.messages.append(f"year {part.year} is in the future (the current year is {current_year})")

    if venue is not None and (part.year is not None or (year_text is None and year_elsewhere)):
        year = "" if part.year is None else f" {part.year}"
        part.canonical = f"{venue.name}{year}"
        part.replacement = f"{spelling}{year}"
        if written != part.replacement:
            part.problems.append(Problem.NON_CANONICAL)
            if len(part.problems) == 1:
                part.messages.append(f"'{_shown(written)}' is not the canonical spelling: write '{part.replacement}'")
            else:
                part.messages.append(f"the canonical spelling is '{part.replacement}'")
    part.guess = guessed
    return part


def _two_digit_year(digits: int, current_year: int) -> int | None:
    """The year a two-digit one names (module docs): 20YY up to next year, 19YY from 1980."""
    if 2000 + digits <= current_year + 1:
        return 2000 + digits
    return 1900 + digits if digits >= 80 else None


def _verdict(text: str, parts: list[_Part]) -> VenueYear:
    years = [part for part in parts if part.note is None]
    notes = tuple(part.note for part in parts if part.note is not None)
    if not years:
        if all(part.status for part in parts):
            return VenueYear(text, None, None, None, None, None, (), (), "", text, None, notes)
        shown = "', '".join(notes)
        return _not_venue_year(text, f"'{shown}' is an annotation; the venue and year are missing")
    first = years[0]
    problems: list[Problem] = []
    messages: list[str] = []
    for number, part in enumerate(years):
        for problem in part.problems:
            if problem not in problems:
                problems.append(problem)
        if part.messages:
            where = "" if number == 0 else f"in '{_shown(text[part.start:part.end])}': "
            messages.append(where + "; ".join(part.messages))
    if Problem.NON_CANONICAL in problems:  # last, as a single venue-year lists it
        problems.remove(Problem.NON_CANONICAL)
        problems.append(Problem.NON_CANONICAL)
    also = tuple({"venue": part.venue.name if part.venue else part.venue_text, "year": part.year}
                 for part in years[1:])
    canonical = _respelled(text, years, "canonical")
    replacement = _respelled(text, years, "replacement")
    guess = _respelled(text, years, "guess") if any(part.guess for part in years) else None
    return VenueYear(text, first.venue, first.venue_text, first.year, first.year_text, canonical,
                     tuple(problems), first.suggestions, "; ".join(messages), replacement, guess, notes, also)


def _respelled(text: str, parts: list[_Part], attribute: str) -> str | None:
    """text with each part replaced by its ``attribute`` (canonical,
    replacement or guess, falling back to the replacement); None if a part
    has none."""
    pieces: list[str] = []
    position = 0
    for part in parts:
        new = getattr(part, attribute) or (part.replacement if attribute == "guess" else None)
        if new is None:
            return None
        pieces += [text[position:part.start], new]
        position = part.end
    pieces.append(text[position:])
    return "".join(pieces)


def _out_of_scope(text: str) -> str | None:
    # Each pattern needs one of a few characters that most cells lack: then
    # it is not even compiled.
    if "<" in text and _HTML.search(text):
        return "it has HTML or a line break"
    if _holds_any(text, "[]:.") and _LINK.search(text):
        return "it has a link"
    if _holds_any(text, "`*_~") and _MARKDOWN.search(text):
        return "it has Markdown formatting"
    if not _SHAPE.fullmatch(text.replace("’", "'")):
        return "it has characters that are not part of a venue name"
    return None


def _holds_any(text: str, characters: str) -> bool:
    return any(character in text for character in characters)


def _several(vocabulary: VenueVocabulary, venue_text: str) -> bool:
    """``CVPR/ICCV``, ``PubMed / NEJM AI``: a list, not one venue. A slash
    inside a name (``IEEE/CVF``) has no spaces around it and names no venue
    on its own."""
    parts = [part.strip() for part in venue_text.split("/")]
    if len(parts) < 2:
        return False
    return " /" in venue_text or "/ " in venue_text or any(vocabulary.lookup(part) for part in parts if part)


def _shown(text: str) -> str:
    """Text for a one-line message: invisible characters (a no-break space,
    a tab) as escapes, so that the reader sees why the text differs."""
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


def _not_venue_year(text: str, reason: str, year_text: str | None = None) -> VenueYear:
    example = f"write '<venue> {year_text}', such as 'arXiv {year_text}'" if year_text else _EXAMPLE
    return VenueYear(text, None, None, None, year_text, None, (Problem.NOT_VENUE_YEAR,), (),
                     f"not a venue-year ({reason}): {example}")

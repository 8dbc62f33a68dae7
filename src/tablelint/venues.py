"""Venue-year values, the cells of a ``format: venue-year`` field: where a
paper appeared and when, written ``<Venue> <year>`` (``arXiv 2022``,
``NeurIPS 2021``, ``IEEE TPAMI 2021``, ``Findings of EMNLP 2021``).

``parse_venue_year(text)`` reads one cell and returns a ``VenueYear``
verdict: the vocabulary entry (``None`` when unknown), the year, the
canonical text, and the problems, if any:

- ``non-canonical``: a known venue and a valid year written another way
  (``arxiv2022``, ``Nips2021``, ``TPAMI2021``, ``EMNLP2021 findings``). The
  canonical text is a safe replacement: it names the same venue and year.
- ``unknown-venue``: not in the vocabulary (``facebook research 2023``). No
  fix; ``suggestions`` holds near spellings for a typo (``IEEE Acess`` →
  ``IEEE Access``, ``AAA`` → ``AAAI``) as a "did you mean", never a fix.
- ``missing-year`` (``CIKM``), ``bad-year`` (``NeurIPS'21``: a year has four
  digits), ``future-year`` (later than ``current_year``, a parameter so that
  tests do not depend on the clock; it defaults to today's year).
- ``not-venue-year``: text this parser does not guess at, such as a link
  (``[arXiv](https://…) 2022``), a ``<br/>``, Markdown formatting, several
  numbers, or words after the year that are not part of a venue name
  (``ICLR 2023 (Oral)``).
- ``empty``: nothing but whitespace. Empty cells and placeholders (``NULL``)
  are the business of the missing-value and placeholder rules: a caller
  should skip the schema's ``missingValues`` before calling this.

Leading and trailing whitespace is ignored (padding is the formatter's
business); the canonical text replaces the stripped cell content.

Reading a cell. Fullwidth forms are folded (``ＣＶＰＲ２０２１``). The year is
the one run of digits that is not glued to a following letter, so ``3DV2021``
is 3DV in 2021, and it may stand before the venue (``2021 CVPR``), be glued
to it (``ICLR2015``), or follow an apostrophe (``NeurIPS'21``). Words after
the year join the venue name when together they name a venue: ``EMNLP2021
findings`` is Findings of EMNLP, ``ICLR2017 Workshop`` is ICLR Workshops.
Venue names match ignoring case, separators and spaces (see
``spelling_key``), so ``arxiv``, ``ArXiv``, ``usenix-atc`` and
``USENIXSecurity`` need no alias of their own.

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
AACL.

The vocabulary is ``schemas/venues.yaml`` (its header says how canonical
names were chosen). ``load_venues(extra)`` merges a schema's ``venues:``
entries into it: an entry whose name is already a spelling of a known venue
redefines that venue (its name becomes the canonical spelling, the old
spellings stay accepted), any other entry is a new venue, and a spelling
claimed by two venues is an error.
"""

from __future__ import annotations

import re
import unicodedata
from collections import namedtuple
from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import lazy_re
from .record import Record
from .source import InputError

KINDS = ("conference", "journal", "preprint", "workshop")
AREAS = (
    "ai", "ml", "nlp", "cv", "graphics", "multimedia", "ir", "dm", "db", "systems",
    "security", "robotics", "speech", "medical", "biology", "general",
)
_ENTRY_KEYS = ("name", "title", "aliases", "kind", "area")


class Problem(StrEnum):
    """What is wrong with a cell; a verdict lists them in this order of checks."""

    NON_CANONICAL = "non-canonical"
    UNKNOWN_VENUE = "unknown-venue"
    MISSING_YEAR = "missing-year"
    BAD_YEAR = "bad-year"
    FUTURE_YEAR = "future-year"
    NOT_VENUE_YEAR = "not-venue-year"
    EMPTY = "empty"


class Venue(namedtuple("Venue", ("name", "title", "aliases", "kind", "area"), defaults=(None, (), None, None))):
    """One vocabulary entry: ``name`` (str), the canonical spelling;
    ``title`` (str | None), the full official name; ``aliases``
    (tuple[str, ...]); ``kind`` (str | None), one of KINDS; ``area``
    (str | None), one of AREAS.

    A named tuple, not a frozen dataclass: defining it is several times
    faster, and it is defined on every run; and the cached vocabulary
    (``_builtin``) unpickles its 500 venues faster than it would as many
    Records. It subclasses a ``collections.namedtuple`` rather than
    ``typing.NamedTuple``, which would compile each field's annotation,
    costing as much again."""

    __slots__ = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every accepted spelling: the name, the title, the aliases."""
        return (self.name, *((self.title,) if self.title else ()), *self.aliases)


class VenueYear(Record):
    """The verdict on one cell.

    A Record, not a named tuple like Venue: nothing reads it as a tuple or
    pickles it, and ``collections.namedtuple`` compiles code for every class
    it makes, which cost 0.15 ms of the import of every run."""

    __slots__ = ("text", "venue", "venue_text", "year", "year_text", "canonical", "problems", "suggestions", "message")

    def __init__(
        self, text: str, venue: Venue | None, venue_text: str | None, year: int | None, year_text: str | None,
        canonical: str | None, problems: tuple[Problem, ...], suggestions: tuple[str, ...], message: str,
    ) -> None:
        self.text = text  # the cell text without surrounding whitespace
        self.venue = venue  # None when unknown or not parsed
        self.venue_text = venue_text  # the venue as written, spaces collapsed
        self.year = year  # set when the year has four digits, even a future one
        self.year_text = year_text  # the year's digits as written ("2022", "21")
        self.canonical = canonical  # "<Venue> <year>" when the venue is known and the year has four digits
        self.problems = problems
        self.suggestions = suggestions  # venue names near an unknown venue, best first
        self.message = message  # the problems in one line; "" when there are none

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
        return self.canonical if self.problems == (Problem.NON_CANONICAL,) else None

    @property
    def value(self) -> dict[str, Any] | None:
        """The typed value for ``extract``: ``{"venue": "arXiv", "year": 2022}``.
        An unknown venue keeps its written name, a missing or malformed year
        is null; None when the text is empty or not a venue-year."""
        if self.venue_text is None:
            return None
        return {"venue": self.venue.name if self.venue else self.venue_text, "year": self.year}


_LETTER = lazy_re.compile(r"[^\W\d_]")
# Only ASCII separators: spelling_key makes "’" an apostrophe first, since a
# class holding it compiles ten times slower than one within Latin-1.
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
    """Venues and an index of their spellings. Immutable once built."""

    def __init__(self, venues: Iterable[Venue], origin: str = "venues") -> None:
        self.venues: tuple[Venue, ...] = tuple(venues)
        self._keys: dict[str, Venue] = {}
        # The same keys without spaces: "USENIXSecurity", "SIGGRAPHAsia".
        self._squashed: dict[str, Venue] = {}
        for venue in self.venues:
            for spelling in venue.spellings:
                key = spelling_key(spelling)
                for index, k in ((self._keys, key), (self._squashed, key.replace(" ", ""))):
                    owner = index.setdefault(k, venue)
                    if owner is not venue:
                        raise InputError(
                            f"{origin}: venue spelling '{spelling}' of '{venue.name}' "
                            f"is already a spelling of '{owner.name}'"
                        )
        self._cache: dict[tuple[str, int], VenueYear] = {}
        self._choices: list[str] | None = None

    def lookup(self, name: str) -> Venue | None:
        """The venue that ``name`` spells, or None."""
        key = spelling_key(name)
        return self._keys.get(key) or self._squashed.get(key.replace(" ", ""))

    def suggest(self, name: str, limit: int = 3) -> tuple[str, ...]:
        """Canonical names of venues one typo away from ``name`` (two for long
        names), best first. A very short name (``AAA``) only matches a name
        with one more or one less letter at its end (``AAAI``), so that
        ``ACM`` suggests neither ``ACL`` nor ``CACM``; digits must match, as
        for names elsewhere in tablelint."""
        from rapidfuzz import process
        from rapidfuzz.distance import DamerauLevenshtein, Indel

        query = spelling_key(name).replace(" ", "")
        if not query:
            return ()
        if self._choices is None:
            self._choices = list(self._squashed)
        if len(query) <= 3:
            scorer, cutoff = Indel.distance, 1
        else:
            scorer, cutoff = DamerauLevenshtein.distance, 1 if len(query) <= 8 else 2
        digits = re.sub(r"\D", "", query)
        found = process.extract(query, self._choices, scorer=scorer, score_cutoff=cutoff, limit=None)
        # Among equally near names, an added or dropped letter beats a changed one.
        found.sort(key=lambda match: (match[1], Indel.distance(query, match[0]), match[2]))
        names: list[str] = []
        for choice, _distance, _index in found:
            venue = self._squashed[choice]
            if len(query) <= 3 and not (choice.startswith(query) or query.startswith(choice)):
                continue
            if re.sub(r"\D", "", choice) == digits and venue.name not in names:
                names.append(venue.name)
        return tuple(names[:limit])

    def merged(self, extra: Iterable[Mapping[str, Any]], origin: str = "schema") -> VenueVocabulary:
        """This vocabulary plus a schema's ``venues:`` entries (see the module docs)."""
        venues = list(self.venues)
        vocabulary = self
        for position, entry in enumerate(extra):
            new = venue_from_mapping(entry, f"{origin}: venues[{position}]")
            old = vocabulary.lookup(new.name)
            if old is None:
                venues.append(new)
            else:
                new_key = spelling_key(new.name)
                kept = [s for s in (*new.aliases, *old.spellings) if spelling_key(s) != new_key]
                venues[venues.index(old)] = Venue(
                    new.name, new.title or old.title, tuple(dict.fromkeys(kept)),
                    new.kind or old.kind, new.area or old.area,
                )
            vocabulary = VenueVocabulary(venues, f"{origin}: venues[{position}]")
        return vocabulary

    def parse(self, text: str, current_year: int) -> VenueYear:
        key = (text, current_year)
        verdict = self._cache.get(key)
        if verdict is None:
            if len(self._cache) >= 4096:  # distinct sources are few; bound the memory anyway
                self._cache.clear()
            verdict = self._cache[key] = _parse(self, text, current_year)
        return verdict


def venue_from_mapping(entry: Any, where: str, *, complete: bool = False) -> Venue:
    """A Venue from a YAML/JSON mapping, or InputError naming ``where``.
    ``complete`` requires kind and area (the built-in vocabulary has both)."""
    if not isinstance(entry, Mapping):
        raise InputError(f"{where}: a venue must be a mapping with a 'name'")
    label = f"{where} ({entry['name']})" if isinstance(entry.get("name"), str) else where
    unknown = [key for key in entry if key not in _ENTRY_KEYS]
    if unknown:
        raise InputError(f"{label}: unknown key '{unknown[0]}'; a venue has {', '.join(_ENTRY_KEYS)}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{where}: a venue needs a 'name' (its canonical spelling)")
    title = entry.get("title")
    if title is not None and not isinstance(title, str):
        raise InputError(f"{label}: 'title' must be a string")
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(alias, str) for alias in aliases):
        raise InputError(f"{label}: 'aliases' must be a list of strings")
    for spelling in (name, *([title] if title else []), *aliases):
        if not _LETTER.search(spelling):
            raise InputError(f"{label}: venue spelling '{spelling}' has no letters")
        if spelling.strip()[-1].isdigit():
            raise InputError(
                f"{label}: venue spelling '{spelling}' ends in a digit, which would run into the year"
            )
    for key, allowed in (("kind", KINDS), ("area", AREAS)):
        value = entry.get(key)
        if value is None and complete:
            raise InputError(f"{label}: '{key}' is missing; it is one of {', '.join(allowed)}")
        if value is not None and value not in allowed:
            raise InputError(f"{label}: '{key}' is '{value}'; it must be one of {', '.join(allowed)}")
    aliases = tuple(alias.strip() for alias in aliases)
    return Venue(name.strip(), title, aliases, entry.get("kind"), entry.get("area"))


def builtin_venues_path() -> Path:
    """``venues.yaml`` beside the built-in schemas."""
    from .datafiles import builtin_schema_dir

    return builtin_schema_dir() / "venues.yaml"


@lru_cache(maxsize=1)
def _builtin() -> VenueVocabulary:
    """The built-in vocabulary, from the cache directory if an earlier run
    built it from the same venues.yaml with the same venues.py: checking and
    indexing its 500 spellings cost ~3 ms of every run that reads a source."""
    import pickle

    from .datafiles import read_cache_file, store_cache_file

    path = builtin_venues_path()
    try:
        cached = _built_vocabulary_file(path)
    except OSError:  # no venues.yaml: building says so
        return _build_builtin(path)
    try:
        vocabulary = pickle.loads(read_cache_file(cached))
        if isinstance(vocabulary, VenueVocabulary):
            return vocabulary
    except Exception:  # missing, stale or damaged: build it
        pass
    vocabulary = _build_builtin(path)
    store_cache_file(cached, pickle.dumps(vocabulary, protocol=pickle.HIGHEST_PROTOCOL))
    return vocabulary


def _built_vocabulary_file(path: Path) -> Path:
    import sys

    from . import __version__
    from .datafiles import cache_dir, cache_key_hash

    data, code = path.stat(), Path(__file__).stat()
    key = (f"{path.resolve()}|{data.st_size}|{data.st_mtime_ns}|{code.st_size}|{code.st_mtime_ns}"
           f"|{__version__}|{sys.version}")
    return cache_dir() / "venues" / (cache_key_hash(key.encode()).hexdigest() + ".pickle")


def _build_builtin(path: Path) -> VenueVocabulary:
    from .datafiles import load_data_file

    data = load_data_file(path)
    if not isinstance(data, Mapping) or not isinstance(data.get("venues"), list):
        raise InputError(f"{path}: a venue vocabulary is a mapping with a 'venues' list")
    venues = [
        venue_from_mapping(entry, f"{path}: venues[{position}]", complete=True)
        for position, entry in enumerate(data["venues"])
    ]
    return VenueVocabulary(venues, str(path))


@lru_cache(maxsize=32)
def _with_extra(extra_json: str, origin: str) -> VenueVocabulary:
    import json

    return _builtin().merged(json.loads(extra_json), origin)


def load_venues(extra: Iterable[Mapping[str, Any]] = (), *, origin: str = "schema") -> VenueVocabulary:
    """The built-in vocabulary, with a schema's extra entries merged in
    (``origin`` names the schema in error messages). Cached."""
    extra = list(extra)
    if not extra:
        return _builtin()
    import json  # here: most schemas add no venue, and a check need not import json

    try:
        key = json.dumps(extra, sort_keys=True, ensure_ascii=False)
    except TypeError:
        raise InputError(f"{origin}: venues must be mappings of strings") from None
    return _with_extra(key, origin)


def parse_venue_year(text: str, *, current_year: int | None = None,
                     venues: VenueVocabulary | None = None) -> VenueYear:
    """The verdict on one cell's text (see the module docs)."""
    vocabulary = venues if venues is not None else _builtin()
    return vocabulary.parse(text, current_year if current_year is not None else date.today().year)


def venue_year_value(text: str, *, current_year: int | None = None,
                     venues: VenueVocabulary | None = None) -> dict[str, Any] | None:
    """The typed value of a cell, ``{"venue": "arXiv", "year": 2022}``; see ``VenueYear.value``."""
    return parse_venue_year(text, current_year=current_year, venues=venues).value


# --- reading one cell ---------------------------------------------------------

_HTML = lazy_re.compile(r"<\s*/?\s*[A-Za-z!]")
_LINK = lazy_re.compile(r"\]\(|\[|https?://|www\.", re.IGNORECASE)
_MARKDOWN = lazy_re.compile(r"`|\*|__|~~")
# Letters of any script, digits, spaces and the punctuation venue names use
# (’ too: _out_of_scope makes it an apostrophe, as for _SEPARATORS).
_SHAPE = lazy_re.compile(r"[\w\s&.,:'()/\-]+")
_DIGITS = lazy_re.compile(r"\d+")
_BEFORE_YEAR = " \t'’-_,("
_AFTER_YEAR = " \t),"
_SPACES = lazy_re.compile(r"\s+")
_EXAMPLE = "expected '<venue> <year>', such as 'arXiv 2022'"


def _parse(vocabulary: VenueVocabulary, raw: str, current_year: int) -> VenueYear:
    text = raw.strip()
    if not text:
        return VenueYear(text, None, None, None, None, None, (Problem.EMPTY,), (), "empty")
    normal = unicodedata.normalize("NFKC", text)
    reason = _out_of_scope(normal)
    if reason:
        return _not_venue_year(text, reason)
    # A run of digits glued to a following letter is part of a name (3DV).
    numbers = [m for m in _DIGITS.finditer(normal) if not normal[m.end():m.end() + 1].isalpha()]
    if len(numbers) > 1:
        return _not_venue_year(text, "it has more than one number")
    if numbers and normal[numbers[0].start() - 1: numbers[0].start()] in (":", "/", "#"):
        return _not_venue_year(text, "the number looks like part of an identifier")

    year_text = numbers[0].group(0) if numbers else None
    if numbers:
        before = normal[: numbers[0].start()].rstrip(_BEFORE_YEAR)
        after = normal[numbers[0].end():].lstrip(_AFTER_YEAR).strip()
    else:
        before, after = normal.rstrip(_BEFORE_YEAR), ""
    before, after = _SPACES.sub(" ", before).strip(), _SPACES.sub(" ", after).strip()

    venue_text = " ".join(part for part in (before, after) if part)
    if not venue_text:
        return _not_venue_year(text, "it has no venue")
    venue = vocabulary.lookup(venue_text)
    if venue is None and before and after and vocabulary.lookup(before):
        return _not_venue_year(text, f"'{after}' after the year is not part of a venue name")
    if venue is None and _several(vocabulary, venue_text):
        return _not_venue_year(text, "it names several sources")

    problems: list[Problem] = []
    messages: list[str] = []
    suggestions: tuple[str, ...] = ()
    name = venue.name if venue else venue_text
    if venue is None:
        problems.append(Problem.UNKNOWN_VENUE)
        suggestions = vocabulary.suggest(venue_text)
        if suggestions:
            quoted = [f"'{s}'" for s in suggestions]
            hint = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
            messages.append(f"unknown venue '{venue_text}': did you mean {hint}?")
        else:
            messages.append(f"unknown venue '{venue_text}'; if it is one, add it to the schema's venues")

    year = None
    if year_text is None:
        problems.append(Problem.MISSING_YEAR)
        example = f"{venue.name} <year>" if venue else "<venue> <year>"
        messages.append(f"no year: write '{example}' with a four-digit year")
    elif len(year_text) != 4 or year_text[0] == "0":
        problems.append(Problem.BAD_YEAR)
        guess = _four_digits(year_text, current_year)
        hint = f": '{name} {guess}'?" if guess else ""
        messages.append(f"year '{year_text}' must have four digits{hint}")
    else:
        year = int(year_text)
        if year > current_year:
            problems.append(Problem.FUTURE_YEAR)
            messages.append(f"year {year} is in the future (the current year is {current_year})")

    canonical = f"{venue.name} {year}" if venue is not None and year is not None else None
    if canonical is not None and text != canonical:
        problems.append(Problem.NON_CANONICAL)
        if len(problems) == 1:
            messages.append(f"'{_shown(text)}' is not the canonical spelling: write '{canonical}'")
        else:
            messages.append(f"the canonical spelling is '{canonical}'")
    return VenueYear(text, venue, venue_text, year, year_text, canonical, tuple(problems), suggestions,
                     "; ".join(messages))


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


def _four_digits(year_text: str, current_year: int) -> int | None:
    """The likely year for a two-digit one ('21 → 2021, '98 → 1998)."""
    if len(year_text) != 2:
        return None
    year = 2000 + int(year_text)
    return year if year <= current_year else year - 100


def _shown(text: str) -> str:
    """Text for a one-line message: invisible characters (a no-break space,
    a tab) as escapes, so that the reader sees why the text differs."""
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


def _not_venue_year(text: str, reason: str) -> VenueYear:
    return VenueYear(text, None, None, None, None, None, (Problem.NOT_VENUE_YEAR,), (),
                     f"not a venue-year ({reason}): {_EXAMPLE}")

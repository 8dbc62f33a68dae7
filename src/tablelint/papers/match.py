"""Which record a row cites, and what in the row contradicts it.

``judge(row, resolution, vocabulary)`` compares a resolved row with its
records and returns Findings, each for one rule:

- ``wrong-source``: the source names the paper's preprint server (or a
  source the venue vocabulary does not know, such as ``facebook research``)
  with a year other than the preprint's (``arXiv2020`` for arXiv 1909.08053:
  ``arXiv 2019``), or names a venue and a year no record has while a
  published version says otherwise. The fix is the record's venue-year.
- ``published-preprint``: the source is the preprint server (or a lab's
  report, or an unknown source) while a peer-reviewed version exists: the
  fix is that version's venue-year.
- ``title-mismatch``: the title is the record's but for typos (within the
  threshold), beyond case, punctuation and title marks.

Venue names are mapped into the venue vocabulary (``venues.py``) by parsing
the service's ``<venue> <year>`` as a cell would be: dblp's ``CoRR`` is
arXiv, ``NeurIPS`` and ``ICLR`` are themselves, OpenAlex's ``arXiv (Cornell
University)`` is arXiv. A fix writes the venue's canonical name as the
schema's vocabulary has it (a schema's ``venues:`` may rename a venue), so
the fixed cell is one ``malformed-source`` accepts as written. A published
record whose venue the vocabulary does not know gives a finding without a
fix.

Which version: a title may belong to several papers (``Attention Is All You
Need`` is also a 2021 paper on speech). Among the records, the preprint is
the one whose title is nearest, then whose year is nearest the row's; a
published version must not be older than the preprint's year minus one
(else it is another paper with the same title).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..record import Record
from .records import PREPRINT, PUBLISHED, PaperRecord, as_year
from .titles import normalise_title, plain_title, title_distance

if TYPE_CHECKING:
    from ..schema.venues import VenueVocabulary
    from . import PaperRow
    from .resolve import Resolution

WRONG_SOURCE, PUBLISHED_PREPRINT, TITLE_MISMATCH = "wrong-source", "published-preprint", "title-mismatch"
_PUBLISHED_KINDS = ("conference", "journal")


class Finding(Record):
    """One thing a row gets wrong: which rule, which cell, what the record
    says, and what a fix writes (None when there is no certain text)."""

    __slots__ = ("kind", "cell", "message", "replacement", "record")

    def __init__(self, kind: str, cell: str, message: str, replacement: str | None, record: PaperRecord) -> None:
        self.kind = kind
        self.cell = cell  # "title", "source" or "year"
        self.message = message
        self.replacement = replacement
        self.record = record


class Version(Record):
    """A record with its venue in the vocabulary (None when unknown) and how it is written."""

    __slots__ = ("record", "venue", "written")

    def __init__(self, record: PaperRecord, venue: Any, written: str | None) -> None:
        self.record = record
        self.venue = venue
        self.written = written


def version_of(record: PaperRecord, vocabulary: VenueVocabulary, current_year: int) -> Version:
    venue = None
    if record.venue and record.year:
        venue = vocabulary.parse(f"{_dblp_venue(record.venue)} {record.year}", max(current_year, record.year)).venue
    written = f"{venue.name} {record.year}" if venue is not None else None
    return Version(record, venue, written)


def _dblp_venue(name: str) -> str:
    """``ACL (1)`` → ``ACL``: dblp numbers the volumes of a proceedings."""
    if name.endswith(")") and " (" in name and name[name.rindex(" (") + 2:-1].isdigit():
        return name[: name.rindex(" (")]
    return name


def choose(records: tuple[PaperRecord, ...], title: str, year: int | None, vocabulary: VenueVocabulary,
           current_year: int) -> tuple[Version | None, Version | None]:
    """The preprint and the published version the row most likely cites."""
    wanted = normalise_title(title)

    def nearness(record: PaperRecord) -> tuple[float, int, int]:
        distance = title_distance(wanted, normalise_title(record.title)) if wanted else 0.0
        years_apart = abs(record.year - year) if year and record.year else 0
        return (round(distance, 3), years_apart, 0 if record.service == "dblp" else 1)

    preprints = [version_of(r, vocabulary, current_year) for r in records if r.kind == PREPRINT and r.year]
    preprints = [v for v in preprints if v.venue is not None and v.venue.kind == "preprint"]
    preprint = min(preprints, key=lambda v: nearness(v.record)) if preprints else None
    oldest = preprint.record.year - 1 if preprint is not None else 0
    published = [version_of(r, vocabulary, current_year) for r in records
                 if r.kind == PUBLISHED and r.year and r.year >= oldest]
    # A workshop paper is often not archival, and a "journal" that is a
    # preprint server is not peer review: neither replaces the preprint.
    published = [v for v in published if v.venue is None or v.venue.kind in _PUBLISHED_KINDS]
    chosen = min(published, key=lambda v: (v.venue is None, *nearness(v.record))) if published else None
    return preprint, chosen


def judge(row: PaperRow, resolution: Resolution, vocabulary: VenueVocabulary, current_year: int) -> list[Finding]:
    from ..schema.venues import parse_venue_year

    findings: list[Finding] = []
    source = parse_venue_year(row.source, current_year=current_year, venues=vocabulary,
                              year_elsewhere=row.year is not None) if row.source else None
    year = source.year if source is not None and source.year else as_year((row.year or "").strip())
    preprint, published = choose(resolution.records, row.title, year, vocabulary, current_year)
    if source is not None and (source.venue is not None or source.year is not None):
        findings += _source_findings(row, source, year, preprint, published, resolution)
    findings += _title_findings(row, preprint, published, resolution)
    return findings


def _source_findings(row: PaperRow, source: Any, year: int | None, preprint: Version | None,
                     published: Version | None, resolution: Resolution) -> list[Finding]:
    venue = source.venue
    shown = row.source.strip()
    parts = [(venue, source.year), *((part["venue"], part["year"]) for part in source.also)]
    cited_kind = venue.kind if venue is not None else None
    published_name = getattr(published.venue, "name", None) if published is not None else None
    if published is not None and any(
        getattr(part_venue, "name", part_venue) in (published_name, published.record.venue)
        and part_year == published.record.year
        for part_venue, part_year in parts
    ):
        return []  # the source names the published version (perhaps beside the preprint)
    if cited_kind in (None, "preprint", "organization", "other") and published is not None:
        record = published.record
        where = published.written or f"{record.venue} {record.year}"
        also = f" (the preprint is {preprint.written}, {preprint.record.label()})" if preprint is not None else ""
        kind = WRONG_SOURCE if venue is None else PUBLISHED_PREPRINT
        if kind == PUBLISHED_PREPRINT:
            message = (f"source '{shown}' cites the preprint, but the paper was published: {where} "
                       f"({record.label()}){also}")
        else:
            message = f"source '{shown}' is not where the paper appeared: {where} ({record.label()}){also}"
        if published.written is None:
            message += f"; '{record.venue}' is not in the venue vocabulary, so there is no fix"
        return [_at_source(kind, row, source, message, published.written, record)]
    if cited_kind in (None, "preprint") and preprint is not None and year is not None:
        record = preprint.record
        if venue is not None and record.year == year:
            return []
        if venue is None:
            message = (f"source '{shown}' is not where the paper appeared: it is the preprint {preprint.written} "
                       f"({_identity(record)})")
        else:
            message = f"source '{shown}' has the wrong year: the preprint is {preprint.written} ({_identity(record)})"
        return [_at_source(WRONG_SOURCE, row, source, message, preprint.written, record)]
    if cited_kind in _PUBLISHED_KINDS and year is not None:
        same_venue = [r for r in resolution.records if r.kind == PUBLISHED and r.venue and r.year
                      and _same_venue(r, venue)]
        if same_venue:
            record = min(same_venue, key=lambda r: abs((r.year or 0) - year))
            if record.year != year:
                written = f"{venue.name} {record.year}"
                message = f"source '{shown}' has the wrong year: the record is {written} ({record.label()})"
                return [_at_source(WRONG_SOURCE, row, source, message, written, record)]
        elif published is not None and published.venue is not None and published.venue is not venue:
            record = published.record
            message = (f"source '{shown}' is not where the paper appeared: {published.written} "
                       f"({record.label()})")
            return [_at_source(WRONG_SOURCE, row, source, message, published.written, record)]
    return []


def _same_venue(record: PaperRecord, venue: Any) -> bool:
    from ..schema.venues import parse_venue_year

    found = parse_venue_year(f"{_dblp_venue(record.venue or '')} {record.year}", current_year=record.year or 2000)
    return found.venue is not None and found.venue.name == venue.name


def _identity(record: PaperRecord) -> str:
    return f"arXiv {record.arxiv_id}, {record.label()}" if record.arxiv_id and record.service != "arxiv" else (
        record.label())


def _at_source(kind: str, row: PaperRow, source: Any, message: str, written: str | None,
               record: PaperRecord) -> Finding:
    """A finding on the source cell, fixed to the record's venue-year. No
    fix when the year is in a column of its own (the fix would span two
    cells) or when the cell carries an annotation (Oral) that the record
    cannot confirm."""
    replacement = written
    if (row.year is not None and source.year is None) or source.notes:
        replacement = None
    return Finding(kind, "source", message, replacement, record)


def _title_findings(row: PaperRow, preprint: Version | None, published: Version | None,
                    resolution: Resolution) -> list[Finding]:
    title = plain_title(row.title)
    wanted = normalise_title(title)
    if not wanted:
        return []
    candidates = [v.record for v in (published, preprint) if v is not None] or list(resolution.records)
    nearest = min(candidates, key=lambda r: title_distance(wanted, normalise_title(r.title)), default=None)
    if nearest is None:
        return []
    theirs = normalise_title(nearest.title)
    if theirs == wanted or title_distance(wanted, theirs) > 0.34:
        return []  # the same words, or not a typo (a short name where the record has the full title)
    message = f"title '{title}' differs from the record's '{nearest.title}' ({nearest.label()})"
    return [Finding(TITLE_MISMATCH, "title", message, nearest.title, nearest)]

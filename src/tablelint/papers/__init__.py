"""Paper lists checked against the literature (opt-in: ``--verify-papers``
or ``[tool.tablelint.papers] verify = true``).

The rows of a table bound to a schema whose fields name a title (the
schema's ``name-field``) and a source (a ``venue-year`` field), such as the
built-in ``paper-list``, are resolved against bibliographic services: dblp's
publication search, the arXiv API and OpenAlex, behind one small provider
interface (``provider.py``). Per file, ``PaperRow`` records what a row says
(its title, source, year and identifiers, and where each cell is); once per
run, every distinct row is resolved once (``resolve.py``) with one HTTP
session (``http.py``), per-service rate limits and concurrency
(``client.py``) and a shared cache (``cache.py``); ``match.py`` then
compares each row with its records, and the paper rules (TL601–TL605)
report what differs.

This package takes rows and settings and gives resolutions and judgements:
it imports no rule, and nothing here runs unless verification is asked for.
"""

from __future__ import annotations

from typing import NamedTuple

Span = tuple[int, int, int]  # line, first column, end column; 1-based, end exclusive


class PaperRow(NamedTuple):
    """One row of a paper list, as the run-wide step needs it. A cell's
    place is its value's span, or None when the table has no such column or
    the cell is missing."""

    table: int
    row: int  # the 1-based body row
    title: str  # the title cell's value
    title_span: Span | None
    title_field: str | None
    source: str | None  # the venue-year cell's value
    source_span: Span | None
    source_field: str | None
    year: str | None  # a Year column's value, when the table has one
    year_span: Span | None
    year_field: str | None
    arxiv_id: str | None  # an arXiv ID the row holds (one, or None if it holds several)
    doi: str | None
    venues: str  # the schema's extra venues as JSON ("[]" for none)
    venues_origin: str  # the schema, for error messages
    preprint_severity: str  # "info" | "warning": the schema's papers.published-preprint

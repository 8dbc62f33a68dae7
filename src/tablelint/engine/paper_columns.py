"""``tablelint extract --papers``: the identifiers paper verification
resolves, as columns, so that a list can be exported as a bibliography.

Each row of a paper list gets ``arxiv_id``, ``doi``, ``dblp_key``,
``canonical_title`` (the record's title) and ``venue`` (the version the row
most likely cites, published before preprint, written as the venue
vocabulary writes it: ``ICLR 2023``). A row without a record gets nulls
(empty in CSV); a key a header already uses gets ``_2``. Like
``--verify-papers``, it sends the titles to the services, and with
``--offline`` uses cached answers only.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..config import Settings
    from ..parse.document import Document

PAPER_COLUMNS = ("arxiv_id", "doi", "dblp_key", "canonical_title", "venue")


def paper_columns(document: Document, settings: Settings, schema: str | None, *, offline: bool,
                  allow_private: bool, **injected: Any) -> dict[int, dict[int, dict[str, Any]]]:
    """For each table index, for each 1-based row, the resolved columns."""
    from ..facts.context import LintContext
    from ..papers.match import choose
    from ..papers.resolve import FOUND, PaperQuery, resolve_queries
    from ..papers.titles import plain_title
    from ..rules.paper_rows import collect_rows, row_vocabulary

    context = LintContext(document, settings, schema)
    rows = collect_rows(context)
    if not rows:
        return {}
    queries = [PaperQuery(plain_title(row.title), row.arxiv_id, row.doi) for row in rows]
    resolutions, _ = resolve_queries(queries, injected.pop("paper_settings", settings.papers), offline=offline,
                                     allow_private=allow_private, **injected)
    current_year = date.today().year
    found: dict[int, dict[int, dict[str, Any]]] = {}
    for row, query in zip(rows, queries, strict=True):
        columns = dict.fromkeys(PAPER_COLUMNS)
        resolution = resolutions[query]
        if resolution.status == FOUND:
            from ..schema.venues import parse_venue_year

            vocabulary = row_vocabulary(row)
            source = parse_venue_year(row.source, current_year=current_year, venues=vocabulary) if row.source else None
            preprint, published = choose(resolution.records, row.title, source.year if source else None,
                                         vocabulary, current_year)
            cited = published or preprint
            records = resolution.records
            columns["arxiv_id"] = next((r.arxiv_id for r in records if r.arxiv_id), None)
            columns["doi"] = next((r.doi for r in records if r.doi), None)
            chosen = [version.record for version in (published, preprint) if version is not None]
            columns["dblp_key"] = next((r.key for r in (*chosen, *records) if r.service == "dblp"), None)
            columns["canonical_title"] = (cited.record if cited is not None else records[0]).title
            columns["venue"] = cited.written if cited is not None else None
        found.setdefault(row.table, {})[row.row] = columns
    return found

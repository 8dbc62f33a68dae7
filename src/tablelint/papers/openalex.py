"""OpenAlex, the broad fallback (https://docs.openalex.org): works of every
field, with DOIs.

Requests: ``/works?search=<title>&per-page=<n>`` (answer: ``{"meta": {"count":
…}, "results": [<work>…]}``) and ``/works/doi:<DOI>`` (answer: one work; 404
when OpenAlex has none). A work has ``id`` (``https://openalex.org/W…``),
``doi`` (as a ``https://doi.org/`` URL), ``title`` (also ``display_name``),
``publication_year``, ``type`` (``article``, ``preprint``…), and
``primary_location.source`` with ``display_name`` and ``type`` (``journal``,
``conference``, ``repository``). A ``mailto`` parameter puts the requests in
OpenAlex's "polite pool".
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

from .records import OTHER, PREPRINT, PUBLISHED, MalformedAnswer, PaperRecord, as_year
from .titles import arxiv_ids, plain_title

RESULTS = 10


class OpenAlexProvider:
    name = "openalex"

    def __init__(self, contact: str = "") -> None:
        self.contact = contact if "@" in contact else ""

    def _polite(self, query: dict[str, Any]) -> dict[str, Any]:
        return {**query, "mailto": self.contact} if self.contact else query

    def title_request(self, title: str) -> str | None:
        # Commas and colons are OpenAlex's filter syntax: the search gets words.
        words = plain_title(title).replace(",", " ").replace(":", " ")
        return "/works?" + urlencode(self._polite({"search": " ".join(words.split()), "per-page": RESULTS}))

    def arxiv_request(self, arxiv_id: str) -> str | None:
        return None

    def doi_request(self, doi: str) -> str | None:
        query = urlencode(self._polite({}))
        return f"/works/doi:{quote(doi, safe='/.-_()')}" + (f"?{query}" if query else "")

    def parse(self, body: bytes) -> list[PaperRecord]:
        try:
            data = json.loads(body)
        except ValueError as error:
            raise MalformedAnswer(f"not JSON ({error})") from None
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            works = data["results"]
        elif isinstance(data, dict) and isinstance(data.get("id"), str):
            works = [data]
        else:
            raise MalformedAnswer("not an OpenAlex answer (neither 'results' nor a work)")
        return [record for work in works if (record := _record(work)) is not None]


def _record(work: Any) -> PaperRecord | None:
    if not isinstance(work, dict):
        return None
    title = work.get("title") or work.get("display_name")
    if not isinstance(title, str) or not isinstance(work.get("id"), str):
        return None
    location = work.get("primary_location") or {}
    source = location.get("source") if isinstance(location, dict) else None
    source = source if isinstance(source, dict) else {}
    venue = source.get("display_name") if isinstance(source.get("display_name"), str) else None
    doi = work.get("doi") if isinstance(work.get("doi"), str) else None
    if doi:
        doi = doi.lower().removeprefix("https://doi.org/")
    arxiv = arxiv_ids(" ".join(str(value) for value in (doi or "", location.get("landing_page_url") or "")))
    if work.get("type") == "preprint" or source.get("type") == "repository":
        kind = PREPRINT
        venue = _repository(venue)
    elif source.get("type") in ("journal", "conference"):
        kind = PUBLISHED
    else:
        kind = OTHER
    return PaperRecord(
        "openalex", work["id"].rsplit("/", 1)[-1], " ".join(title.split()), as_year(work.get("publication_year")),
        venue, kind, arxiv[0] if arxiv else None, None if doi and doi.startswith("10.48550/") else doi, work["id"],
    )


def _repository(name: str | None) -> str | None:
    """``arXiv (Cornell University)`` → ``arXiv``: the repository's name without its host."""
    if name and name.endswith(")") and " (" in name:
        return name[: name.rindex(" (")]
    return name

"""dblp's publication search API (https://dblp.org/faq/13501473).

Request: ``/search/publ/api?q=<words>&format=json&h=<hits>``. Answer::

    {"result": {"query": ..., "status": {"@code": "200", "text": "OK"},
      "hits": {"@total": "2", "@computed": "2", "@sent": "2", "@first": "0",
               "hit": [{"@score": ..., "@id": ..., "info": {
                   "authors": {"author": [...]}, "title": "Title.", "venue": "NeurIPS",
                   "year": "2022", "type": "Conference and Workshop Papers",
                   "key": "conf/nips/...", "doi": "10.…", "ee": "https://…",
                   "volume": "abs/2203.02155", "url": "https://dblp.org/rec/…"}}]}}}

``hit`` is absent when nothing matched. A preprint is dblp's CoRR (venue
``CoRR``, type "Informal Publications" or "Informal and Other
Publications", volume ``abs/<arXiv ID>``); a published version is of type
"Conference and Workshop Papers" or "Journal Articles". Titles end with a
period, which is dblp's, not the paper's.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from .records import OTHER, PREPRINT, PUBLISHED, MalformedAnswer, PaperRecord, as_year
from .titles import arxiv_ids, plain_title

_PUBLISHED_TYPES = ("Conference and Workshop Papers", "Journal Articles")
HITS = 10


class DblpProvider:
    name = "dblp"

    def title_request(self, title: str) -> str | None:
        return "/search/publ/api?" + urlencode({"q": plain_title(title), "format": "json", "h": HITS})

    def arxiv_request(self, arxiv_id: str) -> str | None:
        return None  # found through the title the arXiv record gives

    def doi_request(self, doi: str) -> str | None:
        return None

    def parse(self, body: bytes) -> list[PaperRecord]:
        try:
            data = json.loads(body)
            hits = data["result"]["hits"]
        except (ValueError, KeyError, TypeError) as error:
            raise MalformedAnswer(f"not a dblp search answer ({type(error).__name__}: {error})") from None
        found = hits.get("hit", []) if isinstance(hits, dict) else None
        if isinstance(found, dict):  # one hit may come as an object
            found = [found]
        if not isinstance(found, list):
            raise MalformedAnswer("not a dblp search answer ('hits' holds no list)")
        return [record for hit in found if (record := _record(hit)) is not None]


def _record(hit: Any) -> PaperRecord | None:
    info = hit.get("info") if isinstance(hit, dict) else None
    if not isinstance(info, dict) or not isinstance(info.get("title"), str) or not isinstance(info.get("key"), str):
        return None
    venue = info.get("venue")
    if isinstance(venue, list):  # a paper in two venues: the first names it
        venue = venue[0] if venue else None
    kind = OTHER
    kind_text = str(info.get("type", ""))
    if kind_text in _PUBLISHED_TYPES:
        kind = PUBLISHED
    elif kind_text.startswith("Informal") and venue == "CoRR":
        kind = PREPRINT
    links = " ".join(str(info.get(name, "")) for name in ("volume", "ee", "doi"))
    arxiv = arxiv_ids(links) or ([str(info["volume"])[4:]] if venue == "CoRR" and
                                 str(info.get("volume", "")).startswith("abs/") else [])
    doi = info.get("doi")
    return PaperRecord(
        "dblp", info["key"], _title(info["title"]), as_year(info.get("year")),
        venue if isinstance(venue, str) else None, kind, arxiv[0] if arxiv else None,
        doi.lower() if isinstance(doi, str) and not doi.lower().startswith("10.48550/") else None,
        info.get("url") if isinstance(info.get("url"), str) else None,
    )


def _title(text: str) -> str:
    """dblp's title without the period it ends every title with (not a "?" or "!")."""
    text = " ".join(text.split())
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text

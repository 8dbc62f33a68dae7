"""The arXiv API (https://info.arxiv.org/help/api/user-manual.html).

Requests: ``/api/query?id_list=<ID>`` for one paper, ``/api/query?search_query=
ti:"<words>"&max_results=<n>`` for a title. The answer is an Atom feed: one
``<entry>`` per paper, with ``<id>http://arxiv.org/abs/<ID>v<N></id>``,
``<published>`` (the first version's date: the preprint's year),
``<title>`` (hard-wrapped), and in the ``arxiv`` namespace ``<arxiv:doi>`` and
``<arxiv:journal_ref>``. An empty result is a feed without entries
(``opensearch:totalResults`` 0). A bad request is still HTTP 200 with one
entry whose id is ``http://arxiv.org/api/errors#…`` and whose title is
``Error``: that is malformed, not a paper. Throttling answers a plain-text
``Rate exceeded.``, which is not a feed either.
"""

from __future__ import annotations

from urllib.parse import urlencode

from .records import PREPRINT, MalformedAnswer, PaperRecord, as_year
from .titles import arxiv_ids, normalise_title

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
RESULTS = 10


class ArxivProvider:
    name = "arxiv"

    def title_request(self, title: str) -> str | None:
        words = normalise_title(title)
        if not words:
            return None
        return "/api/query?" + urlencode({"search_query": f'ti:"{words}"', "start": 0, "max_results": RESULTS})

    def arxiv_request(self, arxiv_id: str) -> str | None:
        return "/api/query?" + urlencode({"id_list": arxiv_id, "max_results": 1})

    def doi_request(self, doi: str) -> str | None:
        return None

    def parse(self, body: bytes) -> list[PaperRecord]:
        from xml.etree import ElementTree

        try:
            feed = ElementTree.fromstring(body)
        except ElementTree.ParseError as error:
            raise MalformedAnswer(f"not an Atom feed ({error})") from None
        if feed.tag != f"{_ATOM}feed":
            raise MalformedAnswer(f"not an Atom feed (root element {feed.tag})")
        records = []
        for entry in feed.iter(f"{_ATOM}entry"):
            identifier = (entry.findtext(f"{_ATOM}id") or "").strip()
            if "/api/errors" in identifier:
                summary = " ".join((entry.findtext(f"{_ATOM}summary") or "").split())
                raise MalformedAnswer(f"arXiv answered an error: {summary or identifier}")
            found = arxiv_ids(identifier)
            title = " ".join((entry.findtext(f"{_ATOM}title") or "").split())
            if not found or not title:
                continue
            doi = (entry.findtext(f"{_ARXIV}doi") or "").strip().lower() or None
            records.append(PaperRecord(
                "arxiv", found[0], title, as_year(entry.findtext(f"{_ATOM}published")), "arXiv", PREPRINT,
                found[0], doi, f"https://arxiv.org/abs/{found[0]}",
            ))
        return records

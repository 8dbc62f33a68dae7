"""The provider interface: what each bibliographic service must say.

A provider builds requests (a path and query relative to its base URL) and
parses the bodies the service answers into PaperRecords; the HTTP client,
the rate limits, the retries and the cache are shared (``client.py``). So a
provider holds no state and does no I/O, and its parser is tested on the
service's documented answers alone.

``None`` for a request means "this service cannot answer that" (arXiv knows
no DOI); ``parse`` raises MalformedAnswer for a body that is not what the
service documents.
"""

from __future__ import annotations

from typing import Protocol

from .records import PaperRecord


class Provider(Protocol):
    name: str

    def title_request(self, title: str) -> str | None: ...

    def arxiv_request(self, arxiv_id: str) -> str | None: ...

    def doi_request(self, doi: str) -> str | None: ...

    def parse(self, body: bytes) -> list[PaperRecord]: ...


def providers_by_name(contact: str = "") -> dict[str, Provider]:
    from .arxiv import ArxivProvider
    from .dblp import DblpProvider
    from .openalex import OpenAlexProvider

    return {"dblp": DblpProvider(), "arxiv": ArxivProvider(), "openalex": OpenAlexProvider(contact)}

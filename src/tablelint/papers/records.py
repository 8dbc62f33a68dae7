"""What the services answer, reduced to what a paper list needs."""

from __future__ import annotations

from typing import Any

from ..record import Record

PREPRINT, PUBLISHED, OTHER = "preprint", "published", "other"


class PaperRecord(Record):
    """One version of a paper as one service records it: the preprint
    (arXiv, dblp's CoRR) or a published version (a conference or journal).
    ``venue`` is written as the service writes it (``NeurIPS``, ``CoRR``,
    ``arXiv (Cornell University)``); ``papers.venues`` maps it to the venue
    vocabulary."""

    __slots__ = ("service", "key", "title", "year", "venue", "kind", "arxiv_id", "doi", "url")

    def __init__(
        self, service: str, key: str, title: str, year: int | None, venue: str | None, kind: str,
        arxiv_id: str | None = None, doi: str | None = None, url: str | None = None,
    ) -> None:
        self.service = service
        self.key = key  # the service's own identifier (a dblp key, an arXiv ID, an OpenAlex ID)
        self.title = title
        self.year = year
        self.venue = venue
        self.kind = kind  # PREPRINT, PUBLISHED or OTHER
        self.arxiv_id = arxiv_id
        self.doi = doi
        self.url = url

    def __hash__(self) -> int:
        return hash((self.service, self.key))

    @property
    def dblp_key(self) -> str | None:
        return self.key if self.service == "dblp" else None

    def label(self) -> str:
        """``dblp conf/iclr/SchickDJPMIPG23``: where the record is, for a message."""
        return f"{self.service} {self.key}"

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PaperRecord:
        return cls(**{name: data.get(name) for name in cls.__slots__})  # type: ignore[arg-type]


class MalformedAnswer(Exception):
    """A body that is not what the service documents (not JSON, not Atom, the wrong shape)."""


def as_year(value: Any) -> int | None:
    """A year from ``2022``, ``"2022"`` or ``"2022-03-04T17:59:45Z"``."""
    text = str(value or "")[:4]
    return int(text) if text.isdigit() and len(text) == 4 else None

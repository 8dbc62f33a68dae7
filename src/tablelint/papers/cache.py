"""A persistent cache of the services' answers (sqlite), with its own TTL.

Keys are a service and a request (``dblp``, ``/search/publ/api?q=…``); values
are the records parsed from the answer, an empty list for "no match". Only
definitive answers are kept: a 5xx, a rate limit that outlasted the
retries or a malformed body is asked again on the next run. Answers live
for ``papers.cache-ttl`` seconds (four weeks by default): bibliographic
records change far more slowly than links.

Like the link cache, it is one file in tablelint's cache directory (or at
``papers.cache-path``) shared by every repository and concurrent hook run,
this user's alone (0600); a cache that cannot be used is not an error: the
run goes on without it and says so.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from ..datafiles import CacheDatabase
from .records import PaperRecord

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    service TEXT NOT NULL,
    request TEXT NOT NULL,
    fetched_at REAL NOT NULL,
    records TEXT NOT NULL,
    PRIMARY KEY (service, request)
)
"""


def default_cache_path() -> Path:
    from ..datafiles import cache_dir

    return cache_dir() / "papers.sqlite3"


class PaperCache(CacheDatabase):
    schema = _SCHEMA
    label = "paper cache"

    def __init__(self, path: Path, ttl: float, now: float | None = None) -> None:
        super().__init__(path, ttl, now)
        self._pending: list[tuple[str, str, float, str]] = []

    def _connect_unless_absent(self, create: bool) -> sqlite3.Connection | None:
        if not create and self._connection is None and not self.path.exists():
            return None  # an offline run makes no empty cache
        return self._connect()  # type: ignore[no-any-return]

    def get(self, service: str, request: str) -> list[PaperRecord] | None:
        """The fresh records stored for a request, or None."""
        connection = self._connect_unless_absent(create=False)
        if connection is None:
            return None
        try:
            row = connection.execute(
                "SELECT fetched_at, records FROM answers WHERE service = ? AND request = ?", (service, request),
            ).fetchone()
        except sqlite3.Error as error:
            self.problem = f"paper cache {self.path} not readable ({error}); running without it"
            return None
        if row is None or not (self.now - self.ttl <= row[0] <= self.now + 60):
            return None
        try:
            return [PaperRecord.from_json(item) for item in json.loads(row[1])]
        except (ValueError, TypeError, AttributeError):
            return None  # written by another version: as if absent

    def put(self, service: str, request: str, records: list[PaperRecord]) -> None:
        """Kept in memory until ``flush``: one short transaction per run."""
        self._pending.append((service, request, self.now, json.dumps([r.to_json() for r in records])))

    def flush(self) -> None:
        if not self._pending:
            return
        connection = self._connect_unless_absent(create=True)
        if connection is None:
            return
        try:
            with connection:
                connection.executemany("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)", self._pending)
                connection.execute("DELETE FROM answers WHERE fetched_at < ?", (self.now - self.ttl,))
            self._pending.clear()
        except sqlite3.Error as error:
            self.problem = f"paper cache {self.path} not writable ({error}); answers not saved"

    def close(self) -> None:
        self.flush()
        super().close()

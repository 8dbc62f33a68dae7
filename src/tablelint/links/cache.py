"""A persistent cache of definitive link outcomes (sqlite).

A server error (5xx) is never kept, not even one that lasted the retry
window: servers recover, and a cached "dead" would fail CI for a day after.
URLs are keys without their credentials (urls.check_key drops them).

It lives in tablelint's cache directory (or at ``links.cache-path``) and is
shared by every repository and by concurrent hook processes: writes happen
in one short transaction at the end of a run, and sqlite's lock with a
timeout serializes them. A cache that cannot be opened or written is not an
error: the run goes on without it, and the summary says so.

sqlite3 is imported when the cache is opened, and json when an
outcome is read or written, not with this module: an offline run opens no
cache that does not exist (runner._open_cache).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..datafiles import CacheDatabase
from .verdict import Outcome, is_server_error

if TYPE_CHECKING:
    pass

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outcomes (
    url TEXT PRIMARY KEY,
    checked_at REAL NOT NULL,
    outcome TEXT NOT NULL
)
"""


def default_cache_path() -> Path:
    """In tablelint's cache directory (TABLELINT_CACHE_DIR moves it)."""
    from ..datafiles import cache_dir

    return cache_dir() / "links.sqlite3"


class LinkCache(CacheDatabase):
    schema = _SCHEMA
    label = "link cache"

    def get_many(self, urls: list[str]) -> dict[str, Outcome]:
        """Fresh outcomes for those of ``urls`` that have one."""
        connection = self._connect()
        if connection is None or not urls:
            return {}
        import sqlite3  # loaded by _connect: this binds the name for the except clause

        found: dict[str, Outcome] = {}
        oldest, newest = self.now - self.ttl, self.now + 60
        try:
            (stored_count,) = connection.execute("SELECT COUNT(*) FROM outcomes").fetchone()
            if stored_count <= len(urls):
                # A cache no bigger than the question (a first run, or one
                # repository's links): reading it whole beats hundreds of
                # IN (...) queries over a large run's keys.
                wanted = set(urls)
                rows = [row for row in connection.execute("SELECT url, checked_at, outcome FROM outcomes")
                        if row[0] in wanted]
            else:
                rows = []
                for start in range(0, len(urls), 500):
                    chunk = urls[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    rows += connection.execute(
                        f"SELECT url, checked_at, outcome FROM outcomes WHERE url IN ({marks})", chunk
                    ).fetchall()
            for url, checked_at, stored in rows:
                if oldest <= checked_at <= newest:
                    outcome = _decode(stored)
                    # A server error stored by an older version is asked again.
                    if outcome is not None and not is_server_error(outcome.status):
                        found[url] = outcome
        except sqlite3.Error as error:
            self.problem = f"link cache {self.path} not readable ({error}); running without it"
            return {}
        return found

    def put_many(self, outcomes: dict[str, Outcome]) -> None:
        connection = self._connect()
        if connection is None or not outcomes:
            return
        import json
        import sqlite3  # loaded by _connect: this binds the name for the except clause

        rows = [(url, self.now, json.dumps(_encode(outcome))) for url, outcome in outcomes.items()
                if not is_server_error(outcome.status)]
        try:
            with connection:
                connection.executemany("INSERT OR REPLACE INTO outcomes VALUES (?, ?, ?)", rows)
                connection.execute("DELETE FROM outcomes WHERE checked_at < ?", (self.now - self.ttl,))
        except sqlite3.Error as error:
            self.problem = f"link cache {self.path} not writable ({error}); verdicts not saved"


def _encode(outcome: Outcome) -> dict[str, object]:
    data = {name: getattr(outcome, name) for name in outcome.__slots__}
    data["failure"] = outcome.failure.value if outcome.failure else None
    return data


def _decode(stored: str) -> Outcome | None:
    import json

    try:
        data = json.loads(stored)
        failure = data.pop("failure", None)
        outcome = Outcome(**data)
        if failure:
            from .failure import Failure  # here: see failure.py

            outcome.failure = Failure(failure)
        else:
            outcome.failure = None
        return outcome
    except (ValueError, TypeError):
        return None  # written by another version: as if absent

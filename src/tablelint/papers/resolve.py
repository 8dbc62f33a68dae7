"""Resolving rows to records: which services are asked, in which order, and
what counts as a match.

A row is a ``PaperQuery``: its title, and the arXiv ID or DOI it holds, if
any. An identifier pins the paper: arXiv (for an arXiv ID) or OpenAlex
(for a DOI) gives its record, and the title search that follows (for the
published versions) starts from the record's title. Without one, the
title is searched in ``papers.services`` order (dblp, arXiv, OpenAlex by
default) and the search stops at the first service that has a record whose
title is the row's (``titles.same_title``). The resolution lists every
matching record; which of them the row cites is the rules' business
(``match.py``), since it depends on the row's year.

A service that fails (offline without a cached answer, a 5xx that lasts,
a rate limit that lasts, a malformed body) makes the row ``unchecked``
unless another service found it: an unanswered question is never "not
found".
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..links.event_loop import run_to_end
from ..record import Record
from .records import PaperRecord
from .settings import PaperSettings
from .titles import same_title

if TYPE_CHECKING:
    from ..links.dns import Lookup
    from ..links.safety import AddressPolicy
    from .client import ServiceClient

FOUND, NOT_FOUND, UNCHECKED = "found", "not-found", "unchecked"

class PaperQuery(NamedTuple):
    """What is asked about one row. Rows with the same query share one resolution."""

    title: str
    arxiv_id: str | None
    doi: str | None


class Resolution(Record):
    """What the services said about one query: the matching records (every
    version found), what was searched, and for an unchecked row why."""

    __slots__ = ("status", "records", "searched", "detail")

    def __init__(self, status: str, records: tuple[PaperRecord, ...] = (), searched: tuple[str, ...] = (),
                 detail: str = "") -> None:
        self.status = status
        self.records = records
        self.searched = searched
        self.detail = detail


class PaperStats(Record):
    """What one run's verification did."""

    __slots__ = ("rows", "found", "not_found", "unchecked", "offline", "requests", "cached", "cache_problem",
                 "services")

    def __init__(self) -> None:
        self.rows = 0  # distinct queries
        self.found = 0
        self.not_found = 0
        self.unchecked = 0
        self.offline = False
        self.requests = 0
        self.cached = 0
        self.cache_problem: str | None = None
        self.services: dict[str, Any] = {}  # name -> client.ServiceStats

    def summary(self) -> str:
        parts = [f"{self.rows:,} checked", f"{self.found:,} found", f"{self.not_found:,} not found",
                 f"{self.unchecked:,} unchecked", f"{self.requests:,} requests", f"{self.cached:,} cached answers"]
        line = "papers: " + ", ".join(parts)
        if self.unchecked and self.offline:
            line += " (--offline: only cached answers are used)"
        return line


async def _resolve(query: PaperQuery, clients: dict[str, ServiceClient], settings: PaperSettings) -> Resolution:
    searched: list[str] = []
    failures: list[str] = []
    records: list[PaperRecord] = []
    title = query.title

    async def ask(service: str, request: str | None, what: str) -> list[PaperRecord] | None:
        from .client import Unanswered

        client = clients.get(service)
        if client is None or request is None:
            return None
        searched.append(what)
        try:
            return await client.ask(request)
        except Unanswered as error:
            failures.append(f"{service}: {error.detail}")
            return None

    # An identifier pins the paper: its service's record, if any, gives
    # the title the other services are searched by.
    pinned: tuple[str, str | None, str, Callable[[PaperRecord], bool]] | None = None
    if query.arxiv_id and "arxiv" in clients:
        pinned = ("arxiv", clients["arxiv"].provider.arxiv_request(query.arxiv_id),
                  f"arXiv ID {query.arxiv_id}", lambda record: record.arxiv_id == query.arxiv_id)
    elif query.doi and "openalex" in clients:
        pinned = ("openalex", clients["openalex"].provider.doi_request(query.doi),
                  f"OpenAlex DOI {query.doi}", lambda record: record.doi == query.doi)
    pinned_service = None
    if pinned is not None:
        pinned_service, request, what, is_the_paper = pinned
        found = await ask(pinned_service, request, what)
        if found is None:
            return Resolution(UNCHECKED, (), tuple(searched), "; ".join(failures))
        records = [record for record in found if is_the_paper(record)]
        if not records:
            return Resolution(NOT_FOUND, (), tuple(searched))
        title = records[0].title
    if title:
        for service in settings.services:
            if service == pinned_service or service not in clients:
                continue
            client = clients[service]
            found = await ask(service, client.provider.title_request(title), f"{_SHOWN[service]} title search")
            if found is None:
                continue
            matches = [
                record for record in found
                if same_title(record.title, title, settings.title_threshold)
                or (query.arxiv_id and record.arxiv_id == query.arxiv_id)
            ]
            known = {(record.service, record.key) for record in records}
            records += [record for record in matches if (record.service, record.key) not in known]
            if matches:
                break
    if records:
        return Resolution(FOUND, tuple(records), tuple(searched))
    if failures:
        return Resolution(UNCHECKED, (), tuple(searched), "; ".join(failures))
    return Resolution(NOT_FOUND, (), tuple(searched))


_SHOWN = {"dblp": "dblp", "arxiv": "arXiv", "openalex": "OpenAlex"}


def user_agent(settings: PaperSettings) -> str:
    from .. import __version__

    if settings.user_agent:
        return settings.user_agent
    contact = f"; mailto:{settings.contact}" if "@" in settings.contact else (
        f"; +{settings.contact}" if settings.contact else "")
    return f"tablelint/{__version__} (paper list verification{contact})"


def resolve_queries(
    queries: list[PaperQuery], settings: PaperSettings, *, offline: bool, policy: AddressPolicy | None = None,
    allow_private: bool = False, lookup: Lookup | None = None, progress: Callable[[int, int], None] | None = None,
    now: float | None = None, use_cache: bool = True,
) -> tuple[dict[PaperQuery, Resolution], PaperStats]:
    """Resolve each distinct query once (see the module docs). ``policy``
    defaults to the link checker's, with private addresses allowed by
    ``allow_private`` or ``papers.allow-private``."""
    stats = PaperStats()
    stats.offline = offline
    distinct = list(dict.fromkeys(queries))
    stats.rows = len(distinct)
    cache = None
    if use_cache and settings.cache:
        from .cache import PaperCache, default_cache_path

        path = Path(settings.cache_path).expanduser() if settings.cache_path else default_cache_path()
        cache = PaperCache(path, settings.cache_ttl, now)
    try:
        results = run_to_end(_resolve_all(distinct, settings, offline, policy, lookup, cache, progress, stats,
                                          allow_private or settings.allow_private), "tablelint-papers")
    finally:
        if cache is not None:
            cache.close()
            stats.cache_problem = cache.problem
    statuses = Counter(resolution.status for resolution in results.values())
    stats.found, stats.not_found, stats.unchecked = statuses[FOUND], statuses[NOT_FOUND], statuses[UNCHECKED]
    return results, stats


async def _resolve_all(queries: list[PaperQuery], settings: PaperSettings, offline: bool, policy: AddressPolicy | None,
                       lookup: Lookup | None, cache: Any, progress: Callable[[int, int], None] | None,
                       stats: PaperStats, allow_private: bool) -> dict[PaperQuery, Resolution]:
    from .client import ServiceClient
    from .provider import providers_by_name

    opened: list[Any] = []
    lock = asyncio.Lock()
    policies: list[AddressPolicy] = [] if policy is None else [policy]

    def address_policy() -> AddressPolicy:
        # Made when a request is about to go out: a run answered from the
        # cache does not import the network stack the policy lives beside.
        if not policies:
            from ..links.safety import AddressPolicy

            policies.append(AddressPolicy(allow_private=allow_private))
        return policies[0]

    async def session() -> Any:
        async with lock:
            if not opened:
                from .http import open_session

                opened.append(open_session(address_policy(), user_agent=user_agent(settings),
                                           timeout=settings.timeout, lookup=lookup))
            return opened[0]

    providers = providers_by_name(settings.contact)
    clients = {
        name: ServiceClient(
            providers[name], getattr(settings, f"{name}_url"), rate=getattr(settings, f"{name}_rate"),
            concurrency=getattr(settings, f"{name}_concurrency"), session=session, policy=address_policy, cache=cache,
            retries=settings.retries, max_retry_after=settings.max_retry_after, offline=offline,
        )
        for name in settings.services if name in providers
    }
    results: dict[PaperQuery, Resolution] = {}
    done = 0

    async def one(query: PaperQuery) -> None:
        nonlocal done
        results[query] = await _resolve(query, clients, settings)
        done += 1
        if progress is not None:
            progress(done, len(queries))

    try:
        await asyncio.gather(*(one(query) for query in queries))
    finally:
        if opened:
            await opened[0].close()
        for name, client in clients.items():
            stats.services[name] = client.stats
            stats.requests += client.stats.requests
            stats.cached += client.stats.cached
    return results

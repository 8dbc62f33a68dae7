"""The run-wide link check: settle, look up the cache, check, conclude.

Order matters for speed and for honesty: URLs that need no network (other
schemes, excluded, malformed) are settled first; the cache answers what it
can; only the rest goes out, each distinct URL once. ``--offline`` stops
before the network and leaves the rest unchecked, never dead. A dead link's
closest archived copy is asked for once it is known to be dead, and cached
with its outcome.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import LinkSettings
from ..record import Record
from . import LinkStats
from .event_loop import run_to_end
from .urls import CHECKED_SCHEMES, check_key, malformed_reason, plain_check_key, scheme_of
from .verdict import BLOCKED, DEAD, DEFINITIVE, MALFORMED, SKIPPED, UNCHECKED, Outcome, Verdict, classify

if TYPE_CHECKING:
    from .checker import LinkChecker
    from .dns import Lookup
    from .safety import AddressPolicy


class LinkRunOptions(Record):
    """How one run checks links: the command line's say, where the config has none.

    ``network`` is false when no rule that needs an answer from the network
    is enabled; ``memo`` carries outcomes from one run to the next (fix's
    rounds); ``lookup``, ``policy``, ``environ`` and ``now`` replace the
    system resolver, the address policy, the environment (GITHUB_TOKEN,
    proxies) and the clock; tests use them."""

    __slots__ = ("offline", "no_cache", "allow_private", "archive", "network", "progress", "lookup", "policy",
                 "environ", "now", "memo")

    def __init__(self, offline: bool = False, no_cache: bool = False, allow_private: bool = False,
                 archive: bool = True, network: bool = True, progress: Callable[[int, int], None] | None = None,
                 lookup: Lookup | None = None, policy: AddressPolicy | None = None,
                 environ: dict[str, str] | None = None, now: float | None = None,
                 memo: LinkMemo | None = None) -> None:
        self.offline = offline
        self.no_cache = no_cache
        self.allow_private = allow_private
        self.archive = archive
        self.network = network
        self.progress = progress
        self.lookup = lookup
        self.policy = policy
        self.environ = environ
        self.now = now
        self.memo = memo


class LinkMemo(Record):
    """What the runs of one process asked already (the rounds of one
    ``fix``): their outcomes, and whether DNS was seen working. A URL in
    it is not asked again, whatever the cache says."""

    __slots__ = ("outcomes", "dns_works")

    def __init__(self) -> None:
        self.outcomes: dict[str, Outcome] = {}
        self.dns_works = False


class _FileLinks(Record):
    """One file's URLs, and for each its verdict, or its check key while the
    verdict waits for the cache or the network."""

    __slots__ = ("urls", "settings", "slots")

    def __init__(self, urls: list[str], settings: LinkSettings) -> None:
        self.urls = urls
        self.settings = settings
        self.slots: list[Verdict | str] = []


def check_links(files: list[tuple[list[str], LinkSettings]],
                options: LinkRunOptions) -> tuple[list[list[Verdict]], LinkStats]:
    """The verdict of every URL of every file (each with its settings), and
    what the run did. Each distinct URL is checked once, with the settings
    of the first file that has it (``accept``, ``not-dead`` and
    ``dead-after`` are each file's own)."""
    stats = LinkStats()
    found = [_FileLinks(urls, settings) for urls, settings in files if urls]
    if not found:
        return [[] for _ in files], stats
    run_settings = found[0].settings
    by_key, written = _settle_statically(found)

    memo = options.memo
    outcomes: dict[str, Outcome] = {}
    cached_keys: set[str] = set()
    dns_works = memo is not None and memo.dns_works
    if by_key and options.network:
        if memo is not None:
            outcomes.update((key, memo.outcomes[key]) for key in by_key if key in memo.outcomes)
        cache = _open_cache(run_settings, options)
        if cache is not None:
            found_in_cache = cache.get_many([key for key in by_key if key not in outcomes])
            outcomes.update(found_in_cache)
            cached_keys = set(found_in_cache)
        remaining = [key for key in by_key if key not in outcomes]
        archive = options.archive and run_settings.archive and not options.offline

        def unarchived_dead(outcome: Outcome, dns_evidence: bool) -> bool:
            # A status below 400 is never dead: most outcomes need no classify.
            could_be_dead = outcome.failure is not None or (outcome.status or 0) >= 400
            return archive and could_be_dead and outcome.archived is None and classify(
                outcome, run_settings.accept, run_settings.not_dead, dns_evidence, run_settings.dead_after).kind == DEAD

        if not options.offline and (remaining or any(unarchived_dead(outcomes[key], True) for key in cached_keys)):
            from .failure import Failure  # here: see failure.py

            known = {key: outcomes[key] for key in cached_keys}
            fresh, fresh_dns_works = run_to_end(_check(remaining, known, run_settings, options, unarchived_dead),
                                                "tablelint-links")
            dns_works = dns_works or fresh_dns_works
            if memo is not None:
                memo.outcomes.update(fresh)
                memo.dns_works = dns_works
            stats.checked = sum(1 for key, outcome in fresh.items()
                                if key not in cached_keys and outcome.failure is not Failure.BLOCKED)
            outcomes.update(fresh)
            if cache is not None:
                accept, not_dead, dead_after = run_settings.accept, run_settings.not_dead, run_settings.dead_after
                cache.put_many({
                    key: outcome for key, outcome in fresh.items()
                    if classify(outcome, accept, not_dead, dns_works or key in cached_keys, dead_after).kind
                    in DEFINITIVE
                })
        if cache is not None:
            stats.cache_problem = cache.problem
            cache.close()
    stats.cached = len(cached_keys)
    verdicts = iter(_conclude(found, by_key, written, outcomes, cached_keys, dns_works, options, stats))
    return [next(verdicts) if urls else [] for urls, _ in files], stats


def _conclude(files: list[_FileLinks], by_key: dict[str, int], written: dict[str, Verdict],
              outcomes: dict[str, Outcome], cached_keys: set[str], dns_works: bool, options: LinkRunOptions,
              stats: LinkStats) -> list[list[Verdict]]:
    """Verdicts from outcomes, and counts."""
    why = "--offline, and no cached verdict" if options.offline else "no check ran"
    unchecked = Verdict(UNCHECKED, f"not checked: {why}")
    # A verdict depends on the outcome and on a file's accept, not-dead and
    # dead-after settings: made once per key for each distinct set of those
    # (one, as a rule).
    concluded: dict[tuple[tuple[int, ...], tuple[int, ...], float], dict[str, Verdict]] = {}

    def verdicts_for(settings: LinkSettings) -> dict[str, Verdict]:
        judged_by = (tuple(settings.accept), tuple(settings.not_dead), settings.dead_after)
        verdicts = concluded.get(judged_by)
        if verdicts is None:
            verdicts = concluded[judged_by] = {}
            for key in by_key:
                outcome = outcomes.get(key)
                if outcome is None:
                    verdicts[key] = unchecked
                else:
                    cached = key in cached_keys
                    # A cached NXDOMAIN was stored only once DNS was seen working.
                    made = classify(outcome, settings.accept, settings.not_dead, dns_works or cached,
                                    settings.dead_after)
                    verdicts[key] = Verdict(made.kind, made.detail, made.fix_url, cached=cached)
        return verdicts

    tables = [verdicts_for(file.settings) for file in files]
    # Counts are over distinct URLs, and the first occurrence speaks for all.
    _count([tables[index][key] for key, index in by_key.items()], stats)
    _count(written.values(), stats)
    return [[verdicts[slot] if isinstance(slot, str) else slot for slot in file.slots]
            for file, verdicts in zip(files, tables, strict=True)]


def _settle_statically(files: list[_FileLinks]) -> tuple[dict[str, int], dict[str, Verdict]]:
    """Give every link of ``files`` its verdict if it needs no network
    (malformed, not http(s), excluded), else its check key. Return the keys
    to check, in the order they first appear, each with the index of the
    file it first appears in; and the verdict each URL settled here got
    where it first appears. URLs repeat within and across files: each
    distinct URL is judged once."""
    statics: dict[str, Verdict | str] = {}
    compiled: dict[tuple[str, ...], list[re.Pattern[str]]] = {}
    by_key: dict[str, int] = {}
    written: dict[str, Verdict] = {}
    for index, file in enumerate(files):
        exclude = file.settings.exclude
        patterns: list[re.Pattern[str]] | None = None
        slots = file.slots
        for url in file.urls:
            slot = statics.get(url)
            if slot is None:
                slot = statics[url] = plain_check_key(url) or _static_verdict(url) or check_key(url)
            if exclude and isinstance(slot, str):
                if patterns is None:
                    # Compiled on first use: most runs meet no URL it could exclude.
                    patterns = _exclusions(exclude, compiled)
                if any(pattern.search(url) for pattern in patterns):
                    slot = _EXCLUDED
            if isinstance(slot, str):
                by_key.setdefault(slot, index)
            else:
                written.setdefault(url, slot)
            slots.append(slot)
    return by_key, written


def _exclusions(exclude: list[str],
                compiled: dict[tuple[str, ...], list[re.Pattern[str]]]) -> list[re.Pattern[str]]:
    key = tuple(exclude)
    if key not in compiled:
        # Valid: LinkSettings checks that each compiles.
        compiled[key] = [re.compile(pattern) for pattern in exclude]
    return compiled[key]


_NOT_HTTP = Verdict(SKIPPED, "not an http(s) URL")
_EXCLUDED = Verdict(SKIPPED, "excluded by links.exclude")


def _static_verdict(url: str) -> Verdict | None:
    """A verdict that needs no network and no settings, or None if the URL
    must be checked (unless links.exclude says otherwise)."""
    reason = malformed_reason(url)
    if reason is not None:
        return Verdict(MALFORMED, reason)
    if scheme_of(url) not in CHECKED_SCHEMES:
        return _NOT_HTTP
    return None


def _count(first_verdicts: Iterable[Verdict], stats: LinkStats) -> None:
    """Add one to the count of each verdict's kind."""
    kinds = Counter(verdict.kind for verdict in first_verdicts)
    # Refused by the address policy: skipped by design, not for want of a network.
    kinds["skipped"] += kinds.pop(BLOCKED, 0)
    for name in ("dead", "unreachable", "redirected", "malformed", "skipped", "unchecked"):
        setattr(stats, name, getattr(stats, name) + kinds[name])


def _open_cache(settings: LinkSettings, options: LinkRunOptions):  # type: ignore[no-untyped-def]
    if options.no_cache or not settings.cache:
        return None
    from .cache import LinkCache, default_cache_path

    path = Path(settings.cache_path).expanduser() if settings.cache_path else default_cache_path()
    if options.offline:
        try:
            path.stat()
        except FileNotFoundError:
            # Offline, only cached verdicts count, and there are none: opening
            # the cache would only create an empty one, and import sqlite3
            # to do so, on every run of an offline hook. Any other
            # error is for opening it to report.
            return None
    return LinkCache(path, settings.cache_ttl, now=options.now)


async def _check(urls: list[str], known: dict[str, Outcome], settings: LinkSettings, options: LinkRunOptions,
                 unarchived_dead: Callable[[Outcome, bool], bool]) -> tuple[dict[str, Outcome], bool]:
    """Check ``urls``; then ask the archive for a copy of each dead link,
    of these and of the ``known`` (cached) outcomes."""
    from .checker import LinkChecker
    from .dns import Resolver
    from .failure import Failure  # here: see failure.py
    from .proxies import Proxies
    from .safety import AddressPolicy

    environ = dict(os.environ) if options.environ is None else options.environ
    proxies = Proxies(settings.proxy, environ)  # a bad proxy stops the run before any request
    resolver = Resolver(options.lookup, timeout=settings.connect_timeout, probe=settings.dns_probe)
    policy = options.policy or AddressPolicy(allow_private=options.allow_private or settings.allow_private)
    async with LinkChecker(settings, resolver, policy, environ=environ, proxies=proxies) as checker:
        outcomes = await checker.check_all(urls, options.progress)
        needs_evidence = any(outcome.failure is Failure.NO_SUCH_HOST for outcome in outcomes.values())
        dns_works = await resolver.dns_works() if needs_evidence else resolver.resolved_names > 0
        dead = {key: outcome for key, outcome in outcomes.items() if unarchived_dead(outcome, dns_works)}
        dead.update((key, outcome) for key, outcome in known.items() if unarchived_dead(outcome, True))
        if dead:
            await _ask_archive(checker, dead, settings, options)
            outcomes.update(dead)
    return outcomes, dns_works


async def _ask_archive(checker: LinkChecker, dead: dict[str, Outcome], settings: LinkSettings,
                       options: LinkRunOptions) -> None:
    """Set ``archived`` of each dead outcome: the closest snapshot to the
    day of the run (the most recent copy, as a rule), "" for none."""
    import asyncio
    import time

    day = time.strftime("%Y%m%d", time.gmtime(options.now))

    async def ask(key: str, outcome: Outcome) -> None:
        outcome.archived = await checker.archived_copy(key, settings.archive_url, day)

    await asyncio.gather(*(ask(key, outcome) for key, outcome in dead.items()))

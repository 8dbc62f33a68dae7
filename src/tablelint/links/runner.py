"""The run-wide link check: collect, look up the cache, check, conclude.

Order matters for speed and for honesty: URLs that need no network (other
schemes, excluded, malformed) are settled first; the cache answers what it
can; only the rest goes out, each distinct URL once. ``--offline`` stops
before the network and reports what is left as unchecked, never dead: as a
count in the summary, or with ``--show-unchecked`` (``links.show-unchecked``)
as one diagnostic per link.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Coroutine, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import LinkSettings
from ..errors import InputError
from ..record import Record
from . import LinkRef, LinkStats
from .urls import CHECKED_SCHEMES, check_key, malformed_reason, plain_check_key, scheme_of
from .verdict import BLOCKED, DEFINITIVE, MALFORMED, SKIPPED, UNCHECKED, Outcome, Verdict, classify

if TYPE_CHECKING:
    from typing import TypeVar

    from ..engine.lint import FileReport, RunOptions
    from .dns import Lookup
    from .safety import AddressPolicy

    # Only annotations (strings here) name it: making a TypeVar costs every run's import.
    T = TypeVar("T")

# Rules whose verdicts need an answer from the network (or the cache).
NETWORK_RULES = frozenset({"TL301", "TL302", "TL304", "TL305"})


class _FileLinks(Record):
    """One file's links, and for each link its verdict, or its check key
    while the verdict waits for the cache or the network."""

    __slots__ = ("report", "refs", "settings", "slots")

    def __init__(
        self, report: FileReport, refs: list[LinkRef], settings: LinkSettings, slots: list[Verdict | str] | None = None,
    ) -> None:
        self.report = report
        self.refs = refs
        self.settings = settings
        self.slots = [] if slots is None else slots


def check_run_links(reports: list[FileReport], options: RunOptions, *, lookup: Lookup | None = None,
                    policy: AddressPolicy | None = None, environ: dict[str, str] | None = None,
                    now: float | None = None) -> LinkStats:
    """Check every distinct URL once and append diagnostics to the reports.

    ``lookup``, ``policy``, ``environ`` and ``now`` replace the system
    resolver, the address policy, the environment (GITHUB_TOKEN) and the
    clock; tests use them."""
    files = _collect(reports)
    stats = LinkStats()
    if not files:
        return stats
    run_settings = files[0].settings
    _validate(run_settings)
    by_key, written = _settle_statically(files)

    needs_network = any(report.enabled & NETWORK_RULES for report in reports)
    outcomes: dict[str, Outcome] = {}
    cached_keys: set[str] = set()
    dns_works = False
    if by_key and needs_network:
        cache = _open_cache(run_settings, options, now)
        if cache is not None:
            outcomes.update(cache.get_many(list(by_key)))
            cached_keys = set(outcomes)
        remaining = [key for key in by_key if key not in outcomes]
        if remaining and not options.offline:
            from .failure import Failure  # here: see failure.py

            fresh, dns_works = _run(_check(remaining, run_settings, options, lookup, policy, environ))
            outcomes.update(fresh)
            # Refused by the address policy: no request was made.
            stats.checked = sum(1 for outcome in fresh.values() if outcome.failure is not Failure.BLOCKED)
            if cache is not None:
                accept, not_dead, dead_after = run_settings.accept, run_settings.not_dead, run_settings.dead_after
                cache.put_many({
                    key: outcome for key, outcome in fresh.items()
                    if classify(outcome, accept, not_dead, dns_works, dead_after).kind in DEFINITIVE
                })
        if cache is not None:
            stats.cache_problem = cache.problem
            cache.close()
    stats.cached = len(cached_keys)

    _conclude(files, by_key, written, outcomes, cached_keys, dns_works, options, stats)
    return stats


def _conclude(files: list[_FileLinks], by_key: dict[str, int], written: dict[str, Verdict],
              outcomes: dict[str, Outcome], cached_keys: set[str], dns_works: bool, options: RunOptions,
              stats: LinkStats) -> None:
    """Verdicts from outcomes, counts, and a diagnostic for every link."""
    from ..rules.links import UncheckedLink, link_diagnostics

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
    for file, verdicts in zip(files, tables, strict=True):
        refs = file.refs
        resolved = [verdicts[slot] if isinstance(slot, str) else slot for slot in file.slots]
        report = file.report
        if options.offline and not (options.show_unchecked or file.settings.show_unchecked):
            refs, resolved = _without_unchecked(report, refs, resolved, unchecked)
            if len(refs) < len(file.refs) and UncheckedLink.code in report.enabled:
                stats.unchecked_hidden = True
        report.diagnostics.extend(link_diagnostics(report.path, refs, resolved, report.enabled))


def _without_unchecked(report: FileReport, refs: list[LinkRef], verdicts: list[Verdict],
                       unchecked: Verdict) -> tuple[list[LinkRef], list[Verdict]]:
    """The links and verdicts but those --offline left unchecked: the
    summary counts them instead of a line each. A suppression comment that
    names a link rule on the line of such a link is not reported unused:
    nothing says what the link would have been."""
    if not any(verdict is unchecked for verdict in verdicts):
        return refs, verdicts
    kept = [(ref, verdict) for ref, verdict in zip(refs, verdicts, strict=True) if verdict is not unchecked]
    if report.suppressions.directives:
        from ..rules.links import possible_diagnostics

        for ref, verdict in zip(refs, verdicts, strict=True):
            if verdict is unchecked:
                report.suppressions.apply(possible_diagnostics(report.path, ref))
    return [ref for ref, _ in kept], [verdict for _, verdict in kept]


def _collect(reports: list[FileReport]) -> list[_FileLinks]:
    files = []
    for report in reports:
        refs = report.pending.get("links") or []
        if refs:
            settings = report.pending.get("link-settings") or LinkSettings()
            files.append(_FileLinks(report, refs, settings))
    return files


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
        for ref in file.refs:
            url = ref.url
            slot = statics.get(url)
            if slot is None:
                slot = statics[url] = plain_check_key(url) or _static_verdict(url) or check_key(url)
            if exclude and isinstance(slot, str):
                if patterns is None:
                    # Compiled on first use: a bad pattern is an error only once a URL meets it.
                    patterns = _exclusions(exclude, compiled)
                if any(pattern.search(url) for pattern in patterns):
                    slot = _EXCLUDED
            if isinstance(slot, str):
                by_key.setdefault(slot, index)
            else:
                written.setdefault(url, slot)
            slots.append(slot)
    return by_key, written


def _validate(settings: LinkSettings) -> None:
    if settings.cache_path is not None and not isinstance(settings.cache_path, str):
        raise InputError("config: 'links.cache-path' must be a string")
    if settings.user_agent is not None and not isinstance(settings.user_agent, str):
        raise InputError("config: 'links.user-agent' must be a string")
    if not all(isinstance(value, str) for value in settings.headers.values()):
        raise InputError("config: every value of 'links.headers' must be a string")
    for name in ("timeout", "connect_timeout", "read_timeout"):
        if getattr(settings, name) <= 0:
            raise InputError(f"config: 'links.{name.replace('_', '-')}' must be more than 0")
    if settings.dead_after < 0:
        raise InputError("config: 'links.dead-after' must be 0 or more")


def _exclusions(exclude: list[str],
                compiled: dict[tuple[str, ...], list[re.Pattern[str]]]) -> list[re.Pattern[str]]:
    key = tuple(exclude)
    if key not in compiled:
        patterns = []
        for pattern in exclude:
            try:
                patterns.append(re.compile(pattern))
            except re.error as error:
                raise InputError(
                    f"config: 'links.exclude' pattern {pattern!r} is not a valid regex ({error})"
                ) from None
        compiled[key] = patterns
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


def _open_cache(settings: LinkSettings, options: RunOptions, now: float | None):  # type: ignore[no-untyped-def]
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
            # (~2 ms) to do so, on every run of an offline hook. Any other
            # error is for opening it to report.
            return None
    return LinkCache(path, settings.cache_ttl, now=now)


async def _check(urls: list[str], settings: LinkSettings, options: RunOptions, lookup: Lookup | None,
                 policy: AddressPolicy | None,
                 environ: dict[str, str] | None) -> tuple[dict[str, Outcome], bool]:
    from .checker import LinkChecker
    from .dns import Resolver
    from .safety import AddressPolicy

    resolver = Resolver(lookup, timeout=settings.connect_timeout, probe=settings.dns_probe)
    if policy is None:
        policy = AddressPolicy(allow_private=options.allow_private_links or settings.allow_private)
    checker = LinkChecker(settings, resolver, policy, environ=environ)
    outcomes = await checker.check_all(urls, options.progress)
    from .failure import Failure  # here: see failure.py

    needs_evidence = any(outcome.failure is Failure.NO_SUCH_HOST for outcome in outcomes.values())
    dns_works = await resolver.dns_works() if needs_evidence else resolver.resolved_names > 0
    return outcomes, dns_works


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to the end, also when called from inside a running
    event loop (a notebook, an async host): then in a thread of its own."""
    # asyncio costs ~25 ms to import: only a run that goes online pays it.
    import asyncio
    import threading

    try:
        asyncio.get_running_loop()
        inside_a_loop = True
    except RuntimeError:
        inside_a_loop = False
    if not inside_a_loop:
        # Not from within the except block: every error of the run would
        # get this RuntimeError as its context, hiding the real causes.
        return asyncio.run(coroutine)
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coroutine)
        except BaseException as error:  # handed back to the caller's thread
            box["error"] = error

    thread = threading.Thread(target=target, name="tablelint-links")
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]

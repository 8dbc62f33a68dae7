"""The run-wide link check: collect, look up the cache, check, conclude.

Order matters for speed and for honesty: URLs that need no network (other
schemes, excluded, malformed) are settled first; the cache answers what it
can; only the rest goes out, each distinct URL once. ``--offline`` stops
before the network and reports what is left as unchecked, never dead.
"""

from __future__ import annotations

import re
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..config import LinkSettings
from ..source import InputError
from . import LinkRef, LinkStats
from .urls import CHECKED_SCHEMES, check_key, malformed_reason, scheme_of
from .verdict import BLOCKED, DEFINITIVE, MALFORMED, SKIPPED, UNCHECKED, Failure, Outcome, Verdict, classify

if TYPE_CHECKING:
    from ..lint import FileReport, RunOptions
    from .dns import Lookup
    from .safety import AddressPolicy

T = TypeVar("T")
# Rules whose verdicts need an answer from the network (or the cache).
NETWORK_RULES = frozenset({"TL301", "TL302", "TL304", "TL305"})


@dataclass(slots=True)
class _Pending:
    report: FileReport
    ref: LinkRef
    settings: LinkSettings
    key: str | None = None
    verdict: Verdict | None = None


def check_run_links(reports: list[FileReport], options: RunOptions, *, lookup: Lookup | None = None,
                    policy: AddressPolicy | None = None, environ: dict[str, str] | None = None,
                    now: float | None = None) -> LinkStats:
    """Check every distinct URL once and append diagnostics to the reports.

    ``lookup``, ``policy``, ``environ`` and ``now`` replace the system
    resolver, the address policy, the environment (GITHUB_TOKEN) and the
    clock; tests use them."""
    from ..rules.links import link_diagnostic

    pending = _collect(reports)
    stats = LinkStats()
    if not pending:
        return stats
    run_settings = pending[0].settings
    _validate(run_settings)
    exclusions: dict[int, list[re.Pattern[str]]] = {}
    by_key: dict[str, list[_Pending]] = {}
    for item in pending:
        item.verdict = _static_verdict(item, exclusions)
        if item.verdict is None:
            item.key = check_key(item.ref.url)
            by_key.setdefault(item.key, []).append(item)

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
            fresh, dns_works = _run(_check(remaining, run_settings, options, lookup, policy, environ))
            outcomes.update(fresh)
            # Refused by the address policy: no request was made.
            stats.checked = sum(1 for outcome in fresh.values() if outcome.failure is not Failure.BLOCKED)
            if cache is not None:
                accept, not_dead = run_settings.accept, run_settings.not_dead
                cache.put_many({
                    key: outcome for key, outcome in fresh.items()
                    if classify(outcome, accept, not_dead, dns_works).kind in DEFINITIVE
                })
        if cache is not None:
            stats.cache_problem = cache.problem
            cache.close()
    stats.cached = len(cached_keys)

    for key, items in by_key.items():
        outcome = outcomes.get(key)
        for item in items:
            if outcome is None:
                why = "--offline, and no cached verdict" if options.offline else "no check ran"
                item.verdict = Verdict(UNCHECKED, f"not checked: {why}")
            else:
                cached = key in cached_keys
                # A cached NXDOMAIN was stored only once DNS was seen working.
                verdict = classify(outcome, item.settings.accept, item.settings.not_dead, dns_works or cached)
                item.verdict = Verdict(verdict.kind, verdict.detail, verdict.fix_url, cached=cached)

    _count(pending, stats)
    for item in pending:
        assert item.verdict is not None
        diagnostic = link_diagnostic(item.report.path, item.ref, item.verdict)
        if diagnostic is not None and diagnostic.code in item.report.enabled:
            item.report.diagnostics.append(diagnostic)
    return stats


def _collect(reports: list[FileReport]) -> list[_Pending]:
    pending = []
    for report in reports:
        refs = report.pending.get("links") or []
        settings = report.pending.get("link-settings") or LinkSettings()
        pending.extend(_Pending(report, ref, settings) for ref in refs)
    return pending


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


def _exclusions(settings: LinkSettings, compiled: dict[int, list[re.Pattern[str]]]) -> list[re.Pattern[str]]:
    key = id(settings)
    if key not in compiled:
        patterns = []
        for pattern in settings.exclude:
            try:
                patterns.append(re.compile(pattern))
            except re.error as error:
                raise InputError(
                    f"config: 'links.exclude' pattern {pattern!r} is not a valid regex ({error})"
                ) from None
        compiled[key] = patterns
    return compiled[key]


def _static_verdict(item: _Pending, compiled: dict[int, list[re.Pattern[str]]]) -> Verdict | None:
    """A verdict that needs no network, or None if the URL must be checked."""
    url = item.ref.url
    reason = malformed_reason(url)
    if reason is not None:
        return Verdict(MALFORMED, reason)
    if scheme_of(url) not in CHECKED_SCHEMES:
        return Verdict(SKIPPED, "not an http(s) URL")
    if any(pattern.search(url) for pattern in _exclusions(item.settings, compiled)):
        return Verdict(SKIPPED, "excluded by links.exclude")
    return None


def _count(pending: list[_Pending], stats: LinkStats) -> None:
    """Verdict counts over distinct URLs (the first occurrence speaks for all)."""
    first: dict[str, Verdict] = {}
    for item in pending:
        assert item.verdict is not None
        first.setdefault(item.key or f"as written: {item.ref.url}", item.verdict)
    for verdict in first.values():
        # Refused by the address policy: skipped by design, not for want of a network.
        field = "skipped" if verdict.kind == BLOCKED else verdict.kind
        if field in ("dead", "unreachable", "redirected", "malformed", "skipped", "unchecked"):
            setattr(stats, field, getattr(stats, field) + 1)


def _open_cache(settings: LinkSettings, options: RunOptions, now: float | None):  # type: ignore[no-untyped-def]
    if options.no_cache or not settings.cache:
        return None
    from .cache import LinkCache, default_cache_path

    path = Path(settings.cache_path).expanduser() if settings.cache_path else default_cache_path()
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

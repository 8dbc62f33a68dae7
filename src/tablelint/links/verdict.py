"""From what a server (or the network) said to a verdict.

An Outcome is what happened; a Verdict is what tablelint concludes from it
under the current settings. The cache stores outcomes, so changing
``links.accept`` takes effect on cached answers too. ``dead`` is kept for
definitive answers only: a timeout, a refused connection or a failing DNS
says something about the network, not about the link; nor does a server
error (5xx) that did not last through ``links.dead-after`` seconds of
retries, since servers fail for a moment and recover.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..record import Record

if TYPE_CHECKING:
    from .failure import Failure

OK, DEAD, UNREACHABLE, MALFORMED, REDIRECTED = "ok", "dead", "unreachable", "malformed", "redirected"
# Not checked: --offline without a cached answer / by design (other schemes,
# links.exclude) / refused by the address policy.
UNCHECKED, SKIPPED, BLOCKED = "unchecked", "skipped", "blocked"
# Verdicts worth remembering across runs.
DEFINITIVE = frozenset({OK, DEAD, REDIRECTED})
PERMANENT_REDIRECTS = frozenset({301, 308})
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class Outcome(Record):
    """What checking one URL over the network found."""

    __slots__ = (
        "status", "failure", "detail", "moved_to", "final_url", "attempts", "gave_up_waiting", "lasted", "archived",
    )

    def __init__(
        self, status: int | None = None, failure: Failure | None = None, detail: str = "", moved_to: str | None = None,
        final_url: str | None = None, attempts: int = 1, gave_up_waiting: float | None = None,
        lasted: float | None = None, archived: str | None = None,
    ) -> None:
        self.status = status
        self.failure = failure
        self.detail = detail
        # Where the leading permanent redirects (301, 308) lead; None without any.
        self.moved_to = moved_to
        # The last URL requested, when redirects were followed.
        self.final_url = final_url
        self.attempts = attempts
        # Retry-After asked for more than links.max-retry-after allows.
        self.gave_up_waiting = gave_up_waiting
        # For a server error (5xx): seconds from its first answer to its last.
        self.lasted = lasted
        # A dead link's closest archived copy: its URL, "" when the archive
        # has none, None when it was not asked.
        self.archived = archived


class Verdict(Record):
    """What a link's diagnostic says: its kind, the detail, and a replacement URL if any."""

    __slots__ = ("kind", "detail", "fix_url", "cached")

    def __init__(self, kind: str, detail: str, fix_url: str | None = None, cached: bool = False) -> None:
        self.kind = kind
        self.detail = detail
        self.fix_url = fix_url
        self.cached = cached

    def __hash__(self) -> int:
        return hash((self.kind, self.detail, self.fix_url, self.cached))


def status_text(status: int) -> str:
    from http import HTTPStatus  # here: most runs have no status to describe

    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _after(attempts: int) -> str:
    return f" after {attempts} attempts" if attempts > 1 else ""


def is_server_error(status: int | None) -> bool:
    return status is not None and 500 <= status < 600


def classify(outcome: Outcome, accept: list[int], not_dead: list[int], dns_works: bool,
             dead_after: float) -> Verdict:
    verdict = _classify(outcome, accept, not_dead, dns_works, dead_after)
    if verdict.kind == DEAD and outcome.archived:
        # The fix a dead link can get: its closest archived copy (unsafe).
        return Verdict(DEAD, f"{verdict.detail}; archived copy: {outcome.archived}", fix_url=outcome.archived)
    return verdict


def _classify(outcome: Outcome, accept: list[int], not_dead: list[int], dns_works: bool,
              dead_after: float) -> Verdict:
    failure = outcome.failure
    if failure is not None:
        from .failure import Failure  # here: see failure.py

        if failure is Failure.NO_SUCH_HOST and dns_works:
            return Verdict(DEAD, f"{outcome.detail} (NXDOMAIN, while other names resolve)")
        if failure is Failure.NO_SUCH_HOST:
            return Verdict(UNREACHABLE, f"{outcome.detail}; no other name resolved in this run, "
                                        "so DNS may be down or the machine offline")
        if failure is Failure.MALFORMED:
            return Verdict(MALFORMED, outcome.detail)
        if failure is Failure.BLOCKED:
            return Verdict(BLOCKED, f"not checked: {outcome.detail}; pass --allow-private-links to check it")
        return Verdict(UNREACHABLE, outcome.detail)
    status = outcome.status
    assert status is not None
    lasted = outcome.lasted
    if is_server_error(status) and lasted is not None and outcome.attempts > 1:
        answered = f"answered {status_text(status)} for {lasted:.1f} s ({outcome.attempts} attempts)"
    else:
        answered = f"answered {status_text(status)}{_after(outcome.attempts)}"
    if outcome.final_url:
        answered += f" at {outcome.final_url} (after redirects)"
    if 200 <= status < 300 or status in accept or (300 <= status < 400 and status not in REDIRECTS):
        if outcome.moved_to:
            return Verdict(REDIRECTED, f"moved permanently to {outcome.moved_to}", fix_url=outcome.moved_to)
        return Verdict(OK, answered)
    if outcome.gave_up_waiting is not None:
        return Verdict(UNREACHABLE, f"{answered}, asking to retry after {outcome.gave_up_waiting:g} s "
                                    "(more than links.max-retry-after)")
    if status in not_dead:
        why = {401: "it needs a login", 403: "servers that refuse checkers answer this too",
               429: "rate limited"}.get(status, "configured as not dead (links.not-dead)")
        return Verdict(UNREACHABLE, f"{answered}; not proof that the link is dead: {why}")
    if is_server_error(status) and (lasted is None or lasted < dead_after):
        return Verdict(UNREACHABLE, f"{answered}; a server error is dead only when it lasts "
                                    f"links.dead-after ({dead_after:g} s)")
    if 400 <= status < 600:
        return Verdict(DEAD, answered)
    return Verdict(UNREACHABLE, f"{answered}, an answer that says nothing about the link")

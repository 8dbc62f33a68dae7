"""The network side of link checking.

Each URL is asked once: HEAD first, GET when HEAD is refused (405, 403,
501) or answers any other error (some servers get HEAD wrong, and an error
decides a verdict, so GET confirms it). Only the head of an answer is read:
a GET's connection is closed without reading its body. Redirects are
followed by hand, to tell a permanent move (worth a fix) from a temporary
one and to stop loops. 429 answers are retried ``links.retries`` times with
exponential backoff that honours Retry-After up to a cap. A server error
(5xx) is retried the same way until it has lasted ``links.dead-after``
seconds: only then is it a verdict (dead), and one that stops before is
no verdict at all. (A server that falls over for a second is not dead.)

Concurrency has two limits: a global one (``links.concurrency``) and one per
host (``links.per-host``), so a table with 300 links to one site does not
hammer it. Every request gets a total time limit on top of the connect and
read timeouts, so a server that trickles bytes cannot stall a run.

The requests themselves go out on http1.Connection (h11 over asyncio), to
where target.request_target says, as httpx would send them: see http1 for
why not httpcore.
"""

from __future__ import annotations

import asyncio
import email.utils
import os
import ssl
import time
from collections import Counter
from collections.abc import Callable

from .. import __version__
from ..config import LinkSettings
from ..record import Record
from .dns import ResolveError, Resolver
from .failure import Failure
from .http1 import BrokenAnswer, ConnectFailed, ConnectionDropped, ConnectTimedOut, HttpError, ReadTimedOut
from .pool import ConnectionPool
from .safety import AddressPolicy, BlockedAddress, GuardedBackend
from .target import MalformedTarget, RequestTarget, join, request_target
from .urls import hide_credentials
from .verdict import PERMANENT_REDIRECTS, REDIRECTS, Outcome, is_server_error

# HEAD answers that say "this server does not do HEAD": later URLs of the
# same host go straight to GET. (403 may be about the URL, so it does not count.)
HEAD_UNSUPPORTED = frozenset({405, 501})
RATE_LIMITED = 429
BACKOFF_BASE = 0.5
GITHUB_HOSTS = frozenset({"github.com", "api.github.com"})
# A server that drops the connection (often a stale keep-alive) is asked again.
_DROPPED = (ConnectionDropped, BrokenAnswer)


class _Answer(Record):
    """What one HTTP response says about a link."""

    __slots__ = ("status", "retry_after", "location", "cookies", "lasted")

    def __init__(self, status: int, retry_after: float | None, location: str | None, cookies: list[str],
                 lasted: float | None = None) -> None:
        self.status = status
        self.retry_after = retry_after
        self.location = location
        self.cookies = cookies
        # A server error: seconds from the first such answer to this one.
        self.lasted = lasted


class LinkChecker:
    def __init__(self, settings: LinkSettings, resolver: Resolver, policy: AddressPolicy,
                 environ: dict[str, str] | None = None) -> None:
        self.settings = settings
        self.resolver = resolver
        self.policy = policy
        environ = dict(os.environ) if environ is None else environ
        self._github_token = environ.get("GITHUB_TOKEN") or environ.get("GH_TOKEN")
        self._headers = [
            (b"User-Agent", (settings.user_agent or f"tablelint/{__version__} (link checker)").encode()),
            (b"Accept", b"*/*"),
            *((name.encode(), value.encode()) for name, value in settings.headers.items()),
        ]
        self._global = asyncio.Semaphore(max(1, settings.concurrency))
        self._per_host: dict[str, asyncio.Semaphore] = {}
        self._head_unsupported: set[str] = set()
        self._pool = ConnectionPool(GuardedBackend(resolver, policy), settings.connect_timeout)
        # URLs of each host still to check, and requests to it in flight:
        # when both reach 0 the host's idle connections are closed.
        self._remaining: Counter[str] = Counter()
        self._in_flight: Counter[str] = Counter()

    async def check_all(self, urls: list[str],
                        progress: Callable[[int, int], None] | None = None) -> dict[str, Outcome]:
        results: dict[str, Outcome] = {}
        if not urls:
            return results
        self._remaining.update(_host(url) for url in urls)
        if any(url[:6].lower() == "https:" for url in urls):
            self._pool.prepare_tls()

        async def one(url: str) -> None:
            results[url] = await self.check(url)
            host = _host(url)
            self._remaining[host] -= 1
            self._release(host)

        try:
            tasks = [asyncio.ensure_future(one(url)) for url in urls]
            for done, finished in enumerate(asyncio.as_completed(tasks), 1):
                await finished
                if progress is not None:
                    progress(done, len(urls))
        finally:
            self._pool.close_all()
        return results

    def _release(self, host: str) -> None:
        if self._remaining[host] <= 0 and self._in_flight[host] <= 0:
            self._pool.close_host(host)

    async def check(self, url: str) -> Outcome:
        """Follow ``url`` to a final answer, or to the reason there is none."""
        current = url
        seen = {_normalized(url)}
        moved_to: str | None = None
        still_permanent = True
        # Cookies set along one redirect chain go back on its next hops: some
        # sites set one and redirect to themselves, a loop without it.
        cookies: dict[str, list[str]] = {}
        attempts = 1
        for hop in range(self.settings.max_redirects + 1):
            try:
                answer, attempts = await self._fetch(current, cookies.get(_host(current), []))
            except Exception as error:  # every failure becomes an outcome; see _failure
                failure, detail = _failure(error, redirected=hop > 0)
                if hop:
                    detail = f"{detail} (reached through a redirect to {current})"
                return Outcome(failure=failure, detail=detail, final_url=current if hop else None)
            if answer.cookies:
                cookies.setdefault(_host(current), []).extend(answer.cookies)
            if answer.status in REDIRECTS and answer.location is not None:
                try:
                    # Credentials in a Location are not sent, nor kept, nor shown.
                    target_url = hide_credentials(join(current, answer.location), "")
                    target = request_target(target_url)
                except MalformedTarget:
                    return Outcome(failure=Failure.BAD_REDIRECT,
                                   detail=f"redirects to an invalid URL {hide_credentials(answer.location)!r}")
                if target.scheme not in ("http", "https"):
                    return Outcome(failure=Failure.BAD_REDIRECT,
                                   detail=f"redirects to {target_url}, which is not http or https")
                if still_permanent and answer.status in PERMANENT_REDIRECTS:
                    moved_to = target_url
                else:
                    still_permanent = False
                if target.url in seen and not answer.cookies:
                    return Outcome(failure=Failure.REDIRECT_LOOP,
                                   detail=f"redirect loop: {current} redirects back to {target_url}")
                seen.add(target.url)
                current = target_url
                continue
            outcome = Outcome(status=answer.status, moved_to=moved_to, attempts=attempts,
                              final_url=current if hop else None, lasted=answer.lasted)
            if answer.retry_after is not None:
                outcome.gave_up_waiting = answer.retry_after
            return outcome
        return Outcome(failure=Failure.TOO_MANY_REDIRECTS,
                       detail=f"more than {self.settings.max_redirects} redirects (links.max-redirects)")

    async def _fetch(self, url: str, cookies: list[str]) -> tuple[_Answer, int]:
        """One URL without following redirects: HEAD, GET if HEAD is refused,
        retries with backoff. ``retry_after`` in the answer is set only when
        the server asked for a longer wait than allowed; ``lasted`` for a
        server error says for how long it was seen."""
        target = request_target(url)
        method = b"GET" if target.host in self._head_unsupported else b"HEAD"
        attempt = 0
        failing_since: float | None = None  # the first server error's answer
        window = self.settings.dead_after
        while True:
            attempt += 1
            try:
                answer = await self._send(method, url, target, cookies)
            except _DROPPED:
                if attempt > self.settings.retries:
                    raise
                await asyncio.sleep(self._backoff(attempt))
                continue
            server_error = is_server_error(answer.status)
            if server_error:
                now = time.monotonic()
                failing_since = now if failing_since is None else failing_since
                answer.lasted = now - failing_since
            if method == b"HEAD" and answer.status >= 400 and answer.status != RATE_LIMITED:
                if answer.status in HEAD_UNSUPPORTED:
                    self._head_unsupported.add(target.host)
                method = b"GET"
                attempt -= 1  # an error to HEAD is not a failed attempt: GET decides
                continue
            if server_error:
                if answer.lasted >= window:  # type: ignore[operator]
                    answer.retry_after = None
                    return answer, attempt
                # Until the window is over; the last wait ends with it.
                backoff = min(self._backoff(attempt), window - answer.lasted)  # type: ignore[operator]
            elif answer.status != RATE_LIMITED or attempt > self.settings.retries:
                answer.retry_after = None
                return answer, attempt
            else:
                backoff = self._backoff(attempt)
            delay = answer.retry_after if answer.retry_after is not None else backoff
            if delay > self.settings.max_retry_after:
                return answer, attempt
            await asyncio.sleep(delay)

    def _backoff(self, attempt: int) -> float:
        return min(BACKOFF_BASE * 2 ** (attempt - 1), self.settings.max_retry_after)

    async def _send(self, method: bytes, url: str, target: RequestTarget, cookies: list[str]) -> _Answer:
        headers = [(b"Host", target.authority), *self._headers, *self._extra_headers(url)]
        if cookies:
            headers.append((b"Cookie", "; ".join(cookies).encode("latin-1", "replace")))
        host = target.host
        per_host = self._per_host.get(host)
        if per_host is None:
            per_host = self._per_host[host] = asyncio.Semaphore(max(1, self.settings.per_host))
        async with per_host, self._global:
            self._in_flight[host] += 1
            try:
                async with asyncio.timeout(self.settings.timeout):
                    connection = await self._pool.acquire(target)
                    try:
                        status, response_headers = await connection.request(
                            method, target.path, headers, self.settings.read_timeout)
                    finally:
                        # Kept for the next request after a whole HEAD answer;
                        # otherwise closed, so that no body is downloaded.
                        self._pool.release(target, connection)
            finally:
                self._in_flight[host] -= 1
        if self._remaining[host] <= 0:  # a host reached through a redirect
            self._release(host)
        location = retry_after = None
        set_cookies = []
        for name, value in response_headers:  # names come lowercased
            if name == b"location":
                location = value.decode("latin-1").strip()
            elif name == b"retry-after":
                retry_after = _retry_after(value.decode("latin-1"))
            elif name == b"set-cookie":
                set_cookies.append(value.decode("latin-1").split(";", 1)[0].strip())
        return _Answer(status, retry_after, location, [c for c in set_cookies if "=" in c])

    def _extra_headers(self, url: str) -> list[tuple[bytes, bytes]]:
        if self._github_token and url[:8].lower() == "https://" and _host(url) in GITHUB_HOSTS:
            return [(b"Authorization", f"Bearer {self._github_token}".encode())]
        return []


def _host(url: str) -> str:
    """The host as sent (lowercase, IDNA-encoded): the key of the per-host
    limit and of the idle connections."""
    try:
        return request_target(url).host
    except MalformedTarget:
        return ""


def _normalized(url: str) -> str:
    try:
        return request_target(url).url
    except MalformedTarget:
        return url


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    return max(0.0, moment.timestamp() - time.time())


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``kind`` is among the causes of ``error``, exception groups
    included."""
    seen: set[int] = set()
    todo: list[BaseException] = [error]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, kind):
            return True
        if isinstance(current, BaseExceptionGroup):
            todo.extend(current.exceptions)
        todo.extend(cause for cause in (current.__cause__, current.__context__) if cause is not None)
    return False


def _failure(error: Exception, redirected: bool) -> tuple[Failure, str]:
    if isinstance(error, ResolveError):
        if error.no_such_name:
            return Failure.NO_SUCH_HOST, f"host name {error.host} does not resolve"
        return Failure.DNS, f"host name {error.host} did not resolve ({error.message})"
    if isinstance(error, BlockedAddress):
        if redirected:
            return Failure.BLOCKED_REDIRECT, f"redirect refused: {error}"
        return Failure.BLOCKED, str(error)
    if isinstance(error, (TimeoutError, ConnectTimedOut, ReadTimedOut)):
        what = "connecting" if isinstance(error, ConnectTimedOut) else "waiting for an answer"
        return Failure.TIMEOUT, f"timed out while {what}"
    if isinstance(error, ConnectFailed):
        if _caused_by(error, ConnectionRefusedError) or "refused" in str(error).lower():
            return Failure.REFUSED, "connection refused"
        if _caused_by(error, ssl.SSLError) or "SSL" in str(error) or "certificate" in str(error):
            return Failure.TLS, f"TLS failed: {error}"
        return Failure.CONNECT, f"could not connect: {error}"
    if isinstance(error, MalformedTarget):
        return Failure.MALFORMED, str(error)
    if isinstance(error, HttpError):
        return Failure.PROTOCOL, f"broken answer: {error}"
    if isinstance(error, OSError):
        return Failure.CONNECT, f"could not connect: {error}"
    # Not expected; still a fact about this one link, not a reason to stop the run.
    return Failure.PROTOCOL, f"check failed: {type(error).__name__}: {error}"

"""The network side of link checking, on one aiohttp ClientSession per run.

Each URL is asked once: HEAD first, GET when HEAD is refused (405, 403,
501) or answers any other error (some servers get HEAD wrong, and an error
decides a verdict, so GET confirms it). Only the head of an answer is read:
a GET's connection is closed without reading its body. Redirects are
followed by hand, so that every hop passes the address policy, a permanent
move (worth a fix) is told from a temporary one, and loops stop. 429
answers are retried ``links.retries`` times with exponential backoff that
honours Retry-After up to a cap. A server error (5xx) is retried the same
way until it has lasted ``links.dead-after`` seconds: only then is it a
verdict (dead), and one that stops before is no verdict at all.

Concurrency has two limits: a global one (``links.concurrency``) and one per
host (``links.per-host``), so a table with 300 links to one site does not
hammer it. Every request gets a total time limit on top of the connect and
read timeouts, so a server that trickles bytes cannot stall a run.
"""

from __future__ import annotations

import asyncio
import os
import ssl
import time
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

import aiohttp
from yarl import URL

from .. import __version__
from ..config import LinkSettings
from ..record import Record
from .dns import ResolveError, Resolver
from .failure import Failure
from .proxies import Proxies
from .retry import retry_after_seconds
from .safety import AddressPolicy, BlockedAddress, Guard, guarded_resolver
from .tls import tls_context
from .urls import hide_credentials
from .verdict import PERMANENT_REDIRECTS, REDIRECTS, Outcome, is_server_error

# HEAD answers that say "this server does not do HEAD": later URLs of the
# same host go straight to GET. (403 may be about the URL, so it does not count.)
HEAD_UNSUPPORTED = frozenset({405, 501})
RATE_LIMITED = 429
BACKOFF_BASE = 0.5
GITHUB_HOSTS = frozenset({"github.com", "api.github.com"})
HEADER_LIMIT = 100 * 1024
# The most of an archive's answer that is read: its JSON is a few hundred bytes.
ARCHIVE_ANSWER_LIMIT = 64 * 1024


class MalformedTarget(Exception):
    """No request can be made of the URL (the message says why)."""


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
                 environ: dict[str, str] | None = None, proxies: Proxies | None = None) -> None:
        self.settings = settings
        environ = dict(os.environ) if environ is None else environ
        self._github_token = environ.get("GITHUB_TOKEN") or environ.get("GH_TOKEN")
        self._headers = {
            "User-Agent": settings.user_agent or f"tablelint/{__version__} (link checker)",
            "Accept": "*/*",
            **settings.headers,
        }
        self._guard = Guard(resolver, policy)
        self._proxies = proxies or Proxies(settings.proxy, environ)
        self._global = asyncio.Semaphore(max(1, settings.concurrency))
        self._per_host: dict[str, asyncio.Semaphore] = {}
        self._head_unsupported: set[str] = set()
        self._tls: asyncio.Future[ssl.SSLContext] | None = None
        self._session: aiohttp.ClientSession | None = None
        # URLs of each host not yet finished: the last request to a host
        # asks the server to close the connection, so that a run over
        # thousands of hosts does not keep thousands of idle sockets.
        self._remaining: Counter[str] = Counter()

    async def __aenter__(self) -> LinkChecker:
        connector = aiohttp.TCPConnector(
            resolver=guarded_resolver(self._guard, self._proxies.hosts), use_dns_cache=False,
            limit=0, limit_per_host=0, keepalive_timeout=5.0)
        settings = self.settings
        self._session = aiohttp.ClientSession(
            connector=connector, cookie_jar=aiohttp.DummyCookieJar(), auto_decompress=False,
            headers=self._headers, skip_auto_headers=("Accept-Encoding",),
            # Head blocks past aiohttp's 8 KiB lines exist (long Set-Cookie lists).
            max_line_size=HEADER_LIMIT, max_field_size=HEADER_LIMIT,
            # total: whatever the server trickles, a request ends in time.
            timeout=aiohttp.ClientTimeout(total=settings.timeout, connect=settings.connect_timeout,
                                          sock_read=settings.read_timeout))
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._session is not None:
            await self._session.close()

    async def check_all(self, urls: list[str],
                        progress: Callable[[int, int], None] | None = None) -> dict[str, Outcome]:
        results: dict[str, Outcome] = {}
        self._remaining.update(_host(url) for url in urls)

        async def one(url: str) -> None:
            results[url] = await self.check(url)
            self._remaining[_host(url)] -= 1

        tasks = [asyncio.ensure_future(one(url)) for url in urls]
        for done, finished in enumerate(asyncio.as_completed(tasks), 1):
            await finished
            if progress is not None:
                progress(done, len(urls))
        return results

    async def check(self, url: str) -> Outcome:
        """Follow ``url`` to a final answer, or to the reason there is none."""
        current = url
        seen: set[str] = set()  # the URLs of the chain, once it has a redirect
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
                    target = _parse(current).join(_parse(answer.location))
                    target_url = hide_credentials(str(target), "")
                    _parse(target_url)
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
                if not seen:
                    seen.add(_normalized(url))
                if _normalized(target_url) in seen and not answer.cookies:
                    return Outcome(failure=Failure.REDIRECT_LOOP,
                                   detail=f"redirect loop: {current} redirects back to {target_url}")
                seen.add(_normalized(target_url))
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
        host = _host(url)
        method = "GET" if host in self._head_unsupported else "HEAD"
        attempt = 0
        failing_since: float | None = None  # the first server error's answer
        window = self.settings.dead_after
        while True:
            attempt += 1
            try:
                answer = await self._send(method, url, cookies)
            except Exception as error:
                if not _dropped(error) or attempt > self.settings.retries:
                    raise
                await asyncio.sleep(self._backoff(attempt))
                continue
            server_error = is_server_error(answer.status)
            if server_error:
                now = time.monotonic()
                failing_since = now if failing_since is None else failing_since
                answer.lasted = now - failing_since
            if method == "HEAD" and answer.status >= 400 and answer.status != RATE_LIMITED:
                if answer.status in HEAD_UNSUPPORTED:
                    self._head_unsupported.add(host)
                method = "GET"
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

    async def _send(self, method: str, url: str, cookies: list[str]) -> _Answer:
        # Credentials in a URL are never sent (aiohttp would send them as Basic auth).
        target = _parse(url).with_user(None)
        host = target.raw_host or ""
        headers = self._extra_headers(url)
        if cookies:
            headers["Cookie"] = "; ".join(cookies)
        if self._remaining[host] <= 1:
            headers["Connection"] = "close"
        per_host = self._per_host.get(host)
        if per_host is None:
            per_host = self._per_host[host] = asyncio.Semaphore(max(1, self.settings.per_host))
        async with per_host, self._global:
            response = await self._request(method, target, headers)
            if method != "HEAD":
                response.close()  # no body is read: the connection goes with it
            response.release()
        set_cookies = [value.split(";", 1)[0].strip() for value in response.headers.getall("Set-Cookie", ())]
        location = response.headers.get("Location")
        return _Answer(response.status, retry_after_seconds(response.headers.get("Retry-After")),
                       location.strip() if location is not None else None, [c for c in set_cookies if "=" in c])

    async def _request(self, method: str, target: URL, headers: dict[str, str]) -> aiohttp.ClientResponse:
        """Send one request to ``target`` (redirects not followed) once the
        address policy allows its host: every request and every redirect
        hop, direct or through a proxy, asks the Guard first."""
        assert self._session is not None, "use LinkChecker as an async context manager"
        await self._guard.allowed_addresses(target.raw_host or "")
        options: dict[str, object] = {}
        if target.scheme == "https":
            if self._tls is None:
                # certifi's bundle takes 50-100 ms to parse: off the event loop.
                self._tls = asyncio.get_running_loop().run_in_executor(None, tls_context)
            options["ssl"] = await asyncio.shield(self._tls)
        proxy = self._proxies.for_url(target.scheme, target.raw_host or "", target.explicit_port)
        if proxy is not None:
            options["proxy"] = proxy
        try:
            return await self._session.request(method, target, headers=headers or None, allow_redirects=False,
                                               **options)  # type: ignore[arg-type]
        except ValueError as error:  # aiohttp's InvalidURL, a header it cannot send
            if isinstance(error, (aiohttp.ClientError, ssl.SSLError)) and not isinstance(error, aiohttp.InvalidURL):
                raise  # a certificate error is a ValueError too
            raise MalformedTarget(str(error)) from None

    def _extra_headers(self, url: str) -> dict[str, str]:
        if self._github_token and url[:8].lower() == "https://" and _host(url) in GITHUB_HOSTS:
            return {"Authorization": f"Bearer {self._github_token}"}
        return {}

    async def archived_copy(self, url: str, base: str, timestamp: str) -> str | None:
        """The closest snapshot of ``url`` that answered 2xx, from an
        availability API at ``base`` (the Internet Archive's by default):
        its URL, "" when there is none, None when the API could not tell."""
        import json

        target = _parse(base).update_query(url=url, timestamp=timestamp)
        try:
            async with self._global:
                response = await self._request("GET", target, {"Accept": "application/json"})
                try:
                    if response.status != 200:
                        return None
                    data = json.loads(await response.content.read(ARCHIVE_ANSWER_LIMIT))
                finally:
                    response.close()
        except Exception:  # no suggestion is not an error of the link
            return None
        snapshots = data.get("archived_snapshots") if isinstance(data, dict) else None
        if not isinstance(snapshots, dict):
            return None
        closest = snapshots.get("closest")
        if not isinstance(closest, dict) or closest.get("available") is not True:
            return ""
        snapshot, status = closest.get("url"), str(closest.get("status", "200"))
        if not isinstance(snapshot, str) or not status.startswith("2") or not snapshot.startswith(("http://", "https://")):
            return ""
        return snapshot


@lru_cache(maxsize=8192)
def _parse(url: str) -> URL:
    """Cached: the host of a URL is asked for by the limits, the redirect
    bookkeeping and the request."""
    try:
        parsed = URL(url)
    except (ValueError, TypeError) as error:
        raise MalformedTarget(str(error)) from None
    return parsed


def _host(url: str) -> str:
    """The host as sent (lowercase, IDNA-encoded): the key of the per-host limit."""
    try:
        return _parse(url).raw_host or ""
    except MalformedTarget:
        return ""


def _normalized(url: str) -> str:
    try:
        return str(_parse(url).with_fragment(None))
    except (MalformedTarget, ValueError):
        return url


def _dropped(error: Exception) -> bool:
    """A connection that broke after it was made (often a stale keep-alive
    one), or an answer that is not HTTP: worth another try."""
    if isinstance(error, (aiohttp.ClientConnectorError, aiohttp.ClientHttpProxyError)):
        return False
    return isinstance(error, (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError, aiohttp.ClientPayloadError,
                              aiohttp.ClientResponseError))


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``kind`` is among the causes of ``error``."""
    seen: set[int] = set()
    todo: list[BaseException] = [error]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, kind):
            return True
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
    if isinstance(error, aiohttp.ClientHttpProxyError):
        return Failure.CONNECT, f"the proxy refused: {error.status} {error.message}"
    if isinstance(error, aiohttp.ClientProxyConnectionError):
        return Failure.CONNECT, f"could not connect to the proxy: {error}"
    if isinstance(error, (aiohttp.ClientSSLError, aiohttp.ClientConnectorCertificateError)):
        return Failure.TLS, f"TLS failed: {error}"
    if isinstance(error, aiohttp.ConnectionTimeoutError):
        return Failure.TIMEOUT, "timed out while connecting"
    if isinstance(error, TimeoutError):
        return Failure.TIMEOUT, "timed out while waiting for an answer"
    if isinstance(error, aiohttp.ClientConnectorError):
        if _caused_by(error, ConnectionRefusedError) or "refused" in str(error).lower():
            return Failure.REFUSED, "connection refused"
        if _caused_by(error, ssl.SSLError):
            return Failure.TLS, f"TLS failed: {error}"
        return Failure.CONNECT, f"could not connect: {error}"
    if isinstance(error, MalformedTarget):
        return Failure.MALFORMED, str(error)
    if isinstance(error, aiohttp.ClientResponseError):
        return Failure.PROTOCOL, f"broken answer: {error.message}"
    if isinstance(error, aiohttp.ClientError):
        return Failure.PROTOCOL, f"broken answer: {error or type(error).__name__}"
    if isinstance(error, OSError):
        return Failure.CONNECT, f"could not connect: {error}"
    # Not expected; still a fact about this one link, not a reason to stop the run.
    return Failure.PROTOCOL, f"check failed: {type(error).__name__}: {error}"

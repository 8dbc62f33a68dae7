"""Asking one service: its rate limit, its concurrency, retries, the cache.

Each service has a ``ServiceClient``. ``ask(request)`` answers from the
cache when it can; otherwise (and unless offline) it waits for a slot of
the service's rate limit and for one of its concurrency permits, sends the
request, and parses the answer with the provider. The same request asked
twice in a run goes out once.

The rate limit spaces the sends of requests by ``1 / rate`` seconds and a
little more (RateLimiter), whatever the concurrency, so a service never
sees more than ``rate`` requests in a second. A 429 (or a 503) with ``Retry-After`` holds every
request to that service for as long as it asks (up to
``papers.max-retry-after``; asked to wait longer, the request fails and the
row is left unchecked). A 5xx is retried after 1, 2… seconds; a malformed
body is not retried. Nothing that failed is cached.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from ..links.event_loop import ask_once
from ..links.retry import retry_after_seconds
from ..record import Record
from .records import MalformedAnswer, PaperRecord

if TYPE_CHECKING:
    import aiohttp

    from ..links.safety import AddressPolicy
    from .cache import PaperCache
    from .provider import Provider

# A bibliographic answer is small; a larger body is not one.
MAX_BODY = 8 * 1024 * 1024
MAX_REDIRECTS = 3
# The share of each interval kept in reserve for network jitter (RateLimiter).
RATE_SLACK = 0.05


class Unanswered(Exception):
    """No answer to use: ``offline`` (nothing cached) or a failure (``detail`` says which)."""

    def __init__(self, detail: str, offline: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.offline = offline


class ServiceStats(Record):
    __slots__ = ("requests", "cached", "failed", "rate_limited", "starts")

    def __init__(self) -> None:
        self.requests = 0  # HTTP requests sent, retries included
        self.cached = 0  # requests answered from the cache
        self.failed = 0
        self.rate_limited = 0  # 429s (and 503s with Retry-After) received
        self.starts: list[float] = []  # when each request was sent (monotonic): what the limit governs


class RateLimiter:
    """Sends at most one request every ``1 / rate`` seconds.

    What a service counts is when requests reach it, and a request leaves
    some time after its slot (a connection to open, a busy event loop). So
    the next slot is counted from when the previous request's headers were
    actually sent (``sent``), and waits for that news: the gaps between
    sends, not only between slots, are at least the interval. And the
    service sees the sends through a network that delays some more than
    others: the interval has ``RATE_SLACK`` to spare, so that a delay of up
    to that share of a second does not put one request too many in a
    second of the service's count."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.interval = (1.0 + RATE_SLACK) / rate
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = asyncio.Lock()
        self._in_flight: asyncio.Future[None] | None = None

    async def wait(self) -> float:
        """Wait for the next slot; return its time. Each slot must be
        followed by ``sent`` (also when the request failed before sending)."""
        async with self._lock:
            if self._in_flight is not None:
                try:  # bounded: a request that never reports must not stop the service
                    await asyncio.wait_for(asyncio.shield(self._in_flight), timeout=30.0)
                except TimeoutError:
                    pass
            while True:
                delay = self._next - self._clock()
                if delay <= 0:
                    break
                await self._sleep(delay)
            now = self._clock()
            self._next = now + self.interval
            self._in_flight = asyncio.get_running_loop().create_future()
            return now

    def sent(self, moment: float | None = None) -> None:
        """The request of the last slot left at ``moment`` (now by default)."""
        moment = self._clock() if moment is None else moment
        self._next = max(self._next, moment + self.interval)
        if self._in_flight is not None and not self._in_flight.done():
            self._in_flight.set_result(None)

    def hold(self, seconds: float) -> None:
        """No request for ``seconds`` (a Retry-After)."""
        self._next = max(self._next, self._clock() + seconds)


class ServiceClient:
    def __init__(self, provider: Provider, base_url: str, *, rate: float, concurrency: int,
                 session: Callable[[], Awaitable[aiohttp.ClientSession]] | None,
                 policy: Callable[[], AddressPolicy],
                 cache: PaperCache | None,
                 retries: int, max_retry_after: float, offline: bool) -> None:
        self.provider = provider
        self.name = provider.name
        self.base_url = base_url.rstrip("/")
        self.limiter = RateLimiter(rate)
        self.permits = asyncio.Semaphore(max(1, concurrency))
        self.session = session
        self.policy = policy
        self.cache = cache
        self.retries = retries
        self.max_retry_after = max_retry_after
        self.offline = offline
        self.stats = ServiceStats()
        self._asked: dict[str, asyncio.Future[list[PaperRecord]]] = {}

    async def ask(self, request: str) -> list[PaperRecord]:
        """The records answering ``request``, or Unanswered."""
        return await ask_once(self._asked, request, lambda: self._answer(request))

    async def _answer(self, request: str) -> list[PaperRecord]:
        if self.cache is not None:
            cached = self.cache.get(self.name, request)
            if cached is not None:
                self.stats.cached += 1
                return cached
        if self.offline or self.session is None:
            # A run that never goes out (offline, or every answer cached) opens no session.
            raise Unanswered("offline, and no cached answer", offline=True)
        try:
            async with self.permits:
                records = await self._fetch(request)
        except Unanswered:
            self.stats.failed += 1
            raise
        if self.cache is not None:
            self.cache.put(self.name, request, records)
        return records

    async def _fetch(self, request: str) -> list[PaperRecord]:
        import aiohttp

        from .http import check_literal, refusal_in

        assert self.session is not None
        session = await self.session()
        failure = "no answer"
        for attempt in range(self.retries + 1):
            url = self.base_url + request
            for _hop in range(MAX_REDIRECTS + 1):
                refused = check_literal(urlsplit(url).hostname or "", self.policy())
                if refused:
                    raise Unanswered(f"refused: {refused}")
                await self.limiter.wait()
                self.stats.requests += 1
                reported: list[float] = []

                def headers_sent(moment: float, reported: list[float] = reported) -> None:
                    if not reported:
                        reported.append(moment)
                        self.stats.starts.append(moment)
                        self.limiter.sent(moment)

                try:
                    async with session.get(url, allow_redirects=False, trace_request_ctx=headers_sent) as response:
                        status = response.status
                        if status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                            url = urljoin(url, response.headers["Location"])
                            continue
                        retry_after = response.headers.get("Retry-After")
                        body = await response.content.read(MAX_BODY + 1) if status in (200, 404) else b""
                except (TimeoutError, aiohttp.ClientError, OSError) as error:
                    refused = refusal_in(error)
                    if refused:
                        raise Unanswered(f"refused: {refused}") from None
                    failure = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
                    break
                finally:
                    # Reported by the session's trace when its headers left; a
                    # session without that trace (another factory's) is counted here.
                    headers_sent(time.monotonic())
                if len(body) > MAX_BODY:
                    raise Unanswered(f"an answer larger than {MAX_BODY // 1024 // 1024} MB")
                if status == 200:
                    try:
                        return self.provider.parse(body)
                    except MalformedAnswer as error:
                        raise Unanswered(f"malformed answer: {error}") from None
                if status == 404 and "/works/doi:" in url:
                    return []  # OpenAlex has no work with that DOI: a definitive "no"
                if status == 429 or (status == 503 and retry_after):
                    self.stats.rate_limited += 1
                    wait = _seconds(retry_after)
                    if wait > self.max_retry_after:
                        raise Unanswered(f"rate limited (HTTP {status}); asked to wait {wait:g} s")
                    self.limiter.hold(wait)
                    failure = f"rate limited (HTTP {status})"
                    break
                if status >= 500:
                    failure = f"HTTP {status}"
                    if attempt < self.retries:
                        self.limiter.hold(float(2**attempt))
                    break
                raise Unanswered(f"HTTP {status}")
            else:
                raise Unanswered(f"more than {MAX_REDIRECTS} redirects")
        raise Unanswered(failure)


def _seconds(retry_after: str | None) -> float:
    """Retry-After as seconds; 1 s when absent or unreadable."""
    seconds = retry_after_seconds(retry_after)
    return 1.0 if seconds is None else seconds

"""One HTTP/1.1 connection, as lean as a link check allows: h11 writes the
request and reads the answer, an asyncio Protocol moves the bytes.

Why not httpcore (httpx's transport), which this replaced: a link check
sends a HEAD or a GET and reads nothing past the headers, and httpcore's
generality (an anyio cancel scope around every read and write, a socket
poll per pooled connection per request, locks, events and traces) cost
about 1 ms of CPU per request, which made a run of 1,000 links CPU-bound.
On the wire nothing changed: h11 is the protocol layer httpcore uses, so
the same request bytes go out and answers are parsed as strictly.

Errors carry httpcore's messages where there was one, and map to the same
verdicts (see checker._failure).
"""

from __future__ import annotations

import asyncio
import ssl
from typing import NamedTuple

import h11

# Larger header blocks than h11's 16 KiB default exist (long Set-Cookie
# lists); httpcore allowed 100 KiB.
_MAX_HEADER_BYTES = 100 * 1024


class HttpError(Exception):
    """Base of what a request can fail with."""


class ConnectFailed(HttpError):
    """No connection (or no TLS session) could be set up; the cause is chained."""


class ConnectTimedOut(HttpError):
    def __init__(self) -> None:
        super().__init__("timed out while connecting")


class ReadTimedOut(HttpError):
    def __init__(self) -> None:
        super().__init__("timed out while waiting for an answer")


class ConnectionDropped(HttpError):
    """The connection closed or broke before a whole answer came (often a
    stale keep-alive connection): worth another try."""


class BrokenAnswer(HttpError):
    """What came back is not HTTP/1.1 (h11 says why): worth another try."""


class InvalidRequest(HttpError):
    """h11 refused to write the request (a configured header with a line break)."""


class Answer(NamedTuple):
    status: int
    headers: list[tuple[bytes, bytes]]  # names in lowercase


class Connection(asyncio.Protocol):
    """A client connection that answers one request at a time.

    ``reusable`` is true between requests while the connection can take
    another: after a complete answer to HEAD, and only until the server
    closes it or says anything out of turn."""

    def __init__(self) -> None:
        self._h11 = h11.Connection(h11.CLIENT, max_incomplete_event_size=_MAX_HEADER_BYTES)
        self._transport: asyncio.Transport | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._busy = False
        self._eof = False
        self._lost: BaseException | None = None
        self._closed = False
        self.reusable = False

    # Called by asyncio.

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        if not self._busy:
            # Nothing was asked: a server that talks now is closing, or sent
            # a body after a HEAD answer. Either way the connection is spent.
            self.close()
            return
        self._h11.receive_data(data)
        self._wake()

    def eof_received(self) -> bool:
        self._eof = True
        self.reusable = False
        self._wake()
        return False  # let asyncio close the transport

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost = exc or ConnectionDropped("the connection was closed")
        self.reusable = False
        self._wake()

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    # Used by the checker.

    async def start_tls(self, context: ssl.SSLContext, server_hostname: str, timeout: float) -> None:
        assert self._transport is not None
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                self._transport = await loop.start_tls(  # type: ignore[assignment]
                    self._transport, self, context, server_hostname=server_hostname)
        except TimeoutError:
            self.close()
            raise ConnectTimedOut() from None
        except (OSError, ssl.SSLError) as error:
            self.close()
            raise ConnectFailed(str(error) or type(error).__name__) from error

    async def request(self, method: bytes, target: bytes, headers: list[tuple[bytes, bytes]],
                      read_timeout: float) -> Answer:
        """Send one request and read the answer's head. A HEAD answer is
        read to its end, so that the connection can be reused; any other
        answer's body is never read (close the connection)."""
        if self._lost is not None or self._eof or self._closed:
            raise ConnectionDropped("the connection was closed")
        assert self._transport is not None
        self.reusable = False
        self._busy = True
        try:
            data = self._h11.send(h11.Request(method=method, target=target, headers=headers))
            data += self._h11.send(h11.EndOfMessage())  # type: ignore[operator]
        except h11.LocalProtocolError as error:
            raise InvalidRequest(str(error)) from None
        self._transport.write(data)
        event = await self._next_event(read_timeout)
        # Interim answers (100 Continue, 103 Early Hints) come before the real one.
        while type(event) is h11.InformationalResponse and event.status_code != 101:
            event = await self._next_event(read_timeout)
        answer = Answer(event.status_code, list(event.headers))  # type: ignore[union-attr]
        if method == b"HEAD" and type(event) is h11.Response:
            await self._end_head_answer(read_timeout)
        return answer

    async def _end_head_answer(self, read_timeout: float) -> None:
        """A HEAD answer has no body: its end is already here. Ready the
        connection for the next request, if the server keeps it open."""
        if type(await self._next_event(read_timeout)) is not h11.EndOfMessage or not self._h11_done():
            return
        self._h11.start_next_cycle()
        self._busy = False
        # Bytes past the end (a body sent after all) would be read as the next answer.
        spent = self._eof or self._lost is not None or self._closed or self._h11.trailing_data[0]
        self.reusable = not spent

    def _h11_done(self) -> bool:
        return self._h11.our_state is h11.DONE and self._h11.their_state is h11.DONE

    async def _next_event(self, read_timeout: float) -> h11.Event:
        while True:
            try:
                event = self._h11.next_event()
            except h11.RemoteProtocolError as error:
                raise BrokenAnswer(str(error)) from None
            if event is not h11.NEED_DATA:
                return event  # type: ignore[return-value]
            # Only the head of an answer is ever waited for, so an end now
            # is an answer cut short.
            if self._eof:
                raise ConnectionDropped("Server disconnected without sending a response.")
            if self._lost is not None:
                raise ConnectionDropped(str(self._lost) or type(self._lost).__name__) from self._lost
            await self._wait(read_timeout)

    async def _wait(self, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        waiter = self._waiter = loop.create_future()
        timer = loop.call_later(timeout, _time_out, waiter)
        try:
            await waiter
        finally:
            timer.cancel()
            self._waiter = None

    def close(self) -> None:
        """Drop the connection at once: no TLS goodbye, and nothing more of a
        body is read."""
        self.reusable = False
        if not self._closed:
            self._closed = True
            if self._transport is not None:
                self._transport.abort()


def _time_out(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_exception(ReadTimedOut())


async def open_connection(address: str, port: int, timeout: float) -> Connection:
    """A TCP connection to an IP address (never a name: the caller resolved
    and checked it)."""
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(timeout):
            _, connection = await loop.create_connection(Connection, address, port)
    except TimeoutError:
        raise ConnectTimedOut() from None
    except OSError as error:
        raise ConnectFailed(str(error) or type(error).__name__) from error
    return connection

"""Keep-alive connections between requests, per host, and the TLS context."""

from __future__ import annotations

import asyncio
import os
import ssl

from .http1 import Connection
from .safety import GuardedBackend
from .target import MalformedTarget, RequestTarget


def tls_context() -> ssl.SSLContext:
    """What httpx's ``create_ssl_context()`` makes (certifi's bundle, unless
    SSL_CERT_FILE or SSL_CERT_DIR name another), offering HTTP/1.1 only."""
    if os.environ.get("SSL_CERT_FILE"):
        context = ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    elif os.environ.get("SSL_CERT_DIR"):
        context = ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    else:
        import certifi

        context = ssl.create_default_context(cafile=certifi.where())
    context.set_alpn_protocols(["http/1.1"])
    return context


class ConnectionPool:
    """Idle connections by host, then by scheme and port.

    It sets no limit of its own: the checker's per-host limit bounds how
    many requests a host gets at once, so it bounds the connections too.
    A connection the server closed, or that spoke out of turn, is noticed
    by its protocol when it happens and is not reused; no socket is polled
    per request."""

    def __init__(self, backend: GuardedBackend, connect_timeout: float) -> None:
        self._backend = backend
        self._connect_timeout = connect_timeout
        self._idle: dict[str, dict[tuple[str, int], list[Connection]]] = {}
        self._tls: asyncio.Future[ssl.SSLContext] | None = None

    def prepare_tls(self) -> None:
        """Start loading the TLS context (certifi's bundle takes 50-100 ms to
        parse) in a thread, while the first names resolve and plain
        connections open."""
        if self._tls is None:
            self._tls = asyncio.get_running_loop().run_in_executor(None, tls_context)

    async def acquire(self, target: RequestTarget) -> Connection:
        """An idle connection to where ``target`` goes, or a new one."""
        hosts_idle = self._idle.get(target.host)
        if hosts_idle:
            idle = hosts_idle.get((target.scheme, target.port))
            while idle:
                connection = idle.pop()
                if connection.reusable:
                    return connection
                connection.close()
        if target.scheme not in ("http", "https"):
            raise MalformedTarget(f"Request URL has an unsupported protocol '{target.scheme}://'.")
        connection = await self._backend.connect_tcp(target.host, target.port, timeout=self._connect_timeout)
        if target.scheme == "https":
            self.prepare_tls()
            assert self._tls is not None
            try:
                context = await asyncio.shield(self._tls)
            except BaseException:
                connection.close()
                raise
            await connection.start_tls(context, target.host, self._connect_timeout)
        return connection

    def release(self, target: RequestTarget, connection: Connection) -> None:
        """Keep ``connection`` for the next request to the same place, if it
        can take one; close it otherwise."""
        if connection.reusable:
            by_origin = self._idle.setdefault(target.host, {})
            by_origin.setdefault((target.scheme, target.port), []).append(connection)
        else:
            connection.close()

    def close_host(self, host: str) -> None:
        for idle in self._idle.pop(host, {}).values():
            for connection in idle:
                connection.close()

    def close_all(self) -> None:
        for host in list(self._idle):
            self.close_host(host)

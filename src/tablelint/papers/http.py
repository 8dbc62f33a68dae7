"""The one place paper verification makes its HTTP session (aiohttp).

``open_session`` builds an ``aiohttp.ClientSession`` whose resolver applies
the link checker's address policy (``links.safety.AddressPolicy``, through
``links.dns.Resolver``): every name is resolved once, each address is
checked, and aiohttp connects to the checked addresses only, so a service
URL configured to a private address, or a DNS answer that points there, is
refused as a link would be. aiohttp does not ask a resolver about an IP
literal, so ``check_literal`` refuses those before a request is sent; and
redirects are followed by the caller (``client.py``), which checks each
hop's host the same way.

It is kept to this module so that the session can later come from the
link checker's shared factory: the caller needs a ClientSession and
``refusal``, nothing else.
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

from ..links.dns import ResolveError, Resolver, literal_address
from ..links.safety import AddressPolicy, BlockedAddress
from ..links.tls import tls_context

if TYPE_CHECKING:
    from ..links.dns import Lookup


class RefusedAddress(OSError):
    """The policy refuses every address of a host (aiohttp reports it as a
    connection error whose cause is this)."""

    def __init__(self, blocked: BlockedAddress) -> None:
        super().__init__(str(blocked))
        self.blocked = blocked


class _GuardedResolver(AbstractResolver):
    def __init__(self, resolver: Resolver, policy: AddressPolicy) -> None:
        self._resolver = resolver
        self._policy = policy

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET,
                      ) -> list[ResolveResult]:
        try:
            addresses = await self._resolver.resolve(host)
        except ResolveError as error:
            raise OSError(str(error)) from None
        allowed = [address for address in addresses if self._policy.refusal(address) is None]
        if not allowed:
            reason = self._policy.refusal(addresses[0]) or "refused"
            raise RefusedAddress(BlockedAddress(host, addresses[0], reason))
        return [
            ResolveResult(hostname=host, host=str(address), port=port,
                          family=socket.AF_INET6 if address.version == 6 else socket.AF_INET,
                          proto=0, flags=socket.AI_NUMERICHOST)
            for address in allowed
        ]

    async def close(self) -> None:
        pass


def check_literal(host: str, policy: AddressPolicy) -> str | None:
    """Why a request to the IP literal ``host`` is refused; None for a name
    (the resolver checks those) or an allowed address."""
    address = literal_address(host)
    if address is None:
        return None
    reason = policy.refusal(address)
    return f"{host} is {reason}" if reason else None


def open_session(policy: AddressPolicy, *, user_agent: str, timeout: float, lookup: Lookup | None = None,
                 limit: int = 16) -> aiohttp.ClientSession:
    """A session that connects only where ``policy`` allows."""
    connector = aiohttp.TCPConnector(
        resolver=_GuardedResolver(Resolver(lookup), policy), limit=limit, ssl=tls_context(),
        ttl_dns_cache=None, use_dns_cache=False,
    )
    return aiohttp.ClientSession(
        connector=connector, headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
        timeout=aiohttp.ClientTimeout(total=timeout), trust_env=False, trace_configs=[_sent_trace()],
    )


def _sent_trace() -> aiohttp.TraceConfig:
    """Tells a request's ``trace_request_ctx`` (a callable) when its headers
    were sent: the moment a service's rate limit counts (client.RateLimiter)."""
    import time

    async def headers_sent(session: object, context: object, params: object) -> None:
        report = getattr(context, "trace_request_ctx", None)
        if callable(report):
            report(time.monotonic())

    trace = aiohttp.TraceConfig()
    trace.on_request_headers_sent.append(headers_sent)
    return trace


def refusal_in(error: BaseException) -> str | None:
    """The policy's refusal behind an aiohttp error, if that is what it is."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, RefusedAddress):
            return str(seen.blocked)
        seen = seen.__cause__ or getattr(seen, "os_error", None)
        if seen is error:
            break
    return None

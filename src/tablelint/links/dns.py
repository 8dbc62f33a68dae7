"""Name resolution for the link checker, and when to believe an NXDOMAIN.

A machine without DNS answers every lookup with the same "name or service
not known" that a deleted domain gets (this is what a sandboxed CI runner
sees). So an NXDOMAIN counts as proof that a link is dead only when DNS is
seen to work in the same run: another name resolved, or the probe name does.
Names that resolve without DNS (IP literals, ``localhost``) are no evidence.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor

from .event_loop import ask_once

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# getaddrinfo's answers that mean "this name does not exist" (or has no
# address): NXDOMAIN, or NODATA where the platform defines it.
_NO_SUCH_NAME = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}


class ResolveError(Exception):
    """A name did not resolve. ``no_such_name`` is the resolver's NXDOMAIN
    (which is proof of a dead link only if DNS works, see Resolver.dns_works)."""

    def __init__(self, host: str, message: str, no_such_name: bool) -> None:
        super().__init__(f"{host}: {message}")
        self.host = host
        self.message = message
        self.no_such_name = no_such_name


# Resolves one name to its addresses, or raises ResolveError. Tests inject
# their own; the default asks the system resolver.
Lookup = Callable[[str], Awaitable[list[IPAddress]]]


_lookup_threads: ThreadPoolExecutor | None = None


async def system_lookup(host: str) -> list[IPAddress]:
    """The system resolver (getaddrinfo, so /etc/hosts and the platform's
    DNS settings apply), in threads of its own: asyncio's default pool has
    min(32, cores + 4) threads, 6 on a CI runner, too few for a list of
    many hosts with a slow resolver."""
    global _lookup_threads
    if _lookup_threads is None:
        _lookup_threads = ThreadPoolExecutor(max_workers=32, thread_name_prefix="tablelint-dns")
    loop = asyncio.get_running_loop()
    try:
        answers = await loop.run_in_executor(
            _lookup_threads, functools.partial(socket.getaddrinfo, host, None, type=socket.SOCK_STREAM))
    except socket.gaierror as error:
        raise ResolveError(host, error.strerror or str(error), error.errno in _NO_SUCH_NAME) from None
    except (OSError, UnicodeError) as error:
        raise ResolveError(host, str(error), False) from None
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in answers:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise ResolveError(host, "no address", True)
    return addresses


# What inet_aton reads as an IPv4 address though no dotted quad:
# 2130706433, 0x7f000001, 0177.1, 127.1 (all loopback). Browsers and
# getaddrinfo take them; they are addresses, never names to look up.
_NUMERIC_HOST = re.compile(r"(?:0[xX][0-9a-fA-F]*|[0-9]+)(?:\.(?:0[xX][0-9a-fA-F]*|[0-9]+)){0,3}\.?")


def literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
        except OSError:
            return None
    return None


def _proves_dns(host: str) -> bool:
    name = host.lower().rstrip(".")
    return name != "localhost" and not name.endswith(".localhost") and "." in name


class Resolver:
    """Resolves each name once per run (concurrent callers share the
    answer), with a time limit, and keeps the evidence that DNS works."""

    def __init__(self, lookup: Lookup | None = None, timeout: float = 5.0, probe: str = "") -> None:
        self._lookup = lookup or system_lookup
        self._timeout = timeout
        self._probe = probe
        self._answers: dict[str, asyncio.Future[list[IPAddress]]] = {}
        self.resolved_names = 0

    async def resolve(self, host: str) -> list[IPAddress]:
        literal = literal_address(host)
        if literal is not None:
            return [literal]
        key = host.lower().rstrip(".")
        return list(await ask_once(self._answers, key, lambda: self._lookup_once(key)))

    async def _lookup_once(self, host: str) -> list[IPAddress]:
        try:
            addresses = await asyncio.wait_for(self._lookup(host), self._timeout)
        except TimeoutError:
            raise ResolveError(host, f"no DNS answer within {self._timeout:g} s", False) from None
        if _proves_dns(host):
            self.resolved_names += 1
        return addresses

    async def dns_works(self) -> bool:
        """Whether a lookup succeeded in this run, asking the probe name if
        nothing else told."""
        if self.resolved_names:
            return True
        if not self._probe:
            return False
        try:
            await self.resolve(self._probe)
        except ResolveError:
            return False
        return self.resolved_names > 0

"""Which addresses the link checker may connect to, enforced where it connects.

A Markdown file in a pull request is untrusted input: without this, a link to
``http://169.254.169.254/`` or ``http://10.0.0.1:8080/admin`` would make CI
probe its own network. The check sits in the httpcore network backend, the
one place every connection goes through: the name is resolved once, each
address is checked, and the socket is opened to the checked address itself.
So a redirect to a private address, or a DNS answer that changes between a
check and the connection (DNS rebinding), cannot slip past it. TLS still
verifies the certificate against the host name: httpcore passes the URL's
host as the server name, not the address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpcore

from .dns import IPAddress, Resolver

# Instance metadata services: the classic target of server-side request
# forgery. Refused even with --allow-private-links: no table links there.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address)
    for address in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle
        "169.254.170.2",  # AWS ECS task metadata
        "fd00:ec2::254",  # AWS over IPv6
        "100.100.100.200",  # Alibaba Cloud
    )
)
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class BlockedAddress(Exception):
    """Every address of a host is one the policy refuses."""

    def __init__(self, host: str, address: IPAddress, reason: str) -> None:
        shown = host if host == str(address) else f"{host} ({address})"
        super().__init__(f"{shown} is {reason}")
        self.host = host
        self.address = address
        self.reason = reason


def _embedded_ipv4(address: IPAddress) -> IPAddress:
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address in _NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def non_public_reason(address: IPAddress) -> str | None:
    """Why ``address`` is not a public internet address, or None if it is."""
    address = _embedded_ipv4(address)
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_unspecified:
        return "the unspecified address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private address"
    if isinstance(address, ipaddress.IPv4Address) and address in _SHARED:
        return "a shared (carrier-grade NAT) address"
    if not address.is_global:
        return "a non-public address"
    return None


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """``allow_private`` opens every non-public address but metadata ones;
    ``allowed`` opens chosen networks only (tests use it to allow one
    loopback address and refuse another)."""

    allow_private: bool = False
    allowed: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    def refusal(self, address: IPAddress) -> str | None:
        """Why a connection to ``address`` is refused, or None."""
        reason = non_public_reason(address)
        if reason is None:
            return None
        if _embedded_ipv4(address) in METADATA_ADDRESSES:
            return reason
        if self.allow_private or any(address in network for network in self.allowed):
            return None
        return reason


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that resolves with ``resolver``, refuses
    what ``policy`` refuses, and connects to the checked address."""

    def __init__(self, resolver: Resolver, policy: AddressPolicy,
                 inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self.resolver = resolver
        self.policy = policy
        self.inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None) -> httpcore.AsyncNetworkStream:
        addresses = await self.resolver.resolve(host)
        allowed = [address for address in addresses if self.policy.refusal(address) is None]
        if not allowed:
            raise BlockedAddress(host, addresses[0], self.policy.refusal(addresses[0]) or "refused")
        failure: Exception | None = None
        for address in allowed:
            try:
                return await self.inner.connect_tcp(
                    str(address), port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        assert failure is not None
        raise failure

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[Any] | None = None) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are never used for link checks")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)

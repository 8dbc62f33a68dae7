"""Which addresses the link checker may connect to, enforced where it connects.

A Markdown file in a pull request is untrusted input: without this, a link to
``http://169.254.169.254/`` or ``http://10.0.0.1:8080/admin`` would make CI
probe its own network. The check sits in the network backend, the one
place every connection goes through: the name is resolved once, each
address is checked, and the socket is opened to the checked address itself.
So a redirect to a private address, or a DNS answer that changes between a
check and the connection (DNS rebinding), cannot slip past it. TLS still
verifies the certificate against the host name: the pool passes the URL's
host as the server name, not the address.
"""

from __future__ import annotations

import ipaddress
from typing import Protocol

from ..record import Record
from .dns import IPAddress, Resolver
from .http1 import ConnectFailed, Connection, ConnectTimedOut, open_connection

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


class AddressPolicy(Record):
    """``allow_private`` opens every non-public address but metadata ones;
    ``allowed`` opens chosen networks only (tests use it to allow one
    loopback address and refuse another)."""

    __slots__ = ("allow_private", "allowed")

    def __init__(
        self, allow_private: bool = False, allowed: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = (),
    ) -> None:
        self.allow_private = allow_private
        self.allowed = allowed

    def __hash__(self) -> int:
        return hash((self.allow_private, self.allowed))

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


class Connector(Protocol):
    async def connect_tcp(self, host: str, port: int, timeout: float) -> Connection: ...


class _Direct:
    async def connect_tcp(self, host: str, port: int, timeout: float) -> Connection:
        return await open_connection(host, port, timeout)


class GuardedBackend:
    """Opens connections: resolves with ``resolver``, refuses what
    ``policy`` refuses, and connects (through ``inner``) to the checked
    address, trying the next allowed one when a connection fails."""

    def __init__(self, resolver: Resolver, policy: AddressPolicy, inner: Connector | None = None) -> None:
        self.resolver = resolver
        self.policy = policy
        self.inner: Connector = inner or _Direct()

    async def connect_tcp(self, host: str, port: int, timeout: float = 5.0) -> Connection:
        addresses = await self.resolver.resolve(host)
        allowed = [address for address in addresses if self.policy.refusal(address) is None]
        if not allowed:
            raise BlockedAddress(host, addresses[0], self.policy.refusal(addresses[0]) or "refused")
        failure: Exception | None = None
        for address in allowed:
            try:
                return await self.inner.connect_tcp(str(address), port, timeout=timeout)
            except (ConnectFailed, ConnectTimedOut) as error:
                failure = error
        assert failure is not None
        raise failure

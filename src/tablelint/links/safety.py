"""Which addresses the link checker may connect to, enforced where it connects.

A Markdown file in a pull request is untrusted input: without this, a link to
``http://169.254.169.254/`` or ``http://10.0.0.1:8080/admin`` would make CI
probe its own network. The checker asks the Guard before every request,
each redirect hop included, whatever the host is (a name, an IP literal, a
numeric form such as 2130706433) and whether or not a proxy carries it;
and the resolver aiohttp connects with is the Guard itself, so the socket
goes to a checked address. Each name is resolved once per run: a DNS answer
that changes between the check and the connection (DNS rebinding) is not
asked for.
"""

from __future__ import annotations

import ipaddress

from ..record import Record
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


class Guard:
    """The address policy applied to names: resolves with ``resolver`` and
    keeps only the addresses ``policy`` allows."""

    def __init__(self, resolver: Resolver, policy: AddressPolicy) -> None:
        self.resolver = resolver
        self.policy = policy
        # The allowed addresses of each host: a name is resolved once per run
        # (Resolver), so its verdict holds for the run too.
        self._allowed: dict[str, list[IPAddress]] = {}

    async def allowed_addresses(self, host: str) -> list[IPAddress]:
        """Raises BlockedAddress when every address of ``host`` is refused,
        ResolveError when it has none."""
        allowed = self._allowed.get(host)
        if allowed is None:
            addresses = await self.resolver.resolve(host)
            allowed = [address for address in addresses if self.policy.refusal(address) is None]
            if not allowed:
                raise BlockedAddress(host, addresses[0], self.policy.refusal(addresses[0]) or "refused")
            self._allowed[host] = allowed
        return allowed


def guarded_resolver(guard: Guard, proxy_hosts: frozenset[str]):  # type: ignore[no-untyped-def]
    """aiohttp's only source of addresses for names: the allowed addresses
    of a host, or every address of a configured proxy (the user chose it).
    aiohttp connects to what this returns, so the address checked is the
    address connected to, and TLS still verifies the URL's host name."""
    import socket

    from aiohttp.abc import AbstractResolver

    class GuardedResolver(AbstractResolver):
        async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET):  # type: ignore[no-untyped-def,override]
            if host.lower().rstrip(".") in proxy_hosts:
                addresses = await guard.resolver.resolve(host)
            else:
                addresses = await guard.allowed_addresses(host)
            return [{"hostname": host, "host": str(address), "port": port, "proto": 0,
                     "family": socket.AF_INET6 if address.version == 6 else socket.AF_INET,
                     "flags": socket.AI_NUMERICHOST} for address in addresses]

        async def close(self) -> None:
            pass

    return GuardedResolver()

"""Which addresses the checker refuses, and when an NXDOMAIN counts.

Nothing here opens a connection except to the local test server: refused
addresses are refused before any socket is made, and names resolve through
injected lookups.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress

import pytest

from tablelint.links.dns import ResolveError, Resolver
from tablelint.links.safety import AddressPolicy, BlockedAddress, Guard, guarded_resolver, non_public_reason


@pytest.mark.parametrize(("address", "reason"), [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"), ("fd12::1", "private"),
    ("169.254.1.1", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("169.254.169.254", "metadata"), ("fd00:ec2::254", "metadata"), ("100.100.100.200", "metadata"),
    ("0.0.0.0", "unspecified"), ("100.64.0.1", "shared"),
    ("::ffff:10.0.0.1", "private"), ("::ffff:127.0.0.1", "loopback"), ("64:ff9b::a9fe:a9fe", "metadata"),
    ("240.0.0.1", "reserved"), ("192.0.2.1", "private"),
])
def test_non_public_addresses_are_named(address: str, reason: str) -> None:
    found = non_public_reason(ipaddress.ip_address(address))
    assert found is not None and reason in found


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::6810:84e5", "8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert non_public_reason(ipaddress.ip_address(address)) is None
    assert AddressPolicy().refusal(ipaddress.ip_address(address)) is None


def test_the_policy_refuses_private_addresses_unless_allowed_and_metadata_always() -> None:
    loopback, private = ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("10.0.0.5")
    metadata = ipaddress.ip_address("169.254.169.254")
    assert AddressPolicy().refusal(loopback) and AddressPolicy().refusal(private)
    allowed = AddressPolicy(allow_private=True)
    assert allowed.refusal(loopback) is None and allowed.refusal(private) is None
    assert allowed.refusal(metadata) == "a cloud metadata address"
    one_network = AddressPolicy(allowed=(ipaddress.ip_network("127.0.0.1/32"),))
    assert one_network.refusal(loopback) is None
    assert one_network.refusal(ipaddress.ip_address("127.0.0.2")) is not None


def _lookup_table(answers: dict[str, list[str] | ResolveError]):  # type: ignore[no-untyped-def]
    calls: list[str] = []

    async def lookup(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        calls.append(host)
        answer = answers.get(host, ResolveError(host, "Name or service not known", True))
        if isinstance(answer, ResolveError):
            raise answer
        return [ipaddress.ip_address(address) for address in answer]

    return lookup, calls


def test_the_guard_refuses_a_host_whose_every_address_is_private() -> None:
    lookup, _ = _lookup_table({"intranet.example": ["10.0.0.7"],
                               "rebind.example": ["10.0.0.8", "169.254.169.254"]})
    guard = Guard(Resolver(lookup), AddressPolicy())
    for host in ("intranet.example", "rebind.example", "127.0.0.1", "[::1]", "::ffff:127.0.0.1",
                 "2130706433", "0x7f000001", "0177.0.0.1", "127.1"):
        with pytest.raises(BlockedAddress):
            asyncio.run(guard.allowed_addresses(host))


def test_the_resolver_aiohttp_connects_with_gives_only_the_allowed_addresses() -> None:
    lookup, _ = _lookup_table({"mixed.example": ["10.0.0.9", "203.0.113.77", "93.184.215.14"],
                               "proxy.internal": ["10.0.0.3"]})
    resolver = guarded_resolver(Guard(Resolver(lookup), AddressPolicy()), frozenset({"proxy.internal"}))
    answers = asyncio.run(resolver.resolve("mixed.example", 443))
    # The private and documentation addresses were left out.
    assert [(answer["host"], answer["port"]) for answer in answers] == [("93.184.215.14", 443)]
    # A configured proxy's own address is the user's choice.
    assert [answer["host"] for answer in asyncio.run(resolver.resolve("proxy.internal", 3128))] == ["10.0.0.3"]
    with pytest.raises(BlockedAddress):
        asyncio.run(resolver.resolve("10.0.0.9", 80))


def test_each_name_is_looked_up_once_per_run() -> None:
    lookup, calls = _lookup_table({"a.example": ["93.184.215.14"]})
    resolver = Resolver(lookup)

    async def many() -> None:
        same_name = [resolver.resolve("a.example") for _ in range(5)]
        await asyncio.gather(*same_name, resolver.resolve("A.example."))
        with pytest.raises(ResolveError):
            await resolver.resolve("b.example")
        with pytest.raises(ResolveError):
            await resolver.resolve("b.example")

    asyncio.run(many())
    assert calls == ["a.example", "b.example"]


def _dns_works(answers: dict[str, list[str] | ResolveError], names: list[str], probe: str = "") -> bool:
    lookup, _ = _lookup_table(answers)
    resolver = Resolver(lookup, probe=probe)

    async def run() -> bool:
        for name in names:
            with contextlib.suppress(ResolveError):
                await resolver.resolve(name)
        return await resolver.dns_works()

    return asyncio.run(run())


def test_dns_works_when_another_name_resolved_in_the_run() -> None:
    assert _dns_works({"alive.example": ["93.184.215.14"]}, ["gone.example", "alive.example"])


def test_dns_is_not_trusted_when_nothing_resolved() -> None:
    assert not _dns_works({}, ["gone.example", "also-gone.example"])


def test_localhost_and_ip_literals_prove_nothing_about_dns() -> None:
    assert not _dns_works({"localhost": ["127.0.0.1"]}, ["gone.example", "localhost", "127.0.0.1", "::1"])


def test_the_probe_name_decides_when_the_run_has_no_evidence() -> None:
    answers: dict[str, list[str] | ResolveError] = {"probe.example": ["93.184.215.14"]}
    assert _dns_works(answers, ["gone.example"], probe="probe.example")
    assert not _dns_works({}, ["gone.example"], probe="probe.example")


def test_a_lookup_that_hangs_is_a_dns_failure_not_a_missing_name() -> None:
    async def hang(host: str) -> list:  # type: ignore[type-arg]
        await asyncio.sleep(10)
        return []

    resolver = Resolver(hang, timeout=0.05)
    with pytest.raises(ResolveError) as caught:
        asyncio.run(resolver.resolve("slow.example"))
    assert not caught.value.no_such_name

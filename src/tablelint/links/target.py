"""Where a request for a URL goes, and what it asks for, exactly as httpx's
URL parser makes them: lowercase scheme and host, IDNA, the default port
dropped, the path and query percent-encoded the WHATWG way, dot segments
removed, the fragment left out.

Most URLs of a table need none of that: an ASCII host and a path and
query of characters httpx leaves as they are. One regex match settles
those; every other URL goes through httpx itself, and so does every
redirect's join (tests/links/test_link_target.py checks the fast path
against httpx on generated URLs).
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from typing import NamedTuple

_DEFAULT_PORTS = {"http": 80, "https": 443}
# What httpx's quote() leaves alone (RFC 3986 unreserved characters plus
# its WHATWG "safe" sets): printable ASCII but space and, in a path,
# " # < > ? ` { }, in a query " # < >. (A "%" not followed by two hex
# digits is kept as it is, too.)
_PATH_CHARS = r"""!$%&'()*+,\-./0-9:;=@A-Z\[\\\]^_a-z|~"""
_QUERY_CHARS = _PATH_CHARS + r"?`{}"
_SIMPLE_URL = re.compile(
    r"([Hh][Tt][Tt][Pp][Ss]?)://([A-Za-z0-9._~-]+)(?::([0-9]{1,5}))?"
    rf"(/[{_PATH_CHARS}]*)?(?:\?([{_QUERY_CHARS}]*))?(?:#[^\x00-\x1f\x7f]*)?"
)
_IPV4_STYLE = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+")


class MalformedTarget(Exception):
    """httpx cannot make a request of the URL (its message says why)."""


class RequestTarget(NamedTuple):
    scheme: str  # "http" or "https" (anything else is refused when connecting)
    host: str  # as sent: lowercase, IDNA-encoded, an IPv6 address without brackets
    port: int  # the URL's, or the scheme's default
    authority: bytes  # the Host header: host, and the port unless it is the default
    path: bytes  # the request target: path and query
    url: str  # the URL without its fragment: what a redirect loop is told by


@lru_cache(maxsize=8192)
def request_target(url: str) -> RequestTarget:
    """Raises MalformedTarget for what httpx refuses. Cached: a URL is asked
    for by the per-host bookkeeping and by its request."""
    simple = _SIMPLE_URL.fullmatch(url)
    if simple is not None and len(url) <= 65536:
        target = _simple_target(*simple.groups())
        if target is not None:
            return target
    return _httpx_target(url)


def _simple_target(scheme: str, host: str, port_text: str | None, path: str | None,
                   query: str | None) -> RequestTarget | None:
    """The target of a URL ``_SIMPLE_URL`` matched, or None when httpx
    would still change or refuse something: dot segments in the path, a
    port out of range, an address-like host that is not an IPv4 address."""
    written_scheme, scheme, host = scheme, scheme.lower(), host.lower()
    if path and "." in path:
        segments = path.split("/")
        if "." in segments or ".." in segments:
            return None
    if _IPV4_STYLE.fullmatch(host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return None
    default = _DEFAULT_PORTS[scheme]
    port = default if port_text is None else int(port_text)
    if port > 65535:
        return None
    # httpx's quirk: the Host header leaves out a default port only after a
    # scheme written in lowercase; the URL it prints (the scheme lowercased
    # by then) always does.
    printed = host if port == default else f"{host}:{port}"
    sent = printed if port_text is None or written_scheme == scheme else f"{host}:{port}"
    path = path or ""
    query_part = "" if query is None else f"?{query}"
    return RequestTarget(scheme, host, port, sent.encode(), f"{path or '/'}{query_part}".encode(),
                         f"{scheme}://{printed}{path}{query_part}")


def _httpx_target(url: str) -> RequestTarget:
    import httpx

    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise MalformedTarget(str(error)) from None
    return target_of(parsed)


def target_of(parsed) -> RequestTarget:  # type: ignore[no-untyped-def]
    """The target of an ``httpx.URL``."""
    scheme = parsed.scheme
    port = parsed.port if parsed.port is not None else _DEFAULT_PORTS.get(scheme, 0)
    return RequestTarget(scheme, parsed.raw_host.decode("ascii"), port, parsed.netloc, parsed.raw_path,
                         str(parsed.copy_with(fragment=None)))


def join(base: str, location: str) -> str:
    """The URL a redirect from ``base`` to ``location`` leads to, as httpx
    joins them. Raises MalformedTarget."""
    import httpx

    try:
        return str(httpx.URL(base).join(location))
    except httpx.InvalidURL as error:
        raise MalformedTarget(str(error)) from None

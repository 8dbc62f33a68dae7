"""Where a request goes and what it asks for: the fast path of
request_target agrees with httpx's URL parser, which the checker used for
every URL before, and which still decides every other URL."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tablelint.links.target import _SIMPLE_URL, MalformedTarget, _httpx_target, join, request_target

SCHEMES = ["http://", "https://", "HTTP://", "hTtPs://", "ftp://"]
HOSTS = ["example.com", "EXAMPLE.com", "a-b.c", "a_b.example", "a..b", "xn--fiqs8s.example", "中文.example",
         "127.0.0.2", "1.2.3.400", "01.2.3.4", "1.2.3", "[::1]", "[2001:db8::1]", "u@h.example", "h~x", ""]
PORTS = ["", ":80", ":443", ":8080", ":0", ":0080", ":65535", ":65536", ":99999", ":", ":x"]
PATH_PIECES = ["", "/", "/p/1", "/a.b", "/.", "/..", "/a/./b", "/a/../b", "/a/..", "/.a", "/..a", "/%7C",
               "/%zz", "/%", "/a b", "/a\"b", "/a<b>", "/a`b", "/a{b}", "/a|b", "/a\\b", "/a^b", "/a[b]",
               "/中文", "/a;b=c", "/a@b:c", "/~u", "/a'b", "/a!$&()*+,", "//a"]
QUERIES = ["", "?", "?q=1", "?a=1&b=2", "?a b", "?a\"b", "?a<b", "?a`b{}", "?a?b", "?%", "?中", "?a|b"]
FRAGMENTS = ["", "#", "#f", "#a b", "#中", "#a#b", "#a\tb"]


def _joined(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda *texts: "".join(texts), *parts)


urls = _joined(st.sampled_from(SCHEMES), st.sampled_from(HOSTS), st.sampled_from(PORTS),
               st.lists(st.sampled_from(PATH_PIECES), max_size=3).map("".join),
               st.sampled_from(QUERIES), st.sampled_from(FRAGMENTS))


def _as_httpx_sends(url: str):  # type: ignore[no-untyped-def]
    """What the checker took from httpx.URL before request_target."""
    parsed = httpx.URL(url)
    return (parsed.scheme, parsed.raw_host.decode("ascii"), parsed.port, parsed.netloc, parsed.raw_path,
            str(parsed.copy_with(fragment=None)))


@settings(max_examples=1500, deadline=None)
@given(urls)
@example("http://127.0.0.2:4444/p/1")
@example("https://example.com")
@example("https://example.com?q")
@example("https://example.com/a/./b")
@example("http://999.1.1.1/")
@example("HTTP://example.com:80/")  # httpx keeps the port in the Host header
def test_the_fast_path_sends_what_httpx_sends(url: str) -> None:
    try:
        expected = _as_httpx_sends(url)
    except httpx.InvalidURL as error:
        with pytest.raises(MalformedTarget, match=str(error)[:40].replace("(", r"\(").replace("[", r"\[")):
            request_target.__wrapped__(url)
        return
    target = request_target.__wrapped__(url)
    default = {"http": 80, "https": 443}.get(target.scheme, 0)
    port = expected[2] if expected[2] is not None else default
    assert (target.scheme, target.host, target.port, target.authority, target.path, target.url) == (
        expected[0], expected[1], port, expected[3], expected[4], expected[5])
    assert target == _httpx_target(url)


@pytest.mark.parametrize("url", [
    "http://127.0.0.2:4444/p/1", "https://example.com/a?b=1#c", "https://Example.COM/", "http://a.example:8080",
])
def test_plain_urls_take_the_fast_path(url: str) -> None:
    assert _SIMPLE_URL.fullmatch(url) is not None


def test_redirects_are_joined_as_httpx_joins_them() -> None:
    assert join("https://a.example/x/y", "../z?q#f") == "https://a.example/z?q#f"
    assert join("https://a.example/x", "//b.example/p") == "https://b.example/p"
    assert join("https://a.example/x", "ftp://f.example/") == "ftp://f.example/"
    with pytest.raises(MalformedTarget):
        join("https://a.example/x", "http://[::1/")

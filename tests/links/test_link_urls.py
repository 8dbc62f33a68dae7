"""URL facts that need no network: malformed URLs, the key each URL is
checked under, and replacements that read back as the same link."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tablelint.links.extract import find_links
from tablelint.links.urls import check_key, malformed_reason, replacement


@pytest.mark.parametrize(("url", "why"), [
    ("http:/example.com/a", "must be followed by '//'"),
    ("https:example.com", "must be followed by '//'"),
    ("https:///path-only", "has no host name"),
    ("https://exa mple.com/", "cannot hold"),
    ("https://example..com/", "empty label"),
    ("https://.example.com/", "empty label"),
    ("https://-example.com/", "starts or ends with '-'"),
    ("https://example.com:99999/", "port"),
    ("https://example.com:0/", "port 0"),
    ("htps://example.com/", "did you mean 'https:'"),
    ("htp://example.com/", "did you mean 'http:'"),
    ("https://" + "a" * 64 + ".com/", "longer than 63"),
    ("https://[::1/", "IPv6"),
])
def test_malformed_urls_say_why(url: str, why: str) -> None:
    reason = malformed_reason(url)
    assert reason is not None and why in reason, reason


@pytest.mark.parametrize("url", [
    "https://zhuanlan.zhihu.com/p/366906920",
    "http://127.0.0.1:8080/x",
    "https://[2001:db8::1]/x",
    "https://中文.example/路径",
    "https://example.com./trailing-dot",
    "https://user@example.com/",
    "https://a_b.example.com/",
    "mailto:someone@example.com",
    "ftp://example.com/file",
    "./relative/page.md",
    "#anchor",
    "scheme-with-nothing:",
])
def test_valid_or_not_judged_urls_are_not_malformed(url: str) -> None:
    assert malformed_reason(url) is None


def test_one_key_for_spellings_of_the_same_url() -> None:
    keys = {check_key(url) for url in (
        "https://Example.COM/a?b=1", "https://example.com:443/a?b=1", "https://example.com/a?b=1#part",
        "HTTPS://example.com/a?b=1#other",
    )}
    assert keys == {"https://example.com/a?b=1"}
    assert check_key("https://example.com/A") != check_key("https://example.com/a")
    assert check_key("http://example.com") == "http://example.com/"
    assert check_key("http://example.com:8080/x") == "http://example.com:8080/x"


@pytest.mark.parametrize(("kind", "template"), [
    ("inline", "[t]({})"), ("image", "![t]({})"), ("autolink", "<{}>"), ("bare", "见 {} 后"),
])
@given(path=st.text(alphabet=st.sampled_from(list("az09/()<>|_-.~% ?&=中")), max_size=20))
def test_a_replacement_reads_back_as_one_link_to_the_same_place(kind: str, template: str, path: str) -> None:
    url = "https://new.example/" + path
    cell = template.format(replacement(url, kind))
    links = [link for link in find_links(cell) if link.kind != "reference"]
    assert len(links) == 1, (cell, links)
    expected = url.replace("|", "%7C").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    assert links[0].url == expected, (cell, links[0])
    assert "|" not in cell  # a pipe would split the table cell

"""Links checked through an HTTP proxy started by the test on 127.0.0.1:
plain forwarding for http://, CONNECT for https:// (verified end to end
against the test CA), NO_PROXY, the config's proxy key, and the address
policy applied to each link's host as resolved, every redirect hop too,
while the proxy's own (loopback) address is allowed.

The proxy resolves no name: it sends every request to 127.0.0.1, at the
port the URL names, so "public.example" (which the injected lookup resolves
to a public address, as the policy sees it) is served by the local servers.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
from urllib.parse import urlsplit

import pytest

from conftest import ScriptedServer, scripted, table
from tablelint.errors import InputError
from tablelint.links import dns

PUBLIC = "93.184.215.14"


async def public_lookup(host: str) -> list[dns.IPAddress]:
    """public.example is a public address (no connection is ever made to
    it: the proxy serves it); the others are local or private."""
    answers = {"public.example": PUBLIC, "intranet.example": "10.0.0.7", "localhost": "127.0.0.1",
               "local.example": "127.0.0.1"}
    if host in answers:
        return [ipaddress.ip_address(answers[host])]
    raise dns.ResolveError(host, "Name or service not known", True)


async def _relay(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def _proxy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, served: ScriptedServer) -> None:
    """One client connection of a forwarding proxy: CONNECT opens a tunnel,
    any other request (absolute-form) is sent on in origin-form, one per
    connection."""
    head = await served.read_request(reader)
    request_line, headers = head.split(b"\r\n", 1)
    method, target, version = request_line.split(b" ")
    if method == b"CONNECT":
        port = int(target.rsplit(b":", 1)[1])
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await writer.drain()
    else:
        parts = urlsplit(target.decode())
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", parts.port or 80)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        kept = b"".join(line + b"\r\n" for line in headers.split(b"\r\n")
                        if line and not line.lower().startswith((b"connection:", b"proxy-")))
        upstream_writer.write(b" ".join((method, path.encode(), version)) + b"\r\n" + kept
                              + b"Connection: close\r\n\r\n")
    await asyncio.gather(_relay(reader, upstream_writer), _relay(upstream_reader, writer))


@pytest.fixture
def proxy():  # type: ignore[no-untyped-def]
    with scripted(_proxy) as served:
        yield served


def test_an_http_link_goes_through_the_proxy_from_the_environment(server, proxy, check_links) -> None:
    url = f"http://public.example:{server.port}/ok"
    run = check_links(table(url), allow_private=False, lookup=public_lookup,
                      environ={"HTTP_PROXY": proxy.url("")})
    assert run.diagnostics == []
    assert proxy.requests == [f"HEAD {url} HTTP/1.1".encode()]
    assert server.log.paths("HEAD") == ["/ok"]


def test_an_https_link_goes_through_a_connect_tunnel_verified_end_to_end(tls_server, proxy, check_links,
                                                                          monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url, ca_file = tls_server
    port = urlsplit(url).port
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    public = f"https://public.example:{port}/secure"
    run = check_links(table(public), allow_private=False, lookup=public_lookup,
                      environ={"https_proxy": proxy.url("")})
    assert run.diagnostics == []
    assert proxy.requests == [f"CONNECT public.example:{port} HTTP/1.1".encode()]
    # The certificate is checked against the link's host, through the tunnel too.
    monkeypatch.delenv("SSL_CERT_FILE")
    message = check_links(table(public + "?again"), allow_private=False, lookup=public_lookup,
                          environ={"ALL_PROXY": proxy.url("")}).only("TL302").message
    assert "TLS failed" in message and "certificate verify failed" in message


def test_the_config_proxy_key_is_used_and_no_proxy_is_honoured(server, proxy, check_links) -> None:
    url = f"http://public.example:{server.port}/ok"
    assert check_links(table(url), allow_private=False, lookup=public_lookup,
                       proxy=proxy.url("")).diagnostics == []
    assert len(proxy.requests) == 1
    proxy.requests.clear()
    # Bypassed: straight to 127.0.0.1, which the policy allows here.
    direct = check_links(table(server.url("/gone")), lookup=public_lookup,
                         environ={"HTTP_PROXY": proxy.url(""), "NO_PROXY": "example.org, 127.0.0.1"})
    assert "410 Gone" in direct.only("TL301").message
    assert proxy.requests == []
    server.reset()
    domain = check_links(table(f"http://local.example:{server.port}/missing"), lookup=public_lookup,
                         environ={"HTTP_PROXY": proxy.url(""), "no_proxy": ".example"})
    assert "404 Not Found" in domain.only("TL301").message
    assert proxy.requests == [] and server.log.paths("HEAD") == ["/missing"]


def test_through_a_proxy_a_private_host_is_refused_before_the_proxy_is_asked(server, proxy, check_links) -> None:
    links = [f"http://intranet.example:{server.port}/ok", server.url("/ok"), "http://169.254.169.254/latest/"]
    run = check_links(table(*links), allow_private=False, lookup=public_lookup,
                      environ={"HTTP_PROXY": proxy.url("")})
    assert run.codes() == ["TL305", "TL305", "TL305"]
    assert "intranet.example (10.0.0.7) is a private address" in run.diagnostics[0].message
    assert proxy.requests == [] and server.log.requests == []


@pytest.mark.parametrize("where", [
    "http://127.0.0.1:{port}/ok", "http://169.254.169.254/latest/meta-data/", "http://[::1]:{port}/ok",
    "http://[::ffff:127.0.0.1]:{port}/ok", "http://2130706433:{port}/ok", "http://0x7f000001:{port}/ok",
    "http://0177.0.0.1:{port}/ok", "http://127.1:{port}/ok", "http://localhost:{port}/ok",
])
def test_a_redirect_to_a_local_address_is_refused_by_default(server, proxy, check_links, where: str) -> None:
    target = where.format(port=server.port)
    url = f"http://public.example:{server.port}/redirect-to?where={target}"
    message = check_links(table(url), allow_private=False, lookup=public_lookup,
                          environ={"HTTP_PROXY": proxy.url("")}).only("TL302").message
    assert "redirect refused:" in message
    assert any(reason in message for reason in ("loopback address", "cloud metadata address")), message
    assert len(proxy.requests) == 1  # the first hop only


@pytest.mark.parametrize(("environ", "shown"), [
    ({"HTTPS_PROXY": "socks5://127.0.0.1:1080"}, "the environment's HTTPS_PROXY"),
    ({"http_proxy": "http://:3128"}, "the environment's http_proxy"),
])
def test_a_proxy_that_is_not_http_is_a_one_line_error(server, check_links, environ, shown) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=re.escape(f"{shown}: the proxy must be an http:// or https:// URL")):
        check_links(table(server.url("/ok")), environ=environ)
    with pytest.raises(InputError, match=re.escape("config: 'links.proxy': the proxy must be")):
        check_links(table(server.url("/ok")), proxy="ftp://proxy.example")


def test_check_on_the_command_line_takes_the_proxy_from_the_environment(server, proxy, run, workdir) -> None:  # type: ignore[no-untyped-def]
    (workdir / "papers.md").write_text(table(server.url("/missing")))
    result = run("check", "papers.md", "--allow-private-links", "--no-cache", "--no-archive", "--select", "TL3",
                 env={"HTTP_PROXY": proxy.url("")})
    assert result.exit_code == 1 and "TL301" in result.stdout
    assert proxy.requests == [f"HEAD {server.url('/missing')} HTTP/1.1".encode(),
                              f"GET {server.url('/missing')} HTTP/1.1".encode()]

"""The HTTP client under the checker, against scripted servers on
127.0.0.1: keep-alive after a HEAD answer, no body ever read (not even of a
10 GB answer), interim answers, chunked and HTTP/1.0 answers, every way an
answer can fail, and TLS with a test certificate authority (trustme)."""

from __future__ import annotations

import asyncio
import time

import pytest

from conftest import OK, Script, ScriptedServer, scripted, table

TEN_GB = 10 * 1024**3

def answering(*answers: bytes, then_close: bool = False) -> Script:
    """Answers each request of a connection with the next of ``answers``."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, served: ScriptedServer) -> None:
        for answer in answers:
            await served.read_request(reader)
            writer.write(answer)
            await writer.drain()
        if not then_close:
            await reader.read()  # until the client goes

    return serve


def test_a_whole_head_answer_leaves_the_connection_open_for_the_next_request(check_links) -> None:
    with scripted(answering(OK, OK, OK)) as server:
        urls = [server.url(f"/{n}") for n in range(3)]
        assert check_links(table(*urls), per_host=1).diagnostics == []
    assert server.connections == 1 and len(server.requests) == 3


def test_interim_answers_are_skipped(check_links) -> None:
    early_hints = b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n"
    with scripted(answering(early_hints + OK)) as server:
        assert check_links(table(server.url())).diagnostics == []


def by_method(head: bytes, body: bytes, then_close: bool = False) -> Script:
    """Answers every request of a connection with ``head``, and ``body`` after
    it unless the request is a HEAD."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, served: ScriptedServer) -> None:
        while True:
            request = await served.read_request(reader)
            writer.write(head if request.startswith(b"HEAD") else head + body)
            await writer.drain()
            if then_close:
                return

    return serve


def test_a_chunked_answer_is_read_as_any_other(check_links) -> None:
    # HEAD, then the GET that confirms the error, whose chunked body is not read.
    chunked = by_method(b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n", b"5\r\ngone!\r\n0\r\n\r\n")
    with scripted(chunked) as server:
        assert "answered 404 Not Found" in check_links(table(server.url("/c"))).only("TL301").message
    assert server.requests == [b"HEAD /c HTTP/1.1", b"GET /c HTTP/1.1"]
    with scripted(by_method(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", b"0\r\n\r\n")) as server:
        assert check_links(table(*(server.url(f"/{n}") for n in range(3))), per_host=1).diagnostics == []
    assert server.connections == 1  # a whole chunked HEAD answer keeps the connection


def test_an_http_1_0_answer_without_a_length_ends_with_the_connection(check_links) -> None:
    old = by_method(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n", b"<html>old server</html>", then_close=True)
    with scripted(old) as server:
        urls = [server.url(f"/{n}") for n in range(3)]
        assert check_links(table(*urls), per_host=1).diagnostics == []
    assert server.connections == 3  # no keep-alive with HTTP/1.0
    gone = by_method(b"HTTP/1.0 404 Not Found\r\n\r\n", b"<html>gone</html>", then_close=True)
    with scripted(gone) as server:
        assert "answered 404 Not Found" in check_links(table(server.url("/x"))).only("TL301").message


def _ten_gigabytes(status: bytes) -> Script:
    """Announces 10 GB and sends a body as long as the client reads it."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, served: ScriptedServer) -> None:
        while True:
            head = await served.read_request(reader)
            writer.write(b"HTTP/1.1 " + status + f"\r\nContent-Length: {TEN_GB}\r\n\r\n".encode())
            await writer.drain()
            if not head.startswith(b"HEAD"):
                chunk = b"x" * 65536
                while not writer.is_closing():
                    writer.write(chunk)
                    await writer.drain()
                    served.body_bytes_sent += len(chunk)

    return serve


@pytest.mark.parametrize("status", [b"200 OK", b"404 Not Found"])
def test_a_10_gb_answer_is_judged_by_its_head_in_well_under_a_second(check_links, status: bytes) -> None:
    with scripted(_ten_gigabytes(status)) as server:
        start = time.monotonic()
        run = check_links(table(server.url("/huge")))
        elapsed = time.monotonic() - start
        time.sleep(0.1)  # the server notices the closed connection
    assert elapsed < 0.5
    if status == b"200 OK":
        assert run.diagnostics == [] and server.requests == [b"HEAD /huge HTTP/1.1"]
    else:
        # The GET that confirms the 404 is closed after its head.
        assert "answered 404" in run.only("TL301").message
        assert server.requests == [b"HEAD /huge HTTP/1.1", b"GET /huge HTTP/1.1"]
        assert server.body_bytes_sent < 16 * 1024 * 1024


@pytest.mark.parametrize(("script", "message"), [
    (answering(b"", then_close=True), "Server disconnected"),
    (answering(b"HTTP/1.1 200 OK\r\nContent-Le", then_close=True), "broken answer"),
    (answering(b"SPDY/3 200 OK\r\n\r\n"), "broken answer"),
    (answering(), "timed out while waiting for an answer"),
])
def test_answers_that_fail_are_unreachable(check_links, script: Script, message: str) -> None:
    with scripted(script) as server:
        run = check_links(table(server.url()), timeout=0.5, read_timeout=0.3, retries=1)
    assert message in run.only("TL302").message


def test_a_long_header_line_is_no_broken_answer(check_links) -> None:
    cookie = b"Set-Cookie: session=" + b"x" * 20000 + b"\r\n"
    with scripted(answering(b"HTTP/1.1 200 OK\r\n" + cookie + b"Content-Length: 0\r\n\r\n")) as server:
        assert check_links(table(server.url())).diagnostics == []


def test_a_dropped_connection_is_asked_again(check_links) -> None:
    # The first connection closes without an answer (a stale keep-alive one
    # looks the same); the second answers.
    attempts = 0

    async def flaky(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, served: ScriptedServer) -> None:
        nonlocal attempts
        await served.read_request(reader)
        attempts += 1
        if attempts > 1:
            writer.write(OK)
            await writer.drain()

    with scripted(flaky) as server:
        assert check_links(table(server.url()), retries=1).diagnostics == []
    assert attempts == 2


def test_credentials_in_a_url_are_not_sent(check_links) -> None:
    seen: list[bytes] = []

    async def recording(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, served: ScriptedServer) -> None:
        seen.append(await served.read_request(reader))
        writer.write(OK)
        await writer.drain()

    with scripted(recording) as server:
        url = server.url("/private").replace("http://", "http://reader:hunter2@")
        assert check_links(table(url)).diagnostics == []
    assert b"authorization" not in seen[0].lower()


def test_an_untrusted_certificate_fails_tls(tls_server, check_links) -> None:  # type: ignore[no-untyped-def]
    url, _ = tls_server
    message = check_links(table(url)).only("TL302").message
    assert "TLS failed" in message and "certificate verify failed" in message


def test_a_trusted_certificate_passes(tls_server, check_links, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url, ca_file = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    assert check_links(table(url, url + "?again")).diagnostics == []


def test_the_certificate_must_name_the_urls_host(tls_server, check_links, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url, ca_file = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    # The same server, named "localhost": the certificate names 127.0.0.1 only.
    message = check_links(table(url.replace("127.0.0.1", "localhost"))).only("TL302").message
    assert "TLS failed" in message

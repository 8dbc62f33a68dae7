"""The HTTP/1.1 connection and the pool under the checker, against a
scripted server on 127.0.0.1: keep-alive only after a whole HEAD answer,
never a body read, every way an answer can fail, and TLS."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import shutil
import ssl
import subprocess
import threading
from collections.abc import Awaitable, Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import table
from tablelint.links.dns import Resolver
from tablelint.links.http1 import BrokenAnswer, Connection, ConnectionDropped, ReadTimedOut, open_connection
from tablelint.links.pool import ConnectionPool
from tablelint.links.safety import AddressPolicy, GuardedBackend
from tablelint.links.target import request_target

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
HEADERS = [(b"Host", b"127.0.0.1")]

# Reads one request head and writes back what it is given.
Script = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


def _answering(*answers: bytes, then_close: bool = False) -> Script:
    """Answers each request with the next of ``answers`` (b"": reads it and
    says nothing)."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for answer in answers:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(answer)
            await writer.drain()
        if then_close:
            writer.close()
        else:
            await reader.read()  # until the client goes

    return serve


def _run(script: Script, client: Callable[[int], Awaitable[object]]) -> object:
    async def main() -> object:
        connections = 0

        async def counted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            nonlocal connections
            connections += 1
            with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
                await script(reader, writer)

        server = await asyncio.start_server(counted, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            result = await client(port)
        finally:
            server.close()
        return result, connections

    return asyncio.run(main())


def test_a_whole_head_answer_leaves_the_connection_open_for_the_next_request() -> None:
    async def client(port: int) -> list[object]:
        connection = await open_connection("127.0.0.1", port, 1.0)
        first = await connection.request(b"HEAD", b"/a", HEADERS, 1.0)
        reusable = connection.reusable
        second = await connection.request(b"HEAD", b"/b", HEADERS, 1.0)
        connection.close()
        return [first.status, reusable, second.status]

    assert _run(_answering(OK, OK), client) == ([200, True, 200], 1)


@pytest.mark.parametrize(("method", "answer"), [
    (b"GET", OK + b"hello"),  # a body is never read: the connection goes
    (b"HEAD", b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"),
    (b"HEAD", OK + b"hello"),  # a body after a HEAD answer would be read as the next answer
])
def test_a_connection_is_not_kept_when_it_cannot_take_another_request(method: bytes, answer: bytes) -> None:
    async def client(port: int) -> tuple[int, bool]:
        connection = await open_connection("127.0.0.1", port, 1.0)
        result = await connection.request(method, b"/", HEADERS, 1.0)
        await asyncio.sleep(0.05)  # let stray bytes arrive
        reusable = connection.reusable
        connection.close()
        return result.status, reusable

    assert _run(_answering(answer), client)[0] == (200, False)


def test_a_connection_the_server_closed_while_idle_is_not_kept() -> None:
    async def client(port: int) -> bool:
        connection = await open_connection("127.0.0.1", port, 1.0)
        await connection.request(b"HEAD", b"/", HEADERS, 1.0)
        await asyncio.sleep(0.05)
        return connection.reusable

    assert _run(_answering(OK, then_close=True), client)[0] is False


def test_interim_answers_are_skipped() -> None:
    async def client(port: int) -> int:
        connection = await open_connection("127.0.0.1", port, 1.0)
        answer = await connection.request(b"HEAD", b"/", HEADERS, 1.0)
        connection.close()
        return answer.status

    early_hints = b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n"
    assert _run(_answering(early_hints + OK), client)[0] == 200


@pytest.mark.parametrize(("script", "error", "message"), [
    (_answering(b"", then_close=True), ConnectionDropped, "Server disconnected without sending a response."),
    (_answering(b"HTTP/1.1 200 OK\r\nContent-Le", then_close=True), ConnectionDropped, "without sending"),
    (_answering(b"SPDY/3 200 OK\r\n\r\n"), BrokenAnswer, None),
    (_answering(), ReadTimedOut, "timed out"),
])
def test_answers_that_fail(script: Script, error: type[Exception], message: str | None) -> None:
    async def client(port: int) -> None:
        connection = await open_connection("127.0.0.1", port, 1.0)
        try:
            await connection.request(b"HEAD", b"/", HEADERS, 0.2)
        finally:
            connection.close()

    with pytest.raises(error, match=message):
        _run(script, client)


def test_the_pool_reuses_connections_per_host_and_closes_them_when_asked() -> None:
    async def lookup(host: str) -> list[ipaddress.IPv4Address]:
        raise AssertionError("IP literals are not looked up")


    async def client(port: int) -> list[int]:
        backend = GuardedBackend(Resolver(lookup), AddressPolicy(allow_private=True))
        pool = ConnectionPool(backend, 1.0)
        target = request_target(f"http://127.0.0.1:{port}/x")
        statuses = []
        for _ in range(3):
            connection: Connection = await pool.acquire(target)
            statuses.append((await connection.request(b"HEAD", target.path, HEADERS, 1.0)).status)
            pool.release(target, connection)
        pool.close_host(target.host)
        return statuses

    assert _run(_answering(OK, OK, OK), client) == ([200, 200, 200], 1)


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """An HTTPS server on 127.0.0.1 with a self-signed certificate (made by
    the openssl command), and the certificate's file."""
    if shutil.which("openssl") is None:
        pytest.skip("no openssl command to make a certificate")
    directory = tmp_path_factory.mktemp("tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/secure", cert
    finally:
        server.shutdown()
        server.server_close()


def test_an_untrusted_certificate_fails_tls(tls_server, check_links) -> None:  # type: ignore[no-untyped-def]
    url, _ = tls_server
    message = check_links(table(url)).only("TL302").message
    assert "TLS failed" in message and "certificate verify failed" in message


def test_a_trusted_certificate_passes(tls_server, check_links, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url, cert = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # as httpx honours it
    assert check_links(table(url, url + "?again")).diagnostics == []

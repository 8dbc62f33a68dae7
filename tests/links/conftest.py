"""A real HTTP server on 127.0.0.1 for the link tests, and guards that keep
every test off the network.

Nothing here contacts another host: the server binds 127.0.0.1 only, the
system resolver is replaced by one that knows ``localhost`` and IP literals
and answers NXDOMAIN for every other name (as this sandbox does), and the
link cache lives in a temporary directory.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import ipaddress
import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tablelint.config import LinkSettings, Settings
from tablelint.diagnostics import Diagnostic
from tablelint.engine.links import check_run_links
from tablelint.engine.lint import FileReport, RunOptions, lint_source
from tablelint.links import LinkStats, dns
from tablelint.parse.source import Source

BIG_BODY = 50 * 1024 * 1024


@dataclass
class ServerLog:
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    times: dict[str, list[float]] = field(default_factory=dict)
    counters: Counter[str] = field(default_factory=Counter)
    # Requests being answered, and the most at once, per path (without the
    # query): slow answers of earlier tests must not count.
    active: Counter[str] = field(default_factory=Counter)
    max_active: Counter[str] = field(default_factory=Counter)
    body_bytes_sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def paths(self, method: str | None = None) -> list[str]:
        with self.lock:
            return [path for verb, path, _ in self.requests if method is None or verb == method]

    def count(self, path: str) -> int:
        return sum(1 for requested in self.paths() if requested == path)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:
        self._route("HEAD")

    def do_GET(self) -> None:
        self._route("GET")

    def _answer(self, status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def _route(self, method: str) -> None:
        log = self.server.log
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        with log.lock:
            log.requests.append((method, self.path, {k.lower(): v for k, v in self.headers.items()}))
            log.times.setdefault(self.path, []).append(time.monotonic())
            log.counters[self.path] += 1
            seen = log.counters[self.path]
            log.active[path] += 1
            log.max_active[path] = max(log.max_active[path], log.active[path])
        try:
            self._serve(method, path, query, seen)
        finally:
            with log.lock:
                log.active[path] -= 1

    def _serve(self, method: str, path: str, query: dict[str, list[str]], seen: int) -> None:
        port = self.server.server_address[1]
        simple = {"/ok": 200, "/peer": 200, "/llama": 200, "/flan": 200, "/sparrow": 200,
                  "/missing": 404, "/gone": 410, "/forbidden": 403, "/teapot": 418, "/broken": 500,
                  "/unavailable": 503}
        if path in simple:
            return self._answer(simple[path], body=b"hello")
        if path == "/moved":
            return self._answer(301, {"Location": "/ok"})
        if path == "/old-sparrow":
            return self._answer(301, {"Location": "/sparrow"})
        if path == "/moved-to-missing":
            return self._answer(301, {"Location": "/missing"})
        if path == "/permanent-then-temporary":
            return self._answer(308, {"Location": "/temporary"})
        if path == "/temporary":
            return self._answer(302, {"Location": "/ok?landed=1"})
        if path == "/loop-a":
            return self._answer(302, {"Location": "/loop-b"})
        if path == "/loop-b":
            return self._answer(302, {"Location": "/loop-a"})
        if path == "/chain":  # /chain?n=K redirects K times, then answers 200
            left = int(query.get("n", ["0"])[0])
            if left > 0:
                return self._answer(302, {"Location": f"/chain?n={left - 1}"})
            return self._answer(200)
        if path == "/rate-limited":  # 429 with Retry-After the first time, then 200
            if seen == 1:
                return self._answer(429, {"Retry-After": query.get("after", ["1"])[0]})
            return self._answer(200)
        if path == "/busy":  # 503 twice, then 200
            return self._answer(503 if seen <= 2 else 200)
        if path == "/outage":  # 503 for ?for= seconds after the first request (of this query), then 200
            with self.server.log.lock:
                started = self.server.log.times[self.path][0]
            lasting = float(query.get("for", ["1.5"])[0])
            return self._answer(503 if time.monotonic() - started < lasting else 200)
        if path == "/unavailable-retry-after":  # 503 asking to come back in ?after= seconds, then 200
            if seen <= 2:  # the HEAD and the GET that confirms it
                return self._answer(503, {"Retry-After": query.get("after", ["1"])[0]})
            return self._answer(200)
        if path == "/to-credentials":  # a permanent redirect whose Location carries a user and password
            return self._answer(301, {"Location": f"http://mover:hunter2@127.0.0.1:{port}/ok"})
        if path == "/head-404-get-200":  # a server that gets HEAD wrong
            return self._answer(404 if method == "HEAD" else 200)
        if path == "/head-refused":  # HEAD 405, GET 200
            return self._answer(405 if method == "HEAD" else 200, body=b"x")
        if path == "/head-refused-big":  # GET answers with a body too big to download
            if method == "HEAD":
                return self._answer(405)
            return self._big_body()
        if path in ("/slow", "/slow-2"):  # answers after 3 s
            time.sleep(float(query.get("delay", ["3"])[0]))
            return self._answer(200)
        if path == "/wayback/available":  # as the Internet Archive's availability API documents
            return self._archive_answer(query.get("url", [""])[0], port)
        if path.startswith("/web/"):  # the archived copies it points to
            return self._answer(200)
        if path == "/redirect-to":  # /redirect-to?where=URL: a temporary redirect there
            return self._answer(302, {"Location": query["where"][0]})
        if path == "/to-other-loopback":
            return self._answer(302, {"Location": f"http://127.0.0.2:{port}/ok"})
        if path == "/to-metadata":
            return self._answer(302, {"Location": "http://169.254.169.254/latest/meta-data/"})
        if path == "/to-ftp":
            return self._answer(301, {"Location": "ftp://127.0.0.1/file"})
        if path == "/pause":  # a fixed short delay: for the concurrency limits
            time.sleep(0.15)
            return self._answer(200)
        return self._answer(404)

    def _archive_answer(self, url: str, port: int) -> None:
        import json

        if url.endswith("/missing"):
            closest = {"available": True, "url": f"http://127.0.0.1:{port}/web/20130919044612/{url}",
                       "timestamp": "20130919044612", "status": "200"}
            answer: dict[str, Any] = {"archived_snapshots": {"closest": closest}}
        elif url.endswith("/teapot"):  # only a copy of the error page
            answer = {"archived_snapshots": {"closest": {
                "available": True, "url": f"http://127.0.0.1:{port}/web/2020/{url}", "timestamp": "2020",
                "status": "418"}}}
        else:
            answer = {"archived_snapshots": {}}
        return self._answer(200, {"Content-Type": "application/json"}, json.dumps(answer).encode())

    def _big_body(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(BIG_BODY))
        self.end_headers()
        chunk = b"x" * 65536
        sent = 0
        try:
            while sent < BIG_BODY:
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass
        finally:
            with self.server.log.lock:
                self.server.log.body_bytes_sent += sent
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    log: ServerLog


@dataclass
class LocalServer:
    base: str
    port: int
    log: ServerLog

    def url(self, path: str) -> str:
        return self.base + path

    def reset(self) -> None:
        with self.log.lock:
            self.log.requests.clear()
            self.log.times.clear()
            self.log.counters.clear()
            self.log.max_active.clear()
            self.log.body_bytes_sent = 0


@pytest.fixture(scope="session")
def _server_process() -> Iterator[LocalServer]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.log = ServerLog()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        yield LocalServer(f"http://127.0.0.1:{port}", port, server.log)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def server(_server_process: LocalServer) -> LocalServer:
    _server_process.reset()
    return _server_process


@pytest.fixture
def refused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/nothing-here"


async def offline_lookup(host: str) -> list[dns.IPAddress]:
    """What a machine without DNS answers: localhost, and NXDOMAIN for the rest."""
    if host.lower() == "localhost":
        return [ipaddress.ip_address("127.0.0.1")]
    raise dns.ResolveError(host, "Name or service not known", True)


@pytest.fixture(autouse=True)
def _no_real_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test asks the system resolver (which would send a query out)."""
    monkeypatch.setattr(dns, "system_lookup", offline_lookup)


PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def _no_proxy_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy set on the machine running the tests is not used: a test that
    wants one sets its own."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture(autouse=True)
def _private_link_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A link cache of the test's own, never the user's."""
    directory = tmp_path / "cache-dir"
    monkeypatch.setenv("TABLELINT_CACHE_DIR", str(directory))
    return directory


# Short limits, so that a test that waits for a timeout or a retry is quick.
# No archive lookups unless a test asks for one (against its own server).
TEST_LINK_SETTINGS: dict[str, Any] = {
    "timeout": 2.0, "connect_timeout": 1.0, "read_timeout": 2.0, "retries": 1, "max_retry_after": 3.0,
    "archive": False,
}


@dataclass
class LinkRun:
    diagnostics: list[Diagnostic]
    stats: LinkStats
    report: FileReport

    def codes(self) -> list[str]:
        return [diagnostic.code for diagnostic in self.diagnostics]

    def only(self, code: str | None = None) -> Diagnostic:
        found = [d for d in self.diagnostics if code is None or d.code == code]
        assert len(found) == 1, [d.message for d in self.diagnostics]
        return found[0]


def table(*cells: str, header: str = "备注") -> str:
    """A two-column table: one row per cell, named row-1, row-2..."""
    rows = "".join(f"| row-{number} | {cell} |\n" for number, cell in enumerate(cells, 1))
    return f"| 名称 | {header} |\n| --- | --- |\n{rows}"


@pytest.fixture
def check_links(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Lint ``text`` with the link rules and run the link check on it."""

    def run(text: str, *, offline: bool = False, no_cache: bool = False, allow_private: bool = True,
            no_archive: bool = False,
            select: tuple[str, ...] = ("TL3",), path: str = "table.md", **injected: Any) -> LinkRun:
        fields = {field.name for field in dataclasses.fields(LinkSettings)}
        overrides = {key: injected.pop(key) for key in list(injected) if key in fields}
        cache = {"cache_path": str(tmp_path / "links.sqlite3")}
        links = LinkSettings(**{**cache, **TEST_LINK_SETTINGS, **overrides})
        settings = Settings(links=links)
        options = RunOptions(select=list(select), offline=offline, no_cache=no_cache,
                             allow_private_links=allow_private, no_archive=no_archive)
        report = lint_source(Source(path, text), options, settings)
        stats = check_run_links([report], options, **injected)
        return LinkRun(report.diagnostics, stats, report)

    return run


OK = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
# Serves one connection: reads requests, writes answers.
Script = Callable[[asyncio.StreamReader, asyncio.StreamWriter, "ScriptedServer"], Awaitable[None]]


@dataclass
class ScriptedServer:
    """An asyncio server in a thread of its own, running ``script`` on each
    connection; it counts connections, requests and the body bytes it wrote."""

    script: Script
    port: int = 0
    connections: int = 0
    requests: list[bytes] = field(default_factory=list)
    body_bytes_sent: int = 0

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def read_request(self, reader: asyncio.StreamReader) -> bytes:
        head = await reader.readuntil(b"\r\n\r\n")
        self.requests.append(head.split(b"\r\n", 1)[0])
        return head


@contextlib.contextmanager
def scripted(script: Script) -> Iterator[ScriptedServer]:
    served = ScriptedServer(script)
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    stop: asyncio.Future[None] | None = None

    async def counted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        served.connections += 1
        try:
            with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
                await script(reader, writer, served)
        finally:
            writer.close()

    async def main() -> None:
        nonlocal stop
        server = await asyncio.start_server(counted, "127.0.0.1", 0)
        served.port = server.sockets[0].getsockname()[1]
        stop = loop.create_future()
        ready.set()
        await stop
        server.close()
        # Connections still open (a proxy's tunnels) end with the server.
        pending = asyncio.all_tasks() - {asyncio.current_task()}
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    ready.wait(5)
    try:
        yield served
    finally:
        if stop is not None:
            loop.call_soon_threadsafe(stop.set_result, None)
        thread.join(5)
        loop.close()


@pytest.fixture(scope="module")
def certificate_authority():  # type: ignore[no-untyped-def]
    trustme = pytest.importorskip("trustme")
    return trustme.CA()


@pytest.fixture(scope="module")
def tls_server(certificate_authority, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """An HTTPS server on 127.0.0.1 with a certificate for 127.0.0.1 and
    public.example from the test CA, and the CA's certificate file."""
    certificate = certificate_authority.issue_cert("127.0.0.1", "public.example")

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
    certificate.configure_cert(context)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    ca_file = tmp_path_factory.mktemp("ca") / "ca.pem"
    certificate_authority.cert_pem.write_to_path(str(ca_file))
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/secure", ca_file
    finally:
        server.shutdown()
        server.server_close()

"""A local server on 127.0.0.1 that answers as dblp, arXiv and OpenAlex
document, from the fixture files in ``fixtures/`` (written in each service's
documented shape), and guards that keep every test off the network.

Routes: ``/search/publ/api?q=…`` (dblp), ``/api/query?id_list=…`` and
``/api/query?search_query=ti:"…"`` (arXiv), ``/works?search=…`` and
``/works/doi:…`` (OpenAlex). A query without a fixture gets the service's
empty answer. A few titles behave specially: one is rate limited once (429
with Retry-After), one meets a server error (500), one a malformed body.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tablelint.links import dns
from tablelint.links.safety import AddressPolicy
from tablelint.papers.settings import PaperSettings
from tablelint.papers.titles import normalise_title

FIXTURES = Path(__file__).parent / "fixtures"
RATE_LIMITED = "Toolformer: Language Models Can Teach Themselves to Use Tools"
BROKEN = "A Paper On A Broken Server"
MALFORMED = "Sparse Mixture of Experts Done Right"
ONLY_127_0_0_1 = AddressPolicy(allowed=(ipaddress.ip_network("127.0.0.1/32"),))


def slug(text: str) -> str:
    return normalise_title(text).replace(" ", "-")


@dataclass
class ServiceLog:
    requests: list[tuple[float, str, str, dict[str, str]]] = field(default_factory=list)  # time, service, path
    lock: threading.Lock = field(default_factory=threading.Lock)
    seen: dict[str, int] = field(default_factory=dict)
    delay: float = 0.0  # seconds before each answer (the benchmark's slow service)
    fixtures: Path = FIXTURES  # where the answers are read from (a test may point it at a modified copy)

    def of(self, service: str) -> list[tuple[float, str, str, dict[str, str]]]:
        with self.lock:
            return [entry for entry in self.requests if entry[1] == service]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        service = ("dblp" if parts.path.startswith("/search/publ/api") else
                   "arxiv" if parts.path.startswith("/api/query") else
                   "openalex" if parts.path.startswith("/works") else "other")
        log = self.server.log
        with log.lock:
            log.requests.append((time.monotonic(), service, self.path, {k.lower(): v for k, v in self.headers.items()}))
            log.seen[self.path] = log.seen.get(self.path, 0) + 1
            seen = log.seen[self.path]
        if log.delay:
            time.sleep(log.delay)
        if service == "dblp":
            return self._dblp(query.get("q", [""])[0], seen)
        if service == "arxiv":
            return self._arxiv(query)
        if service == "openalex":
            return self._openalex(parts.path, query)
        return self._answer(404, b"not found", "text/plain")

    def _answer(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _file(self, path: Path, fallback: Path, content_type: str) -> None:
        self._answer(200, (path if path.exists() else fallback).read_bytes(), content_type)

    def _dblp(self, q: str, seen: int) -> None:
        root = self.server.log.fixtures
        if slug(q) == slug(RATE_LIMITED) and seen == 1:
            return self._answer(429, b"Too Many Requests", "text/plain", {"Retry-After": "1"})
        if slug(q) == slug(BROKEN):
            return self._answer(500, b"<html>Internal Server Error</html>", "text/html")
        if slug(q) == slug(MALFORMED):
            return self._file(root / "dblp" / "malformed.txt", root / "dblp" / "malformed.txt", "application/json")
        self._file(root / "dblp" / f"{slug(q)}.json", root / "dblp" / "no-hits.json", "application/json")

    def _arxiv(self, query: dict[str, list[str]]) -> None:
        directory = self.server.log.fixtures / "arxiv"
        if "id_list" in query:
            identifier = query["id_list"][0]
            if not identifier[:4].isdigit():
                return self._file(directory / "error.xml", directory / "error.xml", "application/atom+xml")
            return self._file(directory / f"id-{identifier}.xml", directory / "empty.xml", "application/atom+xml")
        words = query.get("search_query", [""])[0].removeprefix("ti:").strip('"')
        self._file(directory / f"search-{slug(words)}.xml", directory / "empty.xml", "application/atom+xml")

    def _openalex(self, path: str, query: dict[str, list[str]]) -> None:
        directory = self.server.log.fixtures / "openalex"
        if path.startswith("/works/doi:"):
            doi = unquote(path.removeprefix("/works/doi:")).replace("/", "-")
            found = directory / f"doi-{doi}.json"
            if not found.exists():
                return self._answer(404, b'{"error": "404 Not Found"}', "application/json")
            return self._file(found, found, "application/json")
        # OpenAlex's search ranks by relevance over the full text: a title
        # with a typo still finds its paper. The nearest fixture stands in.
        from rapidfuzz import fuzz, process

        wanted = slug(query.get("search", [""])[0])
        searches = {path.stem.removeprefix("search-"): path for path in directory.glob("search-*.json")}
        best = process.extractOne(wanted, list(searches), scorer=fuzz.ratio, score_cutoff=90)
        self._file(searches[best[0]] if best else directory / "empty.json", directory / "empty.json",
                   "application/json")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    log: ServiceLog


@dataclass
class Services:
    base: str
    log: ServiceLog

    def settings(self, **overrides: Any) -> PaperSettings:
        """Settings that point every service here, with fast rate limits unless overridden."""
        values: dict[str, Any] = {
            "verify": True, "dblp_url": self.base, "arxiv_url": self.base, "openalex_url": self.base,
            "dblp_rate": 50.0, "arxiv_rate": 50.0, "openalex_rate": 50.0, "timeout": 5.0, "retries": 2,
            "max_retry_after": 3.0,
        }
        values.update(overrides)
        return PaperSettings(**values)


@pytest.fixture(scope="session")
def _services_process() -> Iterator[Services]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.log = ServiceLog()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Services(f"http://127.0.0.1:{server.server_address[1]}", server.log)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def services(_services_process: Services) -> Services:
    log = _services_process.log
    with log.lock:
        log.requests.clear()
        log.seen.clear()
        log.delay = 0.0
        log.fixtures = FIXTURES
    return _services_process


async def _offline_lookup(host: str) -> list[dns.IPAddress]:
    if host.lower() == "localhost":
        return [ipaddress.ip_address("127.0.0.1")]
    raise dns.ResolveError(host, "Name or service not known", True)


@pytest.fixture(autouse=True)
def _no_real_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dns, "system_lookup", _offline_lookup)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache-dir"
    monkeypatch.setenv("TABLELINT_CACHE_DIR", str(directory))
    return directory


@dataclass
class PaperRun:
    diagnostics: list[Any]
    stats: Any
    report: Any

    def codes(self) -> list[str]:
        return [diagnostic.code for diagnostic in self.diagnostics]

    def by_code(self, code: str) -> list[Any]:
        return [diagnostic for diagnostic in self.diagnostics if diagnostic.code == code]


@pytest.fixture
def verify(services: Services, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Lint ``text`` with the paper rules and run the verification against
    the local services (only 127.0.0.1 allowed, as the link tests do)."""
    from tablelint.config import Settings
    from tablelint.engine.lint import RunOptions, lint_source
    from tablelint.engine.papers import check_run_papers
    from tablelint.parse.source import Source

    def run(text: str, *, offline: bool = False, select: tuple[str, ...] = ("TL6",), policy: Any = ONLY_127_0_0_1,
            path: str = "papers.md", **overrides: Any) -> PaperRun:
        settings = services.settings(cache_path=str(tmp_path / "papers.sqlite3"), **overrides)
        options = RunOptions(select=list(select), offline=offline, verify_papers=True)
        report = lint_source(Source(path, text), options, Settings(papers=settings))
        stats = None
        if report.pending.get("papers"):
            stats = check_run_papers([report], options, settings=settings, policy=policy)
        report.diagnostics.sort(key=lambda d: (d.line, d.column, d.code))
        return PaperRun(report.diagnostics, stats, report)

    return run


def paper_table(*rows: tuple[str, str]) -> str:
    body = "".join(f"| {title} | {source} |\n" for title, source in rows)
    return f"| 名称 | 来源 |\n| --- | --- |\n{body}"

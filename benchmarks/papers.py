"""Benchmark: verifying 1,000 paper-list rows against a slow, rate-limited service.

A local server (a subprocess, so that it does not share the checker's GIL)
answers dblp's publication search as dblp documents it (one CoRR hit with
the asked title), each answer after ``--delay`` seconds (100 ms), and logs
when each request arrived. tablelint is set to ``--rate`` requests per
second for dblp (``papers.dblp-rate``) with 4 requests in flight, the other
services off, and a cache of its own.

The issue asks for a limit of one request per second; 1,000 rows would then
take 1,000 s (17 minutes) of waiting that measures nothing more than ten
requests per second does. The default scale is therefore 10 requests per
second (``--rate 1`` runs the full-length version): the limit is checked
exactly, at that rate, on what the server saw.

Measured in the same run:

* the first run, ``tablelint check --verify-papers`` as a user runs it,
  against the floor the limit sets: (rows - 1) × (1 + the limiter's 5%
  slack for network jitter) / rate + one answer's delay;
* how the server saw the requests: how many, the most that arrived in any
  one-second window (must not exceed the rate), and the smallest gap
  between two arrivals (1 / rate, less the jitter of two loopback arrivals);
* the second run, answered from the paper cache (no request), against
  ``tablelint check`` of the same file without verification.

tablelint's modules are byte-compiled first and a warm-up run fills its
schema cache, as on a user's machine after the first check.

Run: ``python benchmarks/papers.py [--rows 1000] [--rate 10] [--delay 0.1] [--no-write]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, unquote_plus, urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


# The server: asyncio, HTTP/1.1 keep-alive, a dblp answer after --delay.

async def _serve_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float,
                            arrivals: list[float]) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            target = head.split(b" ", 2)[1].decode()
            if target == "/__arrivals":
                body = json.dumps(arrivals).encode()
            else:
                arrivals.append(time.time())
                await asyncio.sleep(delay)
                title = unquote_plus(parse_qs(urlsplit(target).query).get("q", [""])[0])
                number = len(arrivals)
                info = {"authors": {"author": {"@pid": "1/1", "text": "A. Author"}}, "title": title + ".",
                        "venue": "CoRR", "volume": f"abs/2201.{number:05d}", "year": "2022",
                        "type": "Informal and Other Publications", "key": f"journals/corr/abs-2201-{number:05d}",
                        "url": f"https://dblp.org/rec/journals/corr/abs-2201-{number:05d}"}
                answer = {"result": {"query": title, "status": {"@code": "200", "text": "OK"},
                                     "hits": {"@total": "1", "@computed": "1", "@sent": "1", "@first": "0",
                                              "hit": [{"@score": "9", "@id": str(number), "info": info}]}}}
                body = json.dumps(answer).encode()
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                         + str(len(body)).encode() + b"\r\nConnection: keep-alive\r\n\r\n" + body)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def _serve(port: int, delay: float, lifetime: float) -> None:
    arrivals: list[float] = []
    server = await asyncio.start_server(lambda r, w: _serve_connection(r, w, delay, arrivals), "127.0.0.1", port,
                                        backlog=512)
    print("ready", flush=True)
    await asyncio.sleep(lifetime)  # a benchmark server never outlives its run
    server.close()


def start_server(port: int, delay: float, lifetime: float) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--port", str(port), "--delay", str(delay), "--lifetime", str(lifetime)],
        stdout=subprocess.PIPE, text=True,
    )
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        process.kill()
        raise SystemExit("benchmark server did not start")
    return process


def arrivals(port: int) -> list[float]:
    from urllib.request import urlopen

    with urlopen(f"http://127.0.0.1:{port}/__arrivals", timeout=10) as answer:
        return json.loads(answer.read())


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_inputs(directory: Path, rows: int, port: int, rate: float) -> Path:
    lines = [f"| 《A Study of Benchmark Topic Number {n} in Depth》 | arXiv 2022 |" for n in range(rows)]
    path = directory / "papers.md"
    path.write_text("| 名称 | 来源 |\n| --- | --- |\n" + "\n".join(lines) + "\n", encoding="utf-8")
    (directory / "tablelint.toml").write_text(
        "[papers]\n"
        f'dblp-url = "http://127.0.0.1:{port}"\nservices = ["dblp"]\n'
        f"dblp-rate = {rate}\ndblp-concurrency = 4\nallow-private = true\n"
        f'cache-path = "{directory / "papers.sqlite3"}"\n',
        encoding="utf-8",
    )
    return path


def run_check(path: Path, *extra: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    env = {**os.environ, "TABLELINT_CACHE_DIR": str(path.parent / "cache"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "tablelint", "check", "--select", "TL6", *extra, str(path)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=path.parent, env=env, capture_output=True, text=True, timeout=7200)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"tablelint failed: {done.stderr.strip()}")
    return elapsed, done


def most_in_a_second(times: list[float]) -> int:
    """The most arrivals in any half-open window [t, t + 1 s)."""
    times = sorted(times)
    most, first = 0, 0
    for last, moment in enumerate(times):
        while moment - times[first] >= 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--lifetime", type=float, default=3600.0, help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=10.0, help="dblp requests per second (the issue's is 1)")
    parser.add_argument("--delay", type=float, default=0.1, help="seconds before each answer")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    arguments = parser.parse_args()
    if arguments.serve:
        asyncio.run(_serve(arguments.port, arguments.delay, arguments.lifetime))
        return

    rows, rate, delay = arguments.rows, arguments.rate, arguments.delay
    port = free_port()
    server = start_server(port, delay, lifetime=rows / rate * 3 + 600)
    try:
        with tempfile.TemporaryDirectory(prefix="tablelint-papers-bench-") as temporary:
            path = write_inputs(Path(temporary), rows, port, rate)
            # Byte-compiled, as on a user's machine after the first run (links.py does the same).
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src" / "tablelint")], check=False)
            baseline, _ = run_check(path)  # also fills the schema cache, as on a user's machine
            baseline, _ = run_check(path)
            first, first_run = run_check(path, "--verify-papers")
            seen = arrivals(port)
            second, second_run = run_check(path, "--verify-papers")
            asked_again = len(arrivals(port)) - len(seen)
    finally:
        server.kill()
        server.wait()

    from tablelint.papers.client import RATE_SLACK

    floor = (rows - 1) * (1 + RATE_SLACK) / rate + delay
    gaps = [later - earlier for earlier, later in zip(sorted(seen), sorted(seen)[1:], strict=False)]
    busiest = most_in_a_second(seen)
    found = [line for line in first_run.stderr.splitlines() if line.startswith("papers:")]
    cached = [line for line in second_run.stderr.splitlines() if line.startswith("papers:")]
    respected = busiest <= rate and len(seen) == rows
    text = "\n".join([
        f"## Paper verification: {rows:,} rows, a slow rate-limited service (benchmarks/papers.py)",
        "",
        f"{rows:,} rows of a paper list, each a distinct title, verified against a local dblp-like server that "
        f"answers after {delay * 1000:.0f} ms; `papers.dblp-rate = {rate:g}` (requests per second), 4 in flight. "
        + (f"The issue's limit is 1 request per second; this run uses a shortened scale of "
           f"{rate:g} per second ({rows:,} rows at 1/s would wait {rows:,} s), with the limit checked exactly at that "
           "rate." if rate != 1 else "The issue's limit, 1 request per second."),
        "",
        "| measure | value | against |",
        "| --- | --- | --- |",
        f"| first run (`check --verify-papers`) | {first:.2f} s | {first / floor:.3f} × the floor the limit sets "
        f"({floor:.1f} s) |",
        f"| requests the server saw | {len(seen):,} | {rows:,} rows |",
        f"| most requests in any 1 s window | {busiest} | limit {rate:g} |",
        f"| smallest gap between two arrivals | {min(gaps) * 1000:.1f} ms | {1000 / rate:.1f} ms (1 / rate) |",
        f"| second run, from the paper cache | {second:.2f} s | {second / baseline:.2f} × `check` without "
        f"verification ({baseline:.2f} s); {second / first:.4f} × the first run |",
        f"| requests in the second run | {asked_again} | 0 expected |",
        "",
        f"Limit respected: {'yes' if respected else 'NO'}; second run under a second: "
        f"{'yes' if second < 1.0 else 'NO'}. Summaries: `{found[0] if found else '?'}` / "
        f"`{cached[0] if cached else '?'}`.",
    ])
    print(text)
    if not arguments.no_write:
        sys.path.insert(0, str(HERE))
        from compare import write_section

        write_section("papers", text)


if __name__ == "__main__":
    main()

"""Benchmark: checking 1,000 links, against the floor and markdown-link-check.

A local server (a subprocess, so that it does not share the checker's GIL)
answers every request after 50 ms, on 127.0.0.2 … 127.0.0.9 (all loopback
on Linux), so the per-host limit (8 × 8 hosts = 64) is not what binds and
the global concurrency (32) is. The floor is 1,000 × 50 ms ÷ 32 = 1.56 s.

Measured in the same run, so that the ratios hold on a loaded machine:

* a bare asyncio client (raw sockets, keep-alive, 32 at a time): what this
  machine can do at all;
* ``tablelint check`` on the file, as a user runs it (process start, parse,
  extraction, checking); the same with ``--offline`` (all but the network);
  and the link-check step alone (``results.finish``), in a process of its own;
* with ``--baseline-src DIR``, the link-check step of another tablelint
  source tree (``src`` of a git worktree of main: the client this one
  replaced), interleaved with this tree's, for the CPU-per-URL ratio;
* markdown-link-check (npm), installed into benchmarks/.work/node if
  missing, on the same file.

The figures the link checker is held to (issue 16): the step within 1.5× the
floor, CPU per URL within 1.2× of the baseline's, and ``tablelint check`` at
least 10× faster than markdown-link-check. With ``--write`` the table goes
into RESULTS.md, section "links".

tablelint's modules are byte-compiled and one warm-up run fills its schema
cache first, as on a user's machine after the first check; ``--no-cache``
keeps link verdicts out of every timed run. Runs are interleaved and CPU seconds are shown next to wall time: on a
machine shared with other work, CPU time says what tablelint costs, and
the ratio to the bare client says how far from the machine's best it is.

Run: ``python benchmarks/links.py [--urls 1000] [--delay 0.05] [--repeat 3] [--skip-peer]
[--baseline-src DIR] [--write]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PEERS = HERE / ".work" / "node"
MLC_VERSION = "3.15.0"
HOSTS = [f"127.0.0.{n}" for n in range(2, 10)]


# The server: asyncio, HTTP/1.1 keep-alive, every answer after --delay.

async def _serve_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            method = head.split(b" ", 1)[0]
            await asyncio.sleep(delay)
            body = b"" if method == b"HEAD" else b"ok"
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                         b"Connection: keep-alive\r\n\r\n" + body)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def _serve(port: int, delay: float, lifetime: float) -> None:
    servers = [
        await asyncio.start_server(lambda r, w: _serve_connection(r, w, delay), host, port, backlog=512)
        for host in HOSTS
    ]
    print("ready", flush=True)
    # Stops by itself: a benchmark server never outlives its run.
    await asyncio.sleep(lifetime)
    for server in servers:
        server.close()


def start_server(port: int, delay: float) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--port", str(port), "--delay", str(delay)],
        stdout=subprocess.PIPE, text=True,
    )
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        process.kill()
        raise SystemExit("benchmark server did not start")
    return process


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.2", 0))
        return int(probe.getsockname()[1])


def write_table(directory: Path, count: int, port: int) -> tuple[Path, list[str]]:
    urls = [f"http://{HOSTS[i % len(HOSTS)]}:{port}/p/{i}" for i in range(count)]
    rows = [f"| paper-{i} | arxiv 2023 | {url} |" for i, url in enumerate(urls)]
    path = directory / f"links-{count}.md"
    header = "| 名称 | 来源 | 备注 |\n| --- | --- | --- |\n"
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return path, urls


# The bare client: the least any checker has to spend.

async def _bare_client(urls: list[str], concurrency: int) -> None:
    from urllib.parse import urlsplit

    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    connections: dict[str, list[tuple[asyncio.StreamReader, asyncio.StreamWriter]]] = {}

    async def worker() -> None:
        while not queue.empty():
            url = queue.get_nowait()
            parts = urlsplit(url)
            key = parts.netloc
            pool = connections.setdefault(key, [])
            if pool:
                reader, writer = pool.pop()
            else:
                reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
            writer.write(f"HEAD {parts.path} HTTP/1.1\r\nHost: {key}\r\n\r\n".encode())
            await writer.drain()
            await reader.readuntil(b"\r\n\r\n")
            pool.append((reader, writer))

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    for pool in connections.values():
        for _, writer in pool:
            writer.close()


def time_bare(urls: list[str], concurrency: int) -> tuple[float, float]:
    cpu = time.process_time()
    start = time.perf_counter()
    asyncio.run(_bare_client(urls, concurrency))
    return time.perf_counter() - start, time.process_time() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# One cache directory for the whole benchmark: ``--no-cache`` keeps link
# verdicts and file results out of it, and what stays (the compiled schemas)
# is warm after the first run, as on a user's machine after the first check.
_CACHE_DIR = tempfile.mkdtemp(prefix="tablelint-bench-")


def time_tablelint_cli(path: Path, *extra: str) -> tuple[float, float, dict[str, int]]:
    """Wall and CPU seconds of ``tablelint check`` on ``path``, and the codes it reported."""
    command = [sys.executable, "-m", "tablelint", "check", str(path), "--select", "TL3", "--no-cache",
               "--allow-private-links", "--output-format", "json", "--exit-zero", *extra]
    env = {**os.environ, "TABLELINT_CACHE_DIR": _CACHE_DIR}
    cpu = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if result.returncode != 0:
        raise SystemExit(f"tablelint failed: {result.stderr.strip()}")
    codes: dict[str, int] = {}
    for item in json.loads(result.stdout):
        codes[item["code"]] = codes.get(item["code"], 0) + 1
    return elapsed, cpu, codes


def _step_in_process(src: str, path: str, warm: bool) -> None:
    """The run-wide link step alone (after parsing), of the tablelint in
    ``src``: prints wall seconds, CPU seconds and the summary as JSON. With
    ``warm``, one whole step runs before the timed one (the client imported,
    its first-use costs paid): what each request costs in a long run."""
    sys.path.insert(0, src)
    from tablelint.config import Settings

    try:
        from tablelint.engine.finish import finish
        from tablelint.engine.lint import RunOptions, lint_source
        from tablelint.parse.source import read_source
    except ImportError:  # a tree from before the layered core (a baseline)
        from tablelint.lint import RunOptions, finish, lint_source  # type: ignore[no-redef]
        from tablelint.source import read_source  # type: ignore[no-redef]

    if warm:
        options = RunOptions(select=["TL3"], no_cache=True, allow_private_links=True)
        finish([lint_source(read_source(path), options, Settings())], options)
    options = RunOptions(select=["TL3"], no_cache=True, allow_private_links=True)
    report = lint_source(read_source(path), options, Settings())
    cpu = time.process_time()
    start = time.perf_counter()
    finish([report], options)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    stats = getattr(report, "link_stats", None) or getattr(options, "link_stats", None)
    print(json.dumps({"wall": wall, "cpu": cpu, "summary": stats.summary(),
                      "problems": len(report.diagnostics)}))


def time_tablelint_step(src: Path, path: Path, warm: bool = False) -> tuple[float, float, str]:
    env = {**os.environ, "TABLELINT_CACHE_DIR": _CACHE_DIR, "PYTHONPATH": str(src)}
    command = [sys.executable, __file__, "--step", str(src), str(path), *(["--warm"] if warm else [])]
    result = subprocess.run(command, capture_output=True,
                            text=True, env=env, timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"link step of {src} failed: {result.stderr.strip()[-500:]}")
    found = json.loads(result.stdout.strip().splitlines()[-1])
    if found["problems"]:
        raise SystemExit(f"link step of {src} found {found['problems']} problems: {found['summary']}")
    return found["wall"], found["cpu"], found["summary"]


def ensure_markdown_link_check() -> Path | None:
    binary = PEERS / "node_modules" / ".bin" / "markdown-link-check"
    if binary.exists():
        return binary
    if shutil.which("npm") is None:
        return None
    PEERS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "install", "--no-save", "--no-package-lock", "--prefix", str(PEERS),
                    f"markdown-link-check@{MLC_VERSION}"], check=False, capture_output=True, timeout=600)
    return binary if binary.exists() else None


def time_markdown_link_check(binary: Path, path: Path) -> tuple[float, int]:
    """Wall time, and how many links it found alive (all of them should be)."""
    start = time.perf_counter()
    result = subprocess.run([str(binary), "-v", str(path)], capture_output=True, text=True, timeout=900)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"markdown-link-check failed: {result.stderr.strip()[:300]}")
    return elapsed, (result.stdout + result.stderr).count("✓")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=32, help="tablelint's default (links.concurrency)")
    parser.add_argument("--skip-peer", action="store_true", help="do not run markdown-link-check")
    parser.add_argument("--baseline-src", type=Path, help="the src directory of the tablelint to compare with")
    parser.add_argument("--write", action="store_true", help="write the table into RESULTS.md (section links)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--step", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--lifetime", type=float, default=1800.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve(args.port, args.delay, args.lifetime))
        return
    if args.step:
        _step_in_process(*args.step, warm=args.warm)
        return

    port = free_port()
    server = start_server(port, args.delay)
    runs: dict[str, list[tuple[float, float]]] = {
        "bare": [], "step": [], "baseline": [], "warm": [], "baseline-warm": [], "cli": [], "offline": []}
    codes: dict[str, int] = {}
    summary = ""
    peer: float | None = None
    peer_note = "skipped (--skip-peer)"
    try:
        with tempfile.TemporaryDirectory(prefix="links-bench-") as scratch:
            path, urls = write_table(Path(scratch), args.urls, port)
            # As a wheel install does: with PYTHONDONTWRITEBYTECODE set, every
            # run would compile tablelint's modules from source.
            for src in (REPO / "src", args.baseline_src):
                if src is not None:
                    subprocess.run([sys.executable, "-m", "compileall", "-q", str(src / "tablelint")],
                                   check=True, stdout=subprocess.DEVNULL)
            time_tablelint_cli(path, "--offline")  # warm-up: the schema cache
            for _ in range(args.repeat):
                runs["bare"].append(time_bare(urls, args.concurrency))
                wall, cpu, codes = time_tablelint_cli(path)
                runs["cli"].append((wall, cpu))
                wall, cpu, _ = time_tablelint_cli(path, "--offline")
                runs["offline"].append((wall, cpu))
                wall, cpu, summary = time_tablelint_step(REPO / "src", path)
                runs["step"].append((wall, cpu))
                runs["warm"].append(time_tablelint_step(REPO / "src", path, warm=True)[:2])
                if args.baseline_src is not None:
                    runs["baseline"].append(time_tablelint_step(args.baseline_src, path)[:2])
                    runs["baseline-warm"].append(time_tablelint_step(args.baseline_src, path, warm=True)[:2])
            if not args.skip_peer:
                binary = ensure_markdown_link_check()
                if binary is None:
                    peer_note = "not available (npm install failed)"
                else:
                    peer, alive = time_markdown_link_check(binary, path)
                    peer_note = f"markdown-link-check {MLC_VERSION}, 1 run; {alive} links alive"
    finally:
        server.terminate()
        server.wait(timeout=10)

    floor = args.urls * args.delay / args.concurrency
    bare = statistics.median(wall for wall, _ in runs["bare"])
    lines = [
        f"{args.urls} URLs, {args.delay * 1000:.0f} ms per answer, {len(HOSTS)} loopback hosts, "
        f"concurrency {args.concurrency}; median of {args.repeat} runs, interleaved; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        "",
        "| what | wall | CPU | CPU per URL | ÷ floor | ÷ bare client | notes |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        f"| floor: urls × delay ÷ concurrency | {floor:.2f} s | | | 1.00× | {floor / bare:.2f}× | theory |",
    ]

    def median(key: str, which: int) -> float:
        return statistics.median(run[which] for run in runs[key])

    def row(name: str, key: str, note: str = "") -> None:
        walls = [wall for wall, _ in runs[key]]
        wall, cpu = median(key, 0), median(key, 1)
        lines.append(f"| {name} | {wall:.2f} s (min {min(walls):.2f}) | {cpu:.2f} s | "
                     f"{cpu / args.urls * 1000:.2f} ms | {wall / floor:.2f}× | {wall / bare:.2f}× | {note} |")

    row("bare asyncio client (raw sockets, keep-alive)", "bare", "what this machine can do now")
    row("tablelint link step (aiohttp)", "step", summary)
    row("tablelint link step, after one untimed step", "warm", "the cost per request")
    if runs["baseline"]:
        row("baseline link step (the hand-written h11 client)", "baseline", str(args.baseline_src))
        row("baseline link step, after one untimed step", "baseline-warm", "the cost per request")
    row("tablelint check (CLI, whole run)", "cli", f"codes {codes}")
    row("tablelint check --offline (CLI, no network)", "offline", "start-up, parsing, binding")
    cli = median("cli", 0)
    if peer is not None:
        lines.append(f"| markdown-link-check | {peer:.2f} s | | | {peer / floor:.2f}× | {peer / bare:.2f}× "
                     f"| {peer_note} |")
    lines.append("")
    step = median("step", 0)
    lines.append(f"- link step: {step / floor:.2f}× the floor (held to at most 1.5×)")
    if runs["baseline"]:
        ratio = median("warm", 1) / median("baseline-warm", 1)
        # The least of the runs is the cost with the least interference from
        # other work on the machine: shown next to the median.
        least = min(cpu for _, cpu in runs["warm"]) / min(cpu for _, cpu in runs["baseline-warm"])
        lines.append(f"- CPU per URL, per request (after one untimed step): {ratio:.2f}× the baseline client's "
                     f"(medians; {least:.2f}× of the least runs), same run (held to at most 1.2×)")
        ratio = median("step", 1) / median("baseline", 1)
        lines.append(f"- CPU per URL of a first step, the client's import and first use included: {ratio:.2f}× "
                     "the baseline client's")
    if peer is not None:
        lines.append(f"- tablelint check is {peer / cli:.1f}× faster than markdown-link-check (held to at least 10×)")
    else:
        lines.append(f"- markdown-link-check: {peer_note}")
    text = "\n".join(lines)
    print(text)
    if args.write:
        sys.path.insert(0, str(HERE))
        from compare import write_section

        command = "python benchmarks/links.py" + "".join(
            f" {arg}" for arg in sys.argv[1:] if arg != "--write")
        write_section("links", f"## Link checking (`{command}`)\n\n{text}\n")


if __name__ == "__main__":
    main()

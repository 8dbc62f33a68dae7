"""The language server's latency and memory, as an editor sees them.

An LSP client (plain JSON-RPC over pipes) starts ``python -m tablelint server`` over stdio,
with no debounce (``debounceMs: 0``), and measures:

* the seed table (examples/llm-papers.md) after a change: the time from
  sending ``textDocument/didChange`` (a cell edited, a new version each run)
  to receiving that version's ``publishDiagnostics`` (issue 18: at most 50 ms);
* the same for a generated 10,000-row table in the seed's schema
  (paper-list: CJK headers, a source on every row, one in 50 not canonical,
  one in 100 with a placeholder; issue 18: at most 1 s);
* the resident memory (VmRSS) of the server after ``initialize`` with no
  document open, then with 20 documents open (copies of the seed, each
  checked).

Baselines, measured in the same run: ``tablelint.lint()`` of the same text in
this process (what the server adds is the ratio over it), and the server's
memory before any document is open.

Usage: python benchmarks/lsp.py [--runs 21] [--rows 10000] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from compare import REPO, load_average, machine_lines, markdown_table, now, positive_int, write_section

SEED = REPO / "examples" / "llm-papers.md"
WARM_UP = 3
VENUES = ("arXiv", "NeurIPS", "ICML", "ICLR", "ACL", "EMNLP", "CVPR")


def big_table(rows: int) -> str:
    lines = ["| 名称 | 来源 | 说明 | 状态 | 备注 |", "| --- | --- | --- | --- | --- |"]
    for i in range(rows):
        venue = VENUES[i % len(VENUES)]
        year = 2015 + i % 9
        source = f"{venue} {year}" if i % 50 else f"{venue.lower()}{year}"
        status = "NULL" if i % 100 == 7 else "读完"
        lines.append(f"| 《Paper {i}: Scaling Models Number {i}》 | {source} | 第{i}篇：模型训练与评测；<br/>"
                     f"数据集 v{i % 13} | {status} |  |")
    return "\n".join(lines) + "\n"


def edited(text: str, run: int) -> str:
    """``text`` with one cell of its first body row changed (a new text per run)."""
    lines = text.split("\n")
    lines[2] = lines[2].replace("| ", f"| edit {run} ", 1)
    return "\n".join(lines)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


class Client:
    """A minimal LSP client on plain JSON: pygls's client turns every message
    into typed objects, which would count the client's own parsing as the
    server's time."""

    def __init__(self) -> None:
        self.process: asyncio.subprocess.Process | None = None
        self.waiting: dict[tuple[str, int | None], asyncio.Future[int]] = {}
        self.counts: dict[tuple[str, int | None], int] = {}
        self.responses: dict[int, asyncio.Future[object]] = {}
        self.next_id = 0
        self.reader_task: asyncio.Task[None] | None = None

    async def start(self, root: Path) -> None:
        env = {**os.environ, "TABLELINT_CACHE_DIR": str(root / "cache")}
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tablelint", "server", cwd=str(root), env=env,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
        self.reader_task = asyncio.create_task(self._read())
        await self.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(),
                                          "capabilities": {"workspace": {"configuration": True}},
                                          "initializationOptions": {"debounceMs": 0}})
        self.notify("initialized", {})

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def _send(self, message: dict[str, object]) -> None:
        assert self.process is not None and self.process.stdin is not None
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params: object) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    async def request(self, method: str, params: object) -> object:
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.responses[self.next_id] = future
        self._send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return await asyncio.wait_for(future, timeout=120)

    async def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        stream = self.process.stdout
        while True:
            length = 0
            while (line := await stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            message = json.loads(await stream.readexactly(length))
            method = message.get("method")
            if method == "textDocument/publishDiagnostics":
                params = message["params"]
                key = (params["uri"], params.get("version"))
                self.counts[key] = len(params["diagnostics"])
                self.waiting.setdefault(key, asyncio.get_running_loop().create_future())
                if not self.waiting[key].done():
                    self.waiting[key].set_result(self.counts[key])
            elif method == "workspace/configuration":
                self._send({"jsonrpc": "2.0", "id": message["id"],
                            "result": [{"debounceMs": 0} for _ in message["params"]["items"]]})
            elif method is not None and "id" in message:  # another request: accept it
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif "id" in message and message["id"] in self.responses:
                self.responses.pop(message["id"]).set_result(message.get("result"))

    async def wait(self, uri: str, version: int) -> int:
        future = self.waiting.setdefault((uri, version), asyncio.get_running_loop().create_future())
        return await asyncio.wait_for(future, timeout=120)

    def open(self, uri: str, text: str) -> None:
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                              "text": text}})

    def change(self, uri: str, version: int, text: str) -> None:
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})

    def close(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    async def stop(self) -> None:
        assert self.process is not None
        await self.request("shutdown", None)
        self.notify("exit", None)
        await asyncio.wait_for(self.process.wait(), timeout=30)
        if self.reader_task is not None:
            self.reader_task.cancel()


async def change_latency(client: Client, uri: str, path: Path, text: str,
                         runs: int) -> tuple[list[float], list[float], int]:
    """Server and baseline taking turns, so that a change in the machine's load
    weighs on both: each run times one change through the server, then
    ``tablelint.lint()`` of the same text in this process."""
    import tablelint

    client.open(uri, text)
    await client.wait(uri, 1)
    tablelint.lint(text, path=str(path))
    server_times, lint_times = [], []
    count = 0
    # The first changes also build what the server makes once (cattrs' converters
    # for each message type, the rules' lazy imports): warm-up, not timed.
    for run in range(-WARM_UP, runs):
        version = run + WARM_UP + 2
        changed = edited(text, run)
        started = time.perf_counter()
        client.change(uri, version, changed)
        count = await client.wait(uri, version)
        elapsed = time.perf_counter() - started
        started = time.perf_counter()
        tablelint.lint(changed, path=str(path))
        if run >= 0:
            server_times.append(elapsed)
            lint_times.append(time.perf_counter() - started)
    return server_times, lint_times, count


async def measure(runs: int, rows: int, root: Path) -> dict[str, object]:
    # The baseline's lint() reads the same (empty) caches as the server: a link
    # cache holding verdicts from other runs would cost it lookups the server skips.
    os.environ["TABLELINT_CACHE_DIR"] = str(root / "cache")
    seed_text = SEED.read_text(encoding="utf-8")
    big_text = big_table(rows)
    client = Client()
    await client.start(root)
    try:
        seed_uri = (root / "llm-papers.md").as_uri()
        seed_server, seed_lint, seed_count = await change_latency(client, seed_uri, root / "llm-papers.md",
                                                                  seed_text, runs)
        big_runs = max(3, runs // 4)
        big_uri = (root / "big.md").as_uri()
        big_server, big_lint, big_count = await change_latency(client, big_uri, root / "big.md", big_text, big_runs)
        client.close(big_uri)
    finally:
        await client.stop()

    # Memory: a fresh server, 20 documents.
    client = Client()
    await client.start(root)
    try:
        await asyncio.sleep(1.0)  # settings pulled, nothing open
        fresh_rss = rss_kib(client.pid)
        uris = [(root / f"doc{i}.md").as_uri() for i in range(20)]
        for uri in uris:
            client.open(uri, seed_text)
        for uri in uris:
            await client.wait(uri, 1)
        twenty_rss = rss_kib(client.pid)
    finally:
        await client.stop()

    return {
        "seed_server": seed_server, "seed_lint": seed_lint, "seed_count": seed_count,
        "big_server": big_server, "big_lint": big_lint, "big_count": big_count,
        "fresh_rss": fresh_rss, "twenty_rss": twenty_rss,
    }


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=positive_int, default=21)
    parser.add_argument("--rows", type=positive_int, default=10_000)
    parser.add_argument("--no-write", action="store_true")
    arguments = parser.parse_args()
    started, load_before = now(), load_average()
    with tempfile.TemporaryDirectory(prefix="tablelint-lsp-") as directory:
        found = asyncio.run(measure(arguments.runs, arguments.rows, Path(directory)))
    seed_server, seed_lint = statistics.median(found["seed_server"]), statistics.median(found["seed_lint"])
    big_server, big_lint = statistics.median(found["big_server"]), statistics.median(found["big_lint"])
    rows = [
        ["seed table (examples/llm-papers.md)", str(found["seed_count"]), ms(seed_server), ms(seed_lint),
         f"{seed_server / seed_lint:.2f}", "≤ 50 ms", "yes" if seed_server <= 0.05 else "no"],
        [f"{arguments.rows:,}-row table", str(found["big_count"]), ms(big_server), ms(big_lint),
         f"{big_server / big_lint:.2f}", "≤ 1 s", "yes" if big_server <= 1.0 else "no"],
    ]
    memory = [
        ["server, nothing open", f"{found['fresh_rss'] / 1024:.1f} MiB", "1.00"],
        ["server, 20 documents open (seed copies, each checked)", f"{found['twenty_rss'] / 1024:.1f} MiB",
         f"{found['twenty_rss'] / found['fresh_rss']:.2f}"],
    ]
    text = "\n".join([
        "## Language server (benchmarks/lsp.py)",
        "",
        f"{started}. An LSP client (plain JSON-RPC over pipes, so that its own parsing is not counted) drives "
        "`python -m tablelint server` over stdio with `debounceMs: 0`; the time is "
        "from sending `didChange` (one cell edited) to receiving that version's `publishDiagnostics`, median of "
        f"{arguments.runs} changes for the seed and {max(3, arguments.runs // 4)} for the large table, after "
        f"{WARM_UP} changes not timed. The "
        "baseline is `tablelint.lint()` of the same edited text in the benchmark's own process, right after each "
        "change (the two take turns), with the same empty cache directory.",
        "",
        *[f"- {line}" for line in machine_lines()],
        f"- Load average before / after: {load_before} / {load_average()} (other jobs shared the 2 cores).",
        "",
        markdown_table(["document", "diagnostics", "change → diagnostics", "lint() alone", "ratio", "target",
                        "met"], rows),
        markdown_table(["resident memory (VmRSS)", "size", "ratio to nothing open"], memory),
    ])
    print(text)
    if not arguments.no_write:
        write_section("lsp", text)


if __name__ == "__main__":
    main()

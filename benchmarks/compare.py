"""Time tablelint against its peers on tables in the shape of the user's reading list.

On 1k, 10k and 100k rows (``tables.write_table``), every tool runs as a whole
process, the way a user or a pre-commit hook runs it:

* ``tablelint check --offline FILE`` and ``tablelint format --check FILE``;
* ``markdownlint-cli2 FILE``, ``prettier --check FILE``, ``mdformat --check FILE``
  (with mdformat-gfm, so mdformat formats tables), installed by ``peers.py``;
* the baseline: a Python process that parses the file with stock mistune
  (``create_markdown(renderer=None, plugins=["table"])``) and checks nothing.

tablelint keeps a result cache: a file checked before with the same bytes is
not checked again. The head-to-head times the file as changed since the last
run: before each tablelint run, a comment line at the end of the file is
rewritten, so the result cache misses while the rest of tablelint's cache
(compiled schemas) is as a user has it. That is what a pre-commit hook sees,
and what the peers, which cache nothing, always do. One more row times the
unchanged file (a result-cache hit), for information. tablelint's cache lives
in ``.work/tablelint-cache`` (``TABLELINT_CACHE_DIR``), emptied at the start.

Each time is the median of ``--runs`` runs (5), the tools taking turns so that
noise from other processes spreads over all of them. A tool whose run takes
more than a minute is not run again at that size; one that does not finish in
five minutes is killed, reported as such, and skipped at the larger sizes. A
run that fails (an exit code other than 0 or 1) is not timed; a second
failure marks the tool failed at that size.
Peak RSS comes from ``wait4`` of each process (its largest process, children
included). The results are printed and written to RESULTS.md, section
"compare", with the machine and every tool's version; the wall-time and
speed-up tables also go into README.md, between its ``speed`` markers.

No peer checks links, hence ``--offline`` for tablelint.

Usage: python benchmarks/compare.py [--sizes 1000,10000,100000] [--runs 5]
[--timeout 300] [--no-write]

The process-timing and RESULTS.md helpers here are shared by startup.py and
many_files.py.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from peers import Peer, ensure_peers, node_version
from tables import write_table

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
WORK = BENCHMARKS / ".work"
RESULTS = BENCHMARKS / "RESULTS.md"
README = REPO / "README.md"

DEFAULT_SIZES = (1_000, 10_000, 100_000)
LONG_RUN = 60.0  # seconds: one run this long is enough at that size
CAP = 300.0  # seconds: a run still going then is killed
MB = 1024 * 1024  # the report's MB are MiB, the file sizes in the limit included
MEMORY_TARGET_ROWS = 100_000  # issue 7 sets the memory limit for the 100k-row table

BASELINE_SNIPPET = (
    "import sys, mistune; "
    "mistune.create_markdown(renderer=None, plugins=['table'])(open(sys.argv[1], encoding='utf-8').read())"
)


# ---- running one process -----------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss: int  # bytes; of the largest process among the command and its children
    cpu_seconds: float  # user + system, children included
    exit_code: int | None  # None when killed at the cap
    stdout: bytes
    stderr: bytes

    @property
    def timed_out(self) -> bool:
        return self.exit_code is None

    def last_error_line(self) -> str:
        lines = [line.strip() for line in self.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        return lines[-1] if lines else "no message on stderr"


def run_process(command: Sequence[str | os.PathLike[str]], *, cwd: Path | None = None, timeout: float = CAP,
                env: dict[str, str] | None = None, capture_stdout: bool = False,
                on_start: Callable[[int], object] | None = None) -> Run:
    """Run a command to completion and measure it; kill its whole process group at ``timeout``.

    ``on_start`` gets the process id (also its session id) as soon as the process exists.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        killed = threading.Event()
        start = time.perf_counter()
        # A session of its own, so that a kill reaches node's and the process pool's children too.
        process = subprocess.Popen(
            [os.fspath(part) for part in command], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
            stdout=out if capture_stdout else subprocess.DEVNULL, stderr=err, start_new_session=True,
        )

        def kill() -> None:
            killed.set()
            _kill_group(process.pid)

        timer = threading.Timer(timeout, kill)
        timer.start()
        if on_start is not None:
            on_start(process.pid)
        try:
            # wait4, not Popen.wait: it returns this child's own resource usage (peak RSS, CPU).
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            _kill_group(process.pid)
            process.wait()
            raise
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds=seconds,
            peak_rss=usage.ru_maxrss * 1024,  # Linux reports kilobytes
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            exit_code=None if killed.is_set() else process.returncode,
            stdout=out.read(),
            stderr=err.read(),
        )


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


# ---- the machine, the versions and RESULTS.md -------------------------------------------------


def tablelint_command() -> list[str]:
    """The tablelint of the repository's venv, as a user's shell or pre-commit would start it."""
    script = REPO / ".venv" / "bin" / "tablelint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tablelint"]


def byte_compile_package() -> None:
    """Write tablelint's .pyc files, as installing the wheel does. An editable
    install where PYTHONDONTWRITEBYTECODE is set (as on this machine) would
    otherwise compile every module from source at each start, a cost that no
    installed tablelint, and no peer, pays."""
    subprocess.run([project_python(), "-m", "compileall", "-q", str(REPO / "src" / "tablelint")],
                   check=True, stdout=subprocess.DEVNULL)


def project_python() -> str:
    python = REPO / ".venv" / "bin" / "python"
    return str(python) if python.exists() else sys.executable


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def machine_lines() -> list[str]:
    cpu = platform.processor() or platform.machine()
    memory = "unknown"
    try:
        match = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        cpu = match.group(1).strip() if match else cpu
        total = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
        memory = f"{int(total.group(1)) / MB:.1f} GiB" if total else memory
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count() or 1
    return [
        f"CPU: {cpu}, {usable} cores usable ({os.cpu_count()} online), memory {memory}",
        f"System: {platform.system()} {platform.release()}, Python {platform.python_version()}",
    ]


def project_versions() -> dict[str, str]:
    """tablelint's own version and those of the libraries it times, from the project's Python."""
    code = (
        "import importlib.metadata as m\n"
        "for name in ('tablelint', 'mistune', 'pydantic', 'click'):\n"
        "    print(name, m.version(name))"
    )
    versions: dict[str, str] = {}
    result = subprocess.run([project_python(), "-c", code], capture_output=True, text=True, check=False)
    for line in result.stdout.splitlines():
        name, _, version = line.partition(" ")
        versions[name] = version
    revision = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    if revision:
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True, text=True, check=False,
        ).stdout.strip()
        state = ", modified" if dirty else ""
        versions["tablelint"] = f"{versions.get('tablelint', '?')} (commit {revision}{state})"
    return versions


def now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


SECTION_ORDER = ("compare", "startup", "many-files")
RESULTS_HEAD = (
    "# Benchmark results\n\n"
    "Written by the scripts in this folder, one section each; re-run a script to refresh its section\n"
    "(see README.md). Timings are whole processes, medians; the speed-ups are ratios taken in the same run.\n"
)


def write_section(name: str, body: str, path: Path = RESULTS) -> None:
    """Replace one script's section of RESULTS.md, keeping the others."""
    text = path.read_text(encoding="utf-8") if path.exists() else RESULTS_HEAD
    sections = {
        found.group(1): found.group(0)
        for found in re.finditer(r"<!-- (\S+):start -->\n.*?<!-- \1:end -->\n", text, re.DOTALL)
    }
    head = text.split("<!-- ", 1)[0].rstrip("\n") + "\n"
    sections[name] = f"<!-- {name}:start -->\n{body.rstrip()}\n<!-- {name}:end -->\n"
    ordered = [sections[key] for key in SECTION_ORDER if key in sections]
    ordered += [value for key, value in sections.items() if key not in SECTION_ORDER]
    path.write_text(head + "".join("\n" + section for section in ordered), encoding="utf-8")


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def line(cells: Sequence[str]) -> str:
        # An error message may hold a pipe, which would split the cell.
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    # The delimiter row as `tablelint format` writes a compact table, so the format hook leaves it be.
    lines = [line(header), line(["---"] * len(header)), *(line(row) for row in rows)]
    return "\n".join(lines) + "\n"


def size_text(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{size / 1024:.0f} KB"


def seconds_text(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def ratio_text(ratio: float) -> str:
    return f"{ratio:.1f}×" if ratio < 100 else f"{ratio:.0f}×"


# ---- the comparison ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tool:
    label: str
    command: list[str]  # FILE is appended
    role: str  # "check", "format", "peer-check", "peer-format", "baseline", "info"
    file: str = "same"  # "changed": the file's last line is rewritten before each run, so no cache hit


@dataclass
class Outcome:
    runs: list[Run] = field(default_factory=list)
    failure: str | None = None  # why there is no time: killed, failed, skipped
    failed_runs: int = 0  # runs that failed and were not timed

    @property
    def median(self) -> float | None:
        return statistics.median(run.seconds for run in self.runs) if self.runs and not self.failure else None

    @property
    def peak_rss(self) -> int | None:
        return max(run.peak_rss for run in self.runs) if self.runs and not self.failure else None

    def cell(self) -> str:
        if self.failure:
            return self.failure
        assert self.median is not None and self.peak_rss is not None
        runs = "" if len(self.runs) >= 3 else f", {len(self.runs)} run{'s' if len(self.runs) > 1 else ''}"
        failed = f", {self.failed_runs} failed run not timed" if self.failed_runs else ""
        return f"{seconds_text(self.median)} ({self.peak_rss / MB:.0f} MB{runs}{failed})"


def tools(peers: dict[str, Peer]) -> list[Tool]:
    tablelint = tablelint_command()
    found = [
        Tool("tablelint check --offline", [*tablelint, "check", "--offline"], "check", "changed"),
        Tool("tablelint format --check", [*tablelint, "format", "--check"], "format", "changed"),
    ]
    executables = {name: str(peer.executable) for name, peer in peers.items()}
    if "markdownlint-cli2" in executables:
        found.append(Tool("markdownlint-cli2", [executables["markdownlint-cli2"]], "peer-check"))
    if "prettier" in executables:
        found.append(Tool("prettier --check", [executables["prettier"], "--check"], "peer-format"))
    if "mdformat" in executables:
        found.append(Tool("mdformat --check (gfm)", [executables["mdformat"], "--check"], "peer-format"))
    found.append(Tool("mistune parse (baseline)", [project_python(), "-c", BASELINE_SNIPPET], "baseline"))
    found.append(Tool(CACHED_LABEL, [*tablelint, "check", "--offline"], "info"))
    return found


CACHED_LABEL = "tablelint check --offline, unchanged file (result cache hit; not in the ratios)"
TABLELINT_CACHE = WORK / "tablelint-cache"


def tablelint_env(cache: Path = TABLELINT_CACHE) -> dict[str, str]:
    return {**os.environ, "TABLELINT_CACHE_DIR": str(cache)}


def change_file(path: Path, original_size: int) -> None:
    """Give the file new bytes after its tables: a result cache cannot hold them."""
    with path.open("r+b") as handle:
        handle.seek(original_size)
        handle.write(f"\n<!-- benchmark run {time.time_ns()} -->\n".encode())
        handle.truncate()


def run_tool(tool: Tool, path: Path, timeout: float) -> Run:
    """Run a tool on a copy of the table in its own folder; every tool sees the same bytes but the marker."""
    folder = WORK / "run"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    if not target.exists() or target.stat().st_size < path.stat().st_size:
        shutil.copyfile(path, target)
    if tool.file == "changed":
        change_file(target, path.stat().st_size)
    elif target.stat().st_size != path.stat().st_size:
        with target.open("r+b") as handle:
            handle.truncate(path.stat().st_size)
    return run_process([*tool.command, target.name], cwd=folder, timeout=timeout, env=tablelint_env())


# Linters and format checkers exit 1 when they find something; that is a normal, timed run.
NORMAL_EXITS = {0, 1}


Outcomes = dict[tuple[str, int], Outcome]


def measure(tool_list: list[Tool], sizes: list[int], runs: int, timeout: float) -> Outcomes:
    outcomes: Outcomes = {}
    gave_up: dict[str, str] = {}
    shutil.rmtree(TABLELINT_CACHE, ignore_errors=True)  # filled by this run's tablelint only
    shutil.rmtree(WORK / "run", ignore_errors=True)
    for size_index, rows in enumerate(sizes):
        path = write_table_file(rows)
        for tool in tool_list:
            # One untimed run each: first-run costs (bytecode, disk cache) stay out of the medians,
            # and the result cache holds the unchanged file at every size.
            if size_index == 0 or tool.role == "info":
                run = run_tool(tool, path, timeout)
                progress(f"{rows:>7,} rows  {tool.label:<26} warm-up  {seconds_text(run.seconds):>8}  "
                         f"exit {run.exit_code}")
        for tool in tool_list:
            outcome = outcomes[(tool.label, rows)] = Outcome()
            if tool.label in gave_up:
                outcome.failure = f"skipped ({gave_up[tool.label]})"
        for round_index in range(runs):
            # Rotate the order each round: no tool always runs right after the same neighbour.
            shift = round_index % len(tool_list)
            for tool in tool_list[shift:] + tool_list[:shift]:
                outcome = outcomes[(tool.label, rows)]
                if outcome.failure or any(run.seconds > LONG_RUN for run in outcome.runs):
                    continue
                run = run_tool(tool, path, timeout)
                if run.timed_out:
                    outcome.failure = f"did not finish in {timeout / 60:g} min"
                    gave_up[tool.label] = f"did not finish in {timeout / 60:g} min at {rows:,} rows"
                elif run.exit_code not in NORMAL_EXITS:
                    outcome.failed_runs += 1
                    if outcome.failed_runs >= 2:
                        outcome.failure = f"failed (exit {run.exit_code}: {run.last_error_line()[:160]})"
                    else:
                        progress(f"{rows:>7,} rows  {tool.label}: failed, not timed: {run.last_error_line()}")
                else:
                    outcome.runs.append(run)
                progress(
                    f"{rows:>7,} rows  {tool.label:<26} run {len(outcome.runs)}/{runs}  "
                    f"{seconds_text(run.seconds):>8}  {run.peak_rss / MB:5.0f} MB  exit {run.exit_code}"
                )
    return outcomes


def write_table_file(rows: int) -> Path:
    return write_table(WORK, rows)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def report(tool_list: list[Tool], sizes: list[int], outcomes: Outcomes, *, runs: int,
           timeout: float, versions: dict[str, str], load_before: str, started: str) -> str:
    file_sizes = {rows: write_table_file(rows).stat().st_size for rows in sizes}
    size_headers = [f"{rows:,} rows ({size_text(file_sizes[rows])})" for rows in sizes]
    parts = [
        "## tablelint against its peers\n",
        f"`python benchmarks/compare.py --sizes {','.join(map(str, sizes))} --runs {runs}`, {started}. "
        f"Whole processes, median of {runs} runs (one run when a run takes over {LONG_RUN:.0f} s; "
        f"killed after {timeout / 60:g} min), peak RSS in brackets. Tables in the shape of the user's "
        "reading list (`benchmarks/tables.py`). Before each tablelint run a comment line after the table "
        "is rewritten: the file changed since the last run, so tablelint's result cache misses, as in a "
        "pre-commit hook and as for the peers, which cache nothing. The last row is the unchanged file "
        "(a cache hit), for information. tablelint's modules are byte-compiled first, as a wheel "
        "install does.\n",
        *[f"- {line}" for line in machine_lines()],
        f"- Load average before / after: {load_before} / {load_average()}. The machine was shared with "
        "other jobs: compare ratios taken in the same run, not absolute times across runs.",
        "- Versions: " + ", ".join(f"{name} {version}" for name, version in versions.items()),
        "",
        *speed_tables(tool_list, sizes, outcomes, timeout, size_headers),
        "### Memory: tablelint's peak RSS against 10 × file size + 50 MB\n",
        f"Issue 7 sets the limit for {MEMORY_TARGET_ROWS:,} rows; the smaller sizes are for information. "
        "MB here are 2²⁰ bytes.\n",
        markdown_table(
            ["rows", "file", "check", "format --check", "limit"], memory_rows(sizes, outcomes, file_sizes)
        ),
        "### Targets of issue 7\n",
        *targets(tool_list, sizes, outcomes, file_sizes, timeout),
    ]
    return "\n".join(parts) + "\n"


def speed_tables(tool_list: list[Tool], sizes: list[int], outcomes: Outcomes, timeout: float,
                 size_headers: list[str]) -> list[str]:
    """The wall-time and speed-up tables: in RESULTS.md, and the README's copy."""
    return [
        "### Median wall time\n",
        markdown_table(
            ["tool", *size_headers],
            [[tool.label, *(outcomes[(tool.label, rows)].cell() for rows in sizes)] for tool in tool_list],
        ),
        "### tablelint's speed-up (the peer's median over tablelint's)\n",
        markdown_table(["tablelint vs", *size_headers], speedup_rows(tool_list, sizes, outcomes, timeout)),
    ]


def readme_summary(tool_list: list[Tool], sizes: list[int], outcomes: Outcomes, *, runs: int,
                   timeout: float, started: str) -> str:
    size_headers = [f"{rows:,} rows" for rows in sizes]
    tables = speed_tables(tool_list, sizes, outcomes, timeout, size_headers)
    # The README's headings are one level up from RESULTS.md's sections.
    tables = [part.replace("### ", "#### ", 1) if part.startswith("### ") else part for part in tables]
    intro = (
        f"Measured by `python benchmarks/compare.py` ({started}, median of {runs} whole-process runs, "
        "peak RSS in brackets); the machine, the versions and the memory and start-up figures are in "
        "[benchmarks/RESULTS.md](benchmarks/RESULTS.md).\n"
    )
    return "\n".join([intro, *tables]) + "\n"


def replace_marked(path: Path, name: str, body: str) -> None:
    """Replace the text between ``<!-- name:start -->`` and ``<!-- name:end -->`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
    if pattern.search(text) is None:
        raise SystemExit(f"{path}: no <!-- {name}:start --> … <!-- {name}:end --> markers")
    path.write_text(pattern.sub(lambda found: found.group(1) + body.rstrip() + "\n" + found.group(2), text),
                    encoding="utf-8")


def _by_role(tool_list: list[Tool], role: str) -> list[Tool]:
    return [tool for tool in tool_list if tool.role == role]


def speedup(ours: Outcome, theirs: Outcome, timeout: float) -> tuple[float | None, bool]:
    """The peer's time over ours; for a peer killed at the cap, the cap over ours, as a lower bound."""
    if ours.median is None:
        return None, False
    if theirs.median is not None:
        return theirs.median / ours.median, False
    if theirs.failure and "did not finish" in theirs.failure:
        return timeout / ours.median, True
    return None, False


def _speedup_cell(ours: Outcome, theirs: Outcome, timeout: float) -> str:
    ratio, lower_bound = speedup(ours, theirs, timeout)
    if ratio is None:
        return "—"
    return f"> {ratio_text(ratio)} (peer killed at the cap)" if lower_bound else ratio_text(ratio)


def speedup_rows(tool_list: list[Tool], sizes: list[int], outcomes: Outcomes,
                 timeout: float) -> list[list[str]]:
    rows = []
    pairs = [
        ("check", "peer-check"), ("check", "peer-format"), ("format", "peer-format"), ("check", "baseline"),
    ]
    for our_role, their_role in pairs:
        for ours in _by_role(tool_list, our_role):
            for theirs in _by_role(tool_list, their_role):
                label = f"{our_role} vs {theirs.label}"
                if their_role == "baseline":
                    label += ": below 1× is slower than a bare parse"
                pairs_by_size = [(outcomes[(ours.label, n)], outcomes[(theirs.label, n)]) for n in sizes]
                rows.append([label, *(_speedup_cell(mine, peer, timeout) for mine, peer in pairs_by_size)])
    return rows


def memory_limit(file_size: int) -> int:
    return 10 * file_size + 50 * MB


def memory_rows(sizes: list[int], outcomes: Outcomes,
                file_sizes: dict[int, int]) -> list[list[str]]:
    rows = []
    for n in sizes:
        cells = []
        for label in ("tablelint check --offline", "tablelint format --check"):
            rss = outcomes[(label, n)].peak_rss
            cells.append("—" if rss is None else f"{rss / MB:.0f} MB")
        limit = memory_limit(file_sizes[n])
        rows.append([f"{n:,}", size_text(file_sizes[n]), *cells, f"{limit / MB:.0f} MB"])
    return rows


def targets(tool_list: list[Tool], sizes: list[int], outcomes: Outcomes,
            file_sizes: dict[int, int], timeout: float) -> list[str]:
    """One line per target of the issue, met or not, computed from this run's figures."""
    lines = []
    peers = _by_role(tool_list, "peer-check") + _by_role(tool_list, "peer-format")
    for n in sizes:
        wanted = 2.0 if n < 10_000 else 5.0
        check = outcomes[("tablelint check --offline", n)]
        finished = [(outcomes[(peer.label, n)].median, peer.label) for peer in peers]
        finished = [(median, label) for median, label in finished if median is not None]
        unfinished = [peer.label for peer in peers if outcomes[(peer.label, n)].median is None]
        if check.median is None or not finished:
            lines.append(f"- {n:,} rows, check ≥ {wanted:g}× the fastest peer: not measured")
        else:
            fastest, label = min(finished)
            ratio = fastest / check.median
            lines.append(
                f"- {n:,} rows, check ≥ {wanted:g}× the fastest peer ({label}): "
                f"{ratio_text(ratio)}, **{'met' if ratio >= wanted else 'not met'}**"
            )
        if unfinished:
            lines.append(f"  - not finished or not run: {', '.join(unfinished)}")
        formatter = outcomes[("tablelint format --check", n)]
        for peer in _by_role(tool_list, "peer-format"):
            ratio, bound = speedup(formatter, outcomes[(peer.label, n)], timeout)
            verdict = "not measured" if ratio is None else (
                f"{'> ' if bound else ''}{ratio_text(ratio)}, **{'met' if ratio > 1 else 'not met'}**"
            )
            lines.append(f"- {n:,} rows, format faster than {peer.label}: {verdict}")
        rss = check.peak_rss
        if rss is not None and n >= MEMORY_TARGET_ROWS:
            limit = memory_limit(file_sizes[n])
            lines.append(
                f"- {n:,} rows, check peak RSS {rss / MB:.0f} MB ≤ {limit / MB:.0f} MB: "
                f"**{'met' if rss <= limit else 'not met'}**"
            )
    return lines


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected row counts separated by commas, got {text!r}") from None
    if not sizes or any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError(f"expected positive row counts, got {text!r}")
    return sorted(set(sizes))


def positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return int(text)


def main() -> int:
    parser = argparse.ArgumentParser(description="Time tablelint against its peers on generated tables.")
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES),
                        help="row counts, comma-separated (default 1000,10000,100000)")
    parser.add_argument("--runs", type=positive_int, default=5, help="runs per tool and size (default 5)")
    parser.add_argument("--timeout", type=positive_int, default=int(CAP), help="seconds before a kill")
    parser.add_argument("--no-write", action="store_true", help="print the results; leave RESULTS.md alone")
    arguments = parser.parse_args()

    peer_set = ensure_peers()
    for problem in peer_set.problems:
        progress(f"compare: {problem}; going on without it")
    if shutil.which("node") is None and any(name != "mdformat" for name in peer_set.peers):
        progress("compare: node is not on PATH: the npm peers cannot run")
    versions = {**project_versions(), **peer_set.versions(), "node": node_version() or "not found"}
    tool_list = tools(dict(peer_set.peers))
    byte_compile_package()
    started, load_before = now(), load_average()
    outcomes = measure(tool_list, arguments.sizes, arguments.runs, float(arguments.timeout))
    text = report(tool_list, arguments.sizes, outcomes, runs=arguments.runs, timeout=float(arguments.timeout),
                  versions=versions, load_before=load_before, started=started)
    print(text)
    if not arguments.no_write:
        write_section("compare", text)
        summary = readme_summary(tool_list, arguments.sizes, outcomes, runs=arguments.runs,
                                 timeout=float(arguments.timeout), started=started)
        replace_marked(README, "speed", summary)
        progress(f"written to {RESULTS.relative_to(REPO)} and {README.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

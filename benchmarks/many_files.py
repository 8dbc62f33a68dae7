"""Many files: ``tablelint check --offline DIR`` over 2,000 Markdown files, pooled and not.

The files, generated once into ``.work/many-files/`` (deterministic; 20
folders of 100), are a mix that a documentation repository might hold:

* about 75 % reading lists in the user's shape, 5 to 50 rows (``tables.row``);
* about 23 % prose only: headings, paragraphs, lists, a code block with pipes;
* about 2 % SQL-style tables whose ``NULL`` is data, not a placeholder.

It times the default run (the process pool, one worker per core) and
``TABLELINT_JOBS=1`` (one process), taking turns, each after a comment line at
the end of every file was rewritten (the files changed since the last run, so
tablelint's result cache misses, while its schema cache is warm), then a
default run over the unchanged files (result-cache hits). It prints the
medians, the speed-up of the pool, how many processes each run held at once (the pool's workers share
tablelint's session) and how many cores it kept busy (CPU time over wall time,
children included; on a loaded machine this stays low even for a pool). The
outputs of every run must be identical: the report's order must not depend on
which worker finished first.

Usage: python benchmarks/many_files.py [--files 2000] [--runs 3] [--no-write]
Exits 1 when the outputs differ between runs.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import threading
from pathlib import Path

from compare import (
    REPO,
    WORK,
    Run,
    change_file,
    load_average,
    machine_lines,
    markdown_table,
    now,
    positive_int,
    progress,
    project_versions,
    run_process,
    seconds_text,
    tablelint_command,
    tablelint_env,
    write_section,
)
from tables import HEADER, row

GENERATOR_VERSION = "1"  # change when the generated files change, so that old ones are replaced
FOLDER_SIZE = 100
NORMAL_EXITS = {0, 1}

PROSE_WORDS = [
    "table", "schema", "column", "row", "cell", "link", "format", "check", "reader", "writer", "model",
    "paper", "source", "venue", "year", "note", "status", "review", "draft", "release", "version",
]


def paper_file(rng: random.Random, index: int) -> str:
    rows = rng.randint(5, 50)
    body = "".join(row(rng, index * 100 + number) for number in range(rows))
    return f"# Reading list {index}\n\nPapers read this week.\n\n{HEADER}{body}\nEnd of list.\n"


def prose_file(rng: random.Random, index: int) -> str:
    def sentence() -> str:
        words = rng.sample(PROSE_WORDS, rng.randint(6, 12))
        return " ".join(words).capitalize() + "."

    paragraphs = [" ".join(sentence() for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(2, 6))]
    items = "\n".join(f"- {sentence()}" for _ in range(rng.randint(2, 5)))
    # Pipes in a code block and in inline code are not tables: a linter must not take them for one.
    code = "```text\n| not | a table |\n|-----|---------|\n```\n"
    return f"# Notes {index}\n\n" + "\n\n".join(paragraphs) + f"\n\n{items}\n\n{code}\nUse `a | b` here.\n"


def sql_file(rng: random.Random, index: int) -> str:
    lines = ["| id | name | deleted_at | score |", "|---:|------|------------|------:|"]
    for number in range(rng.randint(3, 20)):
        deleted = "NULL" if rng.random() < 0.6 else f"2023-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        score = "NULL" if rng.random() < 0.2 else str(rng.randint(0, 100))
        lines.append(f"| {number + 1} | user_{index}_{number} | {deleted} | {score} |")
    return f"# Query result {index}\n\n`SELECT * FROM users;` returns:\n\n" + "\n".join(lines) + "\n"


def generate(directory: Path, count: int, seed: int = 11) -> tuple[dict[str, int], dict[Path, int]]:
    """Write ``count`` files into ``directory`` (reused when already there).

    Returns the mix of kinds and each file's size as generated (a run may append a line).
    """
    marker = directory / ".generated"
    expected = f"{GENERATOR_VERSION} {count} {seed}"
    kinds = {"reading lists": 0, "prose only": 0, "SQL-style tables": 0}
    rng = random.Random(seed)
    plan = []
    for _ in range(count):
        draw = rng.random()
        kind = "SQL-style tables" if draw < 0.02 else "prose only" if draw < 0.25 else "reading lists"
        kinds[kind] += 1
        plan.append(kind)
    makers = {"reading lists": paper_file, "prose only": prose_file, "SQL-style tables": sql_file}
    texts = {
        directory / f"part-{index // FOLDER_SIZE:02d}" / f"doc-{index:04d}.md":
            makers[kind](rng, index).encode()
        for index, kind in enumerate(plan)
    }
    if not (marker.exists() and marker.read_text() == expected):
        shutil.rmtree(directory, ignore_errors=True)
        for path, data in texts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        marker.write_text(expected)
    return kinds, {path: len(data) for path, data in texts.items()}


POOLED = "default (pool), files changed"
SINGLE = "TABLELINT_JOBS=1, files changed"
UNCHANGED = "default, files unchanged (result cache)"
CACHE = WORK / "many-files-cache"


def environment(jobs: str | None) -> dict[str, str]:
    env = {key: value for key, value in tablelint_env(CACHE).items() if key != "TABLELINT_JOBS"}
    if jobs is not None:
        env["TABLELINT_JOBS"] = jobs
    return env


class SessionWatch:
    """The most processes a session held at once: tablelint plus the pool's workers, which share its session.

    CPU time over wall time cannot tell whether the pool ran when other jobs hold the cores; this can.
    """

    def __init__(self) -> None:
        self.most = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, session: int) -> None:
        self._thread = threading.Thread(target=self._poll, args=(session,), daemon=True)
        self._thread.start()

    def stop(self) -> int:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        return self.most

    def _poll(self, session: int) -> None:
        while not self._stop.is_set():
            self.most = max(self.most, processes_in_session(session))
            self._stop.wait(0.1)


def processes_in_session(session: int) -> int:
    count = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # Fields after the command name, which may hold spaces: state, ppid, pgrp, session, ...
        fields = stat.rpartition(")")[2].split()
        if len(fields) > 3 and fields[3] == str(session):
            count += 1
    return count


def cores_busy(runs: list[Run]) -> float:
    return statistics.median(run.cpu_seconds / run.seconds for run in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description="Time tablelint check over many files, pooled and not.")
    parser.add_argument("--files", type=positive_int, default=2000, help="how many files (default 2000)")
    parser.add_argument("--runs", type=positive_int, default=3, help="runs of each setting (default 3)")
    parser.add_argument("--no-write", action="store_true", help="print the results; leave RESULTS.md alone")
    arguments = parser.parse_args()

    directory = WORK / "many-files"
    kinds, sizes = generate(directory, arguments.files)
    total_bytes = sum(sizes.values())
    command = [*tablelint_command(), "check", "--offline", os.path.relpath(directory, REPO)]
    shutil.rmtree(CACHE, ignore_errors=True)
    # (label, TABLELINT_JOBS, whether every file changes before the run)
    settings = [(POOLED, None, True), (SINGLE, "1", True), (UNCHANGED, None, False)]
    results: dict[str, list[Run]] = {label: [] for label, _, _ in settings}
    processes: dict[str, int] = dict.fromkeys(results, 0)
    started, load_before = now(), load_average()
    # Warm-up: the disk cache, the bytecode and tablelint's schema cache are ready before the first run.
    run_process(command, cwd=REPO, env=environment(None), capture_stdout=True)
    for index in range(arguments.runs):
        changed = settings[:2] if index % 2 == 0 else settings[1::-1]
        # The unchanged run comes last: it finds the results of the run before it in the cache.
        for label, jobs, change in [*changed, settings[2]]:
            if change:
                for path, size in sizes.items():
                    change_file(path, size)
            watch = SessionWatch()
            run = run_process(
                command, cwd=REPO, env=environment(jobs), capture_stdout=True, on_start=watch.start
            )
            processes[label] = max(processes[label], watch.stop())
            if run.exit_code not in NORMAL_EXITS:
                print(f"many_files: {label}: tablelint exited {run.exit_code}: {run.last_error_line()}",
                      file=sys.stderr)
                return 2
            results[label].append(run)
            progress(f"run {index + 1}/{arguments.runs}  {label:<40} {seconds_text(run.seconds):>8}  "
                     f"{run.cpu_seconds / run.seconds:.2f} cores busy, up to {processes[label]} processes")

    outputs = {run.stdout for runs in results.values() for run in runs}
    identical = len(outputs) == 1
    pooled, single, unchanged = (
        statistics.median(run.seconds for run in results[label]) for label in (POOLED, SINGLE, UNCHANGED)
    )
    diagnostics = next(iter(outputs)).count(b"\n")
    mix = ", ".join(f"{count} {kind}" for kind, count in kinds.items())
    workers = processes[POOLED] - 1
    pool_note = (
        f"the default run used a pool of {workers} worker processes"
        if workers > 0
        else "**the default run started no worker process: it ran in one process**"
    )
    text = "\n".join([
        "## Many files\n",
        f"`python benchmarks/many_files.py --files {arguments.files} --runs {arguments.runs}`, {started}: "
        f"`tablelint check --offline DIR` over {arguments.files:,} files "
        f"({total_bytes / 2**20:.1f} MB: {mix}), "
        f"median of {arguments.runs} runs each, taking turns. Before each \"files changed\" run a comment "
        "line at the end of every file is rewritten, so tablelint's result cache misses (its schema cache "
        "stays warm); the \"unchanged\" run follows another run and finds every result in the cache.\n",
        *[f"- {line}" for line in machine_lines()],
        f"- Load average before / after: {load_before} / {load_average()} (other jobs shared the 2 cores, "
        "which caps what a pool can gain).",
        f"- tablelint {project_versions().get('tablelint', '?')}",
        "",
        markdown_table(
            ["run", "median", "CPU time, all processes", "processes at once", "cores busy (CPU ÷ wall)",
             "peak RSS (largest process)"],
            [
                [label, seconds_text(statistics.median(run.seconds for run in runs)),
                 seconds_text(statistics.median(run.cpu_seconds for run in runs)), str(processes[label]),
                 f"{cores_busy(runs):.2f}", f"{max(run.peak_rss for run in runs) / 2**20:.0f} MB"]
                for label, runs in results.items()
            ],
        ),
        f"Speed-up of the default run over one process: **{single / pooled:.2f}×**; {pool_note}. "
        "With fewer free cores than workers a pool cannot gain; the CPU times show what it costs.",
        f"Files unchanged, from the result cache: {seconds_text(unchanged)}, against {seconds_text(pooled)} "
        f"for the pooled run over changed files (ratio {pooled / unchanged:.2f}×; "
        "above 1× the cache saves time).",
        f"Output of every run identical (stable order, and the same from the cache): "
        f"**{'yes' if identical else 'NO'}** "
        f"({diagnostics:,} lines of diagnostics).",
    ]) + "\n"
    print(text)
    if not arguments.no_write:
        write_section("many-files", text)
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: link extraction and the offline link step, against a mistune parse.

On the table in the user's shape (benchmarks/tables.py; 100k rows hold
about 71k links), in one process, best of ``--repeat`` runs each, taking
turns so that load on the machine hits every measurement alike:

* mistune: ``mistune.create_markdown(renderer=None, plugins=["table"])`` on
  the file's text, the yardstick of the issue's budget;
* extraction: ``extract_file_links`` on the parsed document, with a fresh
  context each time; its schema binding is made before the clock starts
  (it is shared with the data rules, and shown on its own line);
* offline step: ``check_run_links`` with ``--offline`` and an empty link
  cache in a temporary directory (every key is still looked up): static
  verdicts, cache keys and the lookup (the unchecked links are counted, not
  reported one by one, unless ``show_unchecked`` is set).

The target: extraction plus the offline step at most 0.12 × the mistune
parse. CPU seconds (``time.process_time``) are what the ratios use, since
the machine is shared; wall seconds are shown too. ``--cli`` also times
``tablelint check --offline`` as a whole process (the issue's 0.6 × budget
covers that run), with the same best-of rule.

``--src DIR`` measures the tablelint package under DIR instead of this
checkout's, e.g. an older commit exported with ``git archive``, so that a
before/after comparison can be taken back to back.

Run: ``python benchmarks/links_offline.py [--rows 100000] [--repeat 3] [--cli] [--src DIR]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    cpu = time.process_time()
    start = time.perf_counter()
    work()
    return time.perf_counter() - start, time.process_time() - cpu


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cli", action="store_true", help="also time tablelint check --offline as a process")
    parser.add_argument("--src", type=Path, default=REPO / "src",
                        help="the directory that holds the tablelint package")
    args = parser.parse_args()
    sys.path.insert(0, str(args.src.resolve()))

    import mistune

    from tablelint.config import settings_for
    from tablelint.engine.links import check_run_links
    from tablelint.engine.lint import RunOptions, lint_source
    from tablelint.facts.context import LintContext
    from tablelint.links.cache import LinkCache, default_cache_path
    from tablelint.parse.document import parse_document
    from tablelint.parse.source import read_source
    from tablelint.rules.links import extract_file_links
    from tables import write_table

    path = write_table(HERE / ".work", args.rows)
    text = path.read_text(encoding="utf-8")
    source = read_source(str(path))
    settings = settings_for(str(path))
    document = parse_document(source)
    cache_dir = tempfile.mkdtemp(prefix="tablelint-links-offline-")
    os.environ["TABLELINT_CACHE_DIR"] = cache_dir
    # An empty cache file, as a run that went online leaves one: an offline
    # run opens no cache that does not exist, and the step would look nothing up.
    empty = LinkCache(default_cache_path(), ttl=86400.0)
    empty.get_many([])
    empty.close()
    options = RunOptions(select=["TL3"], offline=True)
    report = lint_source(source, options, settings)
    links = len(report.pending["links"])

    def mistune_parse() -> None:
        mistune.create_markdown(renderer=None, plugins=["table"])(text)

    def fresh_context() -> LintContext:
        context = LintContext(document, settings)
        for table in document.tables:
            context.binding(table)
        return context

    def offline_step() -> None:
        report.diagnostics = []
        check_run_links([report], options)

    def binding() -> None:
        context = LintContext(document, settings)
        for table in document.tables:
            context.binding(table)

    def extraction() -> Callable[[], object]:
        context = fresh_context()  # made before the clock starts
        return lambda: extract_file_links(context)

    names = ("mistune", "extraction", "binding", "step")
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for _ in range(args.repeat):
        results["mistune"].append(timed(mistune_parse))
        results["binding"].append(timed(binding))
        results["extraction"].append(timed(extraction()))
        results["step"].append(timed(offline_step))
    diagnostics = len(report.diagnostics)
    shutil.rmtree(cache_dir, ignore_errors=True)

    cli: list[tuple[float, float]] = []
    if args.cli:
        for _ in range(args.repeat):
            run_dir = tempfile.mkdtemp(prefix="tablelint-links-offline-")
            before = children_cpu()
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "tablelint", "check", "--offline", "--exit-zero",
                            "--output-format", "json", str(path)], capture_output=True, check=True,
                           env={**os.environ, "TABLELINT_CACHE_DIR": run_dir,
                                "PYTHONPATH": str(args.src.resolve())}, cwd=REPO)
            cli.append((time.perf_counter() - start, children_cpu() - before))
            shutil.rmtree(run_dir, ignore_errors=True)

    best = {name: (min(w for w, _ in runs), min(c for _, c in runs)) for name, runs in results.items()}
    base_wall, base_cpu = best["mistune"]
    load = os.getloadavg()
    print(f"{args.rows} rows, {links} links, {diagnostics} diagnostics; best of {args.repeat}; "
          f"{os.cpu_count()} cores, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (shared machine: noisy); "
          f"Python {platform.python_version()}, mistune {mistune.__version__}; tablelint from {args.src}")
    print(f"{'':<22}{'cpu s':>8}{'wall s':>8}{'cpu ×mistune':>14}{'wall ×mistune':>15}")

    def line(label: str, wall: float, cpu: float) -> None:
        print(f"{label:<22}{cpu:>8.3f}{wall:>8.3f}{cpu / base_cpu:>14.3f}{wall / base_wall:>15.3f}")

    line("mistune parse", base_wall, base_cpu)
    line("extraction", *best["extraction"])
    line("offline step", *best["step"])
    both_wall = best["extraction"][0] + best["step"][0]
    both_cpu = best["extraction"][1] + best["step"][1]
    line("extraction + step", both_wall, both_cpu)
    line("(schema binding)", *best["binding"])
    if cli:
        # A process's CPU time counts its children's; wall time is what the user waits.
        line("check --offline (cli)", min(w for w, _ in cli), min(c for _, c in cli))
    target = 0.12
    verdict = "met" if both_cpu / base_cpu <= target else "NOT met"
    print(f"target: extraction + step ≤ {target} × mistune (cpu): {both_cpu / base_cpu:.3f}, {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

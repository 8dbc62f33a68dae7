"""Benchmark: how much of ``tablelint check --offline``'s output is about
links it did not check, with one line per link and with the summary line.

The Markdown files of ``--corpus`` (default: the real lists in
/work/shared/corpus/real) are copied to a temporary directory, never into
the repository, and checked there with an empty cache directory, so that no
cached link verdict answers (the first run of a pre-commit hook, or CI
without a cache):

* per link: ``--show-unchecked``, what every offline run printed before
  the summary line, one TL305 line per link;
* summary: the default, one count on the ``links:`` line.

It reports the lines each prints (stdout and stderr), the TL305 lines among
them, the ratio of the two totals, whether every other line is the same,
and the median wall time of ``--runs`` runs each, taking turns (the result
cache is warmed first, so the runs time the link step and the output).

Run: ``python benchmarks/offline_noise.py [--corpus DIR] [--runs 5]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MODES = {"per link (--show-unchecked)": ["--show-unchecked"], "summary (default)": []}


def run_check(folder: Path, cache: Path, extra: list[str]) -> tuple[float, list[str], list[str]]:
    env = {**os.environ, "TABLELINT_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tablelint", "check", "--offline", *extra, "."], cwd=folder,
                          env=env, capture_output=True, text=True, errors="replace", timeout=600)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"tablelint exited {done.returncode}: {done.stderr.strip()[-300:]}")
    return elapsed, done.stdout.splitlines(), done.stderr.splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus/real"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sources = sorted(args.corpus.glob("*.md"))
    if not sources:
        raise SystemExit(f"no Markdown files in {args.corpus}")
    with tempfile.TemporaryDirectory(prefix="tablelint-offline-noise-") as scratch:
        folder, cache = Path(scratch) / "corpus", Path(scratch) / "cache"
        folder.mkdir()
        for source in sources:
            shutil.copy(source, folder / source.name)
        outputs = {mode: run_check(folder, cache, extra) for mode, extra in MODES.items()}  # warms the cache
        times: dict[str, list[float]] = {mode: [] for mode in MODES}
        for _ in range(args.runs):
            for mode, extra in MODES.items():
                times[mode].append(run_check(folder, cache, extra)[0])
    print(f"{len(sources)} files from {args.corpus}; {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f}; median of {args.runs} runs each, taking turns\n")
    print("| output | lines (stdout + stderr) | TL305 lines | share of TL305 | median wall time |")
    print("| --- | --- | --- | --- | --- |")
    totals = {}
    for mode, (_, out, err) in outputs.items():
        unchecked = sum(1 for line in out if " TL305 " in line)
        totals[mode] = len(out) + len(err)
        print(f"| {mode} | {totals[mode]:,} | {unchecked:,} | {unchecked / totals[mode]:.1%} "
              f"| {statistics.median(times[mode]):.2f} s |")
    per_link, summary = totals.values()
    print(f"\nThe summary prints {summary / per_link:.3f}× the lines ({per_link / summary:.1f}× fewer).")
    (_, long_out, _), (_, short_out, short_err) = outputs.values()

    def others(lines: list[str]) -> list[str]:
        return [line for line in lines if " TL305 " not in line and not line.startswith("Found ")]

    same = others(long_out) == others(short_out)
    print(f"Every other diagnostic line the same: {'yes' if same else 'NO'}.")
    print(f"The summary's links line: {short_err[-1] if short_err else '(none)'}")


if __name__ == "__main__":
    main()

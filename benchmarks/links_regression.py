"""Regression check for the link step: the TL3 diagnostics must not change.

``record`` saves, for every case below, what tablelint reports; ``compare``
runs the same cases again and reports any difference. Speed work on link
extraction and the offline step is meant to change nothing here.

Cases (inputs × modes):

* inputs: the user's table (examples/llm-papers.md), the generated 10k- and
  100k-row tables (benchmarks/tables.py), every file of /work/shared/corpus
  one by one and all of them in one run (a run of that many files uses the
  process pool, so LinkRefs cross a pickle), and two hand-written files of
  link edge cases (below) that share URLs;
* modes, each through ``tablelint check --offline --output-format json
  --select TL3`` in a fresh process: an empty link cache; a cache seeded at
  ``record`` time with outcomes of every kind (ok, 404, permanent redirect,
  NXDOMAIN, 403, 429 with a long Retry-After) for a deterministic share of
  the URLs, the rest left uncached; the seeded cache with a config that
  excludes and accepts;
* in process, the online path with a resolver that answers NXDOMAIN for
  every name (nothing leaves the machine), on the small inputs: diagnostics
  and the link summary.

The seeded cache is saved next to the baseline and reused as is (its dates
refreshed), so a change in how URLs map to cache keys shows up as a
difference instead of being absorbed by a re-seeded cache.

Run: ``python benchmarks/links_regression.py record [--force]`` once before
a change, then ``python benchmarks/links_regression.py compare`` after each.
``--quick`` leaves out the 100k-row table. Files go to
benchmarks/.work/links-regression/. Exit 1 when something differs.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / ".work"
STORE = WORK / "links-regression"
CORPUS = Path("/work/shared/corpus")
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "src"))

# Hand-written link edge cases: escaped pipes, reference links, images, HTML,
# autolinks, www., case and default ports, fragments, userinfo, IDN, IPv6,
# malformed URLs of every reason, other schemes, repeated URLs, title marks,
# long row names, rows without a name.
EDGE_A = "\n".join([
    "# Edge cases",
    "",
    "| 名称 | 链接 | 备注 |",
    "| --- | --- | --- |",
    "| 《PEER: A Collaborative Language Model》 | [论文](https://arxiv.org/abs/2208.11663) "
    "| 参考：https://zhuanlan.zhihu.com/p/1，后文 |",
    "| Upper | HTTPS://Example.COM:443/a#frag | <https://example.com/a> |",
    "| Port | http://example.com:80/ | http://example.com:8080/x?q=1 https://example.com/a#other |",
    "| Malformed | http:/example.com | [flan](htps://example.com/flan) |",
    "| Space | [x](<http://exa mple.com>) | http://a..b.com |",
    "| Dash | http://-a.com/ | http://host.example:99999/ |",
    "| Zero | http://example.com:0/ | http://example.com:x/ |",
    "| V6 | [v6](http://[::1) | http://[::1]/x and http://[2001:db8::1]:8443/ |",
    "| Other | mailto:a@b.example | ftp://example.com/file <mailto:x@y.example> |",
    "| Esc | `a\\|b` https://example.com/p\\|q | [t](https://example.com/x\\|y) |",
    "| Ref | [论文][ref] and [missing][nope] | ![img](https://example.com/i.png) |",
    "| HTML | <a href=\"https://example.com/?a=1&amp;b=2\">h</a> | <img src='https://example.com/img'> |",
    "| WWW | www.example.com/path. | (https://example.com/paren) www.a_b.example.com |",
    "| User | https://user:pw@Example.com/ | http://中文.example/x |",
    "| Long | https://" + "a" * 66 + ".example/ | http://exa<mple.com/ |",
    "| Empty | [x]() | [x](<>) |",
    "| Nested | [![alt](https://example.com/badge.svg)](https://example.com/target) "
    "| [a [b](https://example.com/inner)](https://example.com/outer) |",
    "| Title | [t](https://example.com/t \"title\") | <https://example.com/auto?q=a|b> |",
    "| Entity | [e](https://example.com/&copy;x) | https://example.com/a&amp; |",
    "| Scheme typo | htttp://example.com/ | http//example.com/ hxxp://example.com/ |",
    "|  | https://example.com/no-name | https://example.com/a |",
    "| A very long row name that goes on and on, longer than sixty characters by far, for cutting "
    "| https://example.com/long | NULL |",
    "| \"Quoted\" | https://Example.com:443/a | http://example.com/ |",
    "",
    "[ref]: https://example.com/ref",
    "",
    "Not a table: https://example.com/outside",
    "",
    "| only | one |",
    "|---|---|",
    "| https://example.com/one | [x](https://example.com/two) |",
    "",
])

EDGE_B = """\
| Paper | Code |
| :--- | ---: |
| 「Sparrow」 | https://example.com/a |
| Gopher | https://EXAMPLE.com/a#x [c](http://example.com:80) |
| PaLM | http:/broken.example https://zhuanlan.zhihu.com/p/1 |
"""

SEED_KINDS = 8  # of every 8 keys, 2 stay out of the cache


def seeded_outcome(key: str):  # type: ignore[no-untyped-def]
    """A cached outcome for ``key``, or None: every kind of verdict."""
    from tablelint.links.failure import Failure
    from tablelint.links.verdict import Outcome

    slot = int(hashlib.sha1(key.encode()).hexdigest(), 16) % SEED_KINDS
    digest = hashlib.sha1(key.encode()).hexdigest()[:8]
    return [
        Outcome(status=200),
        Outcome(status=404),
        Outcome(status=200, moved_to=f"https://example.org/moved/{digest}", final_url=f"https://example.org/moved/{digest}"),
        Outcome(failure=Failure.NO_SUCH_HOST, detail="no such host"),
        Outcome(status=403, attempts=3),
        Outcome(status=429, gave_up_waiting=120.0),
        None,
        None,
    ][slot]


def inputs(quick: bool) -> dict[str, list[Path]]:
    from tables import write_table

    edge = WORK / "links-edge"
    edge.mkdir(parents=True, exist_ok=True)
    (edge / "edge-a.md").write_text(EDGE_A, encoding="utf-8")
    (edge / "edge-b.md").write_text(EDGE_B, encoding="utf-8")
    cases: dict[str, list[Path]] = {
        "user": [REPO / "examples" / "llm-papers.md"],
        "edge": [edge / "edge-a.md", edge / "edge-b.md"],
        "papers-10000": [write_table(WORK, 10_000)],
    }
    if not quick:
        cases["papers-100000"] = [write_table(WORK, 100_000)]
    corpus = sorted(CORPUS.glob("[0-9][0-9]-*.md"))
    for path in corpus:
        cases[f"corpus/{path.stem}"] = [path]
    cases["corpus-all"] = corpus
    return cases


SMALL = ("user", "edge", "corpus-all")
CONFIG = """\
[links]
exclude = ["weixin\\\\.qq\\\\.com", "^https://example\\\\.com/p"]
accept = [403]
not-dead = [401, 429, 410]
"""


def seed_cache(cases: dict[str, list[Path]], path: Path) -> int:
    """Outcomes for a deterministic share of every case's check keys."""
    from tablelint.config import Settings
    from tablelint.engine.lint import RunOptions, lint_source
    from tablelint.links.cache import LinkCache
    from tablelint.links.urls import CHECKED_SCHEMES, check_key, scheme_of
    from tablelint.parse.source import read_source

    keys: set[str] = set()
    options = RunOptions(select=["TL3"])
    for files in cases.values():
        for file in files:
            report = lint_source(read_source(str(file)), options, Settings())
            for ref in report.pending.get("links") or []:
                if scheme_of(ref.url) in CHECKED_SCHEMES:
                    keys.add(check_key(ref.url))
    outcomes = {key: outcome for key in sorted(keys) if (outcome := seeded_outcome(key)) is not None}
    if path.exists():
        path.unlink()
    cache = LinkCache(path, ttl=86400.0)
    cache.put_many(outcomes)
    cache.close()
    return len(outcomes)


def fresh_cache_dir(seed: Path | None) -> str:
    directory = tempfile.mkdtemp(prefix="tablelint-links-regression-")
    if seed is not None:
        target = Path(directory) / "links.sqlite3"
        shutil.copyfile(seed, target)
        with sqlite3.connect(target) as connection:
            connection.execute("UPDATE outcomes SET checked_at = ?", (time.time(),))
    return directory


def run_cli(files: list[Path], seed: Path | None, config: Path | None) -> str:
    command = [sys.executable, "-m", "tablelint", "check", "--offline", "--output-format", "json",
               "--select", "TL3", *map(str, files)]
    if config is not None:
        command[4:4] = ["--config", str(config)]
    cache_dir = fresh_cache_dir(seed)
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800,
                                env={**os.environ, "TABLELINT_CACHE_DIR": cache_dir}, cwd=REPO)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    return f"exit {result.returncode}\nstderr: {result.stderr.strip()}\n{result.stdout}"


def run_online(files: list[Path], seed: Path) -> str:
    """The online path, in process, with every name answering NXDOMAIN."""
    from tablelint.engine.links import check_run_links
    from tablelint.engine.lint import RunOptions, finish, lint_path
    from tablelint.links.dns import ResolveError
    from tablelint.report.json_report import render_json

    async def nxdomain(host: str):  # type: ignore[no-untyped-def]
        raise ResolveError(host, "Name or service not known", True)

    cache_dir = fresh_cache_dir(seed)
    previous = os.environ.get("TABLELINT_CACHE_DIR")
    os.environ["TABLELINT_CACHE_DIR"] = cache_dir
    try:
        options = RunOptions(select=["TL3"])
        reports = [lint_path(str(file), options) for file in files]
        stats = check_run_links(reports, options, lookup=nxdomain)
        for report in reports:
            report.pending.clear()  # finish() must not check them again
        finish(reports, options)
        return f"{stats.summary()}\n{render_json(reports)}"
    finally:
        if previous is None:
            os.environ.pop("TABLELINT_CACHE_DIR", None)
        else:
            os.environ["TABLELINT_CACHE_DIR"] = previous
        shutil.rmtree(cache_dir, ignore_errors=True)


def outputs(cases: dict[str, list[Path]], seed: Path, config: Path) -> dict[str, str]:
    results: dict[str, str] = {}
    for name, files in cases.items():
        results[f"{name}.offline-empty"] = run_cli(files, None, None)
        results[f"{name}.offline-seeded"] = run_cli(files, seed, None)
        if name in SMALL or name == "papers-10000":
            results[f"{name}.offline-seeded-config"] = run_cli(files, seed, config)
        if name in SMALL:
            results[f"{name}.online-nxdomain"] = run_online(files, seed)
        print(f"  {name}: done", flush=True)
    return results


def file_name(case: str) -> str:
    return case.replace("/", "__") + ".txt"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["record", "compare"])
    parser.add_argument("--force", action="store_true", help="overwrite an existing baseline")
    parser.add_argument("--quick", action="store_true", help="leave out the 100k-row table")
    args = parser.parse_args()

    baseline = STORE / "baseline"
    seed = STORE / "seed-cache.sqlite3"
    config = STORE / "tablelint.toml"
    cases = inputs(args.quick)
    if args.action == "record":
        if baseline.exists() and not args.force:
            print(f"{baseline} exists; pass --force to record again", file=sys.stderr)
            return 2
        shutil.rmtree(baseline, ignore_errors=True)
        baseline.mkdir(parents=True)
        config.write_text(CONFIG, encoding="utf-8")
        print(f"seeded {seed_cache(inputs(False), seed)} cache entries")
        for case, text in outputs(cases, seed, config).items():
            (baseline / file_name(case)).write_text(text, encoding="utf-8")
        print(f"recorded {len(list(baseline.iterdir()))} outputs in {baseline}")
        return 0

    if not baseline.exists():
        print("no baseline: run 'record' first (before changing anything)", file=sys.stderr)
        return 2
    differ = 0
    compared = 0
    for case, text in outputs(cases, seed, config).items():
        expected_path = baseline / file_name(case)
        if not expected_path.exists():
            print(f"MISSING BASELINE {case}")
            differ += 1
            continue
        expected = expected_path.read_text(encoding="utf-8")
        compared += 1
        if text != expected:
            differ += 1
            diff = difflib.unified_diff(expected.splitlines(), text.splitlines(), "baseline", "now",
                                        lineterm="", n=1)
            print(f"DIFFERS {case}:")
            for number, line in enumerate(diff):
                if number >= 40:
                    print("  …")
                    break
                print(f"  {line[:300]}")
    diagnostics = sum(
        len(json.loads(text.split("\n", 2)[2])) for text in
        (p.read_text(encoding="utf-8") for p in baseline.glob("*.offline-*.txt"))
    )
    print(f"compared {compared} outputs ({diagnostics} diagnostics in the CLI baselines): "
          f"{'all identical' if not differ else f'{differ} differ'}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

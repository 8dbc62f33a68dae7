"""Do the naming rules still report exactly what they reported before a change?

    python benchmarks/naming_regression.py --record   # before the change
    python benchmarks/naming_regression.py            # after it: compare

Runs naming-mismatch, inconsistent-casing and near-miss-term, as ``tablelint
check`` does, over the user's table, the generated 10k- and 100k-row tables
(benchmarks/tables.py), a 20k-row one with a slip in one row in eight
(the generated tables have no findings) and every file of the corpus (default:
../shared/corpus next to the repository), each schema-less, with
``--schema paper-list`` and with the built-in vocabulary applied to every
table (as ``naming_precision.py --builtin-everywhere`` does). Every
diagnostic is kept as (code, line, column, end column, replacement,
applicability, message); ``--record`` writes them to
``benchmarks/.work/naming-regression.json``, a plain run compares against
that file, prints the first differences and exits 1 if there are any.

For speed work only: tests never need this script or the corpus.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tablelint.config import settings_for
from tablelint.engine.lint import RunOptions, lint_source
from tablelint.errors import InputError
from tablelint.facts.context import LintContext
from tablelint.naming.analysis import analyze
from tablelint.naming.vocabulary_file import builtin_vocabulary
from tablelint.parse.document import parse_document
from tablelint.parse.source import read_source
from tablelint.rules.naming import naming_inputs
from tables import table_text, write_table

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work"
RECORD = WORK / "naming-regression.json"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
NAMING = ["TL401", "TL402", "TL403"]
MUTATED_ROWS = 20_000
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]{3,}")
KINDS = (("TL401", "mismatches"), ("TL402", "casings"), ("TL403", "near_misses"))


def _mutate(word: str, rng: random.Random) -> str:
    """One slip: a letter's case flipped, a letter dropped, doubled or replaced,
    two letters swapped."""
    at = rng.randrange(1, len(word))
    kind = rng.randrange(5)
    if kind == 0:
        return word[:at] + word[at].swapcase() + word[at + 1 :]
    if kind == 1:
        return word[:at] + word[at + 1 :]
    if kind == 2:
        return word[:at] + word[at] + word[at:]
    if kind == 3:
        return word[:at] + rng.choice("aeiouKMR") + word[at + 1 :]
    return word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]


def write_mutated_table(rows: int) -> Path:
    """The generated table with a slip in one word of a row in eight, so
    that every check of the analysis has findings at scale (the generated
    tables themselves have none)."""
    path = WORK / f"papers-mutated-{rows}.md"
    if not path.exists():
        rng = random.Random(11)
        lines = table_text(rows).splitlines(keepends=True)
        for number in range(2, len(lines)):
            words = list(_WORD.finditer(lines[number]))
            if words and rng.random() < 0.125:
                word = rng.choice(words)
                line = lines[number]
                lines[number] = line[: word.start()] + _mutate(word.group(0), rng) + line[word.end() :]
        WORK.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(lines), encoding="utf-8")
    return path


def _inputs(corpus: Path) -> list[Path]:
    files = [
        ROOT / "examples" / "llm-papers.md",
        write_table(WORK, 10_000),
        write_table(WORK, 100_000),
        write_mutated_table(MUTATED_ROWS),
    ]
    # INDEX.md describes the corpus; the numbered files are the corpus.
    return files + sorted(path for path in corpus.glob("*.md") if path.name[:2].isdigit())


def _diagnostics(path: Path, schema: str | None) -> list[list[object]]:
    options = RunOptions(select=NAMING, schema=schema, offline=True, check_links=False)
    try:
        report = lint_source(read_source(path), options)
    except InputError as error:
        return [["error", str(error)]]
    found = []
    for diagnostic in report.diagnostics:
        fix = diagnostic.fix
        replacement = [edit.content for edit in fix.edits] if fix else None
        applicability = fix.applicability.value if fix else None
        found.append(
            [
                diagnostic.code,
                diagnostic.line,
                diagnostic.column,
                diagnostic.end_column,
                replacement,
                applicability,
                diagnostic.message,
            ]
        )
    return found


def _builtin_everywhere(path: Path) -> list[list[object]]:
    """The analysis with the built-in vocabulary on every table: its
    substitutions and terms reach tables no schema binds."""
    try:
        document = parse_document(read_source(path))
    except InputError as error:
        return [["error", str(error)]]
    context = LintContext(document, settings_for(str(path)))
    builtin = builtin_vocabulary()
    inputs = naming_inputs(context, builtin)
    if not inputs:
        return []
    findings = analyze(inputs, builtin)
    found = []
    for code, kind in KINDS:
        for finding in getattr(findings, kind):
            cell = finding.cell
            found.append(
                [
                    code,
                    cell.line,
                    cell.column + finding.start,
                    cell.column + finding.end,
                    finding.suggestion,
                    finding.safe,
                    finding.reason,
                    list(finding.candidates),
                    finding.distance,
                ]
            )
    return found


def collect(corpus: Path) -> dict[str, list[list[object]]]:
    results: dict[str, list[list[object]]] = {}
    for path in _inputs(corpus):
        name = path.name
        results[f"{name} (no schema)"] = _diagnostics(path, None)
        results[f"{name} (--schema paper-list)"] = _diagnostics(path, "paper-list")
        results[f"{name} (built-in vocabulary everywhere)"] = _builtin_everywhere(path)
    return results


def compare(before: dict[str, list[list[object]]], after: dict[str, list[list[object]]]) -> list[str]:
    differences = []
    for key in sorted(set(before) | set(after)):
        if key not in after:
            differences.append(f"{key}: no longer run")
            continue
        if key not in before:
            differences.append(f"{key}: not recorded")
            continue
        old = {json.dumps(item, ensure_ascii=False) for item in before[key]}
        new = {json.dumps(item, ensure_ascii=False) for item in after[key]}
        if before[key] != after[key] and old == new:
            differences.append(f"{key}: same findings in another order")
        differences.extend(f"{key}: lost {item}" for item in sorted(old - new))
        differences.extend(f"{key}: new  {item}" for item in sorted(new - old))
    return differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--record", action="store_true", help="write the findings as the reference")
    arguments = parser.parse_args()
    start = time.perf_counter()
    results = collect(arguments.corpus)
    total = sum(len(found) for found in results.values())
    elapsed = time.perf_counter() - start
    if arguments.record:
        RECORD.write_text(json.dumps(results, ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"recorded {total} findings in {len(results)} runs to {RECORD} ({elapsed:.0f} s)")
        return 0
    if not RECORD.exists():
        print(f"{RECORD}: no reference; run with --record first", file=sys.stderr)
        return 2
    before = json.loads(RECORD.read_text(encoding="utf-8"))
    differences = compare(before, results)
    if differences:
        for line in differences[:40]:
            print(line)
        print(f"{len(differences)} differences in {len(results)} runs ({elapsed:.0f} s)")
        return 1
    print(f"identical: {total} findings in {len(results)} runs ({elapsed:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

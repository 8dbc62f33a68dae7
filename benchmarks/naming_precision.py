"""Precision of the naming rules on real Markdown: print every hit for review.

    python benchmarks/naming_precision.py [CORPUS_DIR] [--builtin-everywhere]

Runs naming-mismatch, inconsistent-casing and near-miss-term over every
``*.md`` in CORPUS_DIR (default: ../shared/corpus next to the repository) as
``tablelint check`` would, and prints each hit as ``file:line:column CODE
term -> suggestion`` with the cell it sits in, so that a person can mark it
true or false. ``--builtin-everywhere`` also applies the built-in ML
vocabulary to tables no schema binds, a harder test of its terms.

The corpus is third-party text for measurement only: nothing from it is
copied into the repository.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from tablelint.config import settings_for
from tablelint.context import LintContext
from tablelint.document import parse_document
from tablelint.naming.analysis import Finding, analyze
from tablelint.naming.vocabulary_file import builtin_vocabulary
from tablelint.rules.naming import naming_findings, naming_inputs
from tablelint.source import InputError, read_source

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
KINDS = (("TL401", "mismatches"), ("TL402", "casings"), ("TL403", "near_misses"))


def _with_builtin(context: LintContext):  # type: ignore[no-untyped-def]
    builtin = builtin_vocabulary()
    return analyze(naming_inputs(context, builtin), builtin)


def _show(path: Path, code: str, finding: Finding) -> str:
    cell = finding.cell
    column = cell.column + finding.start
    fix = f"-> {finding.suggestion}" if finding.suggestion else f"(no fix: {' / '.join(finding.candidates)})"
    safety = "safe" if finding.safe else "unsafe"
    excerpt = cell.raw if len(cell.raw) <= 100 else cell.raw[max(0, finding.start - 45) : finding.end + 45]
    where = f"{path.name}:{cell.line}:{column}"
    return f"{where} {code} {finding.term!r} {fix} [{safety}; {finding.reason}]\n    | {excerpt}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--builtin-everywhere", action="store_true")
    arguments = parser.parse_args()
    # INDEX.md describes the corpus; the numbered files are the corpus.
    files = sorted(path for path in arguments.corpus.glob("*.md") if path.name != "INDEX.md")
    if not files:
        print(f"{arguments.corpus}: no Markdown files", file=sys.stderr)
        return 2
    totals: Counter[str] = Counter()
    for path in files:
        try:
            document = parse_document(read_source(path))
            context = LintContext(document, settings_for(str(path)))
            findings = _with_builtin(context) if arguments.builtin_everywhere else naming_findings(context)
        except InputError as error:
            print(f"{path.name}: skipped: {error}")
            continue
        for code, kind in KINDS:
            for finding in getattr(findings, kind):
                totals[code] += 1
                print(_show(path, code, finding))
    summary = ", ".join(f"{code} {totals[code]}" for code, _ in KINDS)
    print(f"\n{len(files)} files; hits: {sum(totals.values())} ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

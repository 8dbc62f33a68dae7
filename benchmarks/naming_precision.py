"""Precision of the naming rules on real Markdown: print every hit for review.

    python benchmarks/naming_precision.py [CORPUS_DIR] [--builtin-everywhere] [--verdicts FILE]

Runs naming-mismatch, inconsistent-casing and near-miss-term over every
``*.md`` in CORPUS_DIR but INDEX.md (default: ../shared/corpus next to the
repository; the real lists are in its ``real/``) as ``tablelint check``
would, and prints each hit as ``file:line:column CODE term -> suggestion``
with the cell it sits in, so that a person can mark it true or false.
``--builtin-everywhere`` also applies the built-in ML vocabulary to tables
no schema binds, a harder test of its terms.

``--verdicts FILE`` reads a person's verdicts (JSON: ``{"TL402 Github ->
GitHub": "true", ...}``, one per distinct pattern ``CODE term -> suggestion``,
each ``true``, ``false`` or ``debatable``) and prints the precision of each
rule: true over true and false, debatable hits counted apart. Patterns
without a verdict are listed, to be judged.

The corpus is third-party text for measurement only: nothing from it is
copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from tablelint.config import settings_for
from tablelint.errors import InputError
from tablelint.facts.context import LintContext
from tablelint.naming.analysis import Finding, analyze
from tablelint.naming.vocabulary_file import builtin_vocabulary
from tablelint.parse.document import parse_document
from tablelint.parse.source import read_source
from tablelint.rules.naming import naming_findings, naming_inputs

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
    parser.add_argument("--verdicts", type=Path, help="JSON verdicts per pattern, for the precision")
    arguments = parser.parse_args()
    verdicts = json.loads(arguments.verdicts.read_text(encoding="utf-8")) if arguments.verdicts else None
    # INDEX.md describes the corpus; the numbered files are the corpus.
    files = sorted(path for path in arguments.corpus.glob("*.md") if path.name != "INDEX.md")
    if not files:
        print(f"{arguments.corpus}: no Markdown files", file=sys.stderr)
        return 2
    totals: Counter[str] = Counter()
    judged: Counter[tuple[str, str]] = Counter()
    unjudged: Counter[str] = Counter()
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
                if verdicts is not None:
                    pattern = _pattern(code, finding)
                    if pattern in verdicts:
                        judged[code, verdicts[pattern]] += 1
                    else:
                        unjudged[pattern] += 1
    summary = ", ".join(f"{code} {totals[code]}" for code, _ in KINDS)
    print(f"\n{len(files)} files; hits: {sum(totals.values())} ({summary})")
    if verdicts is not None:
        for code, _ in KINDS:
            true, false, debatable = (judged[code, verdict] for verdict in ("true", "false", "debatable"))
            precision = f"{true / (true + false):.2f}" if true + false else "n/a"
            print(f"{code}: {true} true, {false} false, {debatable} debatable: precision {precision}")
        for pattern, count in sorted(unjudged.items()):
            print(f"no verdict: {pattern} ({count})")
    return 0


def _pattern(code: str, finding: Finding) -> str:
    """A finding as a person judges it, wherever it occurs."""
    suggestion = finding.suggestion or "/".join(finding.candidates)
    return f"{code} {finding.term} -> {suggestion}"


if __name__ == "__main__":
    sys.exit(main())

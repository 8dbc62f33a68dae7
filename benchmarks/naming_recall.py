"""Recall of the naming rules on real Markdown: inject defects, count the found.

    python benchmarks/naming_recall.py [CORPUS_DIR] [--per-file N] [--seed S]

Two kinds of defect, each injected alone into a copy of a real document (in
memory) and looked for with the naming rules as ``tablelint check`` runs
them (the file's own binding, the built-in vocabulary):

* a one-letter misspelling of a row's own name, appended to another prose
  cell of that row (``… based on Chinchila``): a letter dropped, doubled,
  replaced or swapped with its neighbour, never the first one, and a letter
  in capitals for a name in capitals (``PEEK`` for ``PEER``), a lower-case
  one otherwise. Found when naming-mismatch reports the slip with the
  row's name (or near-miss-term does);
* a casing slip of a mixed-case term of the built-in vocabulary (``Deepmind``
  for ``DeepMind``): the term in one row's prose cell, the slip in
  another's, as a document that writes a name right and once wrong. Found
  when inconsistent-casing reports the slip with the term.

A slip that is itself a known term or a word of the document is skipped:
no rule could tell it from that word. Prints the recall per kind and the
misses, for review. The corpus is third-party text for measurement only:
nothing from it is copied into the repository.
"""

from __future__ import annotations

import argparse
import random
import re
import string
import sys
from collections import Counter
from pathlib import Path

from tablelint.config import settings_for
from tablelint.errors import InputError
from tablelint.facts.context import LintContext
from tablelint.naming.names import row_names
from tablelint.naming.terms import is_mixed_case, terms_of
from tablelint.naming.vocabulary_file import builtin_vocabulary
from tablelint.parse.document import parse_document
from tablelint.parse.source import decode, read_source
from tablelint.rules.naming import SKIPPED_FORMATS, naming_findings

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
_ASCII_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]{4,}\Z")


def _slip(name: str, rng: random.Random) -> str | None:
    """A one-letter slip of ``name``, or None: a letter dropped or doubled
    inside the name (at its end it would read as an ending, ``PEERs``, which
    the rules leave alone), replaced or swapped with its neighbour, never the
    first letter; a capital for a name in capitals, a lower-case letter
    otherwise."""
    capitals = name.isupper()
    inside = [at for at in range(1, len(name)) if name[at].isalpha() and name[at].isupper() == capitals]
    if not inside:
        return None
    at = rng.choice(inside)
    letters = string.ascii_uppercase if capitals else string.ascii_lowercase
    kind = rng.randrange(4)
    if kind in (0, 1):
        slip = name[:at] + name[at + 1 :] if kind == 0 else name[:at] + name[at] + name[at:]
        if not (slip.startswith(name) or name.startswith(slip)):
            return slip
    swap = at + 1
    if (kind == 3 and swap < len(name) and name[swap].isalpha() and name[swap].isupper() == capitals
            and name[swap] != name[at]):
        return name[:at] + name[swap] + name[at] + name[swap + 1 :]
    return name[:at] + rng.choice([c for c in letters if c.lower() != name[at].lower()]) + name[at + 1 :]


def _casing_slip(term: str, rng: random.Random) -> tuple[str, str, str] | None:
    """``term`` with one inner capital of a mixed-case run of 4 letters or
    more in lower case (``Deepmind``, ``Pytorch``, ``LLaMa``), with that run
    as written and as slipped; or None. Shorter runs and words all in lower
    case are not compared, by design."""
    places = [
        (match, at)
        for match in re.finditer(r"[A-Za-z]{4,}", term)
        if is_mixed_case(match.group(0))
        for at in range(1, len(match.group(0)))
        if match.group(0)[at].isupper()
    ]
    if not places:
        return None
    match, at = rng.choice(places)
    run = match.group(0)
    slipped = run[:at] + run[at].lower() + run[at + 1 :]
    if slipped.islower():
        return None
    return term[: match.start()] + slipped + term[match.end() :], run, slipped


def _context(text: str, path: Path) -> LintContext:
    return LintContext(parse_document(decode(text.encode("utf-8"), str(path))), settings_for(str(path)))


def _append(text: str, cell, addition: str) -> str:  # type: ignore[no-untyped-def]
    """``text`` with ``addition`` written at the end of ``cell``."""
    lines = text.split("\n")
    line = lines[cell.line - 1]
    start = cell.column - 1
    assert line[start : start + len(cell.raw)] == cell.raw, "cell columns are code points"
    end = start + len(cell.raw)
    lines[cell.line - 1] = line[:end] + addition + line[end:]
    return "\n".join(lines)


def _prose_cells(context: LintContext, table, row):  # type: ignore[no-untyped-def]
    name_column = context.name_column(table)
    return [
        cell
        for column, cell in enumerate(row.cells)
        if column != name_column and context.field_format(table, column) not in SKIPPED_FORMATS
        and cell.raw.strip() and "|" not in cell.raw
    ]


def _reported(context: LintContext, slip: str, right: str, kinds: tuple[str, ...]) -> str | None:
    findings = naming_findings(context)
    for kind in kinds:
        for finding in getattr(findings, kind):
            if finding.term == slip and right in finding.candidates:
                return f"{kind}{'' if not finding.safe else ' (safe)'}"
    return None


def _mismatch_cases(path: Path, text: str, rng: random.Random, limit: int):  # type: ignore[no-untyped-def]
    context = _context(text, path)
    words = {term.text.casefold() for table in context.document.tables for row in table.rows
             for cell in row.cells for term in terms_of(cell.raw)}
    known = {term.casefold() for term in builtin_vocabulary().accepted}
    cases = []
    for table in context.document.tables:
        name_column = context.name_column(table)
        if name_column is None:
            continue
        for row in table.rows:
            if name_column >= len(row.cells):
                continue
            names = [
                name for name in row_names(row.cells[name_column].raw)
                if _ASCII_NAME.match(name) and not name.islower()
            ]
            others = _prose_cells(context, table, row)
            if names and others:
                cases.append((table.index, row, rng.choice(names), rng.choice(others)))
    rng.shuffle(cases)
    for _, _row, name, cell in cases[:limit]:
        slip = _slip(name, rng)
        # Lower-case names are never compared (ordinary words are written
        # that way), by design: not injected.
        if slip is None or slip.casefold() in words or slip.casefold() in known:
            continue
        yield name, slip, _append(text, cell, f" based on {slip}")


def _casing_cases(path: Path, text: str, rng: random.Random, limit: int):  # type: ignore[no-untyped-def]
    context = _context(text, path)
    accepted = set(builtin_vocabulary().accepted)
    rows = [
        cells
        for table in context.document.tables
        for row in table.rows
        if (cells := _prose_cells(context, table, row))
    ]
    if len(rows) < 2:
        return
    terms = [term for term in builtin_vocabulary().terms if " " not in term]
    for _ in range(limit):
        term = rng.choice(terms)
        slipped = _casing_slip(term, rng)
        if slipped is None or slipped[0] in accepted:
            continue
        slip, run, slipped_run = slipped
        first, second = rng.sample(range(len(rows)), 2)
        # Two rows: two lines, so the second edit's column is unmoved.
        written = _append(text, rng.choice(rows[first]), f" by {term}")
        # Casing findings are about the run of letters that differs.
        yield run, slipped_run, _append(written, rng.choice(rows[second]), f" by {slip}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--per-file", type=int, default=10, help="defects of each kind injected per file")
    parser.add_argument("--seed", type=int, default=5)
    arguments = parser.parse_args()
    files = sorted(path for path in arguments.corpus.glob("*.md") if path.name != "INDEX.md")
    if not files:
        print(f"{arguments.corpus}: no Markdown files", file=sys.stderr)
        return 2
    totals: Counter[str] = Counter()
    misses: list[str] = []
    for path in files:
        try:
            text = read_source(path).text
        except InputError as error:
            print(f"{path.name}: skipped: {error}")
            continue
        rng = random.Random(f"{arguments.seed}:{path.name}")
        for label, cases, kinds in (
            ("misspelt own name", _mismatch_cases(path, text, rng, arguments.per_file), ("mismatches", "near_misses")),
            ("casing slip of a vocabulary term", _casing_cases(path, text, rng, arguments.per_file), ("casings",)),
        ):
            for right, slip, edited in cases:
                totals[label, "injected"] += 1
                found = _reported(_context(edited, path), slip, right, kinds)
                if found is None:
                    misses.append(f"{path.name}: {label}: {slip!r} for {right!r}")
                else:
                    totals[label, "found"] += 1
                    totals[label, found] += 1
    for line in misses:
        print("missed", line)
    print()
    for label in ("misspelt own name", "casing slip of a vocabulary term"):
        injected, found = totals[label, "injected"], totals[label, "found"]
        by_rule = ", ".join(
            f"{kind} {count}" for (name, kind), count in sorted(totals.items())
            if name == label and kind not in ("injected", "found")
        )
        print(f"{label}: {found}/{injected} found ({found / max(injected, 1):.0%}; {by_rule})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

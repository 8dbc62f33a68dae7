"""Schema binding on real lists: which tables bind, and what the data rules find.

    python benchmarks/binding.py [--corpus DIR ...] [--baseline REV] [--no-write]

Runs twice, in the same way, on the code of this checkout and on the code of
``--baseline`` (default: the merge base with ``main``, taken with ``git
archive`` into ``benchmarks/.work/``), and prints both:

- **binding**: how many tables of the corpus bind to a schema, and how, in
  files that are paper or model lists and in the others (docs, changelogs,
  option and keybinding tables), and in the corpus's ``extended/`` folder
  (a file there is a list or not as its repository's files in the corpus
  are, when they agree); the kind of each file comes from the
  corpus's INDEX.md;
- **recall on injected defects**: in every table with two rows or more of a
  paper-list file, one copy of the file per defect, with (a) a row of
  ``NULL`` inserted after the first row, (b) one cell of the table's most
  wordy column (the most letters per cell) replaced by ``NULL``; a defect
  counts as found when placeholder-row (a) or placeholder-cell or
  missing-value (b) reports it on its line (and column). Each copy is checked
  as the files are bound by default, and again with ``--schema paper-list``.

The corpus is third-party text for measurement only: nothing from it is
copied into the repository. ``--no-write`` only prints; otherwise the figures
replace the "Schema binding on real lists" section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED_CORPUS = REPO.parents[1] / "shared" / "corpus"
DEFAULT_CORPORA = (SHARED_CORPUS / "real", SHARED_CORPUS)
SECTION = "## Schema binding on real lists"
PAPER_KIND = "paper/model list"
# The numbered files of the corpus's top folder that list papers or models
# (by their INDEX.md's "Kind" and a look at their tables): reading lists,
# awesome lists, a bibliography, a paper tracker, model comparison tables.
NUMBERED_PAPER_LISTS = frozenset(
    ("01", "02", "03", "04", "05", "06", "15", "20", "21", "22", "23", "24", "25", "28", "29")
)


def _kinds(corpus: Path) -> dict[str, str]:
    """File name -> kind, from the corpus index's table (``| # | file | … | kind |``)."""
    kinds = {}
    for line in (corpus / "INDEX.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) > 2 and cells[1].startswith("`") and cells[1].endswith(".md`"):
            kinds[cells[1].strip("`")] = cells[-1]
    for path in corpus.glob("[0-9][0-9]-*.md"):
        kinds[path.name] = PAPER_KIND if path.name[:2] in NUMBERED_PAPER_LISTS else "other"
    return kinds


# The measurement itself: runs against whichever tablelint is importable.

def _wordiest_column(table) -> int | None:  # type: ignore[no-untyped-def]
    best, best_letters = None, 0.0
    for column in range(table.column_count):
        cells = [row.cells[column].raw for row in table.rows if column < len(row.cells)]
        letters = sum(sum(char.isalpha() for char in cell) for cell in cells) / max(len(cells), 1)
        if letters > best_letters:
            best, best_letters = column, letters
    return best


_DATE = re.compile(r"\s*(?:19|20)\d\d(?:[-./]\d{1,2}){0,2}\s*")


def _has_year_column(table) -> bool:  # type: ignore[no-untyped-def]
    """A column of years or dates (the case where a row of NULL used to pass)."""
    for column in range(table.column_count):
        cells = [
            row.cells[column].raw for row in table.rows if column < len(row.cells) and row.cells[column].raw.strip()
        ]
        if cells and sum(1 for cell in cells if _DATE.fullmatch(cell)) * 2 > len(cells):
            return True
    return False


def _names_identifying_field(table) -> bool:  # type: ignore[no-untyped-def]
    from tablelint.schema.binding import make_binding
    from tablelint.schema.loader import registry_for

    schema = registry_for(()).get("paper-list")
    named = {spec.name for spec in make_binding(schema, table, "").columns if spec is not None}
    return bool(named & set(getattr(schema.spec, "identifying_fields", ())))


def _found(source_text: str, path: str, schema: str | None, codes: set[str], line: int, column: int | None) -> bool:
    from tablelint.engine.lint import RunOptions, lint_source
    from tablelint.parse.source import Source

    report = lint_source(Source(path, source_text), RunOptions(schema=schema, offline=True, check_links=False))
    return any(
        d.code in codes and d.line == line and (column is None or d.column == column) for d in report.diagnostics
    )


def measure(corpora: list[Path]) -> dict[str, object]:
    from tablelint.config import settings_for
    from tablelint.facts.context import LintContext
    from tablelint.parse.document import parse_document
    from tablelint.parse.source import read_source

    kinds = {name: kind for corpus in corpora for name, kind in _kinds(corpus).items()}
    bound: Counter[str] = Counter()
    injected: Counter[str] = Counter()
    for path in sorted(path for corpus in corpora for path in corpus.glob("*.md")):
        if path.name not in kinds:
            continue
        paper = kinds.get(path.name) == PAPER_KIND
        group = "paper" if paper else "other"
        source = read_source(str(path))
        document = parse_document(source)
        context = LintContext(document, settings_for(str(path), None))
        for table in document.tables:
            binding = context.binding(table)
            bound[f"{group} tables"] += 1
            if binding is not None:
                bound[f"{group} bound"] += 1
                bound[f"{group} {binding.how}"] += 1
            elif paper:
                bound["paper unbound without rows" if not table.rows else "paper unbound"] += 1
                if table.rows and _names_identifying_field(table):
                    bound["paper unbound naming an identifying field"] += 1
            if not paper or len(table.rows) < 2:
                continue
            lines = source.text.split("\n")
            first = table.rows[0]
            null_row = first.prefix + "| " + " | ".join(["NULL"] * table.column_count) + " |"
            with_row = "\n".join([*lines[: first.line], null_row, *lines[first.line :]])
            column = _wordiest_column(table)
            target = table.rows[len(table.rows) // 2]
            cell = target.cells[column] if column is not None and column < len(target.cells) else None
            dated = _has_year_column(table)
            for schema, label in ((None, "default"), ("paper-list", "--schema")):
                found = _found(with_row, str(path), schema, {"TL101"}, first.line + 1, None)
                for key in (f"row {label}", f"dated row {label}") if dated else (f"row {label}",):
                    injected[key] += 1
                    injected[f"{key} found"] += found
                if cell is None or not cell.raw.strip():
                    continue
                line = lines[cell.line - 1]
                start = cell.column - 1 + (len(cell.raw) - len(cell.raw.lstrip()))
                end = cell.column - 1 + len(cell.raw.rstrip())
                blanked = line[:start] + "NULL" + line[end:]
                with_cell = "\n".join([*lines[: cell.line - 1], blanked, *lines[cell.line :]])
                injected[f"cell {label}"] += 1
                if _found(with_cell, str(path), schema, {"TL102", "TL103"}, cell.line, start + 1):
                    injected[f"cell {label} found"] += 1
    return {"bound": dict(bound), "injected": dict(injected), "extended": _extended_bindings(corpora, kinds)}


def _extended_bindings(corpora: list[Path], kinds: dict[str, str]) -> dict[str, int]:
    """Binding only, over the ``extended/`` folder of each corpus: a file is
    a list or not as its repository's files in the corpus are, when they agree."""
    from tablelint.config import settings_for
    from tablelint.facts.context import LintContext
    from tablelint.parse.document import parse_document
    from tablelint.parse.source import read_source

    by_repository: dict[str, set[bool]] = {}
    for name, kind in kinds.items():
        if "__" in name:
            by_repository.setdefault(name.split("__")[0], set()).add(kind == PAPER_KIND)
    counts: Counter[str] = Counter()
    for corpus in corpora:
        for path in sorted((corpus / "extended").glob("*.md")):
            repository_kinds = by_repository.get(path.name.split("__")[0], set())
            if len(repository_kinds) != 1:
                continue
            group = "paper" if repository_kinds == {True} else "other"
            document = parse_document(read_source(str(path)))
            context = LintContext(document, settings_for(str(path), None))
            for table in document.tables:
                counts[f"{group} tables"] += 1
                counts[f"{group} bound"] += context.binding(table) is not None
    return dict(counts)


# Running the measurement on two versions of the code.

def _baseline_tree(revision: str) -> Path:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", revision], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    tree = HERE / ".work" / f"baseline-{commit}"
    if not (tree / "src" / "tablelint").is_dir():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", "--format=tar", commit, "src", "schemas"], cwd=REPO, capture_output=True, check=True
        ).stdout
        with tempfile.TemporaryFile() as handle:
            handle.write(archive)
            handle.seek(0)
            with tarfile.open(fileobj=handle) as tar:
                tar.extractall(tree, filter="data")
    return tree


def _run(src: Path, corpora: list[Path]) -> dict[str, object]:
    cache = HERE / ".work" / f"cache-{src.parent.name}"
    environment = dict(os.environ, PYTHONPATH=str(src), TABLELINT_CACHE_DIR=str(cache))
    result = subprocess.run(
        [sys.executable, __file__, "--measure", *map(str, corpora)], env=environment, capture_output=True, text=True,
        check=True,
    )
    return json.loads(result.stdout)


def _ratio(found: int, total: int) -> str:
    return f"{found}/{total} ({100 * found / total:.1f}%)" if total else "—"


def _report(before: dict, after: dict, baseline: str, corpora: list[Path]) -> str:  # type: ignore[type-arg]
    lines = [
        SECTION,
        "",
        f"Measured by `python benchmarks/binding.py` ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC) on the "
        f"Markdown files of {', '.join(f'`{corpus.name}/`' for corpus in corpora)} in the shared corpus, against "
        f"the baseline `{baseline}` (the same measurement on that commit's code, in the same run).",
        "",
        "| tables | before | after |",
        "| --- | --- | --- |",
    ]
    for group, label in (("paper", "in paper/model lists"), ("other", "in docs and other files")):
        total = after["bound"].get(f"{group} tables", 0)
        lines.append(
            f"| bound {label} | {_ratio(before['bound'].get(f'{group} bound', 0), total)} | "
            f"{_ratio(after['bound'].get(f'{group} bound', 0), total)} |"
        )
        for how in ("header match", "header coverage"):
            lines.append(
                f"| … of them by {how} | {before['bound'].get(f'{group} {how}', 0)} | "
                f"{after['bound'].get(f'{group} {how}', 0)} |"
            )
    for group, label in (("paper", "in `extended/`, paper/model lists"), ("other", "in `extended/`, docs and others")):
        total = after["extended"].get(f"{group} tables", 0)
        if total:
            lines.append(
                f"| bound {label} | {_ratio(before['extended'].get(f'{group} bound', 0), total)} | "
                f"{_ratio(after['extended'].get(f'{group} bound', 0), total)} |"
            )
    lines += ["", "| defect injected in paper-list tables | before | after |", "| --- | --- | --- |"]
    kinds = (
        ("row", "a row of NULL"), ("dated row", "… in a table with a year or date column"),
        ("cell", "a lone NULL in the wordiest column"),
    )
    for kind, label in kinds:
        for mode, how in (("default", "bound as by default"), ("--schema", "with --schema paper-list")):
            key = f"{kind} {mode}"
            found_before = _ratio(before["injected"].get(key + " found", 0), before["injected"].get(key, 0))
            found_after = _ratio(after["injected"].get(key + " found", 0), after["injected"].get(key, 0))
            lines.append(f"| {label}, {how} | {found_before} | {found_after} |")
    empty = after["bound"].get("paper unbound without rows", 0)
    identified = after["bound"].get("paper unbound naming an identifying field", 0)
    lines += [
        "",
        f"Paper-list tables still unbound (after): {after['bound'].get('paper unbound', 0) + empty}. Without rows "
        f"to confirm their headers: {empty}. With rows, naming a venue or year column but too few other fields "
        f"or with cells that are not venues: {identified}. The rest name neither, paper-list's identifying fields "
        "(project, tool and benchmark tables in the same files, mostly) and are left to the schema-less rules. "
        "Injected lone NULLs missed: in a column with fewer than two other values (a two-row table), or in a "
        "column the schema-less rules do not read as text.",
    ]
    return "\n".join(lines) + "\n"


def _write(section: str) -> None:
    # The shared writer keeps every other script's section of RESULTS.md.
    from compare import write_section

    write_section("binding", section)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", help="a corpus folder (repeatable)")
    parser.add_argument("--baseline", help="git revision to compare with (default: the merge base with main)")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--measure", type=Path, nargs="+", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        json.dump(measure(arguments.measure), sys.stdout)
        return 0
    corpora = arguments.corpus or list(DEFAULT_CORPORA)
    for corpus in corpora:
        if not (corpus / "INDEX.md").is_file():
            print(f"{corpus}: no INDEX.md (the corpus is not there)", file=sys.stderr)
            return 2
    baseline = arguments.baseline or subprocess.run(
        ["git", "merge-base", "HEAD", "main"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    tree = _baseline_tree(baseline)
    before = _run(tree / "src", corpora)
    after = _run(REPO / "src", corpora)
    section = _report(before, after, baseline[:12], corpora)
    print(section)
    if not arguments.no_write:
        _write(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())

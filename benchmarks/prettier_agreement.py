"""Does `tablelint format --check` pass on tables that Prettier formatted? (issue 21)

    python benchmarks/prettier_agreement.py [CORPUS_DIR] [--baseline REV] [--no-write]

Prettier (the version pinned in peers.py, default options) formats a copy of
each Markdown file of the corpus (default: the real files of shared/corpus)
in ``benchmarks/.work/prettier-agreement/``; the corpus itself is never
written to, and nothing of it lands in the repository. Then, for every table
of Prettier's output, tablelint's formatter under each ``--align`` mode says
whether it would leave the table as it is: that is what ``format --check``
and the table-format rule check. ``tablelint format --check`` also runs on
the whole folder, as CI would.

Each table the default mode would change is listed with its reason:

* Prettier left the table as written (its parser did not take those lines
  for a table, or took fewer of them), so it is not in Prettier's layout;
* a cell whose width Prettier measures differently (Prettier's own
  ``getStringWidth`` is asked, through node);
* Prettier's own output is not stable (a second run changes the file);
* otherwise the first line where the two differ.

Also counted: tables whose cell text Prettier changed (tabs to spaces,
runs of spaces, emphasis markers, escapes), which tablelint never does.

``--baseline REV`` exports that commit (``git archive``) into the work folder
and measures its formatter on the same Prettier output, in the same run: the
"before" figure. Writes the "prettier-agreement" section of RESULTS.md (for
another folder, "prettier-agreement-FOLDER") unless ``--no-write``. Exits 1
when Prettier or tablelint cannot run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

from compare import REPO, WORK, markdown_table, now, progress, project_versions, write_section
from peers import NODE_DIR, ensure_peers, node_version

SCRATCH = WORK / "prettier-agreement"
PRETTIER_OPTIONS = ["--no-config", "--no-editorconfig", "--log-level", "warn"]
# How the width check asks Prettier: its public util.getStringWidth, one answer per string.
WIDTH_SCRIPT = """
const prettier = require(process.argv[1]);
const texts = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(texts.map((text) => prettier.util.getStringWidth(text))));
"""


def default_corpus() -> Path:
    here = Path(__file__).resolve()
    for root in here.parents[2:4]:
        if (root / "shared" / "corpus" / "real").is_dir():
            return root / "shared" / "corpus" / "real"
    return here.parents[2] / "shared" / "corpus" / "real"


# ---- what tablelint says about one folder (also run in a subprocess for --baseline) ----------


def agreement(folder: Path) -> dict[str, object]:
    """Per align mode, how many tables of the folder's files tablelint's formatter leaves as they are,
    and, for the default mode, where each other table is and what it would write."""
    from tablelint.config import FormatSettings
    from tablelint.layout import formatter as formatter
    from tablelint.parse.document import parse_document
    from tablelint.parse.source import read_source

    modes = list(formatter.ALIGN_MODES)
    default = FormatSettings().align
    kept = dict.fromkeys(modes, 0)
    total = 0
    changed: list[dict[str, object]] = []
    for path in sorted(folder.glob("*.md")):
        document = parse_document(read_source(path))
        for table in document.tables:
            total += 1
            rows = table.all_rows()
            for mode in modes:
                lines = formatter.format_table_lines(table, FormatSettings(align=mode))
                same = all(line == row.source for line, row in zip(lines, rows, strict=True))
                kept[mode] += same
                if mode == default and not same:
                    first = next(
                        (row, line) for line, row in zip(lines, rows, strict=True) if line != row.source
                    )
                    changed.append({
                        "file": path.name, "line": table.first_line, "table": table.index,
                        "layout": formatter.layout_of(table) if hasattr(formatter, "layout_of") else "",
                        "cells": sorted({cell.raw for row in rows for cell in row.cells if not cell.raw.isascii()
                                         or "\t" in cell.raw}),
                        "first": [first[0].line, first[0].source, first[1]],
                    })
    return {"modes": modes, "default": default, "kept": kept, "total": total, "changed": changed}


# ---- Prettier ------------------------------------------------------------------------------------


def prettier_width(texts: list[str]) -> list[int]:
    if not texts:
        return []
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node not found")
    result = subprocess.run(
        [node, "-e", WIDTH_SCRIPT, str(NODE_DIR / "node_modules" / "prettier")],
        input=json.dumps(texts), capture_output=True, text=True, check=True,
    )
    return list(json.loads(result.stdout))


def run_prettier(prettier: Path, folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    # An empty ignore file: Prettier reads .gitignore by default, and benchmarks/.work is git-ignored.
    ignore = folder.parent / "prettier-agreement.ignore"
    ignore.write_text("", encoding="utf-8")
    return subprocess.run(
        [str(prettier), *PRETTIER_OPTIONS, "--ignore-path", str(ignore), *arguments, "."],
        cwd=folder, capture_output=True, text=True, check=False,
    )


# ---- what Prettier changed inside tables ---------------------------------------------------------


def content_changes(originals: Path, formatted: Path) -> tuple[Counter[str], int, int]:
    """Kinds of cell-text change Prettier made, the number of tables it changed the text of,
    and the number of files whose table count changed (not compared)."""
    from tablelint.parse.document import parse_document
    from tablelint.parse.source import read_source

    kinds: Counter[str] = Counter()
    tables_changed = 0
    files_skipped = 0
    for path in sorted(formatted.glob("*.md")):
        before = parse_document(read_source(originals / path.name)).tables
        after = parse_document(read_source(path)).tables
        if len(before) != len(after):
            files_skipped += 1
            continue
        for old, new in zip(before, after, strict=True):
            old_cells = [cell.raw for row in (old.header, *old.rows) for cell in row.cells]
            new_cells = [cell.raw for row in (new.header, *new.rows) for cell in row.cells]
            if old_cells == new_cells:
                continue
            tables_changed += 1
            if len(old_cells) != len(new_cells):
                kinds["rows or cells added or removed"] += 1
                continue
            for was, now_ in zip(old_cells, new_cells, strict=True):
                if was != now_:
                    kinds[_change_kind(was, now_)] += 1
    return kinds, tables_changed, files_skipped


def _change_kind(was: str, now_: str) -> str:
    if "\t" in was and was.replace("\t", " ") == now_:
        return "a tab turned into a space"
    if re.sub(r"\s+", " ", was) == now_:
        return "a run of spaces made one"
    if "``" in was and re.sub(r"[`\s]", "", was) == re.sub(r"[`\s]", "", now_):
        return "a code span's backticks made one"
    if re.sub(r"\s", "", was) == re.sub(r"\s", "", now_):
        return "spaces removed (in a link, around a tag)"
    if was.replace("*", "_") == now_ or was.replace("__", "**") == now_:
        return "emphasis markers changed"
    if was.replace("\\", "") == now_.replace("\\", ""):
        return "backslash escapes added or removed"
    return "other rewriting (links, HTML, entities)"


# ---- the report ----------------------------------------------------------------------------------


def reasons(result: dict[str, object], unstable: set[str]) -> list[tuple[dict[str, object], str]]:
    changed = list(result["changed"])  # type: ignore[call-overload]
    texts = sorted({text for entry in changed for text in entry["cells"]})
    from tablelint.layout.width import display_width

    measured = dict(zip(texts, prettier_width(texts), strict=True))
    explained = []
    for entry in changed:
        widths = [(text, display_width(text), measured[text]) for text in entry["cells"]
                  if display_width(text) != measured[text]]
        if entry["file"] in unstable:
            why = "Prettier's own output is not stable: a second run changes this file"
        elif entry["layout"] not in ("aligned", "both"):
            why = (f"Prettier left this table {entry['layout']}: its parser did not lay these lines out as one "
                   "table, so the table is not in Prettier's layout")
        elif widths:
            text, ours, theirs = widths[0]
            codes = " ".join(f"U+{ord(char):04X}" for char in text if not char.isascii() or char == "\t")[:60]
            why = f"width: tablelint {ours}, Prettier {theirs} for a cell with {codes}"
        else:
            line, was, would = entry["first"]  # type: ignore[misc]
            why = f"layout: line {line} is `{was}`, tablelint would write `{would}`"
        explained.append((entry, why))
    return explained


def baseline_agreement(revision: str, folder: Path) -> dict[str, object]:
    """``agreement`` as measured by the formatter of another commit, exported with git archive."""
    target = WORK / f"baseline-{revision}"
    if not (target / "src" / "tablelint").is_dir():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        with tempfile.TemporaryFile() as archive:
            subprocess.run(["git", "-C", str(REPO), "archive", revision, "src"], stdout=archive, check=True)
            archive.seek(0)
            with tarfile.open(fileobj=archive) as tar:
                tar.extractall(target, filter="data")
    env = {**os.environ, "PYTHONPATH": str(target / "src")}
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import prettier_agreement as p; "
        "print(json.dumps(p.agreement(__import__('pathlib').Path(sys.argv[2]))))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent), str(folder)],
                            env=env, capture_output=True, text=True, check=True)
    return dict(json.loads(result.stdout))


def mode_row(name: str, mode: str, formatted: dict[str, object], as_written: dict[str, object]) -> list[str]:
    cells = [name]
    for measured in (formatted, as_written):
        kept = measured["kept"][mode]  # type: ignore[index]
        total = int(measured["total"])  # type: ignore[call-overload]
        cells += [f"{kept:,} of {total:,}", percent(kept, total)]
    return cells


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=default_corpus())
    parser.add_argument("--baseline", metavar="REV", help="also measure the formatter of this commit")
    parser.add_argument("--no-write", action="store_true", help="print the results; leave RESULTS.md alone")
    arguments = parser.parse_args()

    files = sorted(path for path in arguments.corpus.glob("*.md") if path.name != "INDEX.md")
    if not files:
        print(f"prettier_agreement: no Markdown files in {arguments.corpus}", file=sys.stderr)
        return 1
    peers = ensure_peers()
    if "prettier" not in peers.peers:
        print("prettier_agreement: " + "; ".join(peers.problems), file=sys.stderr)
        return 1
    prettier = peers.peers["prettier"]

    originals, formatted = SCRATCH / "original", SCRATCH / "formatted"
    shutil.rmtree(SCRATCH, ignore_errors=True)
    originals.mkdir(parents=True)
    formatted.mkdir()
    for path in files:
        shutil.copyfile(path, originals / path.name)
        shutil.copyfile(path, formatted / path.name)
    progress(f"prettier --write on {len(files)} files")
    written = run_prettier(prettier.executable, formatted, "--write")
    failures = [line for line in written.stderr.splitlines() if line.startswith("[error]")]
    second = run_prettier(prettier.executable, formatted, "--list-different")
    unstable = {Path(line.strip()).name for line in second.stdout.splitlines() if line.strip()}

    progress("tablelint on Prettier's output")
    result = agreement(formatted)
    as_written = agreement(originals)
    baseline = baseline_agreement(arguments.baseline, formatted) if arguments.baseline else None
    baseline_as_written = baseline_agreement(arguments.baseline, originals) if arguments.baseline else None
    config = SCRATCH / "tablelint.toml"  # the defaults, whatever config the folders above hold
    config.write_text("", encoding="utf-8")
    check = subprocess.run(
        [sys.executable, "-m", "tablelint", "format", "--check", "--config", str(config), "."],
        cwd=formatted, capture_output=True, text=True, check=False,
    )
    if check.returncode not in (0, 1):
        print(f"prettier_agreement: tablelint format --check failed: {check.stderr.strip()}", file=sys.stderr)
        return 1
    would = [line for line in check.stdout.splitlines() if line.startswith("would reformat")]
    explained = reasons(result, unstable)
    kinds, content_tables, skipped = content_changes(originals, formatted)

    default = str(result["default"])
    default_folder = arguments.corpus.resolve() == default_corpus().resolve()
    labels = {"keep": "keep (the default)", "auto": "auto (the default before issue 21)"}
    rows = [mode_row(labels.get(mode, mode), mode, result, as_written) for mode in result["modes"]]  # type: ignore[attr-defined]
    if baseline is not None and baseline_as_written is not None:
        rows += [
            mode_row(f"before: commit {arguments.baseline}, {mode}" + (
                " (its default)" if mode == baseline["default"] else ""), mode, baseline, baseline_as_written)
            for mode in baseline["modes"]  # type: ignore[attr-defined]
        ]
    versions = project_versions()
    lines = [
        "## Formatting: agreement with Prettier" + ("" if default_folder else f" ({arguments.corpus.name}/)"),
        "",
        f"`python benchmarks/prettier_agreement.py{' --baseline ' + arguments.baseline if baseline else ''}`, "
        f"{now()}. Prettier {prettier.versions.get('prettier', '?')} (node {node_version() or '?'}), "
        f"default options, formatted a copy of each of the {len(files)} files of `{arguments.corpus.name}/` "
        "in `benchmarks/.work/`; then tablelint said, for every table of Prettier's output, whether its "
        "formatter would leave it as it is (what `format --check` and table-format check). The last two "
        "columns: the same on the files as their authors wrote them, how much a first `tablelint format` "
        "rewrites in a repository that does not use Prettier.",
        "",
        f"- Versions: tablelint {versions.get('tablelint', '?')}",
        f"- Prettier could not format {len(failures)} file(s); its output changes again on a second run in "
        f"{len(unstable)} file(s).",
        "",
        markdown_table(["tablelint --align", "Prettier's output: tables left as they are", "share",
                        "the files as written: tables left as they are", "share"], rows),
        "",
        f"`tablelint format --check` (default settings) on the {len(files)} formatted files: "
        f"{len(would)} would be reformatted (exit {check.returncode}).",
        "",
    ]
    if explained:
        lines += [f"Tables the default ({default}) would still change, and why:", ""]
        lines += [f"- `{entry['file']}` table {entry['table']} (line {entry['line']}): {why}"
                  for entry, why in explained]
    else:
        lines.append(f"Tables the default ({default}) would still change: none.")
    lines += [
        "",
        f"Where Prettier and tablelint part ways on purpose: Prettier changed the cell text of {content_tables} "
        f"table(s) ({skipped} file(s) whose table count changed not compared); tablelint never changes a cell.",
        "",
    ]
    if kinds:
        lines.append(markdown_table(["what Prettier changed in a cell", "cells"],
                                    [[kind, f"{count:,}"] for kind, count in kinds.most_common()]))
    body = "\n".join(lines)
    print(body)
    for line in failures:
        print(f"prettier: {line}", file=sys.stderr)
    if not arguments.no_write:
        write_section("prettier-agreement" + ("" if default_folder else f"-{arguments.corpus.name}"), body)
        progress("written to benchmarks/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

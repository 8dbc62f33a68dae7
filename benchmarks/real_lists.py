"""Precision, safe fixes and recall of tablelint on real lists, in one command.

    python benchmarks/real_lists.py [--corpus DIR] [--list] [--no-write] [--skip-extended] [--runs N]

Over the top-level ``*.md`` files of the real corpus (default ``../shared/corpus/real`` next to the
repository; its ``extended/`` folder for the sweep), through the CLI only (``--output-format json``,
``fix``, ``format``), so that it survives changes inside the package:

1. every finding of ``check --offline``, grouped into finding patterns (rule, offending token,
   suggested replacement); each pattern is judged in ``real_lists_verdicts.toml``. Prints the
   precision per rule; patterns without a verdict are listed as UNJUDGED (exit 1).
2. every edit ``fix`` makes (safe, then ``--unsafe-fixes``) on a copy, found by comparing the copy
   with the original and explained by the fixes ``check`` offered; an edit judged false is a wrong
   fix; a change no offered fix explains is reported on its own.
3. recall on defects injected one at a time (seeded) into copies of the paper and model lists,
   with each table's automatic binding and with ``--schema paper-list``, and the findings an
   injection causes elsewhere.
4. ``check`` over the files against a bare mistune parse of them (same run, a ratio), and a sweep of
   ``extended/``: check never crashes, format is idempotent, fix changes only what it claims.

The corpus is third-party text, used here for measurement only: the script works on copies in
``benchmarks/.work/real_lists/`` and nothing of it goes into the repository beyond the pattern keys
of the verdict file (a rule, a term and its replacement). Writes its section of RESULTS.md and
``real_lists_baseline.json`` (the figures of this run, against which the next run prints what
changed) unless ``--no-write``. ``--list`` prints every finding and edit with its row, to judge.
"""

from __future__ import annotations

import argparse
import difflib
import itertools
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from compare import (
    load_average,
    machine_lines,
    markdown_table,
    now,
    positive_int,
    progress,
    project_python,
    project_versions,
    run_process,
    tablelint_command,
    write_section,
)

# Cell positions for the injections: the one private module the harness needs (the JSON report
# says where a problem is, not where the cells are). Other benchmarks use it as well.
from tablelint.parse.document import parse_document
from tablelint.parse.source import read_source

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
WORK = BENCHMARKS / ".work" / "real_lists"
VERDICTS = BENCHMARKS / "real_lists_verdicts.toml"
BASELINE = BENCHMARKS / "real_lists_baseline.json"
SECTION = "real-lists"
SEED = 20261207
NORMAL_EXITS = {0, 1}
VERDICT_VALUES = ("true", "false", "debatable")
# The baseline of the speed figure: stock mistune parsing every file, in one process, as check does.
PARSE_SNIPPET = (
    "import sys, mistune\n"
    "parse = mistune.create_markdown(renderer=None, plugins=['table'])\n"
    "for name in sys.argv[1:]:\n"
    "    parse(open(name, encoding='utf-8').read())\n"
)

# The paper and model lists of the corpus, by file-name prefix: the injections go into their tables.
PAPER_LISTS = (
    "CaiquanLiu+AI_Pappers__",
    "Young1993+embedding-paper__",
    "Hannibal046+Awesome-LLM__",
    "NomaDamas+awesome-korean-llm__",
    "RUCAIBox+LLMSurvey__",
    "HqWu-HITCS+Awesome-Chinese-LLM__",
    "tensorchord+Awesome-LLMOps__",
)

# The repository tablelint's own example was drawn from (see the corpus INDEX): in-distribution,
# so the totals are also given without it.
IN_DISTRIBUTION = "CaiquanLiu+AI_Pappers__"

# Header words that name a table's columns, besides the paper-list schema's own aliases: a generic
# reading of the headers (the harness decides where to inject; the tool decides on its own).
NAME_HEADERS = {"name", "project", "model", "model name", "名称", "模型", "이름", "名前", "모델"}
DESCRIPTION_HEADERS = {"details", "detail", "description", "descriptions", "说明", "简介", "描述"}
PLACEHOLDERS = {"", "null", "n/a", "na", "none", "tbd", "tba", "todo", "-", "--", "—", "–"}

# A malformed source in each style the brief names, and the canonical form a fix should write.
SOURCE_STYLES = (
    ("arxiv2022", "arXiv 2022"),
    ("arxiv 2022", "arXiv 2022"),
    ("Arxiv2022", "arXiv 2022"),
    ("Nips2021", "NeurIPS 2021"),
    ("ICML'23", "ICML 2023"),
    ("NeurIPS'24", "NeurIPS 2024"),
    ("AAAI-23", "AAAI 2023"),
    ("KDD '23", "KDD 2023"),
)
CLASSES = (
    ("null-row", "a row of NULLs", "TL101"),
    ("null-cell", "a lone NULL in a text column", "TL102"),
    ("source", "a malformed source (8 styles)", "TL204"),
    ("misspelling", "the row's own name, one letter off, in its description", "TL401"),
    ("casing", "a vocabulary term the document's tables also write, capitalised (`Deepmind`)", "TL402"),
    ("casing-unseen", "a vocabulary term the tables do not write, capitalised", "TL402"),
    ("ragged", "a row with a cell dropped", "TL001"),
)


def env() -> dict[str, str]:
    # A cache of our own (empty: no link verdicts, so links are "unchecked", never "dead").
    return {**os.environ, "TABLELINT_CACHE_DIR": str(WORK / "cache"), "NO_COLOR": "1", "TERM": "dumb"}


# ---- text, lines and columns as tablelint counts them ---------------------------------------------

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


def split_lines(text: str) -> list[str]:
    """Lines with their endings; only \\n, \\r\\n and \\r end a line, as in tablelint."""
    return _LINE.findall(text)


def strip_ending(line: str) -> str:
    return line.rstrip("\r\n")


class Positions:
    """1-based line and column (code points) to offsets into a text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = split_lines(text)
        self.starts = list(itertools.accumulate((len(line) for line in self.lines), initial=0))

    def offset(self, line: int, column: int) -> int:
        if line > len(self.lines):
            return len(self.text)
        return self.starts[line - 1] + column - 1

    def line(self, number: int) -> str:
        return strip_ending(self.lines[number - 1]) if 0 < number <= len(self.lines) else ""

    def span(self, diagnostic: dict) -> str:
        if diagnostic["end_line"] != diagnostic["line"]:
            return self.line(diagnostic["line"])[diagnostic["column"] - 1 :]
        return self.line(diagnostic["line"])[diagnostic["column"] - 1 : diagnostic["end_column"] - 1]


# ---- running tablelint ----------------------------------------------------------------------------


@dataclass
class Outcome:
    exit_code: int | None
    stdout: str
    stderr: str
    seconds: float

    @property
    def crashed(self) -> bool:
        return self.exit_code not in NORMAL_EXITS or "Traceback" in self.stderr


def tablelint(arguments: Sequence[str], cwd: Path, timeout: float = 600) -> Outcome:
    run = run_process([*tablelint_command(), *arguments], cwd=cwd, env=env(), timeout=timeout, capture_stdout=True)
    return Outcome(run.exit_code, run.stdout.decode("utf-8", "replace"), run.stderr.decode("utf-8", "replace"),
                   run.seconds)


def check_json(folder: Path, names: Sequence[str], extra: Sequence[str] = ()) -> tuple[list[dict], Outcome]:
    outcome = tablelint(["check", "--offline", "--no-cache", "--output-format", "json", *extra, *names], folder)
    if outcome.crashed:
        raise SystemExit(f"tablelint check crashed (exit {outcome.exit_code}) in {folder}:\n{outcome.stderr[-2000:]}")
    return json.loads(outcome.stdout), outcome


def fresh_copies(sources: Iterable[Path], folder: Path) -> list[str]:
    """Copy files into an empty folder with an empty tablelint.toml, so that no configuration
    found above it (the repository's pyproject.toml, say) changes what runs."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "tablelint.toml").write_text("", encoding="utf-8")
    names = []
    for source in sources:
        shutil.copyfile(source, folder / source.name)
        names.append(source.name)
    return names


# ---- finding patterns and verdicts -------------------------------------------------------------

_YEAR = r"(?:19|20)\d\d"
_SEPARATORS = " -'’"


def _source_pattern(token: str, replacement: str | None) -> str:
    """``<venue><year> -> <venue> <year>`` when only a separator changes, the venue kept literal when
    its spelling changes (``arxiv<year> -> arXiv <year>``), everything literal for a rename whose
    verdict may depend on the year (``NIPS2015 -> NeurIPS 2015``)."""
    if replacement is None:
        return f"TL204 {re.sub(_YEAR, '<year>', token)} -> (no fix)"
    years = re.findall(_YEAR, replacement)
    if len(years) != 1:
        return f"TL204 {token} -> {replacement}"
    year = years[0]
    short = re.search(rf"(?<!\d)(?:{year}|{year[2:]})(?!\d)\s*$", token)
    if short is None:
        return f"TL204 {token} -> {replacement}"
    old_venue = token[: short.start()].rstrip(_SEPARATORS)
    separator = token[len(old_venue) : short.start()]
    year_shape = "<year>" if short.group(0).strip() == year else "<yy>"
    new_venue = replacement.replace(year, "").strip()
    if old_venue == new_venue:
        return f"TL204 <venue>{separator}{year_shape} -> <venue> <year>"
    if old_venue.casefold() == new_venue.casefold():
        return f"TL204 {old_venue}{separator}{year_shape} -> {new_venue} <year>"
    return f"TL204 {token} -> {replacement}"


def _replacement(diagnostic: dict) -> str | None:
    fix = diagnostic.get("fix")
    if not fix or len(fix["edits"]) != 1:
        return None
    return fix["edits"][0]["content"]


def pattern_of(diagnostic: dict, text: Positions) -> str:
    """The finding pattern a verdict is given for: what the rule flagged and what it would write."""
    code = diagnostic["code"]
    token = text.span(diagnostic).strip()
    replacement = _replacement(diagnostic)
    if code == "TL101":
        values = sorted({cell.strip() for cell in text.line(diagnostic["line"]).strip().strip("|").split("|")})
        return f"TL101 row of {' '.join(values)} -> delete row"
    if code == "TL102":
        return f"TL102 {token} -> (blank) in {diagnostic['field'] or 'an unbound column'}"
    if code == "TL204":
        return _source_pattern(token, replacement)
    if code in ("TL401", "TL402", "TL403"):
        return f"{code} {token} -> {replacement or '(no fix)'}"
    # Structural findings (TL001, TL203, ...) are judged one by one.
    return f"{code} @ {diagnostic['path']}:{diagnostic['line']}"


@dataclass
class Verdicts:
    entries: dict[str, tuple[str, str]]
    problems: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> Verdicts:
        if not path.exists():
            return cls({}, [f"{path.name}: no such file"])
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        entries, problems = {}, []
        for key, value in data.get("patterns", {}).items():
            verdict = value.get("verdict") if isinstance(value, dict) else None
            if verdict not in VERDICT_VALUES:
                problems.append(f"{path.name}: {key!r}: verdict must be one of {', '.join(VERDICT_VALUES)}")
                continue
            entries[key] = (verdict, value.get("reason", ""))
        return cls(entries, problems)

    def lookup(self, pattern: str, path: str, line: int) -> tuple[str, str, str] | None:
        """(verdict, reason, the key that matched): an entry for this line, this file, or every file."""
        for key in (f"{pattern} @ {path}:{line}", f"{pattern} @ {path}", pattern):
            if key in self.entries:
                return (*self.entries[key], key)
        return None


@dataclass
class Finding:
    diagnostic: dict
    pattern: str
    verdict: str | None  # None: unjudged
    reason: str
    key: str

    @property
    def code(self) -> str:
        return self.diagnostic["code"]

    @property
    def where(self) -> str:
        return f"{self.diagnostic['path']}:{self.diagnostic['line']}:{self.diagnostic['column']}"


def judge(diagnostics: list[dict], texts: dict[str, Positions], verdicts: Verdicts) -> list[Finding]:
    findings = []
    for diagnostic in diagnostics:
        pattern = pattern_of(diagnostic, texts[diagnostic["path"]])
        found = verdicts.lookup(pattern, diagnostic["path"], diagnostic["line"])
        verdict, reason, key = found if found else (None, "", pattern)
        findings.append(Finding(diagnostic, pattern, verdict, reason, key))
    return findings


@dataclass
class Tally:
    true: int = 0
    false: int = 0
    debatable: int = 0
    unjudged: int = 0

    def add(self, verdict: str | None, count: int = 1) -> None:
        name = verdict or "unjudged"
        setattr(self, name, getattr(self, name) + count)

    @property
    def total(self) -> int:
        return self.true + self.false + self.debatable + self.unjudged

    def precision(self) -> str:
        judged = self.true + self.false
        return f"{self.true / judged:.3f}" if judged else "n/a"


def tally_by(items: Iterable[tuple[str, str | None]]) -> dict[str, Tally]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for group, verdict in items:
        tallies[group].add(verdict)
        tallies["all"].add(verdict)
    return tallies


# ---- the edits a fix made ---------------------------------------------------------------------


@dataclass
class Edit:
    path: str
    line: int
    old: str
    new: str
    finding: Finding | None  # the offered fix that explains it; None: no offered fix does

    @property
    def code(self) -> str:
        return self.finding.code if self.finding else "??"

    @property
    def verdict(self) -> str | None:
        return self.finding.verdict if self.finding else None


@dataclass
class Claim:
    finding: Finding
    spans: list[tuple[int, int, str]]  # offsets into the original text, and the new content

    @property
    def start(self) -> int:
        return min(span[0] for span in self.spans)

    @property
    def end(self) -> int:
        return max(span[1] for span in self.spans)


def claims_of(findings: Iterable[Finding], text: Positions, applicabilities: set[str]) -> list[Claim]:
    claims = []
    for finding in findings:
        fix = finding.diagnostic.get("fix")
        if not fix or fix["applicability"] not in applicabilities:
            continue
        spans = [(text.offset(e["line"], e["column"]), text.offset(e["end_line"], e["end_column"]), e["content"])
                 for e in fix["edits"]]
        claims.append(Claim(finding, spans))
    return claims


def _apply(text: str, claims: Sequence[Claim], base: int = 0) -> str | None:
    spans = sorted((span for claim in claims for span in claim.spans), key=lambda span: span[0])
    if any(a[1] > b[0] for a, b in itertools.pairwise(spans)):
        return None
    pieces, position = [], base
    for start, end, content in spans:
        pieces += [text[position - base : start - base], content]
        position = end
    pieces.append(text[position - base :])
    return "".join(pieces)


def _edits_of(path: str, text: Positions, claims: Iterable[Claim]) -> list[Edit]:
    edits = []
    for claim in claims:
        diagnostic = claim.finding.diagnostic
        if claim.finding.code == "TL101":
            old, new = "(the row)", "(deleted)"
        else:
            old = "".join(text.text[start:end] for start, end, _ in claim.spans)
            new = "".join(content for _, _, content in claim.spans)
        edits.append(Edit(path, diagnostic["line"], old, new, claim.finding))
    return edits


# Where a change no offered fix explains is, and its text before and after (for --list only:
# RESULTS.md names the place, never the corpus's text).
Unexplained = tuple[str, str, str]


def explain_fix(path: str, before: Positions, after: str, claims: list[Claim]) -> tuple[list[Edit], list[Unexplained]]:
    """The edits that turn ``before`` into ``after``, each matched to the offered fix that makes it,
    and a description of every change no offered fix explains."""
    whole = _apply(before.text, claims)
    if whole == after:
        return _edits_of(path, before, claims), []
    edits: list[Edit] = []
    unexplained: list[Unexplained] = []
    new_lines = split_lines(after)
    matcher = difflib.SequenceMatcher(None, before.lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start, end = before.starts[i1], before.starts[i2]
        wanted = "".join(new_lines[j1:j2])
        inside = [claim for claim in claims if start <= claim.start and claim.end <= end]
        found = None
        for size in range(len(inside), 0, -1) if len(inside) <= 12 else ():
            for subset in itertools.combinations(inside, size):
                if _apply(before.text[start:end], subset, base=start) == wanted:
                    found = subset
                    break
            if found:
                break
        if found:
            edits += _edits_of(path, before, found)
        else:
            old = "".join(before.lines[i1:i2]).strip()
            unexplained.append((f"{path}:{i1 + 1}", old[:80], wanted.strip()[:80]))
    return edits, unexplained


@dataclass
class FixRun:
    label: str
    outcome: Outcome
    edits: list[Edit]
    unexplained: list[Unexplained]
    not_applied: int  # offered fixes the run did not make (overlaps, refusals)


def run_fix(label: str, sources: list[Path], folder: Path, findings_by_path: dict[str, list[Finding]],
            texts: dict[str, Positions], unsafe: bool) -> FixRun:
    names = fresh_copies(sources, folder)
    outcome = tablelint(["fix", *(["--unsafe-fixes"] if unsafe else []), *names], folder)
    applicabilities = {"safe", "unsafe"} if unsafe else {"safe"}
    edits: list[Edit] = []
    unexplained: list[Unexplained] = []
    offered = 0
    for name in names:
        claims = claims_of(findings_by_path.get(name, []), texts[name], applicabilities)
        offered += len(claims)
        after = read_text(folder / name)
        if after != texts[name].text:
            made, odd = explain_fix(name, texts[name], after, claims)
            edits += made
            unexplained += odd
    return FixRun(label, outcome, edits, unexplained, offered - len(edits))


# ---- injected defects -------------------------------------------------------------------------


@dataclass
class Injection:
    ident: str  # file, table, class (and style)
    klass: str
    style: str
    path: str  # the copy's file name
    source: str  # the original's file name
    line: int  # where the expected finding must be
    column: int | None  # and its column, for rules on a cell
    expected_code: str
    expected_fix: str | None
    inserted_line: int | None  # a row inserted here shifts the lines below it by one
    text: str


def _norm(header: str) -> str:
    return re.sub(r"[*_`]", "", header).strip().casefold()


def _plain(text: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"<[^>]+>|[《》*`]", " ", text).strip()


def _is_text_column(values: list[str]) -> bool:
    filled = [value for value in values if value.strip().casefold() not in PLACEHOLDERS]
    if not filled:
        return False
    wordy = [value for value in filled if re.search(r"[^\W\d_]{2}", _plain(value))]
    return len(wordy) >= 0.8 * len(filled)


@dataclass
class Roles:
    name: int | None
    description: int | None
    text: int | None  # a column of free text: the description, else the widest text column
    source: int | None


def column_roles(headers: list[str], rows: list[list[str]], aliases: dict[str, set[str]]) -> Roles:
    normalised = [_norm(header) for header in headers]

    def first(words: set[str]) -> int | None:
        return next((i for i, header in enumerate(normalised) if header in words), None)

    name = first(aliases["title"] | NAME_HEADERS)
    if name is None and rows and _is_text_column([row[0] for row in rows]):
        name = 0  # a list's first column names its rows
    description = first(aliases["description"] | DESCRIPTION_HEADERS)
    source = first(aliases["source"])
    text = description
    if text is None:
        candidates = [i for i in range(len(headers)) if i not in (name, source)
                      and _is_text_column([row[i] for row in rows])]
        if candidates:
            text = max(candidates, key=lambda i: sum(len(_plain(row[i])) for row in rows))
    return Roles(name, description, text, source)


def short_name(cell: str) -> str | None:
    """The row's name when it is one token of >= 5 letters in mixed case or an acronym
    (``LaMDA``, ``TSDAE``), the head of a ``Name: title`` cell included."""
    head = re.split(r"[:：]", _plain(cell), maxsplit=1)[0].strip()
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", head):
        return None
    if sum(c.isalpha() for c in head) < 5 or not any(c.isupper() for c in head[1:]):
        return None
    return head


def misspell(name: str, rng: random.Random, avoid: set[str]) -> str | None:
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    for _ in range(50):
        i = rng.choice(letters)
        pool = [c for c in "abcdefghijklmnopqrstuvwxyz" if c != name[i].lower()]
        new = rng.choice(pool)
        typo = name[:i] + (new.upper() if name[i].isupper() else new) + name[i + 1 :]
        if typo.casefold() not in avoid:
            return typo
    return None


def casing_variants(terms: list[str]) -> list[tuple[str, str]]:
    """(term, variant): single-word terms in mixed case, written capitalised (``DeepMind`` ->
    ``Deepmind``, ``OpenAI`` -> ``Openai``), skipping terms the vocabulary lists in two casings.
    Acronyms (``ICML`` -> ``Icml``) are left out: no casing rule can tell them from a word."""
    listed = Counter(term.casefold() for term in terms)
    exact = set(terms)
    found = []
    for term in terms:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{3,}", term) or not re.search(r"[a-z][A-Z]", term):
            continue
        variant = term[0].upper() + term[1:].lower()
        if listed[term.casefold()] == 1 and variant not in exact and variant != term:
            found.append((term, variant))
    return found


def paper_list_knowledge() -> tuple[dict[str, set[str]], list[str]]:
    """The paper-list schema's header aliases and its vocabulary terms, as ``tablelint schema`` shows them."""
    outcome = tablelint(["schema", "paper-list"], REPO)
    first, _, body = outcome.stdout.partition("\n")
    try:
        schema = json.loads(body)
    except json.JSONDecodeError:  # the command's output changed: read the built-in file itself
        first = f"({REPO / 'schemas' / 'paper-list.yaml'})"
        schema = yaml.safe_load((REPO / "schemas" / "paper-list.yaml").read_text(encoding="utf-8"))
    aliases = {f["name"]: {_norm(a) for a in [f["name"], f.get("title", ""), *f.get("aliases", [])]}
               for f in schema["fields"]}
    for name in ("title", "description", "source"):
        aliases.setdefault(name, set())
    found = re.search(r"\((.+)\)\s*$", first)
    terms: list[str] = []
    vocabulary = schema.get("vocabulary", {})
    terms += vocabulary.get("terms", [])
    if found:
        for include in vocabulary.get("include", []):
            data = yaml.safe_load((Path(found.group(1)).parent / include).read_text(encoding="utf-8"))
            terms += data.get("terms", [])
    return aliases, _spellings(terms)


def _spellings(entries: list) -> list[str]:
    """Every spelling a vocabulary accepts: a plain term, or a ``{term, variants}`` entry's term and
    variants (two casings of one word both listed, so no casing slip is injected for it)."""
    spellings: list[str] = []
    for entry in entries:
        if isinstance(entry, dict):
            spellings += [entry["term"], *entry.get("variants", [])]
        else:
            spellings.append(entry)
    return spellings


def _set_cell(line: str, cell, value: str) -> tuple[str, int]:
    return line[: cell.column - 1] + value + line[cell.end_column - 1 :], cell.column


def _drop_cell(line: str, cell) -> str:
    left = line.rfind("|", 0, cell.column - 1)
    right = line.find("|", cell.end_column - 1)
    if right == -1:
        return line[: max(left, 0)].rstrip() if left >= 0 else line[: cell.column - 1]
    return line[: left + 1] + line[right + 1 :] if left >= 0 else line[: cell.column - 1] + line[right + 1 :].lstrip()


def plan_injections(path: Path, aliases: dict[str, set[str]], terms: list[str], seed: int) -> list[Injection]:
    original = read_text(path)
    lines = split_lines(original)
    document = parse_document(read_source(path))
    variants = casing_variants(terms)
    # A misspelling must not be a word the document already has, nor a known term.
    avoid = {word.casefold() for word in re.findall(r"[A-Za-z][A-Za-z0-9-]*", original)}
    avoid |= {term.casefold() for term in terms}
    injections: list[Injection] = []
    stem = path.name
    # What the tables say, without link targets: a term "the document writes" is written there.
    prose = "\n".join(_plain(re.sub(r"https?://\S+", " ", cell.text))
                      for table in document.tables for row in table.rows for cell in row.cells)

    def make(table: int, klass: str, style: str, line_number: int, new_line: str | None, *, column: int | None,
             expected: str, fix: str | None, insert: bool = False) -> None:
        changed = list(lines)
        if insert:  # after the line before it, with that line's ending
            above = changed[line_number - 2]
            ending = above[len(strip_ending(above)) :]
            if not ending:
                changed[line_number - 2], ending = above + "\n", ""
            changed.insert(line_number - 1, new_line + ending)
        else:
            old = changed[line_number - 1]
            changed[line_number - 1] = new_line + old[len(strip_ending(old)) :]
        suffix = f"-{re.sub(r'[^A-Za-z0-9]+', '_', style)}" if style else ""
        copy = f"{path.stem}__t{table}__{klass}{suffix}.md"
        injections.append(Injection(f"{stem} table {table} {klass} {style}".strip(), klass, style, copy, stem,
                                    line_number, column, expected, fix, line_number if insert else None,
                                    "".join(changed)))

    for table in document.tables:
        width = table.column_count
        rows = [row for row in table.rows if len(row.cells) == width]
        content = [row for row in rows if any(c.text.strip().casefold() not in PLACEHOLDERS for c in row.cells)]
        if not content:
            continue
        roles = column_roles(table.headers, [[c.text for c in row.cells] for row in content], aliases)
        rng = random.Random(f"{seed}:{stem}:{table.index}")

        def line_of(row) -> str:
            return strip_ending(lines[row.line - 1])

        row = rng.choice(content)
        cells = " | ".join(["NULL"] * width)
        make(table.index, "null-row", "", row.line + 1, f"{row.prefix}| {cells} |", column=None,
             expected="TL101", fix=None, insert=True)

        if roles.text is not None:
            filled = [r for r in content if r.cells[roles.text].text.strip().casefold() not in PLACEHOLDERS]
            if filled:
                row = rng.choice(filled)
                new, column = _set_cell(line_of(row), row.cells[roles.text], "NULL")
                make(table.index, "null-cell", "", row.line, new, column=column, expected="TL102", fix="")

        if roles.source is not None:
            row = rng.choice(content)
            for style, canonical in SOURCE_STYLES:
                new, column = _set_cell(line_of(row), row.cells[roles.source], style)
                make(table.index, "source", style, row.line, new, column=column, expected="TL204", fix=canonical)

        if roles.name is not None and roles.description is not None:
            named = [(r, short_name(r.cells[roles.name].text)) for r in content]
            named = [(r, n) for r, n in named if n and r.cells[roles.description].text.strip().casefold()
                     not in PLACEHOLDERS]
            if named:
                row, name = rng.choice(named)
                typo = misspell(name, rng, avoid)
                if typo:
                    cell = row.cells[roles.description]
                    new, column = _set_cell(line_of(row), cell, f"{typo} {cell.raw}")
                    make(table.index, "misspelling", "", row.line, new, column=column, expected="TL401", fix=name)

        if roles.text is not None:
            seen = [(t, v) for t, v in variants if re.search(rf"(?<![A-Za-z0-9]){t}(?![A-Za-z0-9])", prose)]
            unseen = [pair for pair in variants if pair not in seen]
            for klass, pairs in (("casing", seen), ("casing-unseen", unseen)):
                if not pairs:
                    continue
                term, variant = rng.choice(pairs)
                row = rng.choice(content)
                cell = row.cells[roles.text]
                new, column = _set_cell(line_of(row), cell, f"{variant} {cell.raw}".rstrip())
                make(table.index, klass, variant, row.line, new, column=column, expected="TL402", fix=term)

        if width >= 2:
            row = rng.choice(content)
            dropped = rng.randrange(width)
            make(table.index, "ragged", "", row.line, _drop_cell(line_of(row), row.cells[dropped]), column=None,
                 expected="TL001", fix=None)
    return injections


_NUMBERS_IN_MESSAGE = re.compile(r"\b(row|line|rows|lines) \d+")


def _finding_key(diagnostic: dict, line: int) -> tuple[str, int, str]:
    return diagnostic["code"], line, _NUMBERS_IN_MESSAGE.sub(r"\1 N", diagnostic["message"])


@dataclass
class Trial:
    injection: Injection
    hit: bool
    fix: str | None  # "right", "none" (no fix offered) or "wrong"; None where no fix is expected
    at_cell: list[str]  # other findings on the injected line
    elsewhere: list[str]  # new findings on other lines: false positives the injection caused


def score(injection: Injection, diagnostics: list[dict], baseline: list[dict]) -> Trial:
    diagnostics = [d for d in diagnostics if d["code"] != "TL305"]
    hits = [
        d for d in diagnostics
        if d["code"] == injection.expected_code and d["line"] == injection.line
        and (injection.column is None or d["column"] <= injection.column < max(d["end_column"], d["column"] + 1)
             or d["end_line"] != d["line"])
    ]
    fix = None
    if hits and injection.expected_fix is not None and injection.expected_code != "TL102":
        offered = [_replacement(d) for d in hits if d.get("fix")]
        fix = "right" if injection.expected_fix in offered else "wrong" if offered else "none"

    def shifted(line: int) -> int:
        inserted = injection.inserted_line
        return line + 1 if inserted is not None and line >= inserted else line

    before = Counter(_finding_key(d, shifted(d["line"])) for d in baseline if d["code"] != "TL305")
    after = Counter(_finding_key(d, d["line"]) for d in diagnostics if d not in hits)
    new = after - before
    at_cell = [f"{code}: {message}" for (code, line, message), n in new.items() if line == injection.line
               for _ in range(n)]
    elsewhere = [f"line {line} {code}: {message}" for (code, line, message), n in new.items()
                 if line != injection.line for _ in range(n)]
    return Trial(injection, bool(hits), fix, at_cell, elsewhere)


def run_injections(paper_files: list[Path], seed: int, baselines: dict[str, list[dict]]) -> dict[str, list[Trial]]:
    aliases, terms = paper_list_knowledge()
    injections = [i for path in paper_files for i in plan_injections(path, aliases, terms, seed)]
    folder = WORK / "inject"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "tablelint.toml").write_text("", encoding="utf-8")
    for injection in injections:
        (folder / injection.path).write_text(injection.text, encoding="utf-8", newline="")
    names = [injection.path for injection in injections]
    trials: dict[str, list[Trial]] = {}
    for mode, extra in (("auto", []), ("schema", ["--schema", "paper-list"])):
        progress(f"  check of {len(names)} injected copies, binding {mode}")
        diagnostics, _ = check_json(folder, names, extra)
        by_path = defaultdict(list)
        for diagnostic in diagnostics:
            by_path[diagnostic["path"]].append(diagnostic)
        trials[mode] = [score(i, by_path[i.path], baselines[mode][i.source]) for i in injections]
    return trials


# ---- speed, and the sweep of extended/ --------------------------------------------------------


def time_check_against_parse(folder: Path, names: list[str], runs: int) -> dict[str, float]:
    check_times, parse_times, check_cpu, parse_cpu = [], [], [], []
    for _ in range(runs):
        check = run_process([*tablelint_command(), "check", "--offline", "--no-cache", *names], cwd=folder, env=env())
        parse = run_process([project_python(), "-c", PARSE_SNIPPET, *names], cwd=folder, env=env())
        if check.exit_code not in NORMAL_EXITS or parse.exit_code != 0:
            raise SystemExit(f"timing run failed: {check.last_error_line()} / {parse.last_error_line()}")
        check_times.append(check.seconds)
        parse_times.append(parse.seconds)
        check_cpu.append(check.cpu_seconds)
        parse_cpu.append(parse.cpu_seconds)
    medians = {name: statistics.median(values) for name, values in
               (("check", check_times), ("parse", parse_times), ("check_cpu", check_cpu), ("parse_cpu", parse_cpu))}
    return {**medians, "ratio": medians["check"] / medians["parse"],
            "cpu_ratio": medians["check_cpu"] / medians["parse_cpu"]}


@dataclass
class Sweep:
    files: int
    check_crashes: list[str]
    format_failures: list[str]
    not_idempotent: list[str]
    fix_refusals: list[str]
    fix_unexplained: list[Unexplained]
    fix_edits: int
    fix_patterns: Counter[str]
    seconds: float


def _failure_lines(outcome: Outcome) -> list[str]:
    if outcome.exit_code in NORMAL_EXITS and "Traceback" not in outcome.stderr:
        return []
    lines = [line for line in outcome.stderr.splitlines() if line.strip()]
    return lines or [f"exit {outcome.exit_code}"]


def sweep_extended(extended: Path, verdicts: Verdicts) -> Sweep:
    started = time.perf_counter()
    sources = sorted(p for p in extended.glob("*.md") if p.name != "INDEX.md")
    folder = WORK / "extended"
    names = fresh_copies(sources, folder)
    outcome = tablelint(["check", "--offline", "--no-cache", "--output-format", "json", *names], folder)
    crashes = []
    if outcome.crashed:  # find the files, one process each
        for name in names:
            single = tablelint(["check", "--offline", "--no-cache", name], folder)
            if single.crashed:
                crashes.append(f"{name}: {(_failure_lines(single) or ['?'])[-1]}")
        diagnostics = []
    else:
        diagnostics = json.loads(outcome.stdout)

    formatted = WORK / "extended-format"
    fresh_copies(sources, formatted)
    first = tablelint(["format", *names], formatted)
    once = {name: (formatted / name).read_bytes() for name in names}
    second = tablelint(["format", *names], formatted)
    not_idempotent = [name for name in names if (formatted / name).read_bytes() != once[name]]
    format_failures = _failure_lines(first) + _failure_lines(second)

    texts = {name: Positions(read_text(folder / name)) for name in names}
    findings = judge([d for d in diagnostics if d["code"] != "TL305"], texts, verdicts)
    by_path = defaultdict(list)
    for finding in findings:
        by_path[finding.diagnostic["path"]].append(finding)
    fix = run_fix("extended safe", sources, WORK / "extended-fix", by_path, texts, unsafe=False)
    return Sweep(
        files=len(names), check_crashes=crashes, format_failures=format_failures, not_idempotent=not_idempotent,
        fix_refusals=_failure_lines(fix.outcome), fix_unexplained=fix.unexplained, fix_edits=len(fix.edits),
        fix_patterns=Counter(edit.finding.pattern for edit in fix.edits if edit.finding),
        seconds=time.perf_counter() - started,
    )


# ---- the report ------------------------------------------------------------------------------


def ratio(hits: int, total: int) -> str:
    return f"{hits / total:.2f} ({hits}/{total})" if total else "n/a"


def precision_table(findings: list[Finding]) -> str:
    by_rule = tally_by((f.code, f.verdict) for f in findings)
    patterns: dict[str, set[str]] = defaultdict(set)
    for finding in findings:
        patterns[finding.code].add(finding.key)
        patterns["all"].add(finding.key)
    outside = [f for f in findings if not f.diagnostic["path"].startswith(IN_DISTRIBUTION)]
    by_rule[f"all but {IN_DISTRIBUTION.rstrip('_')}"] = tally_by((f.code, f.verdict) for f in outside)["all"]
    patterns[f"all but {IN_DISTRIBUTION.rstrip('_')}"] = {f.key for f in outside}
    rows = []
    for code in sorted(by_rule, key=lambda c: (c.startswith("all"), c)):
        t = by_rule[code]
        rows.append([code if not code.startswith("all") else f"**{code}**", str(t.total), str(len(patterns[code])),
                     str(t.true), str(t.false), str(t.debatable), str(t.unjudged), t.precision()])
    return markdown_table(["rule", "findings", "patterns", "true", "false", "debatable", "unjudged",
                           "precision"], rows)


def pattern_rows(findings: list[Finding], verdict: str) -> list[list[str]]:
    counts = Counter(f.key for f in findings if f.verdict == verdict)
    reasons = {f.key: f.reason for f in findings}
    files = defaultdict(set)
    for finding in findings:
        files[finding.key].add(finding.diagnostic["path"].split("__")[0])
    return [[f"`{key}`", str(n), ", ".join(sorted(files[key])), reasons[key]]
            for key, n in counts.most_common()]


def edit_rows(edits: list[Edit]) -> list[list[str]]:
    counts = Counter(e.finding.key for e in edits if e.finding)
    first = {}
    repositories = defaultdict(set)
    for edit in edits:
        if edit.finding:
            first.setdefault(edit.finding.key, edit)
            repositories[edit.finding.key].add(edit.path.split("__")[0])
    order = {"false": 0, None: 1, "debatable": 2, "true": 3}
    keys = sorted(counts, key=lambda key: (order[first[key].verdict], -counts[key], key))
    return [[f"`{key}`", str(counts[key]), ", ".join(sorted(repositories[key])),
             first[key].verdict or "UNJUDGED", first[key].finding.reason] for key in keys]


def fix_summary(run: FixRun) -> tuple[Tally, dict[str, Tally]]:
    by_rule = tally_by((edit.code, edit.verdict) for edit in run.edits)
    return by_rule["all"], by_rule


def recall_rows(trials: dict[str, list[Trial]]) -> list[list[str]]:
    rows = []
    groups = [(f"{klass}: {description}", code, lambda t, k=klass: t.injection.klass == k)
              for klass, description, code in CLASSES]
    groups[3:3] = [(f"source `{style}`", "TL204",
                    lambda t, s=style: t.injection.klass == "source" and t.injection.style == s)
                   for style, _ in SOURCE_STYLES]
    groups.append(("all", "", lambda t: True))
    groups.append((f"all but {IN_DISTRIBUTION.rstrip('_')}", "",
                   lambda t: not t.injection.source.startswith(IN_DISTRIBUTION)))
    for label, code, chosen in groups:
        cells = [label, code]
        for mode in ("auto", "schema"):
            picked = [t for t in trials[mode] if chosen(t)]
            cells.append(ratio(sum(t.hit for t in picked), len(picked)))
            fixes = Counter(t.fix for t in picked if t.fix is not None)
            cells.append(" / ".join(str(fixes[state]) for state in ("right", "none", "wrong")) if fixes else "–")
        rows.append(cells)
    return rows


def miss_summary(trials: list[Trial]) -> list[str]:
    """Misses grouped by class and file, so a pattern shows as one line."""
    groups: dict[tuple[str, str], list[Trial]] = defaultdict(list)
    for trial in trials:
        if not trial.hit:
            groups[(trial.injection.klass, trial.injection.source.split("__")[0])].append(trial)
    lines = []
    for (klass, repo), missed in sorted(groups.items()):
        instead = Counter(item.split(":")[0] for t in missed for item in t.at_cell)
        note = f"; on the row instead: {', '.join(f'{c} ×{n}' for c, n in instead.most_common())}" if instead else ""
        lines.append(f"- {klass} in {repo}: {len(missed)} missed{note}")
    return lines


_LINE_NUMBER = re.compile(r"^line \d+ ")
_QUOTED = re.compile(r"'[^']*'")


def shape(message: str) -> str:
    """A message without what it quotes: RESULTS.md must not carry the corpus's text."""
    return _QUOTED.sub("'…'", message)


def caused_summary(trials: list[Trial]) -> tuple[int, int, list[str]]:
    injections_with = [t for t in trials if t.elsewhere]
    samples = Counter(t.injection.klass + ": " + shape(_LINE_NUMBER.sub("", item)) for t in injections_with
                      for item in t.elsewhere)
    return len(injections_with), sum(len(t.elsewhere) for t in trials), [
        f"- {text} (×{n})" for text, n in samples.most_common(12)]


def _counts(keys: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(keys).items()))


def baseline_data(findings: list[Finding], fixes: tuple[FixRun, FixRun], trials: dict[str, list[Trial]],
                  speed: dict[str, float]) -> dict:
    """The figures the next run compares itself with: what changed shows without re-reading RESULTS.md."""
    return {
        "patterns": _counts(f.key for f in findings),
        "safe_edits": _counts(e.finding.key for e in fixes[0].edits if e.finding),
        "unsafe_edits": _counts(e.finding.key for e in fixes[1].edits if e.finding),
        "injections": {mode: {t.injection.ident: t.hit for t in trials[mode]} for mode in trials},
        "check_over_parse": round(speed["ratio"], 2),
    }


def changes_since(previous: dict, current: dict) -> list[str]:
    lines = []
    for name, label in (("patterns", "finding patterns"), ("safe_edits", "safe-fix edits"),
                        ("unsafe_edits", "unsafe-fix edits")):
        old, new = previous.get(name, {}), current[name]
        for key in sorted(set(old) | set(new)):
            if old.get(key, 0) != new.get(key, 0):
                lines.append(f"- {label}: `{key}` {old.get(key, 0)} -> {new.get(key, 0)}")
    for mode in ("auto", "schema"):
        old, new = previous.get("injections", {}).get(mode, {}), current["injections"][mode]
        for ident in sorted(set(old) | set(new)):
            if old.get(ident) != new.get(ident):
                state = {True: "found", False: "missed", None: "absent"}
                lines.append(f"- recall ({mode}): {ident}: {state[old.get(ident)]} -> {state[new.get(ident)]}")
    return lines


def code_commit() -> str:
    """The last commit that changed what is measured: a benchmark-only commit does not count."""
    found = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%h", "--", "src", "schemas"],
                           capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "src", "schemas"],
                           capture_output=True, text=True, check=False).stdout.strip()
    return f"{found or '?'}{', with uncommitted changes' if dirty else ''}"


class Phases:
    """The parts of a run and the wall time of each, announced on stderr as they start."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._current: tuple[str, float] | None = None

    def start(self, name: str) -> None:
        self.stop()
        progress(name)
        self._current = (name, time.perf_counter())

    def stop(self) -> None:
        if self._current:
            name, began = self._current
            self.seconds[name.split(":")[0].split(",")[0]] = time.perf_counter() - began
            self._current = None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None, help="the real corpus (default ../shared/corpus/real)")
    parser.add_argument("--verdicts", type=Path, default=VERDICTS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--runs", type=positive_int, default=3, help="timing runs of check and of the parse")
    parser.add_argument("--skip-extended", action="store_true", help="no sweep of extended/")
    parser.add_argument("--list", action="store_true", help="print every finding and edit with its row")
    parser.add_argument("--no-write", action="store_true", help="do not write RESULTS.md nor the baseline")
    arguments = parser.parse_args()
    started_at, started, load_before = now(), time.perf_counter(), load_average()

    candidates = [arguments.corpus] if arguments.corpus else [REPO.parent / "shared" / "corpus" / "real",
                                                              REPO.parent.parent / "shared" / "corpus" / "real"]
    corpus = next((c for c in candidates if c and c.is_dir()), None)
    if corpus is None:
        print(f"no corpus at {candidates[0]}; pass --corpus DIR", file=sys.stderr)
        return 2
    sources = sorted(p for p in corpus.glob("*.md") if p.name != "INDEX.md")
    verdicts = Verdicts.load(arguments.verdicts)
    for problem in verdicts.problems:
        print(problem, file=sys.stderr)

    phases = Phases()
    # 1. Findings and their verdicts.
    phases.start(f"check over {len(sources)} files")
    folder = WORK / "corpus"
    names = fresh_copies(sources, folder)
    texts = {name: Positions(read_text(folder / name)) for name in names}
    diagnostics, _ = check_json(folder, names)
    noise = [d for d in diagnostics if d["code"] == "TL305"]
    findings = judge([d for d in diagnostics if d["code"] != "TL305"], texts, verdicts)
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_path[finding.diagnostic["path"]].append(finding)

    # 2. The edits of fix, safe and unsafe.
    phases.start("fix and fix --unsafe-fixes, on copies")
    safe = run_fix("safe", sources, WORK / "fix-safe", by_path, texts, unsafe=False)
    unsafe = run_fix("unsafe", sources, WORK / "fix-unsafe", by_path, texts, unsafe=True)

    # 3. Recall on injected defects.
    paper_files = [p for p in sources if p.name.startswith(PAPER_LISTS)]
    phases.start(f"injections into {len(paper_files)} paper and model lists")
    schema_diagnostics, _ = check_json(folder, [p.name for p in paper_files], ["--schema", "paper-list"])
    baselines = {"auto": defaultdict(list), "schema": defaultdict(list)}
    for diagnostic in diagnostics:
        baselines["auto"][diagnostic["path"]].append(diagnostic)
    for diagnostic in schema_diagnostics:
        baselines["schema"][diagnostic["path"]].append(diagnostic)
    trials = run_injections(paper_files, arguments.seed, baselines)

    # 4. Speed and the extended sweep.
    phases.start(f"timing: check against a bare mistune parse, {arguments.runs} runs each")
    speed = time_check_against_parse(folder, names, arguments.runs)
    sweep = None
    if not arguments.skip_extended and (corpus / "extended").is_dir():
        phases.start("sweep of extended/: check, format twice, fix")
        sweep = sweep_extended(corpus / "extended", verdicts)
    phases.stop()
    elapsed = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = children.ru_utime + children.ru_stime + time.process_time()

    if arguments.list:
        print_listing(findings, texts, (safe, unsafe), trials)
    current = baseline_data(findings, (safe, unsafe), trials, speed)
    previous = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else None
    changes = changes_since(previous, current) if previous else None
    body = report(
        findings=findings, noise=len(noise), files=len(sources), fixes=(safe, unsafe), trials=trials, speed=speed,
        sweep=sweep, elapsed=elapsed, cpu=cpu, phases=phases.seconds, started_at=started_at,
        load=(load_before, load_average()),
        command=" ".join(["python benchmarks/real_lists.py", *sys.argv[1:]]), changes=changes,
    )
    print(body)
    unjudged = sorted({f.pattern for f in findings if f.verdict is None}
                      | {e.finding.pattern for run in (safe, unsafe) for e in run.edits
                         if e.finding and e.verdict is None})
    if unjudged:
        print(f"\nUNJUDGED: {len(unjudged)} patterns have no verdict; add them to {arguments.verdicts.name}:")
        for pattern in unjudged:
            print(f'"{pattern}" = {{verdict = "", reason = ""}}')
    used = {f.key for f in findings} | {e.finding.key for run in (safe, unsafe) for e in run.edits if e.finding}
    stale = sorted(set(verdicts.entries) - used)
    if stale:
        print(f"\n{len(stale)} verdicts match no finding any more (remove them once the change is meant):")
        for key in stale:
            print(f"  {key}")
    if not arguments.no_write:
        write_section(SECTION, body)
        BASELINE.write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        progress(f"wrote {BENCHMARKS.name}/RESULTS.md ({SECTION}) and {BASELINE.name}")
    return 1 if unjudged or verdicts.problems else 0


def print_listing(findings: list[Finding], texts: dict[str, Positions], fixes: tuple[FixRun, FixRun],
                  trials: dict[str, list[Trial]]) -> None:
    print("## every finding\n")
    for finding in sorted(findings, key=lambda f: (f.key, f.where)):
        d = finding.diagnostic
        row = texts[d["path"]].line(d["line"])
        excerpt = row if len(row) <= 160 else row[max(0, d["column"] - 70) : d["column"] + 90]
        print(f"[{finding.verdict or 'UNJUDGED'}] {finding.key}\n    {finding.where} {d['message']}\n    | {excerpt}")
    for run in fixes:
        print(f"\n## edits of fix ({run.label})\n")
        for edit in run.edits:
            print(f"[{edit.verdict or 'UNJUDGED'}] {edit.path}:{edit.line} {edit.code} {edit.old!r} -> {edit.new!r}")
        for where, old, new in run.unexplained:
            print(f"[UNEXPLAINED] {where}: {old!r} -> {new!r}")
    for mode, items in trials.items():
        print(f"\n## injections ({mode})\n")
        for trial in items:
            i = trial.injection
            state = "found" if trial.hit else "MISSED"
            print(f"{state:6} {i.ident} line {i.line} col {i.column} {i.expected_code} fix={trial.fix}"
                  f" at_cell={trial.at_cell} elsewhere={trial.elsewhere}")


def report(*, findings: list[Finding], noise: int, files: int, fixes: tuple[FixRun, FixRun],
           trials: dict[str, list[Trial]], speed: dict[str, float], sweep: Sweep | None, elapsed: float,
           cpu: float, phases: dict[str, float], started_at: str, load: tuple[str, str], command: str,
           changes: list[str] | None) -> str:
    safe, unsafe = fixes
    versions = project_versions()
    out = [
        "## Real lists: precision, safe fixes, recall\n",
        f"`{command}`, {started_at}, {elapsed:.0f} s for the whole benchmark, {cpu:.0f} s of CPU time "
        f"({'; '.join(f'{name}: {seconds:.0f} s' for name, seconds in phases.items())}). tablelint "
        f"{versions.get('tablelint', '?')}, its code (src/, schemas/) last changed in commit {code_commit()}. "
        f"The {files} top-level files of the real corpus "
        "(third-party, measurement only), each finding pattern judged by hand in "
        "[real_lists_verdicts.toml](real_lists_verdicts.toml); re-run after a change and judge what it "
        "prints as UNJUDGED.\n",
        *(f"- {line}" for line in machine_lines()),
        f"- Load average before / after: {load[0]} / {load[1]} (2 cores shared with other jobs).\n",
        "### Precision of `check --offline`\n",
        "Every finding but the unchecked-link notes, grouped into patterns (rule, offending token, "
        "replacement) and judged as the list's maintainer would. Precision is true / (true + false); "
        "debatable findings are counted apart.\n",
        precision_table(findings),
        f"TL305 unchecked-link notes (not findings, noise of an offline run): {noise}.\n",
    ]
    false_rows = pattern_rows(findings, "false")
    if false_rows:
        out += ["Patterns judged false, most frequent first:\n",
                markdown_table(["pattern", "findings", "repositories", "why"], false_rows)]
    debatable_rows = pattern_rows(findings, "debatable")
    if debatable_rows:
        out += ["Patterns judged debatable:\n",
                markdown_table(["pattern", "findings", "repositories", "why"], debatable_rows)]

    out.append("### Edits of `fix` on copies\n")
    rows = []
    for run in (safe, unsafe):
        total, by_rule = fix_summary(run)
        per_rule = ", ".join(f"{code} {t.total}" for code, t in sorted(by_rule.items()) if code != "all")
        rows.append([f"`fix`{' --unsafe-fixes' if run is unsafe else ''}", str(total.total), per_rule,
                     str(total.true), str(total.false), str(total.debatable), str(total.unjudged),
                     str(len(run.unexplained)), str(run.not_applied), str(run.outcome.exit_code)])
    out.append(markdown_table(["run", "edits", "per rule", "true", "false (wrong fix)", "debatable", "unjudged",
                               "changes no fix explains", "offered, not made", "exit"], rows))
    wrong = [e for e in safe.edits if e.verdict == "false"]
    out += [f"**Wrong safe fixes: {len(wrong)}** (target 0).\n",
            "Every edit of `fix` (safe fixes), by pattern (old token -> new token); `--list` prints each "
            "edit with its file and line:\n",
            markdown_table(["pattern", "edits", "repositories", "verdict", "why"], edit_rows(safe.edits))]
    extra = [e for e in unsafe.edits if e.finding and e.finding.diagnostic["fix"]["applicability"] != "safe"]
    if extra:
        out += ["The edits `fix --unsafe-fixes` makes besides those:\n",
                markdown_table(["pattern", "edits", "repositories", "verdict", "why"], edit_rows(extra))]
    for run in (safe, unsafe):
        if run.unexplained:
            out += [f"Changes of `fix`{' --unsafe-fixes' if run is unsafe else ''} that no offered fix explains:\n",
                    *(f"- {where}" for where, _, _ in run.unexplained), ""]

    n_injections = len(trials["auto"])
    out += [
        "### Recall on injected defects\n",
        f"{n_injections} copies of the paper and model lists, each with one defect injected at a seeded "
        "place (seed in the script), checked once with each table's automatic binding and once with "
        "`--schema paper-list`. Found: the expected rule reports the injected line (and the injected "
        "cell, for a rule on a cell). Fix, of the findings: right when it writes the expected value "
        "(the canonical source, the row's name, the vocabulary's casing), none when none is offered.\n",
        markdown_table(["defect", "rule", "recall, auto", "fix right / none / wrong, auto", "recall, --schema",
                        "fix right / none / wrong, --schema"],
                       recall_rows(trials)),
    ]
    for mode in ("auto", "schema"):
        misses = miss_summary(trials[mode])
        if misses:
            out += [f"Misses ({'automatic binding' if mode == 'auto' else '--schema paper-list'}):\n", *misses, ""]
        count, total, samples = caused_summary(trials[mode])
        on_row = Counter(f"{t.injection.klass}: {shape(item)}" for t in trials[mode] for item in t.at_cell)
        out += [f"Findings an injection caused away from its row ({mode}): {total}, from {count} of "
                f"{len(trials[mode])} injections.\n", *samples, "",
                f"Other new findings on the injected row ({mode}): {sum(on_row.values())}.\n",
                *(f"- {text} (×{n})" for text, n in on_row.most_common(8)), ""]

    out += [
        "### Speed\n",
        f"`check --offline --no-cache` over the {files} files (one process, default pool): median "
        f"{speed['check']:.2f} s; a bare mistune parse of the same files (one process): median "
        f"{speed['parse']:.2f} s; **check / parse = {speed['ratio']:.2f}×** (same run, taking turns). "
        f"CPU time (processes and their children): {speed['check_cpu']:.2f} s against {speed['parse_cpu']:.2f} s, "
        f"{speed['cpu_ratio']:.2f}×; on a loaded machine the CPU ratio is the steadier figure.\n",
    ]
    if sweep:
        out += [
            f"### Sweep of extended/ ({sweep.files} files, {sweep.seconds:.0f} s)\n",
            f"- `check` crashes: {len(sweep.check_crashes)}",
            *(f"  - {line}" for line in sweep.check_crashes),
            f"- `format` failures: {len(sweep.format_failures)}; files changed by a second `format`: "
            f"{len(sweep.not_idempotent)}",
            *(f"  - {line}" for line in [*sweep.format_failures, *sweep.not_idempotent][:20]),
            f"- `fix` (safe): {sweep.fix_edits} edits; refusals or failures: {len(sweep.fix_refusals)}; "
            f"changes no offered fix explains: {len(sweep.fix_unexplained)}",
            *(f"  - {line}" for line in [*sweep.fix_refusals, *(u[0] for u in sweep.fix_unexplained)][:20]),
            "- safe-fix edits by pattern (not judged; for the record): "
            + ", ".join(f"`{key}` {n}" for key, n in sweep.fix_patterns.most_common(15)),
            "",
        ]
    if changes is not None:
        out += ["### Changes since the previous recorded run\n",
                *(changes or ["- none"]), ""]
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())

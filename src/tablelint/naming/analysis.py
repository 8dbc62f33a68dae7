"""The naming analysis of one document: every finding of the three naming
rules, computed in one pass over the words of every table.

The input says, per table, which column holds the row names, which columns
to leave alone (sources, links) and which vocabulary applies; the rules
build it from a LintContext, tests build it by hand. Precision comes first:
each check below has a reason to stay silent, and it is written next to it.

* Casing: a word written with internal capitals (``DeepMind``) and elsewhere
  without them (``Deepmind``). The right spelling comes from the vocabulary,
  then from the name column, then from a strict majority, which must be a
  mixed-case spelling; with no clear winner nothing is reported. Words
  without a mixed-case spelling (``Helpful``/``helpful``) are never compared.
* Mismatch: a word in a row that is a near miss of that row's own name.
* Near miss: a word that is a near miss of a name anywhere in the document
  or of a vocabulary term; vocabulary substitutions are reported here too.

A word that is itself a known name or vocabulary term is never a misspelling
(``BART`` in the ``BERT`` row), and a word all in lower case is never taken
for a misspelt name: ordinary words are written that way.

Speed: a 100k-row table has millions of words, so the work per word stays
in C (one regex ``findall`` over the whole text, a Counter, set lookups);
Python looks at each distinct spelling once, and compares a row's names
only with the row's suspect words. Spans are computed only in the few cells
that hold a finding.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..vocabulary import Vocabulary
from .index import LONG_TERM, MIN_LENGTH, NearMissIndex, near_miss_distance
from .names import is_not_a_name, row_names
from .terms import (
    LATIN_CHARS,
    TERM,
    Term,
    cased_words,
    digit_signature,
    has_letter,
    is_acronym,
    is_mixed_case,
    is_name_like,
    letter_runs,
    terms_in,
    visible_text,
    words_in,
)

if TYPE_CHECKING:
    from ..table import Cell, Table

_LETTERS = LATIN_CHARS.replace("0-9", "")
_HAS_LETTER = re.compile(rf"[{_LETTERS}]")
_DIGIT = re.compile(r"[0-9]")
# Above this many words, finding them with one regex alternation is slower
# than looking at every term.
_ALTERNATION_LIMIT = 64
# Digits become spaces, so that letter runs on either side stay apart.
_NO_DIGITS = str.maketrans("0123456789", " " * 10)
# Near-miss targets shorter than this, or spelt like ordinary words and
# shorter than LONG_TERM, attract too many real words (Bard/Hard,
# Claude/Clause, Meta/Beta); their misspellings are left to the row check.
_MIN_TARGET = 5


@dataclass(frozen=True, slots=True)
class TableInput:
    table: Table
    # 0-based column of the row names, or None when the table has none.
    name_column: int | None
    # Columns whose text is not prose (sources, links): no words from them.
    skip_columns: frozenset[int] = frozenset()
    vocabulary: Vocabulary = field(default_factory=Vocabulary)


@dataclass(frozen=True, slots=True)
class Finding:
    table: Table
    row: int  # 1-based body row
    column: int  # 0-based cell
    start: int  # span of the word in the cell's raw text
    end: int
    term: str
    # The replacement; None when two candidates are equally close.
    suggestion: str | None
    safe: bool
    # Where the suggestion comes from, for the message: "in the vocabulary",
    # "the name of row 5", …
    reason: str
    # Every equally good suggestion (several: no fix is offered).
    candidates: tuple[str, ...] = ()
    # Edit distance for near misses; None for casing and substitutions.
    distance: int | None = None

    @property
    def cell(self) -> Cell:
        return self.table.rows[self.row - 1].cells[self.column]


@dataclass(slots=True)
class NamingFindings:
    mismatches: list[Finding] = field(default_factory=list)  # naming-mismatch
    casings: list[Finding] = field(default_factory=list)  # inconsistent-casing
    near_misses: list[Finding] = field(default_factory=list)  # near-miss-term


@dataclass(slots=True)
class _Cell:
    entry: TableInput
    row: int
    column: int
    visible: str

    def finding(
        self,
        term: Term | tuple[int, int, str],
        suggestion: str | None,
        safe: bool,
        reason: str,
        candidates: tuple[str, ...] = (),
        distance: int | None = None,
    ) -> Finding:
        start, end, text = term
        return Finding(
            self.entry.table,
            self.row,
            self.column,
            start,
            end,
            text,
            suggestion,
            safe,
            reason,
            candidates,
            distance,
        )


@dataclass(slots=True)
class _Name:
    spelling: str
    table: Table
    row: int


@dataclass(slots=True)
class _Row:
    entry: TableInput
    number: int
    names: list[str]
    # The row's cells other than its name cell.
    others: list[_Cell] = field(default_factory=list)


class _Joined:
    """The visible text of many cells joined by newlines, which no pattern
    here crosses, so that one regex call scans them all."""

    def __init__(self, cells: list[_Cell]) -> None:
        self.cells = cells
        self.text = "\n".join(cell.visible for cell in cells)
        self.starts = []
        position = 0
        for cell in cells:
            self.starts.append(position)
            position += len(cell.visible) + 1

    def matches(self, pattern: re.Pattern[str]) -> Iterator[tuple[_Cell, int, int, str]]:
        """(cell, start, end, text) of every match, with offsets in the cell."""
        for match in pattern.finditer(self.text):
            index = bisect_right(self.starts, match.start()) - 1
            base = self.starts[index]
            yield self.cells[index], match.start() - base, match.end() - base, match.group(0)

    def occurrences(self, words: Iterable[str]) -> Iterator[tuple[_Cell, Term]]:
        """Every occurrence of these whole terms, cell by cell, in order."""
        wanted = set(words)
        if not wanted:
            return
        if len(wanted) <= _ALTERNATION_LIMIT:
            alternatives = "|".join(map(re.escape, sorted(wanted, key=len, reverse=True)))
            pattern = re.compile(rf"(?<![{LATIN_CHARS}])(?:{alternatives})(?![{LATIN_CHARS}])")
            found = (cell for cell, _, _, _ in self.matches(pattern))
        else:
            # Python's regex tries alternatives one by one: for many words,
            # checking every term against a set is faster.
            found = (cell for cell, _, _, word in self.matches(TERM) if word in wanted)
        seen: set[int] = set()
        for cell in found:
            if id(cell) not in seen:
                seen.add(id(cell))
                for term in terms_in(cell.visible):
                    if term.text in wanted:
                        yield cell, term


class _Claims:
    """Words already reported in a cell, so that a later check skips them:
    substitutions, then casing, then mismatches, then near misses."""

    def __init__(self) -> None:
        self._claimed: set[tuple[int, str]] = set()

    def claim(self, cell: _Cell, word: str) -> None:
        self._claimed.add((id(cell), word))

    def claimed(self, cell: _Cell, word: str) -> bool:
        return (id(cell), word) in self._claimed


def analyze(tables: Sequence[TableInput], exempt: Iterable[str] = ()) -> NamingFindings:
    """Every naming finding in ``tables``. ``exempt`` terms are never taken
    for misspellings (tablelint passes its built-in vocabulary here, even for
    tables no schema binds)."""
    cells, rows = _collect(tables)
    findings = NamingFindings()
    if not cells:
        return findings
    joined = _Joined(cells)
    words = Counter(words_in(joined.text))
    names: dict[str, _Name] = {}
    for row in rows:
        for spelling in row.names:
            names.setdefault(spelling.casefold(), _Name(spelling, row.entry.table, row.number))
    vocabularies = _distinct_vocabularies(tables)
    known = _known_terms(names, vocabularies, exempt)
    claims = _Claims()
    findings.near_misses.extend(_substitutions(cells, joined, claims))
    findings.casings.extend(_casing(joined, words, rows, vocabularies, claims))
    suspects = _suspects(words, known)
    findings.mismatches.extend(_mismatches(rows, suspects, words, claims))
    findings.near_misses.extend(_near_misses(joined, suspects, names, vocabularies, claims))
    return findings


def _collect(tables: Sequence[TableInput]) -> tuple[list[_Cell], list[_Row]]:
    cells: list[_Cell] = []
    rows: list[_Row] = []
    for entry in tables:
        name_column = entry.name_column
        width = max((len(row.cells) for row in entry.table.rows), default=0)
        columns = [column for column in range(width) if column not in entry.skip_columns]
        for number, table_row in enumerate(entry.table.rows, 1):
            row = None
            row_cells = table_row.cells
            for column in columns:
                if column >= len(row_cells):
                    break
                raw = row_cells[column].raw
                # NOT_NAMES values are at most 5 characters long.
                if not _HAS_LETTER.search(raw) or (len(raw) <= 5 and is_not_a_name(raw)):
                    continue
                visible = visible_text(raw)
                here = _Cell(entry, number, column, visible)
                cells.append(here)
                if column == name_column:
                    found = row_names(raw, visible)
                    if found:
                        row = _Row(entry, number, found, row.others if row else [])
                        rows.append(row)
                elif row is not None:
                    row.others.append(here)
                elif name_column is not None and name_column > column:
                    # The name cell comes later in this row: keep the cell for it.
                    row = _Row(entry, number, [], [here])
    return cells, [row for row in rows if row.names]


def _distinct_vocabularies(tables: Sequence[TableInput]) -> list[Vocabulary]:
    seen: dict[int, Vocabulary] = {}
    for entry in tables:
        if entry.vocabulary:
            seen.setdefault(id(entry.vocabulary), entry.vocabulary)
    return list(seen.values())


def _known_terms(names: dict[str, _Name], vocabularies: list[Vocabulary], exempt: Iterable[str]) -> set[str]:
    """Casefolded words that are never misspellings."""
    known = set(names)
    pieces = [*exempt]
    for vocabulary in vocabularies:
        pieces.extend(vocabulary.terms)
        pieces.extend(vocabulary.substitutions)
        pieces.extend(vocabulary.substitutions.values())
    for piece in pieces:
        known.update(word.casefold() for word in words_in(piece))
    return known


# Substitutions ---------------------------------------------------------------

_substitution_patterns: dict[tuple[tuple[str, str], ...], re.Pattern[str]] = {}


def _substitution_pattern(vocabulary: Vocabulary) -> re.Pattern[str]:
    key = tuple(sorted(vocabulary.substitutions.items()))
    if key not in _substitution_patterns:
        wrong = sorted(vocabulary.substitutions, key=len, reverse=True)
        alternatives = "|".join(re.escape(spelling) for spelling in wrong)
        # Latin letters and digits bound a word; CJK characters do not (的Nips).
        _substitution_patterns[key] = re.compile(
            rf"(?<![{LATIN_CHARS}-])(?:{alternatives})(?![{LATIN_CHARS}]|-[{LATIN_CHARS}])"
        )
    return _substitution_patterns[key]


def _substitutions(cells: list[_Cell], joined: _Joined, claims: _Claims) -> list[Finding]:
    """Spellings the vocabulary replaces, matched as written (like Vale's
    substitutions, case matters: list each wrong spelling). The user asked
    for these replacements, so the fix is safe."""
    by_vocabulary: dict[int, list[_Cell]] = {}
    for cell in cells:
        if cell.entry.vocabulary.substitutions:
            by_vocabulary.setdefault(id(cell.entry.vocabulary), []).append(cell)
    found = []
    for group in by_vocabulary.values():
        substitutions = group[0].entry.vocabulary.substitutions
        # Most documents hold none of the wrong spellings; a substring test says so.
        if not any(wrong in joined.text for wrong in substitutions):
            continue
        pattern = _substitution_pattern(group[0].entry.vocabulary)
        scope = joined if len(group) == len(cells) else _Joined(group)
        for cell, start, end, written in scope.matches(pattern):
            found.append(
                cell.finding((start, end, written), substitutions[written], True, "in the vocabulary")
            )
            for term in terms_in(cell.visible):
                if term.start < end and term.end > start:
                    claims.claim(cell, term.text)
    return found


# Casing ----------------------------------------------------------------------


@dataclass(slots=True)
class _CasingDecision:
    accepted: tuple[str, ...]  # spellings that are right
    reason: str
    # Whether the document itself writes an accepted spelling.
    in_document: bool = True

    def flags(self, spelling: str) -> bool:
        if spelling in self.accepted:
            return False
        # "React" or "Palm" may open a sentence or name something else; only
        # the document writing "ReAct" or "PaLM" makes it a casing slip.
        return self.in_document or not (spelling[0].isupper() and spelling[1:].islower())


def _compared(spelling: str) -> bool:
    """All lower case is how ordinary words, package names and identifiers
    are written (``react``, ``pytorch``); all capitals is style (headings,
    titles in capitals). Neither is evidence or an error."""
    return not spelling.islower() and not spelling.isupper()


def _casing(
    joined: _Joined, words: Counter[str], rows: list[_Row], vocabularies: list[Vocabulary], claims: _Claims
) -> list[Finding]:
    runs_of: dict[str, list[str]] = {}  # word → its compared letter runs
    run_counts: Counter[str] = Counter()
    # Numbered names (LLaMA-13B, GPT-3) share their letters: look at them once.
    runs_of_letters: dict[str, list[str]] = {}
    for word, count in words.items():
        if word.islower() or word.isupper() or len(word) < MIN_LENGTH:
            continue  # no run of it can be compared
        letters = word.translate(_NO_DIGITS)
        runs = runs_of_letters.get(letters)
        if runs is None:
            runs = runs_of_letters[letters] = [run for run in cased_words(letters) if _compared(run)]
        if runs:
            runs_of[word] = runs
            for run in runs:
                run_counts[run] += count
    groups: dict[str, Counter[str]] = {}
    for run, count in run_counts.items():
        groups.setdefault(run.casefold(), Counter())[run] = count
    vocabulary_spellings: dict[str, list[str]] = {}
    for vocabulary in vocabularies:
        for entry in vocabulary.terms:
            for run in cased_words(entry):
                listed = vocabulary_spellings.setdefault(run.casefold(), [])
                if run not in listed:
                    listed.append(run)
    name_spellings: dict[str, set[str]] = {}
    for row in rows:
        for name in row.names:
            for run in cased_words(name):
                if _compared(run):
                    name_spellings.setdefault(run.casefold(), set()).add(run)
    decisions: dict[str, _CasingDecision] = {}
    for key, counter in groups.items():
        if len(counter) < 2 and key not in vocabulary_spellings:
            continue
        decision = _decide_casing(counter, vocabulary_spellings.get(key, []), name_spellings.get(key, set()))
        if decision is not None:
            decisions[key] = decision
    flagged = {
        spelling
        for key, decision in decisions.items()
        for spelling in groups[key]
        if decision.flags(spelling)
    }
    carriers = [word for word, runs in runs_of.items() if not flagged.isdisjoint(runs)]
    found = []
    for cell, term in joined.occurrences(carriers):
        for run_start, _, run in letter_runs(term.text):
            if run not in flagged:
                continue
            decision = decisions[run.casefold()]
            canonical = min(decision.accepted, key=lambda right: _case_differences(run, right))
            safe = len(decision.accepted) == 1
            start = term.start + run_start
            found.append(
                cell.finding(
                    (start, start + len(run), run), canonical, safe, decision.reason, decision.accepted
                )
            )
            claims.claim(cell, term.text)
    return found


def _decide_casing(
    counter: Counter[str], from_vocabulary: list[str], from_names: set[str]
) -> _CasingDecision | None:
    if from_vocabulary:
        if set(counter) <= set(from_vocabulary):
            return None
        if not any(is_mixed_case(spelling) for spelling in [*from_vocabulary, *counter]):
            return None
        in_document = any(spelling in counter for spelling in from_vocabulary)
        return _CasingDecision(tuple(from_vocabulary), "in the vocabulary", in_document)
    if len(counter) < 2:
        return None
    if not any(is_mixed_case(spelling) for spelling in counter):
        return None  # Helpful/helpful: a sentence start, not a name
    if len(from_names) == 1:
        return _CasingDecision(tuple(from_names), "in the name column")
    # Without a vocabulary or a name, only a clear majority decides, and only
    # for a mixed-case spelling: FineTuning once and Finetuning once is a
    # matter of style, not an error with a known correction.
    (first, first_count), (_, second_count) = counter.most_common(2)
    if first_count > second_count and is_mixed_case(first):
        return _CasingDecision((first,), "more often elsewhere in the document")
    return None


def _case_differences(a: str, b: str) -> int:
    return sum(1 for x, y in zip(a, b, strict=False) if x != y)


# Misspellings: of the row's own name, then of any known term ------------------


def _suspects(words: Counter[str], known: set[str]) -> dict[str, list[str]]:
    """Casefolded words that could be misspellings → their spellings. Too
    short, all lower case (ordinary words: ``peek``, ``lambda``) or known
    terms are not."""
    suspects: dict[str, list[str]] = {}
    for word in words:
        if len(word) < MIN_LENGTH or word.islower() or not has_letter(word):
            continue
        key = word.casefold()
        if key not in known:
            suspects.setdefault(key, []).append(word)
    return suspects


def _shape_fits(written: str, target: str) -> bool:
    """A misspelt name keeps the name's look: all capitals when the name is
    an acronym (``PEEK`` for ``PEER``)."""
    return not is_acronym(target) or is_acronym(written)


def _mismatches(
    rows: list[_Row], suspects: dict[str, list[str]], words: Counter[str], claims: _Claims
) -> list[Finding]:
    """Near misses of each row's own names among the words of its other cells.
    A row has a name or two and a few suspect words: comparing them directly
    costs less than any index."""
    suspect_words = {spelling for spellings in suspects.values() for spelling in spellings}
    if not suspect_words:
        return []
    folded_counts: Counter[str] | None = None
    found = []
    for row in rows:
        for cell in row.others:
            matches: dict[str, tuple[tuple[str, ...], int]] = {}
            for word in words_in(cell.visible):
                if word in suspect_words and word not in matches:
                    mismatch = _mismatch(word, row.names)
                    if mismatch is not None:
                        matches[word] = mismatch
            if not matches:
                continue
            for term in terms_in(cell.visible):
                if term.text not in matches or claims.claimed(cell, term.text):
                    continue
                closest, distance = matches[term.text]
                if folded_counts is None:
                    folded_counts = Counter()
                    for word, count in words.items():
                        folded_counts[word.casefold()] += count
                suggestion = closest[0] if len(closest) == 1 else None
                # Safe only when this spelling occurs nowhere else: a variant
                # used twice may be a name of its own.
                safe = suggestion is not None and folded_counts[term.text.casefold()] == 1
                found.append(cell.finding(term, suggestion, safe, "this row's name", closest, distance))
                claims.claim(cell, term.text)
    return found


def _mismatch(word: str, names: list[str]) -> tuple[tuple[str, ...], int] | None:
    """The row names closest to ``word`` and their distance, if it is a near miss of any."""
    key = word.casefold()
    matches = [
        (distance, name)
        for name in names
        if _shape_fits(word, name) and (distance := near_miss_distance(key, name.casefold())) is not None
    ]
    if not matches:
        return None
    best = min(distance for distance, _ in matches)
    return tuple(sorted({name for distance, name in matches if distance == best})), best


def _fits_target(written: str, target: str, name: _Name | None) -> bool:
    """Whether ``written`` can be a misspelling of ``target``. A term only the
    vocabulary knows needs more: a plain word near it is more often another
    word (``Minimal`` and ``MiniMax``) unless the term is long."""
    if not _shape_fits(written, target):
        return False
    return name is not None or is_name_like(written) or len(target) >= LONG_TERM


def _is_target(spelling: str) -> bool:
    return len(spelling) >= _MIN_TARGET and (is_name_like(spelling) or len(spelling) >= LONG_TERM)


def _targets(
    names: dict[str, _Name], vocabularies: list[Vocabulary], signatures: set[tuple[str, ...]]
) -> dict[str, tuple[str, _Name | None]]:
    """Casefolded near-miss targets → (spelling, the name it comes from or
    None). Only names whose digits some suspect word shares can be targets:
    a table of numbered names need not index them all."""
    targets: dict[str, tuple[str, _Name | None]] = {}
    numbered = any(signatures)
    # A name in the document is the better evidence to show; the vocabulary
    # catches what the document does not name.
    for key, name in names.items():
        has_digits = _DIGIT.search(key) is not None
        if has_digits and (not numbered or digit_signature(key) not in signatures):
            continue
        if not has_digits and () not in signatures:
            continue
        if _is_target(name.spelling):
            targets.setdefault(key, (name.spelling, name))
    for vocabulary in vocabularies:
        for entry in vocabulary.terms:
            spelling = entry.strip()
            if words_in(spelling) == [spelling] and _is_target(spelling):
                targets.setdefault(spelling.casefold(), (spelling, None))
    return targets


def _near_misses(
    joined: _Joined,
    suspects: dict[str, list[str]],
    names: dict[str, _Name],
    vocabularies: list[Vocabulary],
    claims: _Claims,
) -> list[Finding]:
    if not suspects:
        return []
    targets = _targets(names, vocabularies, {digit_signature(key) for key in suspects})
    if not targets:
        return []
    index = NearMissIndex(targets)
    # Per suspect spelling: the distance and the closest targets that fit it.
    verdicts: dict[str, tuple[int, list[tuple[str, _Name | None]]]] = {}
    for key, spellings in suspects.items():
        near = index.near_misses(key)
        if not near:
            continue
        for spelling in spellings:
            matches = [
                (distance, targets[target])
                for target, distance in near
                if _fits_target(spelling, *targets[target])
            ]
            if matches:
                best = min(distance for distance, _ in matches)
                closest = {target[0]: target for distance, target in matches if distance == best}
                verdicts[spelling] = (best, [closest[spelling] for spelling in sorted(closest)])
    found = []
    for cell, term in joined.occurrences(verdicts):
        if claims.claimed(cell, term.text):
            continue
        distance, closest = verdicts[term.text]
        suggestion = closest[0][0] if len(closest) == 1 else None
        reason = _target_reason(closest[0][1], cell.entry.table) if suggestion else ""
        found.append(
            cell.finding(
                term, suggestion, False, reason, tuple(spelling for spelling, _ in closest), distance
            )
        )
    return found


def _target_reason(name: _Name | None, table: Table) -> str:
    if name is None:
        return "a term in the vocabulary"
    where = f"row {name.row}" if name.table is table else f"table {name.table.index}, row {name.row}"
    return f"the name of {where}"

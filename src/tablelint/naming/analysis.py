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
in C (``cells.ProseCells``: the cells as one text, its distinct words from
one translation of its bytes); Python looks at each distinct spelling once,
not at each cell or word. A check that needs the cells where some words
occur finds them with one search, and only those cells are split into terms.
The names of the rows are read with one regex call per name column, and a
row's names are compared only with the rows that hold a word close enough to
some name in length and digits. Nothing is indexed that no word could reach.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import accumulate, chain, compress, filterfalse
from typing import TYPE_CHECKING

from .. import lazy_re
from ..record import Record
from ..vocabulary import Vocabulary
from .cells import ALTERNATION_LIMIT, ProseCells
from .index import LONG_TERM, MIN_LENGTH, NearMissIndex, is_family_difference, near_miss_distance
from .inputs import TableInput
from .letters import LATIN_CHARS, LatinPattern
from .names import names_of_cells, row_names
from .parts import PartKnowledge, slipped_part
from .terms import (
    TERM,
    Term,
    cased_runs,
    cased_words,
    digit_signature,
    has_letter,
    is_acronym,
    is_mixed_case,
    is_name_like,
    letter_runs,
    link_labels,
    terms_in,
    words_in,
)
from .words import may_be_ordinary_word, may_mean_a_common_word, spelt_as_a_word

if TYPE_CHECKING:
    from ..parse.table import Cell, Table

_DIGIT = lazy_re.compile(r"[0-9]")
# A line without a digit, between two newlines.
_PLAIN_LINE = lazy_re.compile(r"\n([^0-9\n]*)(?=\n)")
# Near-miss targets shorter than this, or spelt like ordinary words and
# shorter than LONG_TERM, attract too many real words (Bard/Hard,
# Claude/Clause, Meta/Beta); their misspellings are left to the row check.
_MIN_TARGET = 5


# A near miss of a row's names: the closest names, the distance, and whether
# it needs a slip in a part of a name (``_slip_in_a_part``) to be one.
_Mismatch = tuple[tuple[str, ...], int, bool]


class Finding(Record):
    """A misspelt or miscased word in a cell, and what to write instead."""

    __slots__ = (
        "table", "row", "column", "start", "end", "term", "suggestion", "safe", "reason", "candidates", "distance",
    )

    def __init__(
        self, table: Table, row: int, column: int, start: int, end: int, term: str, suggestion: str | None, safe: bool,
        reason: str, candidates: tuple[str, ...] = (), distance: int | None = None,
    ) -> None:
        self.table = table
        self.row = row  # 1-based body row
        self.column = column  # 0-based cell
        self.start = start  # span of the word in the cell's raw text
        self.end = end
        self.term = term
        # The replacement; None when two candidates are equally close.
        self.suggestion = suggestion
        self.safe = safe
        # Where the suggestion comes from, for the message: "in the vocabulary",
        # "the name of row 5", …
        self.reason = reason
        # Every equally good suggestion (several: no fix is offered).
        self.candidates = candidates
        # Edit distance for near misses; None for casing and substitutions.
        self.distance = distance

    @property
    def cell(self) -> Cell:
        return self.table.rows[self.row - 1].cells[self.column]


class NamingFindings(Record):
    """A document's naming findings, by the rule that reports them."""

    __slots__ = ("mismatches", "casings", "near_misses")

    def __init__(self) -> None:
        self.mismatches: list[Finding] = []  # naming-mismatch
        self.casings: list[Finding] = []  # inconsistent-casing
        self.near_misses: list[Finding] = []  # near-miss-term


class _Names:
    """The names of every row: each spelling with its name cell, in reading
    order, and the first row that gives each casefolded name."""

    def __init__(self, cells: ProseCells) -> None:
        self.cells = cells
        self.spellings: list[str] = []
        self.name_cells = array("q")  # not a list: one int object per name adds up
        for column in cells.name_columns():
            spellings, name_cells = names_of_cells(
                cells.text, cells.starts, column.first, column.stop, cells.raws, cells.letters_past_latin_1
            )
            self.spellings += spellings
            self.name_cells.extend(name_cells)
        # Every distinct spelling of a name, and every casefolded name.
        self.spelled = set(self.spellings)
        self.keys = set(map(str.casefold, self.spelled))
        self._first: dict[str, int] | None = None
        self._plain: list[str] | None = None
        self._numbered: dict[str, tuple[str, ...]] | None = None

    def name(self, key: str) -> _Name:
        """The first row that gives the casefolded name ``key``, and how."""
        if self._first is None:
            # Filled backwards: the first index is the one that stays.
            keys = list(map(str.casefold, self.spellings))
            self._first = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))
        index = self._first[key]
        entry, row, _ = self.cells.where(self.name_cells[index])
        return _Name(self.spellings[index], self.cells.entries[entry].table, row)

    def of_row(self, entry: int, row: int) -> list[str]:
        """The names of a row ([] for a row without names)."""
        cell = self.cells.name_cell(entry, row)
        if cell is None:
            return []
        return row_names(self.cells.raws[cell], self.cells.visible(cell))

    def plain(self) -> list[str]:
        """Casefolded names without digits."""
        if self._plain is None:
            # One search over all of them: a line between two newlines, no digit on it.
            self._plain = _PLAIN_LINE.findall("\n" + "\n".join(self.keys) + "\n") if self.keys else []
        return self._plain

    def numbered(self, signatures: set[tuple[str, ...]]) -> list[str]:
        """Casefolded names with digits, whose digits are one of ``signatures``."""
        if not signatures:
            return []
        if self._numbered is None:
            numbered = list(compress(self.keys, map(_DIGIT.compiled().search, self.keys)))
            self._numbered = dict(zip(numbered, map(digit_signature, numbered), strict=True))
        return [key for key, signature in self._numbered.items() if signature in signatures]


class _Name(Record):
    """A row's name as written, and where."""

    __slots__ = ("spelling", "table", "row")

    def __init__(self, spelling: str, table: Table, row: int) -> None:
        self.spelling = spelling
        self.table = table
        self.row = row


def _finding(
    cells: ProseCells,
    cell: int,
    term: Term | tuple[int, int, str],
    suggestion: str | None,
    safe: bool,
    reason: str,
    candidates: tuple[str, ...] = (),
    distance: int | None = None,
) -> Finding:
    entry, row, column = cells.where(cell)
    start, end, text = term
    return Finding(
        cells.entries[entry].table,
        row,
        column,
        start,
        end,
        text,
        suggestion,
        safe,
        reason,
        candidates,
        distance,
    )


def _occurrences(cells: ProseCells, words: Iterable[str]) -> Iterator[tuple[int, Term]]:
    """Every occurrence of these whole terms, cell by cell, in reading order."""
    wanted = set(words)
    for cell in cells.cells_with(wanted):
        for term in terms_in(cells.visible(cell)):
            if term.text in wanted:
                yield cell, term


# (cell, word) of the words already reported, so that a later check skips
# them: substitutions, then casing, then mismatches, then near misses.
_Claims = set[tuple[int, str]]


class _Evidence:
    """What the checks ask of the document as a whole before they report a
    word: how often a spelling occurs, whether a word is written in lower
    case somewhere (an ordinary word then), whether a span sits in a link
    label (a title as the linked page writes it) or in a row's name cell.
    Computed on first use: most documents have no candidate to ask about."""

    def __init__(self, cells: ProseCells) -> None:
        self.cells = cells
        self._counts: dict[str, int] = {}  # casefolded spelling → occurrences
        self._labels: dict[int, list[tuple[int, int]]] = {}

    def count_all(self, spellings: Iterable[str]) -> None:
        """Count these spellings, in any casing, in one pass over the
        document's words: only those asked about, not all (a casefolded
        copy of every word's count would cost tens of MB at 100k rows)."""
        wanted = {spelling.casefold() for spelling in spellings} - self._counts.keys()
        if not wanted:
            return
        self._counts.update(dict.fromkeys(wanted, 0))
        for word, count in self.cells.counts().items():
            key = word.casefold()
            if key in wanted:
                self._counts[key] += count

    def count(self, spelling: str) -> int:
        """How often the term occurs in the document, in any casing."""
        key = spelling.casefold()
        if key not in self._counts:
            self.count_all((spelling,))
        return self._counts[key]

    def is_ordinary_word(self, spelling: str) -> bool:
        """A spelling an ordinary word could have (``Multimodal``,
        ``Assistant``, ``Duración``): the document writes it in lower case
        too, or it is a word of the English list, or it has a letter outside
        ASCII. ``PaLM``, ``PEEK`` and ``Deepmind`` are not."""
        return spelt_as_a_word(spelling) and (spelling.lower() in self.cells.words or may_be_ordinary_word(spelling))

    def may_mean_a_word(self, spelling: str) -> bool:
        """Whether a capitalised spelling of a vocabulary's term may be meant
        as a word: the document writes it in lower case too, or it is a
        common English word (``React``, ``Palm``, ``Glove``). A rare one
        (``Lora``, ``Latex``, ``Roberta``) in a list that names the term's
        kind of thing is the term miscased."""
        return spelt_as_a_word(spelling) and (spelling.lower() in self.cells.words or may_mean_a_common_word(spelling))

    def in_link_label(self, cell: int, start: int, end: int) -> bool:
        raw = self.cells.raws[cell]
        if "](" not in raw and "][" not in raw:
            return False  # most cells: nothing to keep
        labels = self._labels.get(cell)
        if labels is None:
            labels = self._labels[cell] = link_labels(raw)
        return any(first <= start and end <= last for first, last in labels)

    def in_name_cell(self, cell: int) -> bool:
        entry, row, _ = self.cells.where(cell)
        return self.cells.name_cell(entry, row) == cell

    def capitalised_inside_a_sentence(self, cell: int, start: int) -> bool:
        """Whether the word at ``start`` follows a lower-case word, a comma
        or a letter of a script without case (``builds on Lambda``,
        ``融合了Lambda``): there, its capital makes it a name. At the start of
        a cell, a sentence or a list item, a capital says nothing."""
        before = self.cells.visible(cell)[:start].rstrip()
        if not before:
            return False
        last = before[-1]
        return last == "," or (last.isalpha() and not last.isupper())


def analyze(tables: Sequence[TableInput], builtin: Vocabulary | None = None) -> NamingFindings:
    """Every naming finding in ``tables``. ``builtin`` is tablelint's
    built-in vocabulary, which tablelint passes even for tables no schema
    binds: its spellings are never taken for misspellings or miscased, and
    it suggests casings, unsafely, where the table's own vocabulary does
    not declare it."""
    findings = NamingFindings()
    cells = ProseCells(tables)
    if not len(cells):
        return findings
    builtin = Vocabulary() if builtin is None else builtin
    names = _Names(cells)
    vocabularies = _distinct_vocabularies(tables)
    known = _known_terms(names, [*vocabularies, builtin])
    evidence = _Evidence(cells)
    claims: _Claims = set()
    findings.near_misses.extend(_substitutions(cells, evidence, claims))
    findings.casings.extend(_casing(cells, names, vocabularies, builtin, evidence, claims))
    suspects = _suspects(cells, names, known)
    vocabulary_terms = [term for vocabulary in [*vocabularies, builtin] for term in vocabulary.accepted]
    known_parts = PartKnowledge(cells.words, vocabulary_terms)
    findings.mismatches.extend(_mismatches(cells, names, suspects, evidence, claims, known_parts))
    findings.near_misses.extend(_near_misses(cells, suspects, names, vocabularies, evidence, claims))
    return findings


def _distinct_vocabularies(tables: Sequence[TableInput]) -> list[Vocabulary]:
    seen: dict[int, Vocabulary] = {}
    for entry in tables:
        if entry.vocabulary:
            seen.setdefault(id(entry.vocabulary), entry.vocabulary)
    return list(seen.values())


def _known_terms(names: _Names, vocabularies: list[Vocabulary]) -> set[str]:
    """Casefolded words that are never misspellings."""
    known = set(names.keys)
    pieces: list[str] = []
    for vocabulary in vocabularies:
        pieces.extend(vocabulary.accepted)
        pieces.extend(vocabulary.substitutions)
        pieces.extend(vocabulary.substitutions.values())
    # One regex call for all the pieces: no term crosses a newline.
    known.update(map(str.casefold, words_in("\n".join(pieces))))
    return known


# Substitutions ---------------------------------------------------------------

_substitution_patterns: dict[tuple[tuple[str, str], ...], LatinPattern] = {}


def _substitution_pattern(vocabulary: Vocabulary) -> LatinPattern:
    key = tuple(sorted(vocabulary.substitutions.items()))
    if key not in _substitution_patterns:
        wrong = sorted(vocabulary.substitutions, key=len, reverse=True)
        alternatives = "|".join(re.escape(spelling) for spelling in wrong)
        # Latin letters and digits bound a word; CJK characters do not (的Nips).
        _substitution_patterns[key] = LatinPattern(
            rf"(?<![{LATIN_CHARS}-])(?:{alternatives})(?![{LATIN_CHARS}]|-[{LATIN_CHARS}])"
        )
    return _substitution_patterns[key]


def _substitutions(cells: ProseCells, evidence: _Evidence, claims: _Claims) -> list[Finding]:
    """Spellings the vocabulary replaces, matched as written (like Vale's
    substitutions, case matters: list each wrong spelling). The user asked
    for these replacements, so the fix is safe, except in a link label."""
    by_vocabulary: dict[int, set[int]] = {}  # tables by vocabulary
    for index, entry in enumerate(cells.entries):
        if entry.vocabulary.substitutions:
            by_vocabulary.setdefault(id(entry.vocabulary), set()).add(index)
    found = []
    for tables in by_vocabulary.values():
        vocabulary = cells.entries[min(tables)].vocabulary
        substitutions = vocabulary.substitutions
        # Most documents hold none of the wrong spellings, and most wrong
        # spellings start with a word the document would have to hold.
        present = [wrong for wrong in substitutions if _first_term_present(wrong, cells.words)]
        holding = [
            cell
            for cell in cells.cells_containing(present)
            if cells.where(cell)[0] in tables and has_letter(cells.raws[cell])
        ]
        if not holding:
            continue
        pattern = _substitution_pattern(vocabulary)
        for cell in holding:
            visible = cells.visible(cell)
            for match in pattern.finditer(visible):
                start, end, written = match.start(), match.end(), match.group(0)
                # A link label is a title as the linked page writes it.
                safe = not evidence.in_link_label(cell, start, end)
                found.append(
                    _finding(
                        cells, cell, (start, end, written), substitutions[written], safe, "in the vocabulary"
                    )
                )
                for term in terms_in(visible):
                    if term.start < end and term.end > start:
                        claims.add((cell, term.text))
    return found


def _first_term_present(wrong: str, words: set[str]) -> bool:
    """False when ``wrong`` cannot match: it starts with a letter, so a match
    starts a term (the pattern wants no letter, digit or hyphen before it),
    and that term is the first term of ``wrong`` whenever ``wrong`` ends it
    (the next character cannot continue it) or the match does (``wrong``
    ends with a letter, which no term continues past the match: the pattern
    wants no letter, digit or hyphen-letter after it). True otherwise."""
    first = TERM.match(wrong)
    if first is None or first.start() != 0 or not has_letter(wrong[0]):
        return True
    end = first.end()
    ends_there = wrong[end] not in "-." if end < len(wrong) else has_letter(wrong[-1])
    return not ends_there or first.group(0) in words


# Casing ----------------------------------------------------------------------


class _CasingDecision(Record):
    """Which spellings of a word are right, which a fix may write, and why."""

    __slots__ = ("accepted", "preferred", "reason", "in_document", "from_vocabulary", "declared")

    def __init__(
        self, accepted: tuple[str, ...], preferred: tuple[str, ...], reason: str, in_document: bool = True,
        from_vocabulary: bool = False, declared: bool = False,
    ) -> None:
        self.accepted = accepted  # spellings that are right
        self.preferred = preferred  # the ones a fix may write
        self.reason = reason
        # Whether the document itself writes an accepted spelling.
        self.in_document = in_document
        # A vocabulary decided, not a spelling learned from the document.
        self.from_vocabulary = from_vocabulary
        # The table's own schema or config declares the word, not only the
        # built-in vocabulary that tablelint applies everywhere.
        self.declared = declared

    def flags(self, spelling: str, ordinary_word: bool) -> bool:
        if spelling in self.accepted:
            return False
        # "React" or "Palm" may open a sentence or name something else; only
        # the document writing "ReAct" or "PaLM" makes it a casing slip. A
        # capitalised spelling that is no word ("Deepmind", "Openai") can only
        # be a vocabulary's term miscased, wherever the document writes it.
        capitalised = spelling[0].isupper() and spelling[1:].islower()
        return self.in_document or not capitalised or (self.from_vocabulary and not ordinary_word)


class _VocabularyCasings:
    """The casings a vocabulary gives each word, by casefolded run: those a
    fix may write (its terms') and all it accepts (variants too). Read
    only, once built (``_casings``)."""

    def __init__(self, listed: Iterable[tuple[tuple[str, ...], tuple[str, ...]]]) -> None:
        self.preferred: dict[str, list[str]] = {}
        self.accepted: dict[str, list[str]] = {}
        for terms, variants in listed:
            # One regex call for all the entries: no run crosses a newline.
            for run in cased_words("\n".join(terms)):
                _add(self.preferred, run)
                _add(self.accepted, run)
            for run in cased_words("\n".join(variants)):
                _add(self.accepted, run)

    def only_casing(self, key: str) -> str | None:
        """The one spelling of the word a fix may write, if there is one
        and nothing else is accepted."""
        accepted = self.accepted.get(key, ())
        return accepted[0] if len(accepted) == 1 and accepted == self.preferred.get(key) else None


def _casings(vocabularies: Iterable[Vocabulary]) -> _VocabularyCasings:
    """The casings of ``vocabularies``, built once for each distinct list of
    their terms and variants: every file of a run has the same built-in
    vocabulary, and as a rule the same schema vocabularies."""
    return _casings_of(tuple((tuple(vocabulary.terms), tuple(vocabulary.variants)) for vocabulary in vocabularies))


@lru_cache(maxsize=16)
def _casings_of(listed: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]) -> _VocabularyCasings:
    return _VocabularyCasings(listed)


def _add(spellings: dict[str, list[str]], run: str) -> None:
    listed = spellings.setdefault(run.casefold(), [])
    if run not in listed:
        listed.append(run)


def _compared(spelling: str) -> bool:
    """All lower case is how ordinary words, package names and identifiers
    are written (``react``, ``pytorch``); all capitals is style (headings,
    titles in capitals). Neither is evidence or an error."""
    return not spelling.islower() and not spelling.isupper()


def _casing(
    cells: ProseCells,
    names: _Names,
    vocabularies: list[Vocabulary],
    builtin: Vocabulary,
    evidence: _Evidence,
    claims: _Claims,
) -> list[Finding]:
    groups: dict[str, dict[str, None]] = {}  # casefolded run → its spellings
    for run in _compared_runs(cells.spelt_with_capitals):
        groups.setdefault(run.casefold(), {})[run] = None
    declared = _casings(vocabularies)
    built_in = _casings([builtin])
    # The name column decides only between two spellings or more, and only
    # with a word that is a whole name (Toolformer, QWen-7B): a part of one
    # (MultiModal in MultiModal-GPT) says nothing of the word elsewhere.
    name_spellings: dict[str, set[str]] = {}
    if any(len(spellings) > 1 for spellings in groups.values()):
        for run in _compared_runs(filter(_is_one_word, names.spelled)):
            name_spellings.setdefault(run.casefold(), set()).add(run)
    vocabulary_keys = declared.accepted.keys() | built_in.accepted.keys()
    counts = _run_counts(cells, groups, vocabulary_keys, name_spellings)
    decisions: dict[str, _CasingDecision] = {}
    for key, spellings in groups.items():
        if len(spellings) < 2 and key not in vocabulary_keys:
            continue
        decision = _decide_casing(key, spellings, counts, declared, built_in, name_spellings.get(key, set()))
        if decision is not None:
            decisions[key] = decision
    flagged = {
        spelling
        for key, decision in decisions.items()
        for spelling in groups[key]
        if decision.flags(spelling, word := _may_be_meant_as_a_word(evidence, decision, spelling))
        # A spelling learned from the document, or from the built-in
        # vocabulary on a list it was not written for, does not overrule a
        # word (Multimodal beside MultiModal-GPT; Github where the text also
        # writes github) or a name of its own.
        and (decision.declared or not (word or spelling in names.spelled))
    }
    found = []
    substituted = frozenset(claims)
    # One casing per word, declared by the vocabulary of the table of each cell.
    declared_by_table: dict[int, _VocabularyCasings] = {}
    # A term holds a flagged run only if it is spelt with it: every other
    # term of these cells gives nothing below.
    for cell in _cells_with_runs(cells, flagged):
        for term in terms_in(cells.visible(cell)):
            # A substitution already rewrites this term.
            if (cell, term.text) in substituted:
                continue
            for run_start, _, run in letter_runs(term.text):
                if run not in flagged:
                    continue
                key = run.casefold()
                decision = decisions[key]
                start = term.start + run_start
                end = start + len(run)
                in_label = evidence.in_link_label(cell, start, end)
                # A spelling learned from other cells never rewrites a row's
                # own name, nor a title as the linked page writes it.
                if not decision.from_vocabulary and (in_label or evidence.in_name_cell(cell)):
                    continue
                # Nor does the built-in vocabulary rewrite a title: the linked
                # page may spell its own project so (Alpaca-Lora).
                if in_label and not decision.declared:
                    continue
                canonical = min(decision.preferred, key=lambda right: _case_differences(run, right))
                # Certain only when the table's own vocabulary declares this
                # one casing of the word and nothing accepts another, outside
                # a title, for a spelling that is neither a word nor a name.
                safe = (
                    decision.from_vocabulary
                    and decision.accepted == (canonical,)
                    and _table_casings(cells, cell, declared_by_table).only_casing(key) == canonical
                    and not in_label
                    and not evidence.is_ordinary_word(run)
                    and run not in names.spelled
                )
                found.append(
                    _finding(
                        cells, cell, (start, end, run), canonical, safe, decision.reason, decision.accepted
                    )
                )
                claims.add((cell, term.text))
    return found


def _may_be_meant_as_a_word(evidence: _Evidence, decision: _CasingDecision, spelling: str) -> bool:
    """Whether the document may mean ``spelling`` as a word rather than as
    the word's decided casing. A vocabulary names a term of the list's kind
    (``LoRA``, ``LaTeX``): only a common word (``React``, ``Palm``) may be
    meant instead. A casing learned from the document knows no such thing,
    and yields to any word of the English list (``Multimodal``)."""
    if decision.from_vocabulary:
        return evidence.may_mean_a_word(spelling)
    return evidence.is_ordinary_word(spelling)


def _table_casings(cells: ProseCells, cell: int, cache: dict[int, _VocabularyCasings]) -> _VocabularyCasings:
    vocabulary = cells.entries[cells.where(cell)[0]].vocabulary
    casings = cache.get(id(vocabulary))
    if casings is None:
        casings = cache[id(vocabulary)] = _casings([vocabulary])
    return casings


def _is_one_word(name: str) -> bool:
    """A name made of one word, a size or version aside (``QWen-7B``)."""
    return sum(1 for _, _, run in letter_runs(name) if len(run) > 1) == 1


def _mixed_words(words: Iterable[str]) -> list[str]:
    """The words that can hold a compared run: neither all in lower case nor
    all in capitals, nor digits alone."""
    return list(filterfalse(str.isdigit, filterfalse(str.isupper, filterfalse(str.islower, words))))


def _compared_runs(words: Iterable[str]) -> set[str]:
    """The compared runs of these words: runs of 4 letters or more, neither
    all lower case nor all capitals, of words that are neither either."""
    # Digits and newlines end a run: one regex call reads all the words.
    return set(filter(_compared, set(cased_words("\n".join(_mixed_words(words))))))


def _carriers(cells: ProseCells, runs: set[str]) -> list[str]:
    """The words spelt with one of these compared runs."""
    words = _mixed_words(cells.spelt_with_capitals)
    # One regex pass over the words joined by newlines; where each word starts.
    starts = list(accumulate(map((1).__add__, map(len, words)), initial=0))
    found = {
        bisect_right(starts, match.start()) - 1
        for match in cased_runs("\n".join(words))
        if match.group(0) in runs
    }
    return [words[index] for index in sorted(found)]


def _cells_with_runs(cells: ProseCells, runs: set[str]) -> list[int]:
    """Cells where a term may be spelt with one of ``runs``, in reading order."""
    if len(runs) <= ALTERNATION_LIMIT:
        return cells.cells_containing(runs)
    return cells.cells_with(_carriers(cells, runs))


def _run_counts(
    cells: ProseCells,
    groups: dict[str, dict[str, None]],
    vocabulary_keys: Collection[str],
    name_spellings: dict[str, set[str]],
) -> Counter[str]:
    """How often each run occurs, for the runs that only a majority can
    decide: most documents have none, and then no word needs counting."""
    needed = {
        spelling
        for key, spellings in groups.items()
        if len(spellings) > 1 and key not in vocabulary_keys and len(name_spellings.get(key, ())) != 1
        for spelling in spellings
    }
    counts: Counter[str] = Counter()
    if not needed:
        return counts
    word_counts = cells.counts()
    for word in _carriers(cells, needed):
        # Every run of the word counts, a run it holds twice twice.
        for run in cased_words(word):
            if run in needed:
                counts[run] += word_counts[word]
    return counts


def _decide_casing(
    key: str,
    spellings: Collection[str],
    counts: Counter[str],
    declared: _VocabularyCasings,
    built_in: _VocabularyCasings,
    from_names: set[str],
) -> _CasingDecision | None:
    accepted = list(declared.accepted.get(key, ()))
    accepted += [spelling for spelling in built_in.accepted.get(key, ()) if spelling not in accepted]
    if accepted:
        if set(spellings) <= set(accepted):
            return None
        if not any(is_mixed_case(spelling) for spelling in [*accepted, *spellings]):
            return None
        preferred = declared.preferred.get(key) or built_in.preferred.get(key) or accepted
        in_document = any(spelling in spellings for spelling in accepted)
        is_declared = key in declared.accepted
        reason = "in the vocabulary" if is_declared else "in tablelint's built-in vocabulary"
        return _CasingDecision(
            tuple(accepted), tuple(preferred), reason, in_document, from_vocabulary=True, declared=is_declared
        )
    if len(spellings) < 2:
        return None
    if not any(is_mixed_case(spelling) for spelling in spellings):
        return None  # Helpful/helpful: a sentence start, not a name
    if len(from_names) == 1:
        return _CasingDecision(tuple(from_names), tuple(from_names), "in the name column")
    # Without a vocabulary or a name, only a clear majority decides, and only
    # for a mixed-case spelling: FineTuning once and Finetuning once is a
    # matter of style, not an error with a known correction.
    counter = Counter({spelling: counts[spelling] for spelling in spellings})
    (first, first_count), (_, second_count) = counter.most_common(2)
    if first_count > second_count and is_mixed_case(first):
        return _CasingDecision((first,), (first,), "more often elsewhere in the document")
    return None


def _case_differences(a: str, b: str) -> int:
    return sum(1 for x, y in zip(a, b, strict=False) if x != y)


# Misspellings: of the row's own name, then of any known term ------------------


def _suspects(cells: ProseCells, names: _Names, known: set[str]) -> dict[str, list[str]]:
    """Casefolded words that could be misspellings → their spellings. Too
    short, all lower case (ordinary words: ``peek``, ``lambda``), with a
    letter outside ASCII (words of other languages: ``Duración``) or known
    terms are not."""
    suspects: dict[str, list[str]] = {}
    # Names are known; digits alone and lower-case words are not suspects.
    words = cells.spelt_with_capitals - names.spelled
    for word in words:
        if len(word) < MIN_LENGTH or not word.isascii() or not has_letter(word):
            continue
        key = word.casefold()
        if key not in known:
            suspects.setdefault(key, []).append(word)
    return suspects


def _shape_fits(written: str, target: str) -> bool:
    """A misspelt name keeps the name's look: all capitals when the name is
    an acronym (``PEEK`` for ``PEER``)."""
    return not is_acronym(target) or is_acronym(written)


def _is_slip(written: str, target: str) -> bool:
    """Whether ``written``, a near miss of ``target``, can be a slip of it:
    the name's look, and a difference where typing slips rather than where
    names of one family differ."""
    return _shape_fits(written, target) and not is_family_difference(written, target)


def _slip_in_context(
    evidence: _Evidence, cell: int, term: Term, target_count: int | None
) -> bool:
    """Whether this occurrence of a near miss reads as a slip, not as a name
    or word of its own: the spelling is rare (twice at most, and no more
    often than the name it misses, ``target_count``, when the document names
    it), the document never writes it in lower case (an ordinary word then),
    it is not in a link label (a title as the linked page writes it), and an
    English word is written with a capital inside a sentence, where the
    capital makes it a name (``builds on Lambda``, not ``Clause 3.``)."""
    written = term.text
    count = evidence.count(written)
    if count > 2 or (target_count is not None and count > target_count):
        return False
    if written.lower() in evidence.cells.words:
        return False
    if evidence.in_link_label(cell, term.start, term.end):
        return False
    return not may_be_ordinary_word(written) or evidence.capitalised_inside_a_sentence(cell, term.start)


def _mismatches(
    cells: ProseCells,
    names: _Names,
    suspects: dict[str, list[str]],
    evidence: _Evidence,
    claims: _Claims,
    known_parts: PartKnowledge,
) -> list[Finding]:
    """Near misses of each row's own names among the words of its other
    cells. Only words that some name is close to in length and digits can
    be one; the rows that hold them are checked, word by word against the
    row's names. The fix is never safe: the row's name is learned from the
    document, and a name one edit from it is often another thing
    (``IFBench`` in the ``JFBench`` row)."""
    reachable = _within_reach(suspects, names)
    if not reachable:
        return []
    found = []
    # Each occurrence of a near miss, found first, so that the words and names
    # are counted in one pass.
    candidates: list[tuple[int, Term, _Mismatch]] = []
    row_names_of: dict[tuple[int, int], list[str]] = {}
    for cell in cells.cells_with(reachable):
        entry, row, _ = cells.where(cell)
        if cells.name_cell(entry, row) == cell:
            continue  # a name cell is not one of its row's other cells
        if (entry, row) not in row_names_of:
            row_names_of[entry, row] = names.of_row(entry, row)
        row_names = row_names_of[entry, row]
        if not row_names:
            continue
        visible = cells.visible(cell)
        matches: dict[str, _Mismatch] = {}
        for word in words_in(visible):
            if word in reachable and word not in matches:
                mismatch = _mismatch(word, row_names, known_parts)
                if mismatch is not None:
                    matches[word] = mismatch
        if not matches:
            continue
        candidates.extend((cell, term, matches[term.text]) for term in terms_in(visible) if term.text in matches)
    evidence.count_all(
        chain(
            (term.text for _, term, _ in candidates),
            (name for *_, (closest, _, _) in candidates for name in closest),
        )
    )
    for cell, term, (closest, distance, in_a_part) in candidates:
        if (cell, term.text) in claims:
            continue
        target_count = max(evidence.count(name) for name in closest)
        if not _slip_in_context(evidence, cell, term, target_count):
            continue
        # A slip where a family's names differ must also be a one-off: another
        # name of the family is as likely to be mentioned twice.
        if in_a_part and evidence.count(term.text) > 1:
            continue
        suggestion = closest[0] if len(closest) == 1 else None
        found.append(_finding(cells, cell, term, suggestion, False, "this row's name", closest, distance))
        claims.add((cell, term.text))
    return found


def _within_reach(suspects: dict[str, list[str]], names: _Names) -> set[str]:
    """Spellings of suspects that some name has the digits of and is at most
    two characters longer or shorter than: the only words that can be a near
    miss of a name."""
    signatures = {digit_signature(key) for key in suspects}
    lengths: dict[tuple[str, ...], set[int]] = {}
    if () in signatures:
        lengths[()] = set(map(len, names.plain()))
    for key in names.numbered(signatures - {()}):
        lengths.setdefault(digit_signature(key), set()).add(len(key))
    reachable = set()
    for key, spellings in suspects.items():
        near = lengths.get(digit_signature(key))
        if near and any(len(key) + offset in near for offset in (-2, -1, 0, 1, 2)):
            reachable.update(spellings)
    return reachable


def _mismatch(word: str, names: list[str], known_parts: PartKnowledge) -> _Mismatch | None:
    """The row names closest to ``word``, their distance, and whether only
    a slip in a part of a name explains it, if it is a near miss of any
    that it can be a slip of."""
    key = word.casefold()
    matches = []
    for name in names:
        distance = near_miss_distance(key, name.casefold())
        if distance is None or not _shape_fits(word, name):
            continue
        if not is_family_difference(word, name):
            matches.append((distance, name, False))
        elif _slip_in_a_part(word, name, known_parts):
            matches.append((distance, name, True))
    if not matches:
        return None
    best = min(distance for distance, _, _ in matches)
    closest = [(name, in_part) for distance, name, in_part in matches if distance == best]
    return tuple(sorted({name for name, _ in closest})), best, any(in_part for _, in_part in closest)


def _slip_in_a_part(written: str, name: str, known_parts: PartKnowledge) -> bool:
    """Whether a letter changed where names of one family differ (a first
    letter, a capital) is still a slip: the part of the name that holds it
    reads as a word or an acronym the document knows, and the written
    letters there read as nothing (``Dast`` in ``DastEdit`` for
    ``FastEdit``, ``AU`` in ``KubeAU`` for ``KubeAI``; not ``IF`` in
    ``IFBench`` for ``JFBench``, whose ``JF`` is known nowhere else)."""
    slipped = slipped_part(written, name)
    if slipped is None:
        return False
    part, written_part = slipped
    compared = (written, name)
    return known_parts.reads_as_something(part, compared) and not known_parts.reads_as_something(
        written_part, compared
    )


def _fits_target(written: str, target: str, name: _Name | None) -> bool:
    """Whether ``written`` can be a misspelling of ``target``. A term only the
    vocabulary knows needs more: a plain word near it is more often another
    word (``Minimal`` and ``MiniMax``) unless the term is long, and never an
    ordinary word."""
    if not _is_slip(written, target):
        return False
    if name is not None:
        return True
    return (is_name_like(written) or len(target) >= LONG_TERM) and not may_be_ordinary_word(written)


def _is_target(spelling: str) -> bool:
    return len(spelling) >= _MIN_TARGET and (is_name_like(spelling) or len(spelling) >= LONG_TERM)


def _targets(
    names: _Names, vocabularies: list[Vocabulary], signatures: set[tuple[str, ...]]
) -> dict[str, tuple[str, _Name | None]]:
    """Casefolded near-miss targets → (spelling, the name it comes from or
    None). Only names whose digits some suspect word shares can be targets:
    a table of numbered names need not index them all."""
    targets: dict[str, tuple[str, _Name | None]] = {}
    # A name in the document is the better evidence to show; the vocabulary
    # catches what the document does not name.
    keys = [*(names.plain() if () in signatures else ()), *names.numbered(signatures - {()})]
    for key in keys:
        name = names.name(key)
        if _is_target(name.spelling):
            targets.setdefault(key, (name.spelling, name))
    for vocabulary in vocabularies:
        for key, spelling in _vocabulary_targets(tuple(vocabulary.terms)):
            targets.setdefault(key, (spelling, None))
    return targets


@lru_cache(maxsize=16)
def _vocabulary_targets(terms: tuple[str, ...]) -> list[tuple[str, str]]:
    """The terms that can be near-miss targets, casefolded and as written,
    in order; found once per distinct list of terms (``_casings``). Read only."""
    found = []
    for entry in terms:
        spelling = entry.strip()
        if words_in(spelling) == [spelling] and _is_target(spelling):
            found.append((spelling.casefold(), spelling))
    return found


def _near_misses(
    cells: ProseCells,
    suspects: dict[str, list[str]],
    names: _Names,
    vocabularies: list[Vocabulary],
    evidence: _Evidence,
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
    occurrences = list(_occurrences(cells, verdicts))
    evidence.count_all(chain(verdicts, (spelling for _, closest in verdicts.values() for spelling, _ in closest)))
    for cell, term in occurrences:
        if (cell, term.text) in claims:
            continue
        distance, closest = verdicts[term.text]
        from_document = any(name is not None for _, name in closest)
        target_count = max(evidence.count(spelling) for spelling, _ in closest) if from_document else None
        if not _slip_in_context(evidence, cell, term, target_count):
            continue
        # A name from another row never rewrites a row's own name cell: the
        # finding there names the candidates, with no fix.
        rewrites_a_name = from_document and evidence.in_name_cell(cell)
        suggestion = closest[0][0] if len(closest) == 1 and not rewrites_a_name else None
        table = cells.entries[cells.where(cell)[0]].table
        reason = _target_reason(closest[0][1], table) if suggestion else ""
        found.append(
            _finding(
                cells,
                cell,
                term,
                suggestion,
                False,
                reason,
                tuple(spelling for spelling, _ in closest),
                distance,
            )
        )
    return found


def _target_reason(name: _Name | None, table: Table) -> str:
    if name is None:
        return "a term in the vocabulary"
    where = f"row {name.row}" if name.table is table else f"table {name.table.index}, row {name.row}"
    return f"the name of {where}"

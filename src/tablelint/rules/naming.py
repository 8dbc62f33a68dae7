"""The naming rules: a row's text misspelling its own name, a mixed-case word
written with other casing, a near miss of a known term. One analysis per
document (``tablelint.naming``) serves all three."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Applicability, Diagnostic, Fix, Severity
from .base import Rule
from .edits import replace_span

if TYPE_CHECKING:
    from ..facts.context import LintContext
    from ..naming.analysis import Finding, NamingFindings
    from ..naming.inputs import TableInput
    from ..vocabulary import Vocabulary

# Columns that hold no prose: sources are malformed-source's to check, and
# link columns hold URLs.
SKIPPED_FORMATS = frozenset({"venue-year", "references", "uri"})


def naming_findings(context: LintContext) -> NamingFindings:
    """The naming analysis of the document, computed once for the three rules."""
    if context.naming is None:
        context.naming = _analyze(context)
    return context.naming


def naming_inputs(context: LintContext, extra_vocabulary: Vocabulary | None = None) -> list[TableInput]:
    """What the analysis reads from each table with rows: its name column, the
    columns that hold no prose, and its vocabulary (merged with
    ``extra_vocabulary``, as the precision benchmarks apply the built-in one
    to every table)."""
    from ..naming.inputs import TableInput

    inputs = []
    for table in context.document.tables:
        if not table.rows:
            continue
        skip = frozenset(
            column
            for column in range(table.column_count)
            if context.field_format(table, column) in SKIPPED_FORMATS
        )
        vocabulary = context.vocabulary(table)
        if extra_vocabulary is not None:
            vocabulary = vocabulary.merged(extra_vocabulary)
        inputs.append(TableInput(table, context.name_column(table), skip, vocabulary))
    return inputs


def _analyze(context: LintContext) -> NamingFindings:
    from ..naming.analysis import NamingFindings, analyze
    from ..naming.vocabulary_file import builtin_vocabulary

    inputs = naming_inputs(context)
    if not inputs:
        return NamingFindings()
    return analyze(inputs, builtin_vocabulary())


def _quoted(spellings: tuple[str, ...]) -> str:
    return " or ".join(f"'{spelling}'" for spelling in spellings)


def _edits(distance: int | None) -> str:
    return "one edit" if distance == 1 else f"{distance} edits"


class _NamingRule(Rule):
    def _diagnostic(self, context: LintContext, finding: Finding, message: str) -> Diagnostic:
        cell = finding.cell
        column, end_column = cell.column + finding.start, cell.column + finding.end
        fix = None
        if finding.suggestion is not None:
            fix = Fix(
                Applicability.SAFE if finding.safe else Applicability.UNSAFE,
                f"replace '{finding.term}' with '{finding.suggestion}'",
                (replace_span(cell.line, column, end_column, finding.suggestion),),
            )
        return Diagnostic(
            self.code, self.name, self.severity, message, context.path, cell.line, column, cell.line, end_column,
            finding.table.index, finding.row, context.field_name(finding.table, finding.column), fix,
        )


class NamingMismatch(
    _NamingRule, code="TL401", name="naming-mismatch", severity=Severity.ERROR, fix="unsafe",
    summary="A row's text misspells the row's own name",
):
    """## What it does
    Checks the text of each row for a near miss of the row's own name: the
    short name before the colon of a title (`PEER` in `PEER: A Collaborative
    Language Model`), or the words of the name cell spelt like names
    (`LaMDA`, `Megatron-LM`).

    A near miss differs by one edit (two when both words have 8 characters or
    more), ignoring case, where typing slips: a lower-case letter inside a
    word, or a letter of a word in capitals (`PEEK` for `PEER`). Never
    reported, because names of one family differ there: a different first
    letter (`IFBench` in the `JFBench` row, `E-Sparse`/`Q-Sparse`), a capital
    of a mixed-case name (`ResNet`/`ResNeXt`), a hyphen (`M-ICL`/`MMICL`),
    other digits (`GPT-3`, `GPT-4`), a version's `v` (`UniLM2`/`UniLMv2`),
    punctuation (`GPT3`) or an extension (`PEERs`, `ImageNet-A`). A first
    letter or a capital is still a slip when one letter of a name of five
    letters or more, not itself a word (`Search` has puns: `Vearch`), was
    replaced, the word or acronym of the name that holds
    it reads as something (an English word, `Fast` in `FastEdit`; or a part
    of other words of the document or of a vocabulary, `AI` in `KubeAI`),
    the written letters there read as nothing (`DastEdit`, `KubeAU`), and
    the slip is written once. Another name of the family changes a part
    into another known one (`LastEdit`; `SLM` where the document writes
    it), or changes a part only the name holds (`IFBench` in the `JFBench`
    row: nothing says `JF` is a unit). Nor a word
    that reads as a word: in lower case (`peek`), written in lower case
    elsewhere in the document, with a letter outside ASCII (`Duración`), or
    an English word with a capital only at the start of a sentence. Nor a
    word used more than twice or more often than the name (a spelling of its
    own), one inside a link label (a title as the linked page writes it), a
    word not in capitals for a name in capitals (`Peek` for `PEER`), or a
    word that is itself a name in the document or a known term (`BART` in
    the `BERT` row). tablelint's built-in vocabulary of ML names counts as
    known even where no schema applies it.

    ## Why is this bad?
    A row that calls its own subject by another name (`PEEK` in the `PEER`
    row) sends readers and searches after a model that does not exist.

    ## Example
    ```markdown
    | model | comment |
    | --- | --- |
    | PEER: A Collaborative Language Model | Meta's PEEK edits text |
    ```

    ## Use instead
    ```markdown
    | model | comment |
    | --- | --- |
    | PEER: A Collaborative Language Model | Meta's PEER edits text |
    ```

    ## Fix safety
    The fix writes the row's name, and it is always unsafe (`--unsafe-fixes`):
    the name is learned from the document, not declared, and a name one edit
    from a row's name is often another thing (`JFBench`, translated from
    `IFBench`). When two of the row's names are equally close, there is no
    fix.
    """

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        for finding in naming_findings(context).mismatches:
            names = _quoted(finding.candidates)
            yield self._diagnostic(
                context, finding,
                f"'{finding.term}' is {_edits(finding.distance)} away from this row's name {names}; "
                "a misspelling of it?",
            )


class InconsistentCasing(
    _NamingRule, code="TL402", name="inconsistent-casing", severity=Severity.WARNING, fix="safe or unsafe",
    summary="A mixed-case word is written with other casing",
):
    """## What it does
    Checks that a word written with internal capitals (`DeepMind`, `arXiv`,
    `LLaMA`) is written the same way everywhere in the document, and as the
    vocabulary writes it.

    The right casing comes from the table's vocabulary (its schema's and the
    configuration's), then from tablelint's built-in vocabulary of ML names,
    then from the name column (a cell that is one word, like `Toolformer` or
    `QWen-7B`: a part of a longer name, `MultiModal` in `MultiModal-GPT`, says
    nothing of the word elsewhere), then from the spelling the document uses
    most, which must have internal capitals; a tie decides nothing. A
    vocabulary's terms and their `variants` are all right (`LLaMA`, `Llama 2`,
    `Code Llama`): none is reported. Words that no one writes with internal
    capitals (`Helpful` at the start of a sentence, `helpful` inside one) are
    never compared. Neither are spellings all in lower case (ordinary words,
    package names: `react`, `pytorch`) or all in capitals (headings, titles
    in capitals). A capitalised spelling that is a common English word
    (`React`, `Palm`, `Glove`) is reported against a vocabulary only when
    the document also writes the vocabulary's spelling (`ReAct`): on its
    own it may be the word. A rare one (`Lora`, `Latex`, `Roberta`) or no
    word at all (`Deepmind`) is taken for the term miscased even there,
    unless the document also writes it in lower case. A casing learned
    from the document never overrules a word (`Multimodal`: written in
    lower case elsewhere, or any English word), a name of a row, a row's
    own name cell, or a link label.

    ## Why is this bad?
    `Deepmind` next to `DeepMind` looks careless, and a search for one misses
    the other.

    ## Example
    ```markdown
    | model | comment |
    | --- | --- |
    | Sparrow | a dialogue agent by DeepMind |
    | Gopher | 280B parameters, by DeepMind |
    | Chinchilla | compute-optimal, by Deepmind |
    ```

    ## Use instead
    ```markdown
    | model | comment |
    | --- | --- |
    | Sparrow | a dialogue agent by DeepMind |
    | Gopher | 280B parameters, by DeepMind |
    | Chinchilla | compute-optimal, by DeepMind |
    ```

    ## Fix safety
    The fix changes only the case of letters. It is safe only when the
    table's own vocabulary (a schema's or the configuration's) declares the
    casing: the word's one accepted spelling, with no variant and nothing
    else accepting another; and only outside link labels, for a spelling
    that is neither an English word (`React`, `Palm`: the document may mean
    them) nor a row's name. Every other fix is unsafe: a casing from
    tablelint's built-in vocabulary where no schema applies it, from the
    name column or from the majority; and when the vocabulary accepts two
    casings of the word (`LLaMA` and `Llama`), the fix writes the term and
    is unsafe.
    """

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        for finding in naming_findings(context).casings:
            yield self._diagnostic(
                context, finding, f"'{finding.term}' is written {_quoted(finding.candidates)} {finding.reason}"
            )


class NearMissTerm(
    _NamingRule, code="TL403", name="near-miss-term", severity=Severity.WARNING, fix="safe or unsafe",
    summary="A word is a near miss of a known name or term",
):
    """## What it does
    Checks for near misses of known terms: the names in the name column
    anywhere in the document, and the vocabulary of the table's schema and of
    the configuration (the paper-list schema brings a vocabulary of
    well-known models, organisations and products). Also reports the wrong
    spellings that a vocabulary's `substitutions` replace (`Huggingface` →
    `Hugging Face`).

    A near miss differs by one edit (two when both words have 8 characters or
    more), ignoring case. Only distinctive terms are matched: at least 5
    characters, and spelt like a name (`LaMDA`, `GPT-3`) or at least 8
    characters long (`Chinchilla`), because short plain words have too many
    real neighbours (`Bard` and `Hard`, `Claude` and `Clause`). A term that
    only the vocabulary knows is matched by words spelt like names
    (`GoogleLeNet` for `GoogLeNet`), not by plain or English words
    (`Minimal` is not a misspelt `MiniMax`, `Internet` not `InternLM`),
    unless it is 8 characters or longer. All the evidence naming-mismatch
    asks for applies too: the difference is a slip, not a family difference
    (`ResNeXt`/`ResNet`, `E-Sparse`/`Q-Sparse`, `Dataflow`/`Metaflow`); the
    word is not a word (`Duración`, `Assistant` opening a title); it is rare
    (twice at most, and no more often than the name); it is not in a link
    label; and it is not known. A name from another row is never suggested
    inside a row's own name cell.

    ## Why is this bad?
    `Lambda` where the document means `LaMDA` names something else, and
    readers who search for the model will not find the row.

    ## Example
    ```markdown
    | model | comment |
    | --- | --- |
    | LaMDA | dialogue model |
    | Sparrow | builds on the Lambda model |
    ```

    ## Use instead
    ```markdown
    | model | comment |
    | --- | --- |
    | LaMDA | dialogue model |
    | Sparrow | builds on the LaMDA model |
    ```

    ## Fix safety
    The fix writes the known term. It is unsafe: a near miss can be another
    real name. A substitution from a vocabulary is safe, since the
    vocabulary states the right spelling, except inside a link label (a
    title as the linked page writes it), where it is unsafe. When two known
    terms are equally close, there is no fix.
    """

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        for finding in naming_findings(context).near_misses:
            if finding.distance is None:
                message = f"'{finding.term}' is written '{finding.suggestion}' in the vocabulary"
            elif finding.suggestion is None:
                candidates = _quoted(finding.candidates)
                message = (
                    f"'{finding.term}' is {_edits(finding.distance)} away from {candidates}; "
                    "a misspelling of one of them?"
                )
            else:
                message = (
                    f"'{finding.term}' is {_edits(finding.distance)} away from '{finding.suggestion}', "
                    f"{finding.reason}; a misspelling of it?"
                )
            yield self._diagnostic(context, finding, message)


# The codes of the rules that read the naming analysis.
NAMING_RULES = frozenset(rule.code for rule in (NamingMismatch, InconsistentCasing, NearMissTerm))

"""The naming analysis: what is reported, what never is, and why."""

from __future__ import annotations

from pathlib import Path

from tablelint.naming.analysis import Finding, NamingFindings, analyze
from tablelint.naming.inputs import TableInput
from tablelint.naming.vocabulary_file import builtin_vocabulary
from tablelint.parse.document import parse_document
from tablelint.parse.source import decode
from tablelint.vocabulary import Vocabulary

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "llm-papers.md"


def _analyze(
    markdown: str,
    vocabulary: Vocabulary | None = None,
    skip: frozenset[int] = frozenset(),
    builtin: Vocabulary | None = None,
) -> NamingFindings:
    document = parse_document(decode(markdown.encode(), "t.md"))
    inputs = [TableInput(table, 0, skip, vocabulary or Vocabulary()) for table in document.tables]
    return analyze(inputs, builtin)


def _table(*rows: str) -> str:
    return "| name | notes |\n| --- | --- |\n" + "".join(f"| {row} |\n" for row in rows)


def _brief(findings: list[Finding]) -> list[tuple[int, str, str | None, bool]]:
    return [(finding.cell.line, finding.term, finding.suggestion, finding.safe) for finding in findings]


def _everything(findings: NamingFindings) -> list[Finding]:
    return [*findings.mismatches, *findings.casings, *findings.near_misses]


# The user's table ------------------------------------------------------------


def test_the_users_table_gives_exactly_the_three_known_problems() -> None:
    # Bound as the paper-list schema binds it: names in column 0, no terms
    # from the source (1) and notes (4) columns, the built-in vocabulary.
    document = parse_document(decode(EXAMPLE.read_bytes(), "llm-papers.md"))
    vocabulary = builtin_vocabulary()
    findings = analyze([TableInput(document.tables[0], 0, frozenset({1, 4}), vocabulary)], vocabulary)
    # PEER is learned from the document (the row's name cell), so the fix is
    # a suggestion; DeepMind is declared by the vocabulary, so it is certain.
    assert _brief(findings.mismatches) == [(3, "PEEK", "PEER", False)]
    assert _brief(findings.near_misses) == [(8, "Lambda", "LaMDA", False)]
    assert _brief(findings.casings) == [(10, "Deepmind", "DeepMind", True)]
    for finding in _everything(findings):
        cell = finding.cell
        line = document.source.line(cell.line)
        start = cell.column - 1 + finding.start
        assert line[start : start + len(finding.term)] == finding.term
    assert findings.near_misses[0].reason == "the name of row 5"


# Traps: things that must never be reported ------------------------------------


def test_different_digits_are_different_names() -> None:
    markdown = _table(
        "GPT-4: Technical Report | better than GPT-3 and GPT-5",
        "T5: text to text | compared with T0",
        "LLaMA-13B | beats LLaMA-65B at nothing",
    )
    assert _everything(_analyze(markdown)) == []


def test_a_known_name_is_never_a_misspelling_of_another() -> None:
    markdown = _table("BERT: Pre-training of Deep Bidirectional Transformers | compared with BART")
    # BART is a name in the vocabulary...
    assert _everything(_analyze(markdown, Vocabulary(("BART",)))) == []
    # ...or a name elsewhere in the document...
    assert _everything(_analyze(markdown + "| BART: Denoising | seq2seq |\n")) == []
    # ...or one of the built-in terms, even where no schema applies them.
    assert _everything(_analyze(markdown, builtin=builtin_vocabulary())) == []
    # Known to nobody, it looks like a misspelling of the row's name: a
    # suggestion only.
    assert _brief(_analyze(markdown).mismatches) == [(3, "BART", "BERT", False)]


def test_a_capital_at_the_start_of_a_sentence_is_not_a_casing_error() -> None:
    markdown = _table("Claude: an assistant | Helpful and honest. Being helpful matters. Helpful!")
    assert _everything(_analyze(markdown)) == []


def test_lower_case_words_are_never_taken_for_misspelt_names() -> None:
    markdown = _table(
        "PEER: editing | we peek at the edits; deepmind, react and pytorch",
        "DeepMind | ReAct and deepmind-Gato",
        "Chinchilla: compute-optimal | a chinchila; lambda calculus",
        "LaMDA | dialogue",
    )
    assert _everything(_analyze(markdown, Vocabulary(("ReAct",)))) == []


def test_words_in_capitals_are_style() -> None:
    markdown = _table("LaMDA: dialogue | LAMDA IS A DIALOGUE MODEL FROM GOOGLE", "DeepMind | DEEPMIND")
    assert _analyze(markdown).casings == []


def test_short_plain_terms_attract_no_near_misses() -> None:
    # Bard/Hard and Claude/Clause are real words one edit apart.
    vocabulary = Vocabulary(("Bard", "Claude", "MiniMax"))
    markdown = _table("Gopher | Hard to say. Clause 3. Minimal changes.")
    assert _everything(_analyze(markdown, vocabulary)) == []


def test_derived_names_and_plurals_are_not_misspellings() -> None:
    markdown = _table(
        "ImageNet-A: natural adversarial examples | harder than ImageNet; ImageNet-As",
        "AutoGPT | see AutoGPTQ",
    )
    assert _everything(_analyze(markdown)) == []


def test_code_urls_and_skipped_columns_are_left_alone() -> None:
    markdown = _table("PEER: editing | `PEEK` in code, https://example.org/PEEK, [link](https://x.org/PEEK)")
    assert _everything(_analyze(markdown)) == []
    markdown = "| name | source | notes |\n| --- | --- | --- |\n| PEER: editing | PEEK 2022 | fine |\n"
    assert _everything(_analyze(markdown, skip=frozenset({1}))) == []


def test_placeholder_rows_have_no_names() -> None:
    markdown = _table("NULL | NULL", "NULL | NULLS and FULL")
    assert _everything(_analyze(markdown)) == []


# naming-mismatch ---------------------------------------------------------------


def test_a_mismatch_is_never_a_safe_fix_and_a_frequent_spelling_is_no_slip() -> None:
    once = _analyze(_table("PEER: A Collaborative Language Model | Meta的PEEK：editing"))
    assert _brief(once.mismatches) == [(3, "PEEK", "PEER", False)]
    twice = _analyze(
        _table("PEER: A Collaborative Language Model | Meta的PEEK", "PEEK: another model | fine")
    )
    # PEEK is now a name of its own: no finding at all.
    assert twice.mismatches == []
    # Written twice and the name once: the author means PEEK.
    elsewhere = _analyze(_table("PEER: A Collaborative Language Model | Meta的PEEK", "Sparrow | PEEK again"))
    assert elsewhere.mismatches == []
    # Twice, with the name written twice too: still a slip.
    both = _analyze(
        "| name | notes | more |\n| --- | --- | --- |\n"
        "| PEER: A Collaborative Language Model | PEER, or PEEK | PEEK |\n"
    )
    assert _brief(both.mismatches) == [(3, "PEEK", "PEER", False)] * 2
    # Three times is a spelling of its own.
    thrice = _analyze(_table("PEER: A Collaborative Language Model | PEER PEER PEER PEEK PEEK PEEK"))
    assert thrice.mismatches == []


def test_mismatch_of_a_long_name_allows_two_edits_of_lower_case_letters() -> None:
    findings = _analyze(
        _table(
            "Chinchilla: compute-optimal | the Chinchila model",
            "Toolformer: tools | a Toolfarmar model",
            # Two edits that touch the capitals of a mixed-case name make
            # another name of the family, not a slip.
            "Megatron-LM | Megatrom-LN",
        )
    )
    assert _brief(findings.mismatches) == [
        (3, "Chinchila", "Chinchilla", False),
        (4, "Toolfarmar", "Toolformer", False),
    ]
    assert [finding.distance for finding in findings.mismatches] == [1, 2]


def test_an_acronym_is_misspelt_in_capitals() -> None:
    assert _analyze(_table("PEER: editing | Peek at it")).mismatches == []


def test_two_equally_close_names_give_no_fix() -> None:
    findings = _analyze(_table("PEER and PEET, two models | the PEES model"))
    assert [(f.term, f.suggestion, f.candidates) for f in findings.mismatches] == [
        ("PEES", None, ("PEER", "PEET"))
    ]


# inconsistent-casing -----------------------------------------------------------


def test_casing_from_the_vocabulary_first() -> None:
    findings = _analyze(_table("Sparrow | by Deepmind", "Gopher | by Deepmind"), Vocabulary(("DeepMind",)))
    # Deepmind is the majority, but the table's vocabulary declares DeepMind,
    # and Deepmind is no word that a capital could stand for.
    assert _brief(findings.casings) == [(3, "Deepmind", "DeepMind", True), (4, "Deepmind", "DeepMind", True)]
    # A capitalised English word may be meant as the word: only the document
    # writing the term itself makes it a casing slip.
    findings = _analyze(_table("Gopher | grows like a Palm tree", "Chinchilla | smaller"), Vocabulary(("PaLM",)))
    assert findings.casings == []
    findings = _analyze(_table("Sparrow | by Deepmind", "Gopher | by DeepMind"), Vocabulary(("DeepMind",)))
    assert _brief(findings.casings) == [(3, "Deepmind", "DeepMind", True)]
    # A variant with internal capitals cannot be another word.
    findings = _analyze(_table("Alpaca | fine-tuned from LLaMa-7B"), Vocabulary(("LLaMA",)))
    assert _brief(findings.casings) == [(3, "LLaMa", "LLaMA", True)]


def test_two_accepted_casings_pick_the_closer_one_unsafely() -> None:
    findings = _analyze(_table("Alpaca | LLaMa-7B, then LLAMa 2"), Vocabulary(("LLaMA", "Llama")))
    assert [(f.term, f.suggestion, f.safe) for f in findings.casings] == [
        ("LLaMa", "LLaMA", False),
        ("LLAMa", "LLaMA", False),
    ]


def test_casing_from_the_name_column_before_the_majority() -> None:
    markdown = _table(
        "Toolformer: Language Models Can Teach Themselves | Meta的ToolFormer", "ReAct | ToolFormer again"
    )
    findings = _analyze(markdown)
    # Learned from the document: a suggestion, never a safe fix.
    assert _brief(findings.casings) == [
        (3, "ToolFormer", "Toolformer", False),
        (4, "ToolFormer", "Toolformer", False),
    ]


def test_casing_by_majority_needs_a_clear_winner() -> None:
    assert _analyze(_table("A | FineTuning", "B | Finetuning")).casings == []
    findings = _analyze(_table("A | by DeepMind", "B | by DeepMind", "C | by Deepmind"))
    assert _brief(findings.casings) == [(5, "Deepmind", "DeepMind", False)]
    # The majority must be the spelling with internal capitals.
    assert _analyze(_table("A | by Deepmind", "B | by Deepmind", "C | by DeepMind")).casings == []


def test_casing_fix_covers_the_word_inside_a_longer_term() -> None:
    findings = _analyze(_table("A | DeepMind", "B | DeepMind", "C | Deepmind-Gato"))
    (finding,) = findings.casings
    assert (finding.term, finding.start, finding.end) == ("Deepmind", 0, 8)


# near-miss-term ----------------------------------------------------------------


def test_near_miss_of_a_name_in_another_table() -> None:
    markdown = _table("LaMDA | dialogue") + "\ntext\n\n" + _table("Sparrow | builds on Lambda")
    (finding,) = _analyze(markdown).near_misses
    assert (finding.term, finding.suggestion, finding.safe, finding.reason) == (
        "Lambda",
        "LaMDA",
        False,
        "the name of table 1, row 1",
    )


def test_near_miss_of_a_vocabulary_term() -> None:
    vocabulary = Vocabulary(("GoogLeNet", "Chinchilla"))
    findings = _analyze(_table("Inception | GoogleLeNet and Chinchila"), vocabulary)
    assert _brief(findings.near_misses) == [
        (3, "GoogleLeNet", "GoogLeNet", False),
        (3, "Chinchila", "Chinchilla", False),
    ]
    assert findings.near_misses[0].reason == "a term in the vocabulary"


def test_near_miss_with_two_equally_close_terms_has_no_fix() -> None:
    findings = _analyze(_table("Alpaca | the MegaMindu model"), Vocabulary(("MegaMinda", "MegaMindo")))
    assert [(f.term, f.suggestion, f.candidates) for f in findings.near_misses] == [
        ("MegaMindu", None, ("MegaMinda", "MegaMindo"))
    ]


def test_a_mismatch_is_not_reported_again_as_a_near_miss() -> None:
    findings = _analyze(_table("PEER: editing | PEEK", "LaMDA | dialogue"), Vocabulary(("PEER",)))
    assert len(findings.mismatches) == 1 and findings.near_misses == []


# substitutions -------------------------------------------------------------------


def test_vocabulary_substitutions_are_safe_fixes() -> None:
    vocabulary = Vocabulary((), {"Huggingface": "Hugging Face", "Open AI": "OpenAI"})
    markdown = _table(
        "Alpaca | 基于Huggingface的模型，来自Open AI；huggingface.co is a site",
        "B | Hugging Face",
        # Matched as written, like Vale's substitutions: other casings are other entries.
        "C | HuggingFace and Open Ai and Huggingfaces",
    )
    findings = _analyze(markdown, vocabulary)
    assert [(f.term, f.suggestion, f.safe) for f in findings.near_misses] == [
        ("Huggingface", "Hugging Face", True),
        ("Open AI", "OpenAI", True),
    ]
    assert findings.casings == [] and findings.mismatches == []


def test_spans_count_code_points_in_raw_cells_with_escaped_pipes() -> None:
    findings = _analyze(_table("A | DeepMind", "B | DeepMind", "C | a \\| b 的Deepmind"))
    (finding,) = findings.casings
    assert finding.cell.raw[finding.start : finding.end] == "Deepmind"


def test_many_findings_are_all_located() -> None:
    # Past a few dozen distinct words, occurrences are found term by term
    # instead of with one regex alternation; both must find the same spans.
    letters = "abcdefghij"
    names = [f"Xo{a}{b}Net" for a in letters for b in letters][:70]
    rows = [f"{name} | a network" for name in names] + [f"Filler | uses {name[:-2]}at" for name in names]
    findings = _analyze(_table(*rows))
    assert [(f.term, f.suggestion) for f in findings.near_misses] == [
        (name[:-2] + "at", name) for name in names
    ]
    for finding in findings.near_misses:
        assert finding.cell.raw[finding.start : finding.end] == finding.term


def test_substitutions_are_found_however_their_words_sit() -> None:
    vocabulary = Vocabulary(
        (), {"GPT3": "GPT-3", "Open AI": "OpenAI", "-Net": "Net", "Deep Mind": "DeepMind"}
    )
    markdown = _table(
        # A wrong spelling ending in a digit matches where the term goes on.
        "A | GPT3.5 and GPT3",
        "B | the Open AI team; -Net",
        # Deep is a word here, but not Deep Mind; Mind alone is no match.
        "C | Deep learning, Mind",
    )
    findings = _analyze(markdown, vocabulary)
    assert [(f.cell.line, f.term, f.start) for f in findings.near_misses] == [
        (3, "GPT3", 0),
        (3, "GPT3", 11),
        (4, "Open AI", 4),
        (4, "-Net", 18),
    ]


def test_many_misspelt_names_in_their_own_rows() -> None:
    # Past a few dozen suspect words, their cells are found term by term.
    letters = "abcdefghij"
    names = [f"Zy{a}{b}Former" for a in letters for b in letters][:40]
    rows = [f"{name}: a model | the {name[:-1]}t model" for name in names]
    findings = _analyze(_table(*rows))
    assert [(f.term, f.suggestion, f.safe) for f in findings.mismatches] == [
        (name[:-1] + "t", name, False) for name in names
    ]


def test_many_casing_slips_and_majorities() -> None:
    letters = "abcdefghij"
    words = [f"Qu{a}{b}Mind" for a in letters for b in letters][:40]
    # Each spelt twice with an inner capital and once without: the majority
    # decides, and the slips are found term by term.
    rows = [f"R{i} | by {word}, {word} and {word.capitalize()}" for i, word in enumerate(words)]
    findings = _analyze(_table(*rows))
    assert [(f.term, f.suggestion, f.reason) for f in findings.casings] == [
        (word.capitalize(), word, "more often elsewhere in the document") for word in words
    ]

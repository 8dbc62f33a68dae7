"""What the naming rules need before they report a word, and when a fix is
certain: the classes of false findings measured on real lists, written as
small hand-made tables (nothing here comes from those lists)."""

from __future__ import annotations

import pytest

from tablelint.naming.analysis import Finding, NamingFindings, analyze
from tablelint.naming.inputs import TableInput
from tablelint.naming.vocabulary_file import builtin_vocabulary
from tablelint.parse.document import parse_document
from tablelint.parse.source import decode
from tablelint.vocabulary import Vocabulary

BUILTIN = builtin_vocabulary()


def _analyze(
    markdown: str, vocabulary: Vocabulary | None = None, builtin: Vocabulary | None = BUILTIN
) -> NamingFindings:
    """As tablelint runs it: names in the first column, the built-in
    vocabulary passed for every table."""
    document = parse_document(decode(markdown.encode(), "t.md"))
    inputs = [TableInput(table, 0, frozenset(), vocabulary or Vocabulary()) for table in document.tables]
    return analyze(inputs, builtin)


def _table(*rows: str) -> str:
    return "| name | notes |\n| --- | --- |\n" + "".join(f"| {row} |\n" for row in rows)


def _all(findings: NamingFindings) -> list[Finding]:
    return [*findings.mismatches, *findings.casings, *findings.near_misses]


def _brief(findings: list[Finding]) -> list[tuple[str, str | None, bool]]:
    return [(finding.term, finding.suggestion, finding.safe) for finding in findings]


# Traps: pairs of real, different names -----------------------------------------


def test_traps_stay_silent() -> None:
    # Each pair is two real names; as in real lists, one names a row and the
    # other is mentioned in text only.
    markdown = _table(
        "GPT-4: Technical Report | better than GPT-3",
        "BERT: Pre-training | compared with BART",
        "T5: text to text | and mT5 for many languages",
        "ResNet: Deep Residual Learning | ResNeXt adds cardinality",
        "LLaMA: Open Foundation Models | then Llama 2, Llama 3 and Code Llama",
        "JFBench | A Japanese benchmark translated from IFBench.",
    )
    assert _all(_analyze(markdown)) == []


@pytest.mark.parametrize(
    "row",
    [
        # The own row's name one edit from a related one: another thing.
        "JFBench | A Japanese benchmark translated from IFBench.",
        "ResNeXt | builds on ResNet",
        "Q-Sparse: all activated | compared with E-Sparse",
        "MMICL: multimodal in-context learning | unlike M-ICL",
        "MiniLLM: distillation | from MiniLM",
        "UniLMv2: pseudo-masked | the UniLM2 paper",
        "Metaflow | not Dataflow",
        "OpenLLMetry | built on OpenTelmetry",
        "LLM-Rank | not Low-Rank",
        "AssistGPT | an Assistant",
        "DistiLLM | Distilled models",
    ],
)
def test_family_renames_are_not_misspellings(row: str) -> None:
    # First letters, capitals of mixed-case names, hyphens and version v's
    # are where names of one family differ; even unknown, no finding.
    assert _all(_analyze(_table(row), builtin=None)) == []


def test_a_slip_in_lower_case_letters_or_in_capitals_is_still_found() -> None:
    findings = _analyze(
        _table(
            "PEER: A Collaborative Language Model | Meta的PEEK：editing",
            "Chinchilla: compute-optimal | the Chinchila model",
            "InceptionNet | GoogleLeNet, the first",
        ),
        Vocabulary(("GoogLeNet",)),
    )
    assert _brief(findings.mismatches) == [("PEEK", "PEER", False), ("Chinchila", "Chinchilla", False)]
    assert _brief(findings.near_misses) == [("GoogleLeNet", "GoogLeNet", False)]


# A slip in a part of a name --------------------------------------------------------


def test_a_word_of_a_name_slipped_into_no_word_is_a_slip_even_in_a_first_letter_or_capital() -> None:
    # Fast, Juice, Tools, Translate are words; Dast, Quice, Yools, Lranslate
    # are nothing: one letter of the row's own name mistyped.
    findings = _analyze(
        _table(
            "FastEdit | DastEdit edits the weights",
            "JuiceFS: a file system | QuiceFS on object storage",
            "FeatureTools | FeatureYools builds features",
            "CTranslate2 | CLranslate2 runs Transformer models",
        ),
        builtin=None,
    )
    assert _brief(findings.mismatches) == [
        ("DastEdit", "FastEdit", False),
        ("QuiceFS", "JuiceFS", False),
        ("FeatureYools", "FeatureTools", False),
        ("CLranslate2", "CTranslate2", False),
    ]


def test_an_acronym_of_a_name_slipped_into_an_unknown_one_is_a_slip() -> None:
    # AI and ML are acronyms the document writes in other words; AU and MY
    # it writes nowhere.
    rows = ("KubeAI | KubeAU serves models", "ZenML | ZenMY runs pipelines", "Notes | an AI tool, MLflow")
    findings = _analyze(_table(*rows), builtin=None)
    assert _brief(findings.mismatches) == [("KubeAU", "KubeAI", False), ("ZenMY", "ZenML", False)]
    # An acronym that only the name itself holds says nothing of itself.
    assert _analyze(_table(*rows[:2]), builtin=None).mismatches == []


@pytest.mark.parametrize(
    "rows",
    [
        # Both parts are words: another name of the family.
        ("FastEdit | unlike LastEdit",),
        # JF is known nowhere else: IFBench is as likely a name as a slip.
        ("JFBench | A Japanese benchmark translated from IFBench.", "Notes | an AI tool"),
        # The document writes SLM elsewhere: a small language model.
        ("Awesome-Code-LLM | see Awesome-Code-SLM", "Notes | an LLM or an SLM"),
        # Short names have too many real neighbours.
        ("FLIP: scaling CLIP | beats GLIP",),
        ("PaLM | extended to images by PaLI", "Notes | MiniLM"),
        # One letter, not a part.
        ("Q-Sparse | compared with E-Sparse",),
        # Written twice: a name of its own.
        ("FastEdit | DastEdit and again DastEdit",),
        # LaMDA's own parts vouch for nothing, even when a vocabulary lists it.
        ("LaMDA | LaMFA dialogue",),
    ],
)
def test_a_changed_part_that_may_be_another_name_is_not_a_slip(rows: tuple[str, ...]) -> None:
    assert _analyze(_table(*rows)).mismatches == []


# Ordinary words -----------------------------------------------------------------


def test_words_of_other_languages_are_not_names() -> None:
    markdown = _table("duration | Duración más corta", "duration2 | Duración de la notificación")
    assert _all(_analyze(markdown)) == []


def test_a_word_the_document_writes_in_lower_case_is_a_word() -> None:
    markdown = _table("LaMDA | dialogue", "Sparrow | builds on Lambda", "Notes | lambda calculus")
    assert _analyze(markdown).near_misses == []
    assert _brief(_analyze(markdown.replace("lambda calculus", "calculus")).near_misses) == [
        ("Lambda", "LaMDA", False)
    ]


def test_an_english_word_is_a_name_only_where_a_capital_inside_a_sentence_says_so() -> None:
    # Clause opens a sentence: the word. Lambda after a word or a CJK
    # character: a name, and then a slip of LaMDA.
    assert _analyze(_table("Claude | an assistant", "Gopher | Hard to say. Clause 3 applies.")).near_misses == []
    for text in ("it builds on the Lambda model", "融合了Lambda模型", "LaMDA-like, Lambda too"):
        findings = _analyze(_table("LaMDA | dialogue", f"Sparrow | {text}"))
        assert _brief(findings.near_misses) == [("Lambda", "LaMDA", False)], text
    assert _analyze(_table("LaMDA | dialogue", "Sparrow | Lambda is a model.")).near_misses == []


def test_an_ordinary_word_never_takes_a_vocabulary_term() -> None:
    # Internet and InternLM: a word, and a capital of the name changed.
    assert _analyze(_table("A | Internet search"), Vocabulary(("InternLM",))).near_misses == []


# Counts --------------------------------------------------------------------------


def test_a_spelling_written_more_often_than_the_name_is_no_slip_of_it() -> None:
    markdown = _table("LaMDA | dialogue", "Sparrow | Lambda one", "Gopher | and Lambda two", "Gato | Lambda three")
    assert _analyze(markdown).near_misses == []
    markdown = _table("LaMDA | dialogue", "Sparrow | Lambda one", "Gopher | and Lambda two")
    # Twice, and the name once: the author means Lambda.
    assert _analyze(markdown).near_misses == []
    markdown = _table("LaMDA | dialogue, LaMDA", "Sparrow | the Lambda one", "Gopher | and Lambda two")
    assert len(_analyze(markdown).near_misses) == 2


# Link labels and name cells --------------------------------------------------------


def test_titles_in_link_labels_are_never_rewritten_from_the_document() -> None:
    markdown = _table(
        "MultiModal-GPT | a dialogue model",
        "[Qwen3.5: Towards Native Multimodal Agents](https://example.org/a) | Multimodal agents",
        "[The Llama 3 Herd of Models](https://example.org/b) | Serve Llama 2 locally; Code Llama",
        "LLaMA: Open Foundation Models | the first",
        "[Sparrow builds on Lambda](https://example.org/c) | LaMDA-like",
    )
    assert _all(_analyze(markdown)) == []


def test_multimodal_beside_multimodal_gpt_is_a_word_even_in_plain_text() -> None:
    # The run MultiModal is part of a name, not a name: the name column does
    # not decide the word's casing; a majority of Multimodal decides nothing.
    markdown = _table(
        "MultiModal-GPT | a vision and language model",
        "Flamingo | Multimodal few-shot learner",
        "BLIP-2 | Multimodal pre-training",
    )
    assert _all(_analyze(markdown)) == []
    # Where the document never writes the word in lower case either.
    assert _all(_analyze(markdown + "| Kosmos | multimodal |\n")) == []


def test_a_vocabulary_casing_in_a_link_label_is_suggested_not_certain() -> None:
    vocabulary = Vocabulary(("DeepMind",))
    markdown = _table("Gopher | [Deepmind's Gopher](https://example.org) by Deepmind; DeepMind")
    assert _brief(_analyze(markdown, vocabulary).casings) == [
        ("Deepmind", "DeepMind", False),
        ("Deepmind", "DeepMind", True),
    ]


def test_substitutions_in_a_link_label_are_suggested_not_certain() -> None:
    vocabulary = Vocabulary((), {"Huggingface": "Hugging Face"})
    markdown = _table("Alpaca | [Huggingface](https://example.org) weights, on Huggingface")
    assert _brief(_analyze(markdown, vocabulary).near_misses) == [
        ("Huggingface", "Hugging Face", False),
        ("Huggingface", "Hugging Face", True),
    ]


def test_a_spelling_learned_from_other_cells_never_rewrites_a_row_name() -> None:
    markdown = _table(
        "FooBar: a model | FooBar again, FooBar once more",
        "Foobar | a different row",
        "Baz | Foobar in a description",
    )
    findings = _analyze(markdown)
    # Reported in the description, with no certain fix; the second row's
    # own name is its author's spelling.
    assert [(f.cell.line, f.term, f.suggestion, f.safe) for f in findings.casings] == [
        (5, "Foobar", "FooBar", False)
    ]


def test_no_near_miss_of_another_row_rewrites_a_name_cell() -> None:
    # "Training Chinchila models" names nothing (no word spelt like a name):
    # its words are suspects, reported with the candidates but no fix there.
    markdown = _table(
        "Chinchilla | compute-optimal, as Chinchilla", "Training Chinchila models | a study of Chinchila"
    )
    findings = _analyze(markdown)
    assert [(f.cell.raw, f.term, f.suggestion, f.candidates) for f in findings.near_misses] == [
        ("Training Chinchila models", "Chinchila", None, ("Chinchilla",)),
        ("a study of Chinchila", "Chinchila", "Chinchilla", ("Chinchilla",)),
    ]


# Vocabulary casings and variants ----------------------------------------------------


def test_a_casing_fix_is_certain_only_from_a_declared_single_casing() -> None:
    markdown = _table("Sparrow | by Deepmind", "Gopher | by DeepMind")
    # Declared by the table's vocabulary: certain.
    assert _brief(_analyze(markdown, Vocabulary(("DeepMind",))).casings) == [("Deepmind", "DeepMind", True)]
    # Only tablelint's built-in vocabulary knows it: a suggestion.
    findings = _analyze(markdown)
    assert _brief(findings.casings) == [("Deepmind", "DeepMind", False)]
    assert findings.casings[0].reason == "in tablelint's built-in vocabulary"
    # Learned from the document alone: a suggestion.
    markdown += "| Gato | by DeepMind |\n"
    assert _brief(_analyze(markdown, builtin=None).casings) == [("Deepmind", "DeepMind", False)]


def test_a_casing_that_is_an_english_word_is_never_certain() -> None:
    # React the library, Palm the tree: the document may mean them.
    vocabulary = Vocabulary(("ReAct", "PaLM"))
    markdown = _table("A | ReAct and React", "B | PaLM and Palm")
    assert _brief(_analyze(markdown, vocabulary, builtin=None).casings) == [
        ("React", "ReAct", False),
        ("Palm", "PaLM", False),
    ]


def test_variants_are_right_and_make_a_slip_ambiguous() -> None:
    vocabulary = Vocabulary(("LLaMA",), variants=("Llama 2", "Code Llama"))
    markdown = _table("Alpaca | LLaMA, Llama 2, Code Llama and Llama", "Vicuna | LLama-13B")
    findings = _analyze(markdown, vocabulary, builtin=None)
    # Llama is right wherever it is written; LLama could mean either, so the
    # fix writes the term, unsafely.
    assert _brief(findings.casings) == [("LLama", "LLaMA", False)]
    assert findings.casings[0].candidates == ("LLaMA", "Llama")
    # With LLaMA the only casing, the same slip has a certain fix...
    single = _analyze(_table("Vicuna | LLama-13B, LLaMA"), Vocabulary(("LLaMA",)), builtin=None)
    assert _brief(single.casings) == [("LLama", "LLaMA", True)]
    # ...but Llama, an English word, is only ever a suggestion.
    word = _analyze(_table("Vicuna | Llama-13B, LLaMA"), Vocabulary(("LLaMA",)), builtin=None)
    assert _brief(word.casings) == [("Llama", "LLaMA", False)]


def test_the_builtin_vocabulary_accepts_llama_beside_llama() -> None:
    markdown = _table(
        "LLaMA: Open and Efficient Foundation Language Models | Meta",
        "Llama 2 | The Llama 3 Herd of Models, Serve Llama 2 locally",
        "Code Llama | LLaMA for code",
    )
    # In a table bound to a schema with the built-in vocabulary, too.
    assert _all(_analyze(markdown)) == []
    assert _all(_analyze(markdown, BUILTIN)) == []


def test_a_name_of_its_own_is_not_recased_from_the_document() -> None:
    markdown = _table("Lora | a repository", "LoRA: Low-Rank Adaptation | with LoRA and Lora", "X | LoRA")
    findings = _analyze(markdown, builtin=None)
    # Lora names the first row: the document's majority does not overrule it.
    assert findings.casings == []

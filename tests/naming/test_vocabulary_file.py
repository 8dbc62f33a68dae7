"""Vocabulary files, and the built-in vocabulary of ML names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tablelint.errors import InputError
from tablelint.naming.terms import words_in
from tablelint.naming.vocabulary_file import builtin_vocabulary, builtin_vocabulary_path, load_vocabulary


def test_the_builtin_vocabulary_loads_and_is_well_formed() -> None:
    vocabulary = builtin_vocabulary()
    assert builtin_vocabulary_path().name == "ml.yaml"
    for term in ("LaMDA", "DeepMind", "LLaMA", "PaLM", "OpenAI", "GitHub", "Hugging Face", "arXiv"):
        assert term in vocabulary.terms
    assert len(set(vocabulary.terms)) == len(vocabulary.terms), "a term is listed twice"
    for term in vocabulary.terms:
        assert words_in(term), f"{term!r} has no word tablelint can match"
    for wrong, right in vocabulary.substitutions.items():
        assert wrong.casefold() != right.casefold(), f"{wrong!r}: a casing difference belongs in terms"
    # Ordinary words would make real words look like misspellings.
    assert not {"Transformer", "Inception", "Lambda"} & set(vocabulary.terms)
    # Meta writes Llama since Llama 2: right, beside LLaMA, but never written by a fix.
    assert {"Llama", "Llama 2", "Llama 3"} <= set(vocabulary.variants)
    assert not set(vocabulary.variants) & set(vocabulary.terms)


def test_terms_with_variants(tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_text(
        "terms:\n  - DeepMind\n  - term: LLaMA\n    variants: [Llama 2, Code Llama]\n  - {term: Qwen}\n",
        encoding="utf-8",
    )
    vocabulary = load_vocabulary(path)
    assert vocabulary.terms == ("DeepMind", "LLaMA", "Qwen")
    assert vocabulary.variants == ("Llama 2", "Code Llama")
    assert vocabulary.accepted == ("DeepMind", "LLaMA", "Qwen", "Llama 2", "Code Llama")


def test_a_mapping_or_a_list(tmp_path: Path) -> None:
    mapping = tmp_path / "v.yaml"
    mapping.write_text("terms: [LaMDA, DeepMind]\nsubstitutions:\n  Deep Mind: DeepMind\n", encoding="utf-8")
    vocabulary = load_vocabulary(mapping)
    assert vocabulary.terms == ("LaMDA", "DeepMind") and vocabulary.substitutions == {"Deep Mind": "DeepMind"}
    listed = tmp_path / "l.json"
    listed.write_text('["PaLM"]', encoding="utf-8")
    assert load_vocabulary(listed).terms == ("PaLM",)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("just text\n", "a vocabulary is a list of terms or a mapping"),
        ("terms: [LaMDA]\nsubstitution: {}\n", "unknown key 'substitution'"),
        ("terms: LaMDA\n", "'terms' must be an array, not a string"),
        ("terms: [LaMDA, 3]\n", "'terms.1' must be a string, not an integer"),
        ("terms: [{term: LLaMA, variant: [Llama]}]\n", "unknown key 'terms.0.variant'; did you mean 'variants'?"),
        ("terms: [{variants: [Llama]}]\n", "'terms.0.term' is missing"),
        ("terms: [{term: LLaMA, variants: Llama}]\n", "'terms.0.variants' must be an array, not a string"),
        ("terms: [{term: LLaMA, variants: [Llama, '']}]\n", "'terms.0.variants.1' must not be empty"),
        ("substitutions: [a, b]\n", "'substitutions' must be a table, not an array"),
        ("substitutions: {Nips: ''}\n", "'substitutions.Nips' must not be empty"),
        ("terms: [LaMDA\n", "invalid YAML"),
    ],
)
def test_bad_vocabulary_files_give_one_line_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "v.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_vocabulary(path)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert str(path) in str(error.value)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="vocabulary file not found"):
        load_vocabulary(tmp_path / "none.yaml")

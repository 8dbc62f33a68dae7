"""The parts of a name, and a letter slipped in one of them."""

from __future__ import annotations

import pytest

from tablelint.naming.parts import PartKnowledge, parts, slipped_part


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("FastEdit", ["Fast", "Edit"]),
        ("CTranslate2", ["C", "Translate", "2"]),
        ("JFBench", ["JF", "Bench"]),
        ("KubeAI", ["Kube", "AI"]),
        ("LaMDA", ["La", "MDA"]),
        ("Kedro-Viz", ["Kedro", "Viz"]),
        ("arXiv", ["ar", "Xiv"]),
    ],
)
def test_parts(name: str, expected: list[str]) -> None:
    assert [part for _, _, part in parts(name)] == expected


@pytest.mark.parametrize(
    ("written", "name", "expected"),
    [
        ("DastEdit", "FastEdit", ("Fast", "Dast")),
        ("CLranslate2", "CTranslate2", ("Translate", "Lranslate")),
        ("KubeAU", "KubeAI", ("AI", "AU")),
        ("EEALM", "REALM", ("REALM", "EEALM")),
        # Not one letter for another of its case:
        ("DastEdits", "FastEdit", None),
        ("dastEdit", "FastEdit", None),
        ("DestEdat", "FastEdit", None),
        ("Q-Sparse", "E-Sparse", None),  # a part of one letter
        ("GLIP", "FLIP", None),  # a name of four letters
        ("Vearch", "Search", None),  # a name that is a word: puns are made of it
    ],
)
def test_slipped_part(written: str, name: str, expected: tuple[str, str] | None) -> None:
    assert slipped_part(written, name) == expected


def test_a_part_reads_as_a_word_a_known_acronym_or_a_part_of_another_word() -> None:
    known = PartKnowledge({"KubeAI", "KubeAU", "MLflow", "LanceDB"}, ["Hugging Face", "LaMDA"])
    compared = ("KubeAI", "KubeAU")
    assert known.reads_as_something("Fast", compared)  # an English word
    assert known.reads_as_something("ML", compared) and known.reads_as_something("DB", compared)
    assert known.reads_as_something("Face", compared)  # a part of a vocabulary term
    # Only the compared spellings hold these:
    assert not known.reads_as_something("AI", compared) and not known.reads_as_something("AU", compared)
    assert not known.reads_as_something("MDA", ("LaMDA", "LaMFA"))
    # Two letters are never taken for an English word (au, my).
    assert not known.reads_as_something("MY", compared)

"""duplicate-paper (TL605): offline by identifier and normalised title, and
online by the record two rows resolve to; and the title matching it shares
with the resolution."""

from __future__ import annotations

import json

import pytest

from conftest import paper_table
from tablelint.papers.titles import TITLE_THRESHOLD, arxiv_ids, dois, normalise_title, same_title


def _check(run, text: str, *args: str) -> list[dict]:  # type: ignore[no-untyped-def]
    result = run("check", "--offline", "--extend-select", "duplicate-paper", "--output-format", "json", *args, "-",
                 input=text)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_the_same_title_in_two_spellings_is_one_paper_offline(run) -> None:
    text = paper_table(("Attention Is All You Need", "NeurIPS 2017"), ("LaMDA", "arXiv 2022"),
                       ("attention is all you need.", "NeurIPS 2017"))
    found = [item for item in _check(run, text) if item["code"] == "TL605"]
    assert [(item["row"], item["line"]) for item in found] == [(3, 5)]
    assert "same paper as row 1" in found[0]["message"]


def test_two_papers_sharing_a_prefix_are_not_duplicates(run) -> None:
    text = paper_table(
        ("BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding", "NAACL 2019"),
        ("BERT-of-Theseus: Compressing BERT by Progressive Module Replacing", "EMNLP 2020"),
    )
    assert [item for item in _check(run, text) if item["code"] == "TL605"] == []


def test_the_same_arxiv_id_under_two_titles_is_one_paper(run) -> None:
    text = ("| 名称 | 来源 | 备注 |\n| --- | --- | --- |\n"
            "| Megatron-LM | arXiv 2019 | https://arxiv.org/abs/1909.08053 |\n"
            "| Megatron: model parallel training | arXiv 2019 | [pdf](https://arxiv.org/pdf/1909.08053v4) |\n")
    (item,) = [item for item in _check(run, text) if item["code"] == "TL605"]
    assert item["row"] == 2 and "arXiv 1909.08053" in item["message"]


def test_rows_that_duplicate_row_reports_are_not_reported_twice(run) -> None:
    text = paper_table(("LaMDA", "arXiv 2022"), ("lamda", "arXiv 2022"))
    codes = [item["code"] for item in _check(run, text)]
    assert "TL203" in codes and "TL605" not in codes


def test_online_two_rows_resolving_to_one_record_are_duplicates(verify) -> None:
    text = ("| 名称 | 来源 | 备注 |\n| --- | --- | --- |\n"
            "| Megatron-LM: Training Multi-Billion Parameter Language Models Using Model Parallelism | arXiv 2019 | |\n"
            "| Megatron | arXiv 2019 | https://arxiv.org/abs/1909.08053 |\n")
    run = verify(text)
    (diagnostic,) = run.by_code("TL605")
    assert diagnostic.row == 2 and "arXiv 1909.08053" in diagnostic.message


def test_normalising_drops_case_punctuation_marks_and_spaces() -> None:
    assert normalise_title("《Attention Is All You Need》") == normalise_title("attention  is all you need.")
    assert normalise_title("「ＬａＭＤＡ：Language Models」") == "lamda language models"
    linked = "[PEER: A Collaborative Language Model](https://x.org)"
    assert normalise_title(linked) == "peer a collaborative language model"


def test_the_title_threshold_allows_a_tenth_of_the_title_in_edits() -> None:
    # "attention is all you need" has 25 characters: two edits are within 10%, three are not.
    assert TITLE_THRESHOLD == 0.1
    assert same_title("Attention Is All You Need", "Atention Is Al You Need")
    assert not same_title("Attention Is All You Need", "Atention Is Al You Ned")
    assert not same_title("BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
                          "BERT-of-Theseus: Compressing BERT by Progressive Module Replacing")
    assert not same_title("BERT", "BERT-of-Theseus")


@pytest.mark.parametrize(("text", "expected"), [
    ("https://arxiv.org/abs/2203.02155v3", ["2203.02155"]),
    ("arXiv:1909.08053", ["1909.08053"]),
    ("https://doi.org/10.48550/arXiv.2302.13971", ["2302.13971"]),
    ("http://arxiv.org/abs/cs/0112017", ["cs/0112017"]),
    ("https://example.com/2203.02155", []),
])
def test_arxiv_ids_in_a_cell(text: str, expected: list[str]) -> None:
    assert arxiv_ids(text) == expected


def test_dois_in_a_cell_leave_out_arxivs_own() -> None:
    assert dois("[paper](https://doi.org/10.1038/s41586-021-03819-2), 10.48550/arXiv.2302.13971") == [
        "10.1038/s41586-021-03819-2"]

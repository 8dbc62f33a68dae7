"""Terms: Latin-script words split out of CJK text, with spans in the cell's
raw text, and markup, code and URLs left out."""

from __future__ import annotations

import re
from itertools import accumulate

from hypothesis import given
from hypothesis import strategies as st

from tablelint.naming.letters import has_letters_past_latin_1
from tablelint.naming.terms import (
    TERM,
    cased_words,
    is_acronym,
    is_mixed_case,
    is_name_like,
    is_shouting,
    joined_visible_text,
    latin_1,
    link_labels,
    term_runs,
    terms_of,
    terms_of_runs,
    visible_text,
    words_in,
)
from tablelint.parse.gfm import code_spans


def texts(raw: str) -> list[str]:
    return [term.text for term in terms_of(raw)]


def test_latin_runs_are_split_out_of_cjk_text_and_full_width_punctuation() -> None:
    assert texts("Meta的PEEK：<br/>1 交互式") == ["Meta", "PEEK"]
    assert texts("谷歌大脑的LaMDA语言模型（对比InstructGPT的SFT+RM+RLHF）") == [
        "LaMDA",
        "InstructGPT",
        "SFT",
        "RM",
        "RLHF",
    ]


def test_hyphenated_and_versioned_names_stay_whole() -> None:
    assert texts("英伟达的Megatron-LM，GPT-3.5和LLaMA-13B对标GPT-3(175B)") == [
        "Megatron-LM",
        "GPT-3.5",
        "LLaMA-13B",
        "GPT-3",
        "175B",
    ]
    # A dot joins digits only: the end of a sentence is not part of a name.
    assert texts("Trained by OpenAI. Then") == ["Trained", "by", "OpenAI", "Then"]


def test_spans_are_in_raw_coordinates() -> None:
    raw = "`code` a \\| b <br/>参考：Deepmind的[PEER](https://x.org/PEEK)"
    for term in terms_of(raw):
        assert raw[term.start : term.end] == term.text
    assert texts(raw) == ["a", "b", "Deepmind", "PEER"]


def test_urls_code_html_and_markdown_syntax_are_removed() -> None:
    assert texts("参考：https://zhuanlan.zhihu.com/p/366906920，见DeepMind") == ["DeepMind"]
    assert texts("www.Deepmind.com/Lambda now") == ["now"]
    assert texts("<https://example.org/Lamda> and <a href='Lamda'>LaMDA</a>") == ["and", "LaMDA"]
    assert texts("`Lamda` code, <!-- Lamda --> comment") == ["code", "comment"]
    assert texts('[text](https://example.org/Lamda "Lamda title") [ref][Lamda]') == ["text", "ref"]
    assert texts("mail someone@deepmind.com &amp; &#39;") == ["mail"]


def test_identifiers_files_and_lower_case_paths_are_removed_but_word_pairs_are_not() -> None:
    assert texts("github.com/Deepmind llama.cpp README.md max_length") == []
    assert texts("facebookresearch/llama") == []
    assert texts("Critique/Revision and SFT/RM") == ["Critique", "Revision", "and", "SFT", "RM"]
    # A lone "e.g." or "U.S." is not a file name.
    assert texts("e.g. U.S.") == ["e", "g", "U", "S"]


def test_a_term_needs_a_letter() -> None:
    assert texts("2022 1.3B 175 2020-2022") == ["1.3B"]


def test_mixed_case_means_internal_capitals() -> None:
    for word in ("DeepMind", "arXiv", "LLaMA", "LaMDA", "PaLM", "iPhone"):
        assert is_mixed_case(word), word
    for word in ("Deepmind", "arxiv", "PEER", "Helpful", "helpful", "LLMs", "GPUs"):
        assert not is_mixed_case(word), word


def test_acronyms_and_name_like_terms() -> None:
    assert is_acronym("PEER") and is_acronym("GPT-3") and not is_acronym("T5") and not is_acronym("PaLM")
    assert is_name_like("Megatron-LM") and is_name_like("GPT-3.5") and is_name_like("LaMDA")
    assert (
        not is_name_like("Instruction-Finetuned")
        and not is_name_like("Chinchilla")
        and not is_name_like("LLMs")
    )
    # In a title written in capitals, capitals say nothing; mixed case still does.
    assert not is_name_like("HUMAN-LEVEL", shouting=True) and is_name_like("LaMDA", shouting=True)


def test_shouting() -> None:
    assert is_shouting(words_in("LARGE LANGUAGE MODELS ARE HUMAN-LEVEL PROMPT ENGINEERS"))
    assert not is_shouting(words_in("InstructGPT uses SFT, RM and PPO on prompts"))
    assert not is_shouting(["SFT", "RM"])  # too few words to tell


@given(
    st.text(alphabet=st.sampled_from(list("aZ9-._/:@&;#<>!`[]()\\| \u4e2d\u3002\uff1aéwhtps")), max_size=60)
)
def test_blanking_keeps_every_offset(raw: str) -> None:
    visible = visible_text(raw)
    assert len(visible) == len(raw)
    assert all(v == r or v == " " for v, r in zip(visible, raw, strict=True))
    for term in terms_of(raw):
        assert raw[term.start : term.end] == term.text
        assert any(c.isalpha() for c in term.text)


# Whole-document helpers: each must give what the per-cell functions give ------

cells_text = st.text(
    alphabet=st.sampled_from(list("aZé9-._/:@&;#<>!`[]()\\| \u4e2d\uff1awhtpsbr\u0101")), max_size=30
)


def _starts(raws: list[str]) -> list[int]:
    return list(accumulate(map((1).__add__, map(len, raws)), initial=1))


@given(st.lists(cells_text, max_size=8))
def test_joined_visible_text_is_every_cells_visible_text(raws: list[str]) -> None:
    text, data = joined_visible_text(raws, _starts(raws))
    assert text == "".join("\n" + visible_text(raw) for raw in raws)
    assert data == latin_1(text) and len(data) == len(text)


def test_joined_visible_text_blanks_only_what_each_cell_blanks() -> None:
    raws = ["`PEEK` code", "a<br/>b", "see https://x.org/PEEK", "Lambda", "max_length", "e.g. this"]
    text, _ = joined_visible_text(raws, _starts(raws))
    assert text.split("\n")[1:] == [visible_text(raw) for raw in raws]
    assert text.split("\n")[4] == "Lambda"


@given(st.text(alphabet="`ab ", max_size=16))
def test_code_spans_are_found_as_commonmark_delimits_them(text: str) -> None:
    # gfm.code_spans looks closing runs up in an index (linear time); it
    # must find exactly what the plain pattern finds in a cell.
    plain = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")
    assert [(start, end) for start, _, _, end in code_spans(text)] == [m.span() for m in plain.finditer(text)]


@given(st.text(alphabet="aBé1ǀ-. \n", max_size=20))
def test_cased_words_are_the_runs_of_four_letters_or_more(text: str) -> None:
    runs = re.findall(r"[^\W\d_]+", text)
    assert cased_words(text) == [run for run in runs if len(run) >= 4]


latin_1_text = st.text(alphabet=st.sampled_from(list("aZÉé9-. \u4e2d?×\n")), max_size=40)


@given(latin_1_text)
def test_terms_from_runs_of_bytes_are_the_terms_of_the_text(text: str) -> None:
    assert not has_letters_past_latin_1(text)
    expected = {term for term in TERM.every.findall(text) if not term.isdigit()}
    assert terms_of_runs(term_runs(latin_1(text))) == expected


def test_letters_past_latin_1_are_noticed() -> None:
    assert not has_letters_past_latin_1("DeepMind的Chinchilla：ÉCOLE, naïve, 😀")
    assert has_letters_past_latin_1("Łukasz") and has_letters_past_latin_1("Ȧ")


def test_link_labels_are_found_in_raw_coordinates() -> None:
    raw = "see [The Llama 3 Herd of Models](https://x.org) and [a [b] c][ref], ![logo](l.png) [plain] text"
    labels = [raw[start:end] for start, end in link_labels(raw)]
    assert labels == ["The Llama 3 Herd of Models", "a [b] c", "logo"]
    assert link_labels("no links [here]") == []

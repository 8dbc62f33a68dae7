"""The three naming rules through the command line: diagnostics, fixes,
suppressions and the configuration's vocabulary."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import run_cli

TABLE = (
    "| model | comment |\n"
    "| --- | --- |\n"
    "| PEER: A Collaborative Language Model | Meta的PEEK：editing |\n"
    "| LaMDA | dialogue, by Google |\n"
    "| Sparrow | DeepMind; builds on Lambda |\n"
    "| Chinchilla | DeepMind, again Deepmind and DeepMind |\n"
)


def _check(path: str, *args: str) -> list[dict]:
    code, out, err = run_cli("check", "--offline", "--output-format", "json", "--select", "TL4", *args, path)
    assert code in (0, 1), err
    return json.loads(out)


def test_diagnostics_carry_the_span_the_field_and_the_fix(workdir: Path) -> None:
    (workdir / "t.md").write_text(TABLE, encoding="utf-8")
    found = {item["code"]: item for item in _check("t.md")}
    assert sorted(found) == ["TL401", "TL402", "TL403"]
    mismatch = found["TL401"]
    assert (mismatch["name"], mismatch["severity"], mismatch["line"], mismatch["row"], mismatch["field"]) == (
        "naming-mismatch",
        "error",
        3,
        1,
        "comment",
    )
    line = TABLE.splitlines()[2]
    assert line[mismatch["column"] - 1 : mismatch["end_column"] - 1] == "PEEK"
    # The row's name is learned from the document: a suggestion, not certain.
    assert mismatch["fix"]["applicability"] == "unsafe"
    assert mismatch["fix"]["edits"] == [
        {
            "line": 3,
            "column": mismatch["column"],
            "end_line": 3,
            "end_column": mismatch["end_column"],
            "content": "PEER",
        }
    ]
    # No schema or config declares DeepMind for this table: the built-in
    # vocabulary suggests it, unsafely.
    assert found["TL402"]["severity"] == "warning" and found["TL402"]["fix"]["applicability"] == "unsafe"
    assert "written 'DeepMind' in tablelint's built-in vocabulary" in found["TL402"]["message"]
    assert found["TL403"]["severity"] == "warning" and found["TL403"]["fix"]["applicability"] == "unsafe"
    assert "'Lambda' is one edit away from 'LaMDA', the name of row 2" in found["TL403"]["message"]


def test_fix_applies_the_safe_fixes_and_the_unsafe_ones_on_request(workdir: Path) -> None:
    # The configuration declares DeepMind: that casing fix is certain. The
    # row's own name and the near miss are learned from the document: they
    # wait for --unsafe-fixes.
    (workdir / "tablelint.toml").write_text('[vocabulary]\nterms = ["DeepMind"]\n', encoding="utf-8")
    path = workdir / "t.md"
    path.write_text(TABLE, encoding="utf-8")
    run_cli("fix", "--select", "TL4", "t.md")
    fixed = path.read_text(encoding="utf-8")
    assert "Meta的PEEK：editing" in fixed and "again DeepMind and" in fixed and "builds on Lambda" in fixed
    run_cli("fix", "--select", "TL4", "--unsafe-fixes", "t.md")
    fixed = path.read_text(encoding="utf-8")
    assert "Meta的PEER：editing" in fixed and "builds on LaMDA" in fixed
    assert _check("t.md") == []


def test_a_suppression_in_the_cell_silences_the_rule(workdir: Path) -> None:
    table = TABLE.replace(
        "builds on Lambda |", "builds on Lambda <!-- tablelint-disable-line near-miss-term --> |"
    )
    (workdir / "t.md").write_text(table, encoding="utf-8")
    assert sorted(item["code"] for item in _check("t.md")) == ["TL401", "TL402"]


def test_the_configuration_vocabulary_applies_without_a_schema(workdir: Path) -> None:
    (workdir / "tablelint.toml").write_text(
        '[vocabulary]\nterms = ["GoogLeNet"]\nsubstitutions = { "Huggingface" = "Hugging Face" }\n',
        encoding="utf-8",
    )
    (workdir / "t.md").write_text(
        "| model | comment |\n| --- | --- |\n| Inception | GoogleLeNet, on Huggingface |\n", encoding="utf-8"
    )
    found = [
        (item["code"], item["fix"]["edits"][0]["content"], item["fix"]["applicability"])
        for item in _check("t.md")
    ]
    assert found == [("TL403", "GoogLeNet", "unsafe"), ("TL403", "Hugging Face", "safe")]


def test_documents_without_table_bodies_are_fine(workdir: Path) -> None:
    (workdir / "t.md").write_text("# Title\n\n| a | b |\n| --- | --- |\n\ntext\n", encoding="utf-8")
    assert _check("t.md") == []


# A reading list in the shape of the ones where safe fixes changed meaning:
# linked paper titles, a row named MultiModal-GPT, Llama beside LLaMA, a
# benchmark translated from another one a letter apart.
LIST = (
    "| Name | Description |\n"
    "| --- | --- |\n"
    "| MultiModal-GPT | Multimodal dialogue with humans |\n"
    "| [Qwen3.5: Towards Native Multimodal Agents](https://example.org/qwen) | Multimodal agents |\n"
    "| [The Llama 3 Herd of Models](https://example.org/llama3) | Serve Llama 2 locally; Code Llama |\n"
    "| LLaMA: Open and Efficient Foundation Language Models | the first LLaMA |\n"
    "| JFBench | A Japanese benchmark translated from IFBench. |\n"
    "| ResNeXt | Aggregated residual transformations, after ResNet |\n"
)


def test_fix_changes_no_meaning_in_a_reading_list(workdir: Path) -> None:
    path = workdir / "list.md"
    path.write_text(LIST, encoding="utf-8")
    code, _, err = run_cli("fix", "list.md")
    assert code == 0, err
    assert path.read_text(encoding="utf-8") == LIST
    run_cli("fix", "--unsafe-fixes", "list.md")
    assert path.read_text(encoding="utf-8") == LIST
    assert [item for item in _check("list.md") if item["code"].startswith("TL4")] == []


def _fixes(diagnostics: list[dict]) -> list[tuple[str, str, str]]:
    """(word reported, replacement, applicability) of each diagnostic."""
    return [
        (item["message"].split("'")[1], item["fix"]["edits"][0]["content"], item["fix"]["applicability"])
        for item in diagnostics
    ]


def test_the_configuration_vocabulary_declares_variants(workdir: Path) -> None:
    (workdir / "tablelint.toml").write_text(
        '[vocabulary]\nterms = ["DeepMind", { term = "Gemma", variants = ["GemMA"] }]\n', encoding="utf-8"
    )
    (workdir / "t.md").write_text(
        "| model | comment |\n| --- | --- |\n| A | GemMA and Gemma, GEmma; by Deepmind and DeepMind |\n",
        encoding="utf-8",
    )
    found = _fixes(_check("t.md"))
    # GemMA is right; GEmma could be either spelling: a suggestion only.
    assert found == [("GEmma", "Gemma", "unsafe"), ("Deepmind", "DeepMind", "safe")]


def test_a_bad_vocabulary_entry_in_the_configuration_is_one_clear_line(workdir: Path) -> None:
    (workdir / "tablelint.toml").write_text(
        '[vocabulary]\nterms = [{ term = "Gemma", varients = ["GemMA"] }]\n', encoding="utf-8"
    )
    (workdir / "t.md").write_text("| a | b |\n| --- | --- |\n| x | y |\n", encoding="utf-8")
    code, _, err = run_cli("check", "--offline", "t.md")
    assert code == 2
    assert "tablelint.toml: unknown key 'vocabulary.terms.0.varients'; did you mean 'variants'?" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_schema_vocabulary_declares_variants(workdir: Path) -> None:
    (workdir / "schemas").mkdir()
    (workdir / "schemas" / "models.yaml").write_text(
        "name: models\n"
        "name-field: model\n"
        "fields:\n  - name: model\n  - name: comment\n"
        "vocabulary:\n  terms:\n    - term: ChatGLM\n      variants: [ChatGlm]\n    - DeepMind\n",
        encoding="utf-8",
    )
    (workdir / "tablelint.toml").write_text('schema-dirs = ["schemas"]\n', encoding="utf-8")
    (workdir / "t.md").write_text(
        "<!-- tablelint: schema=models -->\n| model | comment |\n| --- | --- |\n"
        "| A | ChatGlm, ChatGLM and CHatGLM; Deepmind, DeepMind |\n",
        encoding="utf-8",
    )
    found = _fixes(_check("t.md"))
    assert found == [("CHatGLM", "ChatGLM", "unsafe"), ("Deepmind", "DeepMind", "safe")]


def test_the_built_in_vocabulary_leaves_a_link_label_as_the_page_spells_it(workdir: Path) -> None:
    # No schema binds this table, so only tablelint's built-in vocabulary knows
    # OpenAI; the label is an article's title, which spells its subject its own way.
    (workdir / "t.md").write_text(
        "| Name | Notes |\n| --- | --- |\n"
        "| Alpaca | [Openai-Gym in twenty minutes](https://x.example/a) by OpenAI |\n"
        "| Vicuna | OpenAI again, and Openai outside a label |\n",
        encoding="utf-8",
    )
    found = [(item["line"], item["message"].split("'")[1]) for item in _check("t.md")]
    assert found == [(4, "Openai")]


def test_the_built_in_vocabulary_leaves_a_word_the_text_also_writes_in_lower_case(workdir: Path) -> None:
    # A quoted answer that writes github, Github and GitHub: the built-in
    # vocabulary is not sure enough of this text to call Github a slip.
    (workdir / "t.md").write_text(
        "| Topic | Answer |\n| --- | --- |\n"
        "| github | Github hosts code; GitHub is a website |\n"
        "| gitlab | another site |\n",
        encoding="utf-8",
    )
    assert _check("t.md") == []


def test_a_declared_term_is_found_miscased_where_the_document_never_writes_it(workdir: Path) -> None:
    (workdir / "t.md").write_text(
        "| 名称 | 来源 | 说明 |\n| --- | --- | --- |\n"
        "| Gopher | arXiv 2021 | a model from Deepmind |\n"
        "| Chinchilla | arXiv 2022 | grows like a Palm tree |\n",
        encoding="utf-8",
    )
    found = [(item["line"], item["fix"]["applicability"]) for item in _check("t.md") if item["code"] == "TL402"]
    assert found == [(3, "safe")]


def test_the_built_in_vocabulary_suggests_a_miscased_non_word_without_a_schema(workdir: Path) -> None:
    # No schema binds this table and the text never writes OpenAI: Openai is
    # no word, so it can only be the built-in term miscased; the fix is a
    # suggestion, since no vocabulary of this list declares it.
    (workdir / "t.md").write_text(
        "| Name | Notes |\n| --- | --- |\n| Gym | a toolkit from Openai |\n| Baselines | more of it |\n",
        encoding="utf-8",
    )
    found = [(item["line"], item["fix"]["applicability"]) for item in _check("t.md")]
    assert found == [(3, "unsafe")]


def test_the_built_in_vocabulary_suggests_a_rare_english_word_miscased(workdir: Path) -> None:
    # Lora and Latex are in the English list, but rare: a list of models
    # that never writes LoRA or LaTeX means them there, not the words. The
    # fix stays a suggestion (no vocabulary of this list declares them).
    (workdir / "t.md").write_text(
        "| Name | Notes |\n| --- | --- |\n"
        "| QLoRA-ft | Lora adapters on a 4-bit model |\n"
        "| Paper-bot | Latex sources of the paper |\n",
        encoding="utf-8",
    )
    found = [(item["line"], _replacement(item), item["fix"]["applicability"]) for item in _check("t.md")]
    assert found == [(3, "LoRA", "unsafe"), (4, "LaTeX", "unsafe")]


def test_a_common_word_is_not_taken_for_a_term_the_document_never_writes(workdir: Path) -> None:
    # Glove, Palm and React are common words (and React is also a library):
    # without GloVe, PaLM or ReAct in the text, they may mean themselves.
    (workdir / "t.md").write_text(
        "| Name | Notes |\n| --- | --- |\n"
        "| Hands | Glove sizes for a robot hand |\n"
        "| Trees | Palm fronds, photographed |\n"
        "| Web-ui | React front end |\n",
        encoding="utf-8",
    )
    assert _check("t.md") == []


def _replacement(item: dict) -> str:
    (edit,) = item["fix"]["edits"]
    return edit["content"]

from __future__ import annotations

from ..diagnostics import Severity
from .paper_rows import NetworkPaperRule


class PublishedPreprint(
    NetworkPaperRule, code="TL602", name="published-preprint", severity=Severity.INFO, fix="unsafe",
    example_args=("--verify-papers",),
    summary="A row cites a preprint that was since published (arXiv 2022 → NeurIPS 2022); needs --verify-papers",
):
    """## What it does
    With paper verification on (`--verify-papers`), reports a row whose
    source cites the preprint (`arXiv 2022`), a lab's report or an unknown
    source while a peer-reviewed version of the paper exists, and offers
    that version's venue-year (`NeurIPS 2022`).

    A row is matched to its records by the arXiv ID or DOI it holds (in the
    title's link or a references column), else by its title: case,
    punctuation, title marks (《》, quotes) and spaces are ignored, and a few
    typos are allowed (an edit distance up to `papers.title-threshold`, 10%
    of the title, by default). When several papers share a title, the year
    decides. dblp is asked first, then arXiv, then OpenAlex.

    ## Why is this bad?
    The published version is the one reviewed, often revised, and the one
    to cite. Lists keep the preprint long after: InstructGPT appeared at
    NeurIPS 2022, PEER and APE at ICLR 2023.

    ## Example
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | 《Training language models to follow instructions with human feedback》 | arXiv 2022 |
    ```

    ## Use instead
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | 《Training language models to follow instructions with human feedback》 | NeurIPS 2022 |
    ```

    ## Fix safety
    Unsafe: a list may cite the preprint on purpose (its version differs).
    A source that names both (`arXiv 2022 (NeurIPS 2022)`) is not reported.

    ## Options
    Information by default; a schema makes it a warning with
    `papers: {published-preprint: warning}`. The `[tool.tablelint.papers]`
    options of `wrong-paper-source`.
    """

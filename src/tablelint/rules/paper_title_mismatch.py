from __future__ import annotations

from ..diagnostics import Severity
from .paper_rows import NetworkPaperRule


class PaperTitleMismatch(
    NetworkPaperRule, code="TL603", name="paper-title-mismatch", severity=Severity.WARNING, fix="unsafe",
    example_args=("--verify-papers",), summary="A title differs from its record's by a typo; needs --verify-papers",
):
    """## What it does
    With paper verification on (`--verify-papers`), reports a title that
    differs from its record's beyond case, punctuation, title marks and
    spaces: a typo (`Paralelism`), a dropped or doubled letter. The
    differences allowed before a title is another paper's are
    `papers.title-threshold` (10% of the title by default).

    ## Why is this bad?
    A misspelt title is not found by a reader who searches for it, nor by
    a tool that links the list to the literature.

    ## Example
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | 《LaMDA: Language Models for Dialog Aplications》 | arXiv 2022 |
    ```

    ## Use instead
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | 《LaMDA: Language Models for Dialog Applications》 | arXiv 2022 |
    ```

    ## Fix safety
    Unsafe: the fix writes the record's title (keeping the title marks),
    and a record's spelling (British or American, a capitalisation) is not
    always the one a list wants. Case alone is never reported.
    """

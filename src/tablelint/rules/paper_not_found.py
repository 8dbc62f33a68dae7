from __future__ import annotations

from ..diagnostics import Severity
from .paper_rows import NetworkPaperRule


class PaperNotFound(
    NetworkPaperRule, code="TL604", name="paper-not-found", severity=Severity.INFO, example_args=("--verify-papers",),
    summary="No bibliographic record matches the row (says what was searched); needs --verify-papers",
):
    """## What it does
    With paper verification on (`--verify-papers`), reports a row that no
    service has a record of: no record whose title is the row's (typos
    allowed) and, for a row with an arXiv ID or DOI, no record with it. The
    message says what was searched.

    A service that did not answer (offline without a cached answer, a
    lasting server error or rate limit, a malformed answer) is not a "no":
    such a row is left unchecked and counted on the `papers:` summary line.

    ## Why is this bad?
    It may be a paper under another title, a title cut short to its model's
    name (`PEER`), or a typo too large to tell. Information only.

    ## Example
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | 《A Paper Nobody Wrote》 | arXiv 2022 |
    ```

    ## Use instead
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | 《Scaling Instruction-Finetuned Language Models》 | arXiv 2022 |
    ```

    ## Fix safety
    No fix.
    """

from __future__ import annotations

from ..diagnostics import Severity
from .paper_rows import NetworkPaperRule


class WrongPaperSource(
    NetworkPaperRule, code="TL601", name="wrong-paper-source", severity=Severity.WARNING, fix="unsafe",
    example_args=("--verify-papers",),
    summary="The source contradicts the paper's record (arXiv 2020 for a 2019 preprint); needs --verify-papers",
):
    """## What it does
    With paper verification on (`--verify-papers`, or `[tool.tablelint.papers]
    verify = true`), reports a source (venue-year) that the paper's
    bibliographic record contradicts: the preprint year is wrong
    (`arXiv2020` for arXiv 1909.08053, a 2019 preprint), the source is not a
    venue at all (`facebook research 2023` for arXiv 2302.13971), or a
    venue's year or the venue itself differs from the published record. The
    records come from dblp, arXiv and OpenAlex (see `published-preprint`
    for how a row is matched).

    ## Why is this bad?
    A reading list is read for where and when a paper appeared. A wrong
    year sorts the paper among the wrong generation of work; a lab's name in
    place of a venue hides that the paper is an arXiv preprint anyone can
    cite. Neither can be seen from the text.

    ## Example
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | 《Megatron-LM: Training Multi-Billion Parameter Language Models Using Model Parallelism》 | arXiv 2020 |
    ```

    ## Use instead
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | 《Megatron-LM: Training Multi-Billion Parameter Language Models Using Model Parallelism》 | arXiv 2019 |
    ```

    ## Fix safety
    The fix writes the record's venue-year, with the venue as the venue
    vocabulary (and the schema's `venues:`) writes it. It is unsafe: a
    title may name two papers, and the services' records are sometimes
    wrong. No fix when the year is in a column of its own, when the cell
    carries an annotation (`Oral`), or when the record's venue is not in
    the vocabulary.

    ## Options
    `[tool.tablelint.papers]`: `verify`, `services` (default `["dblp",
    "arxiv", "openalex"]`), `dblp-url`, `arxiv-url`, `openalex-url`,
    `dblp-rate`, `arxiv-rate`, `openalex-rate` (requests per second:
    1, 1/3 and 10 by default), `dblp-concurrency`, `arxiv-concurrency`,
    `openalex-concurrency`, `contact` (an e-mail address or URL for the
    User-Agent), `user-agent`, `timeout`, `retries`, `max-retry-after`,
    `cache`, `cache-path`, `cache-ttl` (seconds, four weeks by default),
    `allow-private`, `title-threshold` (default 0.1). `--offline` uses
    cached answers only and reports nothing for a row without one.
    """

from __future__ import annotations

from .base import ValidationRule


class MissingValue(
    ValidationRule, code="TL103", name="missing-value", kind="missing", summary="A required field is empty",
):
    """## What it does
    Reports a required field (`constraints.required: true` in the schema)
    that is empty or holds only a placeholder, in a row that holds data.
    Placeholder rows are reported once, by placeholder-row, instead, and
    group rows (a section heading inside the table, such as a row whose only
    cell is `**Vision**`) hold no data to miss.

    ## Why is this bad?
    The schema says every row has this value; a row without it is incomplete
    (a paper list entry without a title cannot be found or cited).

    ## Example
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    |  | arXiv 2022 |
    ```

    ## Use instead
    ```markdown
    | 名称 | 来源 |
    | --- | --- |
    | 《Toolformer: Language Models Can Teach Themselves to Use Tools》 | arXiv 2023 |
    ```

    ## Fix safety
    No fix: only the author knows the value.
    """

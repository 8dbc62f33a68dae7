from __future__ import annotations

from .base import ValidationRule


class ConstraintError(
    ValidationRule, code="TL202", name="constraint-error", kind="constraint",
    example_args=("--schema", "tests/data/models.yaml"),
    summary="A value breaks a schema constraint (pattern, enum, minimum, maximum, length)",
):
    """## What it does
    Checks the schema's constraints on each value: `pattern` (the whole value
    must match), `enum`, `minimum`/`maximum` (and their exclusive forms),
    `minLength`/`maxLength`.

    ## Why is this bad?
    The schema states what a valid value looks like; a value outside it is a
    typo or a value from the wrong column (a status of `reading` where the
    list uses `已读`/`在读`/`未读`).

    ## Example
    With a schema whose `params` field has `constraints: {minimum: 0}`:
    ```markdown
    | model | params |
    | --- | --- |
    | LLaMA | -7 |
    ```

    ## Use instead
    ```markdown
    | model | params |
    | --- | --- |
    | LLaMA | 7 |
    ```

    ## Fix safety
    No fix: only the author knows the right value.
    """

from __future__ import annotations

from .base import ValidationRule


class FieldTypeError(
    ValidationRule, code="TL201", name="type-error", kind="type", example_args=("--schema", "tests/data/models.yaml"),
    summary="A value does not parse as its field's type",
):
    """## What it does
    Checks that each value parses as its field's type (Table Schema types:
    integer, number, boolean, date, time, datetime, year, yearmonth, duration,
    object, array, list, geopoint, geojson; string formats email, uri, uuid).

    ## Why is this bad?
    A value that does not parse is read as text by everything downstream: a
    year of `2O22` sorts wrong, a parameter count of `7B?` cannot be summed.

    ## Example
    With a schema whose `params` field has `type: number`:
    ```markdown
    | model | params |
    | --- | --- |
    | GPT-2 | 1.5 billion |
    ```

    ## Use instead
    ```markdown
    | model | params |
    | --- | --- |
    | GPT-2 | 1.5 |
    ```

    ## Fix safety
    No fix: converting a value needs the author's intent.
    """

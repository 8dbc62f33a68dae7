"""What every rule is: a code, a name, a default severity, the kind of fix it
offers, documentation with a bad and a good example, and a ``check``.

A rule reads a LintContext and yields Diagnostics; it never prints, never
exits and knows nothing about output formats. Its class docstring is its
documentation page, in ruff's order: What it does / Why is this bad? /
Example / Use instead / Fix safety (and Options when it has any).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from ..diagnostics import Diagnostic, Fix, Severity

if TYPE_CHECKING:
    from ..facts.context import LintContext
    from ..parse.table import Cell, Row, Table


class _DocExample:
    """An example read from a rule's documentation: the fenced Markdown block
    under ``section``, so that it is written once, where readers see it."""

    def __init__(self, section: str) -> None:
        self.section = section

    def __get__(self, instance: object, owner: type[Rule]) -> str:
        found = re.search(rf"^{self.section}\n.*?^```markdown\n(.*?)^```", owner.documentation(), re.S | re.M)
        if found is None:
            raise AttributeError(f"{owner.__name__}'s documentation has no Markdown block under {self.section!r}")
        return found.group(1)


class Rule:
    """A rule declares its metadata in its class header, right above the
    docstring that documents it: ``class ColumnCount(Rule, code="TL001",
    name="column-count", severity=Severity.ERROR, fix="unsafe", summary=...)``.
    What a header leaves out it inherits (``ValidationRule``'s severity)."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    # What fix the rule offers: "safe", "unsafe", "safe or unsafe" or "none".
    fix: ClassVar[str] = "none"
    enabled_by_default: ClassVar[bool] = True
    summary: ClassVar[str]
    # Markdown that triggers the rule, and the same content written correctly:
    # the examples of its documentation, which the test suite runs.
    bad_example: ClassVar[str] = _DocExample("## Example")  # type: ignore[assignment]
    good_example: ClassVar[str] = _DocExample("## Use instead")  # type: ignore[assignment]
    # Extra command-line arguments the examples need (for instance a schema).
    example_args: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(
        cls, *, code: str | None = None, name: str | None = None, severity: Severity | None = None,
        fix: str | None = None, summary: str | None = None, enabled_by_default: bool | None = None,
        example_args: tuple[str, ...] | None = None, **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        declared = {
            "code": code, "name": name, "severity": severity, "fix": fix, "summary": summary,
            "enabled_by_default": enabled_by_default, "example_args": example_args,
        }
        for key, value in declared.items():
            if value is not None:
                setattr(cls, key, value)

    def check(self, context: LintContext) -> Iterable[Diagnostic]:
        raise NotImplementedError

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def page(cls) -> str:
        """The rule's whole page: what `tablelint rule` prints and the docs site shows."""
        off = "" if cls.enabled_by_default else " Off by default; enable with --extend-select."
        return (f"# {cls.name} ({cls.code})\n\nDefault severity: {cls.severity.value}. Fix: {cls.fix}.{off}\n\n"
                f"{cls.documentation()}\n")

    # Helpers that fill in the path, table, row and span of a diagnostic.

    def at_cell(
        self, context: LintContext, table: Table, row_number: int | None, cell: Cell, message: str, *,
        field: str | None = None, fix: Fix | None = None, severity: Severity | None = None,
    ) -> Diagnostic:
        end_column = cell.end_column if cell.end_column > cell.column else cell.column + 1
        return Diagnostic(
            self.code, self.name, severity or self.severity, message, context.path,
            cell.line, cell.column, cell.line, end_column, table.index, row_number, field, fix,
        )

    def at_row(
        self, context: LintContext, table: Table, row_number: int | None, row: Row, message: str, *,
        fix: Fix | None = None, severity: Severity | None = None,
    ) -> Diagnostic:
        start = len(row.prefix) + 1
        end = len(row.source.rstrip()) + 1
        return Diagnostic(
            self.code, self.name, severity or self.severity, message, context.path,
            row.line, start, row.line, max(end, start + 1), table.index, row_number, None, fix,
        )


class ValidationRule(Rule):
    """A rule that reports the row validation's problems of one ``kind``
    (schema/rows.py): each at its cell, or at the row that has no cell for it."""

    kind: ClassVar[str]
    severity = Severity.ERROR

    def __init_subclass__(cls, *, kind: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if kind is not None:
            cls.kind = kind

    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        for table_index, validation in context.validations().items():
            table = context.document.tables[table_index - 1]
            for problem in validation.problems:
                if problem.kind != self.kind:
                    continue
                row = table.rows[problem.row - 1]
                if problem.column < len(row.cells):
                    yield self.at_cell(context, table, problem.row, row.cells[problem.column], problem.message,
                                       field=problem.field)
                else:
                    yield self.at_row(context, table, problem.row, row,
                                      f"{problem.message}: the row has no cell for it")


def body_rows(table: Table) -> Iterator[tuple[int, Row]]:
    """Body rows with their 1-based row numbers, as diagnostics count them."""
    return enumerate(table.rows, 1)

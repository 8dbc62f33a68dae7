"""Diagnostics are data: a code, a span, an optional fix. Printing is elsewhere."""

from __future__ import annotations

from enum import Enum
from typing import Any

from .docs_site import rule_url
from .record import Record


class Severity(str, Enum):
    """How serious a problem is; ``--fail-on`` sets which ones fail a run."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


class Applicability(str, Enum):
    """How far a fix can be trusted (ruff's model).

    SAFE fixes keep the meaning the author intended and are applied by
    ``tablelint fix``; UNSAFE ones may not and need ``--unsafe-fixes``.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"


# Edit and Fix are hashable because they are never changed once made. Nothing
# enforces it: refusing __setattr__ would slow down making the many fixes of
# a large table.
class Edit(Record):
    """Replace the text from (line, column) up to (end_line, end_column),
    exclusive, with ``content``. 1-based; columns count code points."""

    __slots__ = ("line", "column", "end_line", "end_column", "content")

    def __init__(self, line: int, column: int, end_line: int, end_column: int, content: str) -> None:
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column
        self.content = content

    def __hash__(self) -> int:
        return hash((self.line, self.column, self.end_line, self.end_column, self.content))

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "content": self.content,
        }


class Fix(Record):
    """The edits that fix one problem, and whether applying them is safe."""

    __slots__ = ("applicability", "message", "edits")

    def __init__(self, applicability: Applicability, message: str, edits: tuple[Edit, ...]) -> None:
        self.applicability = applicability
        self.message = message
        self.edits = edits

    def __hash__(self) -> int:
        return hash((self.applicability, self.message, self.edits))

    def to_json(self) -> dict[str, Any]:
        return {
            "applicability": self.applicability.value,
            "message": self.message,
            "edits": [edit.to_json() for edit in self.edits],
        }


class Diagnostic(Record):
    """One problem found by a rule, at a span of one file."""

    __slots__ = (
        "code", "name", "severity", "message", "path", "line", "column", "end_line", "end_column", "table", "row",
        "field", "fix", "notes",
    )

    def __init__(
        self, code: str, name: str, severity: Severity, message: str, path: str, line: int, column: int, end_line: int,
        end_column: int, table: int | None = None, row: int | None = None, field: str | None = None,
        fix: Fix | None = None, notes: list[str] | None = None,
    ) -> None:
        self.code = code
        self.name = name
        self.severity = severity
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column
        self.table = table
        self.row = row
        self.field = field
        self.fix = fix
        # Extra facts a report may show (the bound schema, a link's final URL...);
        # None rather than an empty list: a run can hold 100k diagnostics.
        self.notes = notes

    def __str__(self) -> str:
        mark = "" if self.fix is None else (" [*]" if self.fix.applicability is Applicability.SAFE else " [~]")
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.name}: {self.message}{mark}"

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "table": self.table,
            "row": self.row,
            "field": self.field,
            "fix": self.fix.to_json() if self.fix else None,
            "url": rule_url(self.name),
        }

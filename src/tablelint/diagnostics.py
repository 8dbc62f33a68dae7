"""Diagnostics are data: a code, a span, an optional fix. Printing is elsewhere."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class Severity(str, Enum):
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


# Edit and Fix are not frozen: a frozen dataclass sets each field through
# object.__setattr__, which doubles the cost of making the 100k fixes of a
# large table. They are still never changed, and hash as before.
@dataclass(slots=True, unsafe_hash=True)
class Edit:
    """Replace the text from (line, column) up to (end_line, end_column),
    exclusive, with ``content``. 1-based; columns count code points."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "content": self.content,
        }


@dataclass(slots=True, unsafe_hash=True)
class Fix:
    """The edits that fix one problem, and whether applying them is safe."""
    applicability: Applicability
    message: str
    edits: tuple[Edit, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "applicability": self.applicability.value,
            "message": self.message,
            "edits": [edit.to_json() for edit in self.edits],
        }


@dataclass(slots=True)
class Diagnostic:
    """One problem found by a rule, at a span of one file."""
    code: str
    name: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    table: int | None = None
    row: int | None = None
    field: str | None = None
    fix: Fix | None = None
    # Extra facts a report may show (the bound schema, a link's final URL...);
    # None rather than an empty list: a run can hold 100k diagnostics.
    notes: list[str] | None = None

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
        }

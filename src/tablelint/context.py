"""What rules read: one parsed document, its settings, and shared analyses.

Analyses that several rules need (schema binding, row validation, naming)
are computed once per document, on first use, and cached here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .config import Settings
from .document import Document

T = TypeVar("T")


@dataclass(slots=True)
class LintContext:
    document: Document
    settings: Settings = field(default_factory=Settings)
    # A schema named on the command line (--schema); it binds every table.
    schema_override: str | None = None
    _cache: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return self.document.path

    def shared(self, key: str, compute: Callable[[LintContext], T]) -> T:
        """The result of ``compute(self)``, computed at most once per document."""
        if key not in self._cache:
            self._cache[key] = compute(self)
        return self._cache[key]

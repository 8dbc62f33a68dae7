"""Typed records for ``extract`` when a schema binds a table (filled in by the schema work)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..document import Document
from ..table import Table


def typed_converter(
    document: Document, schema: str | None, config: Path | None
) -> Callable[[Table], tuple[str, list[str], list[dict[str, Any]]] | None] | None:
    return None

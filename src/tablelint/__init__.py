"""tablelint: validate, lint, fix and format Markdown (GFM) tables as data.

The public API is in ``tablelint.api`` and re-exported here: ``lint``,
``fix``, ``format``, ``extract``, ``infer_schema``, ``load_schema``,
``load_config``, ``rules``, ``check_paths``, and for editors ``cell_at``
and ``clear_caches``. They are imported on first use,
so that ``import tablelint`` (which the command line does on every run)
stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .api import (
        CellInfo,
        Diagnostic,
        FixResult,
        LinkMode,
        Report,
        RuleInfo,
        Severity,
        TableData,
        cell_at,
        check_paths,
        clear_caches,
        extract,
        fix,
        format,
        infer_schema,
        lint,
        list_rules,
        load_config,
        load_schema,
    )
    from .errors import ConfigError, InputError

__all__ = [  # noqa: RUF022 (grouped by role)
    # What the functions do
    "lint", "fix", "format", "extract", "check_paths", "infer_schema", "load_schema", "load_config",
    "list_rules", "cell_at", "clear_caches",
    # What they take and return
    "Report", "FixResult", "TableData", "RuleInfo", "CellInfo", "Diagnostic", "Severity", "LinkMode",
    # What they raise
    "ConfigError", "InputError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    if name in ("ConfigError", "InputError"):
        from . import errors

        return getattr(errors, name)
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'tablelint' has no attribute {name!r}")

"""tablelint's diagnostics and fixes as LSP values."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from .positions import LineIndex

SOURCE = "tablelint"
DOCS_URL = "https://tablelint.readthedocs.io/en/latest/rules/{name}/"

_SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
# Rules whose finding is text that does nothing: editors fade it out.
_UNNECESSARY = {"unused-suppression"}


def rule_url(name: str) -> str:
    return DOCS_URL.format(name=name)


def to_lsp_diagnostic(diagnostic: Diagnostic, index: LineIndex) -> types.Diagnostic:
    """One LSP diagnostic. Its ``data`` carries what a code action needs
    (the fix's edits, in LSP positions, and the rule's name), so a quick fix is
    made from the diagnostic the editor holds, not from a later state."""
    data: dict[str, Any] = {"name": diagnostic.name, "line": diagnostic.line, "table": diagnostic.table}
    if diagnostic.fix is not None:
        data["fix"] = {
            "applicability": diagnostic.fix.applicability.value,
            "message": diagnostic.fix.message,
            "edits": [
                {"range": _range_json(index.range(e.line, e.column, e.end_line, e.end_column)), "newText": e.content}
                for e in diagnostic.fix.edits
            ],
        }
    severity = diagnostic.severity.value if hasattr(diagnostic.severity, "value") else str(diagnostic.severity)
    return types.Diagnostic(
        range=index.range(diagnostic.line, diagnostic.column, diagnostic.end_line, diagnostic.end_column),
        # The rule's name leads, as the command line prints it: the code alone
        # says little, and editors show the message first.
        message=f"{diagnostic.name}: {diagnostic.message}",
        severity=_SEVERITIES.get(severity, types.DiagnosticSeverity.Warning),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=rule_url(diagnostic.name)),
        source=SOURCE,
        tags=[types.DiagnosticTag.Unnecessary] if diagnostic.name in _UNNECESSARY else None,
        data=data,
    )


def _range_json(value: types.Range) -> dict[str, Any]:
    return {"start": {"line": value.start.line, "character": value.start.character},
            "end": {"line": value.end.line, "character": value.end.character}}


def range_from_json(value: dict[str, Any]) -> types.Range:
    return types.Range(start=types.Position(**value["start"]), end=types.Position(**value["end"]))

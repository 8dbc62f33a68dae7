"""SARIF 2.1.0, for GitHub code scanning and other
viewers. Columns are code points (``columnKind: unicodeCodePoints``)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ... import __version__, lazy_re
from ...docs_site import DOCS_URL, rule_url
from ...rules import ALL_RULES

if TYPE_CHECKING:
    from ...engine.results import FileReport
    from .. import RenderOptions

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_SURROGATES = lazy_re.compile("[\ud800-\udfff]")


def _uri(path: str) -> str:
    """A URI reference for a path: a relative path stays relative (GitHub
    resolves it against the checkout), percent-encoded as RFC 3986 requires
    (a space, ``%``, ``:`` or CJK in a file name is not valid in a URI).
    The name's own bytes are encoded, so a name that is not UTF-8 keeps them."""
    if path == "-":
        return "stdin"
    candidate = Path(path)
    if candidate.is_absolute():
        return candidate.as_uri()
    return quote(os.fsencode(candidate.as_posix()), safe="/")


def _first_paragraph(documentation: str) -> str | None:
    """The paragraph after the heading of a rule's documentation (its "What it does")."""
    parts = documentation.split("\n\n")
    return parts[1] if len(parts) > 1 else None


def render(reports: list[FileReport], options: RenderOptions) -> Iterator[str]:
    return iter([_sarif(reports)])


def _sarif(reports: list[FileReport]) -> str:
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": _first_paragraph(rule.documentation()) or rule.summary},
            "help": {"text": rule.documentation(), "markdown": rule.documentation()},
            "helpUri": rule_url(rule.name),
            "defaultConfiguration": {"level": _LEVEL[rule.severity.value], "enabled": rule.enabled_by_default},
            "properties": {"fix": rule.fix},
        }
        for rule in ALL_RULES
    ]
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for report in reports:
        for d in report.diagnostics:
            result: dict[str, Any] = {
                "ruleId": d.code,
                "ruleIndex": index.get(d.code, 0),
                "level": _LEVEL[d.severity.value],
                "message": {"text": d.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(d.path)},
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column,
                        },
                    }
                }],
                "partialFingerprints": {"tablelint/v1": f"{d.code}:{d.path}:{d.table}:{d.row}:{d.field}"},
            }
            if d.fix:
                result["fixes"] = [{
                    "description": {"text": f"{d.fix.message} ({d.fix.applicability.value})"},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": _uri(d.path)},
                        "replacements": [{
                            "deletedRegion": {
                                "startLine": edit.line, "startColumn": edit.column,
                                "endLine": edit.end_line, "endColumn": edit.end_column,
                            },
                            "insertedContent": {"text": edit.content},
                        } for edit in d.fix.edits],
                    }],
                }]
            results.append(result)
        if report.error:
            # A file that could not be read is not a finding of any rule: SARIF
            # reports it as a notification of the tool's run.
            notifications.append({
                "level": "error",
                "message": {"text": report.error},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(report.path)}}}],
            })
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "tablelint",
                "version": __version__,
                "informationUri": DOCS_URL,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": not notifications,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    }
    text = json.dumps(log, ensure_ascii=False, indent=2) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # The bytes of a file name that is not UTF-8, held as surrogate
        # escapes: no UTF-8 can carry them. Texts say them readably (the
        # URIs carry the bytes themselves).
        text = _readable(text)
    return text


def _readable(text: str) -> str:
    """``text`` with surrogate escapes written as ``\\xe9``, within a JSON string."""
    from ..style import terminal_text

    return _SURROGATES.sub(lambda match: terminal_text(match.group()).replace("\\", "\\\\"), text)

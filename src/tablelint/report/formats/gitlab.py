"""GitLab Code Quality (a subset of Code Climate's issue format): the
artifact ``reports: codequality:`` shows in a merge request's widget."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..json_report import dumps
from .rdjson import relative_path

if TYPE_CHECKING:
    from ...engine.results import FileReport
    from .. import RenderOptions

# GitLab's scale is info, minor, major, critical, blocker: an error of tablelint
# fails the job, which is GitLab's "major".
_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(reports: list[FileReport], options: RenderOptions) -> Iterator[str]:
    issues = []
    seen: dict[str, int] = {}
    for report in reports:
        for d in report.diagnostics:
            path = relative_path(d.path)
            # Stable across runs while the problem stays (no line number: a
            # line added above it moves it, and GitLab would see it fixed and
            # a new one found); a repeat of the same problem in the same place
            # of the table gets its own.
            identity = "\0".join(map(str, (d.code, path, d.table, d.row, d.field, d.message)))
            occurrence = seen.get(identity, 0)
            seen[identity] = occurrence + 1
            digest = hashlib.sha256(f"{identity}\0{occurrence}".encode("utf-8", "surrogateescape")).hexdigest()
            issues.append({
                "type": "issue",
                "description": f"{d.code} {d.name}: {d.message}",
                "check_name": d.code,
                "fingerprint": digest,
                "severity": _SEVERITY[d.severity.value],
                "location": {
                    "path": path,
                    "positions": {
                        "begin": {"line": d.line, "column": d.column},
                        "end": {"line": d.end_line, "column": d.end_column},
                    },
                },
            })
    yield dumps(issues)

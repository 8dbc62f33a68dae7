"""ANSI colour, used only when the caller says so (a TTY without NO_COLOR)."""

from __future__ import annotations

from ..diagnostics import Severity

_CODES = {"bold": "1", "dim": "2", "red": "31", "yellow": "33", "cyan": "36", "green": "32", "blue": "34"}


def paint(text: str, *styles: str, color: bool) -> str:
    if not color or not styles:
        return text
    return "\x1b[" + ";".join(_CODES[style] for style in styles) + "m" + text + "\x1b[0m"


def severity_style(severity: Severity) -> tuple[str, ...]:
    return {"error": ("red", "bold"), "warning": ("yellow", "bold"), "info": ("blue",)}[severity.value]

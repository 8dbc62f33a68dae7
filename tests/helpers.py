"""Small helpers shared by the tests: run the CLI in-process, lint a string."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner

import tablelint
from tablelint.cli import main


def run_cli(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(main, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def check_json(*args: str, input: str | None = None) -> list[dict[str, Any]]:
    code, out, err = run_cli("check", "--offline", "--output-format", "json", *args, input=input)
    assert code in (0, 1), err
    return json.loads(out)


def lint_text(text: str, *, schema: str | None = None, select: list[str] | None = None, path: str = "t.md"):
    """The diagnostics of ``text``, links not checked, through the public API."""
    return tablelint.lint(text, path=path, schema=schema, select=select, links="off").diagnostics


def codes(diagnostics) -> list[str]:
    return [d.code for d in diagnostics]

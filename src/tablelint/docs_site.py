"""Where the documentation site lives, and the address of each page that
output formats link to (SARIF ``helpUri``, the ``url`` of a JSON or rdjson
diagnostic). docs/ builds these pages; tests/test_docs.py checks that every
address here names a page the build made."""

from __future__ import annotations

DOCS_URL = "https://tablelint.github.io/tablelint/"


def rule_url(name: str) -> str:
    """The page of a rule, by its name (``placeholder-row``)."""
    return f"{DOCS_URL}rules/{name}/"


def settings_url(key: str | None = None) -> str:
    """The configuration reference, or one key's entry on it (``links.timeout``)."""
    anchor = f"#{key.replace('.', '-')}" if key else ""
    return f"{DOCS_URL}configuration/{anchor}"

"""The rule registry: every rule, in code order. A new rule is one module in
this package plus one line here."""

from __future__ import annotations

from .base import Rule
from .column_count import ColumnCount
from .suppression import UnusedSuppression

ALL_RULES: tuple[type[Rule], ...] = (
    ColumnCount,
    UnusedSuppression,
)


def find_rule(code_or_name: str) -> type[Rule] | None:
    wanted = code_or_name.strip()
    for rule in ALL_RULES:
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            return rule
    return None


def expand_selector(selector: str) -> list[type[Rule]]:
    """Rules named by a selector: a code (TL001), a name (column-count), a
    code prefix (TL1, TL) or ALL."""
    wanted = selector.strip()
    if wanted.upper() == "ALL":
        return list(ALL_RULES)
    exact = find_rule(wanted)
    if exact:
        return [exact]
    return [rule for rule in ALL_RULES if rule.code.startswith(wanted.upper())]

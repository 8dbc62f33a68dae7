"""The rule registry: every rule, in code order. A new rule is one module in
this package plus one line here."""

from __future__ import annotations

from .base import Rule
from .column_count import ColumnCount
from .constraint_error import ConstraintError
from .duplicate_paper import DuplicatePaper
from .duplicate_row import DuplicateRow
from .header_mismatch import HeaderMismatch
from .links import DeadLink, MalformedUrl, RedirectedLink, UncheckedLink, UnreachableLink
from .malformed_source import MalformedSource
from .missing_value import MissingValue
from .naming import InconsistentCasing, NamingMismatch, NearMissTerm
from .paper_not_found import PaperNotFound
from .paper_title_mismatch import PaperTitleMismatch
from .placeholder_cell import PlaceholderCell
from .placeholder_row import PlaceholderRow
from .published_preprint import PublishedPreprint
from .suppression import UnusedSuppression
from .table_format import TableFormat
from .type_error import FieldTypeError
from .unchecked_table import UncheckedTable
from .wrong_paper_source import WrongPaperSource

ALL_RULES: tuple[type[Rule], ...] = (
    ColumnCount,
    HeaderMismatch,
    PlaceholderRow,
    PlaceholderCell,
    MissingValue,
    FieldTypeError,
    ConstraintError,
    DuplicateRow,
    MalformedSource,
    DeadLink,
    UnreachableLink,
    MalformedUrl,
    RedirectedLink,
    UncheckedLink,
    NamingMismatch,
    InconsistentCasing,
    NearMissTerm,
    TableFormat,
    WrongPaperSource,
    PublishedPreprint,
    PaperTitleMismatch,
    PaperNotFound,
    DuplicatePaper,
    UncheckedTable,
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


_LOOKALIKE_DIGITS = str.maketrans("OIL", "011")


def unknown_selector(selector: str, where: str) -> str | None:
    """None if ``selector`` names a rule (expand_selector); otherwise the
    message for it, written at ``where`` (``'select' from FILE``), with the
    nearest code or name, like ruff's "Unknown rule selector"."""
    if expand_selector(selector):
        return None
    import difflib

    wanted = selector.strip()
    codes = [rule.code for rule in ALL_RULES]
    names = [rule.name for rule in ALL_RULES]
    # A letter typed for the digit it looks like (TL1O1, TL3l5) first.
    digits = wanted[:2].upper() + wanted[2:].upper().translate(_LOOKALIKE_DIGITS)
    close = ([digits] if digits != wanted.upper() and expand_selector(digits) else []) or (
        difflib.get_close_matches(wanted.upper(), codes, n=1, cutoff=0.6)
        or difflib.get_close_matches(wanted.lower(), names, n=1, cutoff=0.6))
    hint = f"; did you mean '{close[0]}'?" if close else " (see `tablelint rules`)"
    return f"unknown rule selector '{selector}' in {where}{hint}"

"""A unified diff as a terminal shows it: removed lines red, added lines
green, and within a changed row the words that changed marked, so that a
one-character fix in a 300-character row is seen at once. Only a terminal
gets this; a diff written to a pipe or a file stays a plain patch."""

from __future__ import annotations

from .. import lazy_re
from ..layout.width import display_width
from .style import terminal_text

# An ASCII word is one token; any other character (a CJK character, a pipe,
# punctuation) is a token of its own, so a change inside a CJK run marks that
# character, not the whole run.
_TOKENS = lazy_re.compile(r"(?s)[A-Za-z0-9_]+|[ \t]+|.")
# Rows wider than this get a marker line under them pointing at the change.
LONG_ROW = 100

_RED, _GREEN, _CYAN, _BOLD = "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[1m"
_CHANGED_OLD, _CHANGED_NEW = "\x1b[1;41;37m", "\x1b[1;42;30m"
_RESET = "\x1b[0m"


def _changed_spans(old: str, new: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character spans of ``old`` and ``new`` that differ, by word."""
    from difflib import SequenceMatcher

    old_tokens = _TOKENS.findall(old)
    new_tokens = _TOKENS.findall(new)
    old_starts = _starts(old_tokens)
    new_starts = _starts(new_tokens)
    old_spans, new_spans = [], []
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            old_spans.append((old_starts[i1], old_starts[i2]))
        if j2 > j1:
            new_spans.append((new_starts[j1], new_starts[j2]))
    return old_spans, new_spans


def _starts(tokens: list[str]) -> list[int]:
    starts = [0]
    for token in tokens:
        starts.append(starts[-1] + len(token))
    return starts


def _paint_spans(text: str, spans: list[tuple[int, int]], base: str, changed: str) -> str:
    out, position = [base], 0
    for start, end in spans:
        out.append(terminal_text(text[position:start]))
        out.append(changed + terminal_text(text[start:end]) + _RESET + base)
        position = end
    out.append(terminal_text(text[position:]) + _RESET)
    return "".join(out)


def _marker(text: str, spans: list[tuple[int, int]]) -> str:
    """``^`` under each changed span of a long row, placed by display width."""
    line, position = [" "], 0  # under the diff's "+" column
    for start, end in spans:
        line.append(" " * display_width(terminal_text(text[position:start])))
        line.append("^" * max(display_width(terminal_text(text[start:end])), 1))
        position = end
    return "".join(line).rstrip()


def colour_diff(diff: str) -> str:
    """``diff`` (unified) coloured, with changed words marked in each pair of
    a removed and an added line."""
    lines = diff.splitlines(keepends=True)
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith(("--- ", "+++ ")):
            out.append(_BOLD + terminal_text(line.rstrip("\r\n")) + _RESET + "\n")
        elif line.startswith("@@"):
            out.append(_CYAN + line.rstrip("\r\n") + _RESET + "\n")
        elif line.startswith("-"):
            # A block of removed lines followed by as many added ones: pair them up.
            removed_end = index
            while removed_end < len(lines) and lines[removed_end].startswith("-"):
                removed_end += 1
            added_end = removed_end
            while added_end < len(lines) and lines[added_end].startswith("+"):
                added_end += 1
            removed, added = lines[index:removed_end], lines[removed_end:added_end]
            if len(removed) == len(added):
                # Kept in the patch's order (the removed lines, then the added
                # ones), each line marked against its counterpart, as git's diff-highlight does.
                pairs = [_pair(old, new) for old, new in zip(removed, added, strict=True)]
                out.extend(old for old, _ in pairs)
                out.extend(new for _, new in pairs)
            else:
                out.extend(_RED + terminal_text(old.rstrip("\r\n")) + _RESET + "\n" for old in removed)
                out.extend(_GREEN + terminal_text(new.rstrip("\r\n")) + _RESET + "\n" for new in added)
            index = added_end
            continue
        elif line.startswith("+"):
            out.append(_GREEN + terminal_text(line.rstrip("\r\n")) + _RESET + "\n")
        else:
            out.append(terminal_text(line.rstrip("\r\n")) + "\n")
        index += 1
    return "".join(out)


def _pair(old_line: str, new_line: str) -> tuple[str, str]:
    """The removed and the added line, coloured, the words that changed marked
    (and, under a long added row, a line of carets at the change)."""
    old, new = old_line[1:].rstrip("\r\n"), new_line[1:].rstrip("\r\n")
    old_spans, new_spans = _changed_spans(old, new)
    removed = _paint_spans("-" + old, [(s + 1, e + 1) for s, e in old_spans], _RED, _CHANGED_OLD) + "\n"
    added = _paint_spans("+" + new, [(s + 1, e + 1) for s, e in new_spans], _GREEN, _CHANGED_NEW) + "\n"
    if display_width(new) > LONG_ROW and new_spans:
        added += _GREEN + _marker(new, new_spans) + _RESET + "\n"
    return removed, added

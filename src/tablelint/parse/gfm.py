"""GFM table syntax, as cmark-gfm (GitHub's parser) reads it.

Pure functions on one line of text; no Markdown block structure here.

The facts they encode (cmark-gfm ``extensions/table.c`` and ``ext_scanners.re``):

* A ``|`` directly after a backslash is part of the cell, whatever comes
  before that backslash: the cell scanner takes the longest match of
  ``(escaped_char | [^|])+`` and ``\\\\`` is itself an escaped char, so
  ``a\\\\|b`` is one cell. Pipes inside code spans are *not* protected.
* A leading pipe (after indentation) and a trailing pipe are optional; spaces,
  tabs, vertical tabs and form feeds around a cell are not part of it.
* A row that is a lone ``|`` has no cells, and ends a table.
* Before inline parsing, every backslash directly before a ``|`` is removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import lazy_re

CELL_SPACE = " \t\v\f"
# Block quotes and list items nested deeper than this are not parsed (mistune's
# default limit, far from where Python's recursion would run out).
MAX_NESTING = 20

# A delimiter row after its leading pipe: cells of dashes with optional
# colons, separated by pipes, and an optional trailing pipe. Written so that
# two runs of spaces are never next to each other without a pipe between
# them: ``[ \t\v\f]*\|?[ \t\v\f]*`` would try every split of a long run
# of spaces before giving up on a line that is not a delimiter row, a time
# quadratic in the run.
DELIMITER_CELLS = r"[ \t\v\f]*:?-+:?[ \t\v\f]*(?:\|[ \t\v\f]*:?-+:?[ \t\v\f]*)*(?:\|[ \t\v\f]*)?"
_DELIMITER_ROW = lazy_re.compile(r"\|?" + DELIMITER_CELLS + r"\Z")


def split_cells(line: str, start: int = 0, keep_indent: bool = False) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` in ``line`` of each cell's trimmed text.

    ``start`` is where the row begins (after any container prefix). An empty
    cell has ``start == end``, placed just before the pipe that closes it.

    ``keep_indent`` is for a header row that is a lazy continuation line:
    cmark-gfm keeps such a line's indentation in the paragraph, so `` | a``
    has an empty first cell there (the leading pipe is only skipped when it is
    the row's first character).
    """
    n = len(line)
    pos = start
    while not keep_indent and pos < n and line[pos] in " \t":
        pos += 1
    if pos < n and line[pos] == "|":
        pos += 1
        while pos < n and line[pos] in CELL_SPACE:
            pos += 1
    spans: list[tuple[int, int]] = []
    find = line.find
    while pos < n:
        bar = find("|", pos)
        while bar > pos and line[bar - 1] == "\\":
            bar = find("|", bar + 1)
        end = n if bar < 0 else bar
        cell_start, cell_end = pos, end
        while cell_end > cell_start and line[cell_end - 1] in CELL_SPACE:
            cell_end -= 1
        while cell_start < cell_end and line[cell_start] in CELL_SPACE:
            cell_start += 1
        spans.append((cell_start, cell_end))
        if bar < 0:
            break
        pos = bar + 1
        while pos < n and line[pos] in CELL_SPACE:
            pos += 1
    return spans


def has_cells(line: str) -> bool:
    """Whether a non-blank line yields at least one cell (a lone ``|`` does not)."""
    # Neither blank nor a lone pipe among spaces (only spaces and tabs before
    # it). Every table line asks; str methods answer faster than the pattern
    # did, and leave nothing to compile.
    rest = line.lstrip(" \t")
    return rest != "" and rest.rstrip(" \t\v\f") != "|"


def unescape_pipes(raw: str) -> str:
    """Cell text as GFM hands it to the inline parser."""
    return raw.replace("\\|", "|") if "\\|" in raw else raw


def is_delimiter_row(line: str) -> bool:
    """Whether ``line`` (indentation already removed) is a delimiter row."""
    return _DELIMITER_ROW.match(line) is not None


def alignment_of(delimiter_cell: str) -> str:
    """``left``, ``center``, ``right`` or ``none`` for a delimiter cell like ``:--``."""
    left = delimiter_cell.startswith(":")
    right = delimiter_cell.endswith(":")
    if left and right:
        return "center"
    if left:
        return "left"
    if right:
        return "right"
    return "none"


def indent_columns(line: str) -> int:
    """Columns of leading indentation, tabs to the next multiple of 4."""
    spaces = len(line) - len(line.lstrip(" "))
    if not line.startswith("\t", spaces):
        return spaces  # no tab to expand (a long indentation is not walked a character at a time)
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


# HTML block starts of types 1 to 6 (CommonMark 4.6). Type 7 cannot interrupt a
# paragraph, and cmark-gfm lets such a line continue a table.
_HTML_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    "h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|"
    "noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|"
    "thead|title|tr|track|ul"
)
# Types 1 and 6 start with a tag name; types 2 to 5 with ``<!`` or ``<?`` (a
# comment, a processing instruction, a declaration, CDATA).
_HTML_1_AND_6 = r"<(?:script|pre|style|textarea)(?:[ \t>]|$)|</?(?:" + _HTML_BLOCK_TAGS + r")(?:[ \t>]|/>|$)"
_HTML_2_TO_5 = r"<!--|<\?|<![A-Za-z]|<!\[CDATA\["
# Type 7: a complete open tag or closing tag alone on its line.
_ATTRIBUTE = r"""(?:[ \t]+[A-Za-z_:][A-Za-z0-9_.:-]*(?:[ \t]*=[ \t]*(?:[^ \t"'=<>`]+|'[^']*'|"[^"]*"))?)"""
_HTML_7 = (
    r"(?:<[A-Za-z][A-Za-z0-9-]*" + _ATTRIBUTE + r"*[ \t]*/?>|</[A-Za-z][A-Za-z0-9-]*[ \t]*>)[ \t]*$"
)
# An HTML block of type 7 on its own line (it cannot interrupt a paragraph).
HTML_BLOCK_7 = lazy_re.compile(r" {0,3}" + _HTML_7, re.IGNORECASE)
_THEMATIC_BREAK = r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$"
_FENCE = r"(?:`{3,}[^`]*$|~{3,})"
_INDENTED_CODE = r" {0,3}\t| {4}"
# The first characters of every block start that BlockStart matches:
# indentation, a marker, "<", or a decimal digit (``\d``). A line that starts
# otherwise (every table row starts with a pipe) is turned away without the
# pattern, which then is never compiled.
_MAY_START_BLOCK = " \t<>#`~*-_+"


class BlockStart:
    """A set of block starts, each after at most three spaces of indentation:
    ``match(line)`` is true when ``line`` starts one of them.

    The HTML block starts are patterns of their own, tried only for a line
    that starts with ``<`` (which no other block start does), and so compiled
    only when one does: those with a tag, long case-insensitive alternations
    of tag names, cost more to compile than all the other block starts
    together, and the most common HTML line in Markdown, a comment, needs
    only the short pattern of the ``<!`` and ``<?`` starts.
    """

    def __init__(self, others: str, html_tags: str, *, indented_code: bool = False) -> None:
        # The probes say which HTML pattern the line needs: ``<!`` or ``<?``, or another ``<``.
        code = "|" + _INDENTED_CODE if indented_code else ""
        self._others = lazy_re.compile(r" {0,3}(?:" + others + r"|(?P<exclaim><[!?])|(?P<tag><))" + code)
        self._exclaim = lazy_re.compile(r" {0,3}(?:" + _HTML_2_TO_5 + r")", re.IGNORECASE)
        self._tag = lazy_re.compile(r" {0,3}(?:" + html_tags + r")", re.IGNORECASE)

    def match(self, line: str) -> re.Match[str] | None:
        first = line[:1]
        if first not in _MAY_START_BLOCK and not first.isdecimal():
            return None
        found = self._others.match(line)
        if found is None or found.lastgroup is None:
            return found
        return (self._exclaim if found.lastgroup == "exclaim" else self._tag).match(line)


_NON_HTML_BLOCK_START = (
    r">|#{1,6}(?:[ \t]|$)|" + _FENCE + r"|" + _THEMATIC_BREAK + r"|[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)"
)

# Block starts at the beginning of a block (no open paragraph): every kind of
# list item, HTML blocks of type 7 (a lone open or close tag) and indented code.
BLOCK_START = BlockStart(_NON_HTML_BLOCK_START, _HTML_1_AND_6 + r"|" + _HTML_7, indented_code=True)

# Lines that end a table body: every block start that cmark-gfm tries before
# the table extension gets the line. Lists of any kind, HTML blocks of type 7
# and indented code qualify here because the open block is a table, not a
# paragraph: the same block starts as at the beginning of a block.
TABLE_INTERRUPT = BLOCK_START

# Block starts that can interrupt a paragraph: such a line is never a header row.
PARAGRAPH_INTERRUPT = BlockStart(
    r">|#{1,6}(?:[ \t]|$)|" + _FENCE + r"|" + _THEMATIC_BREAK + r"|[-+*][ \t]+\S|1[.)][ \t]+\S", _HTML_1_AND_6
)

# Lines that end a block quote or list item instead of continuing its
# paragraph lazily. cmark matches a line that lost its container against the
# enclosing container's block starts, not against what may interrupt a
# paragraph: an empty list item, ``2.`` or a lone ``<span>`` ends the container
# too. Indented code is the exception (it never starts on a lazy line).
LAZY_LINE_BREAK = BlockStart(_NON_HTML_BLOCK_START, _HTML_1_AND_6 + r"|" + _HTML_7)

# A setext heading underline: under a paragraph line it makes a heading, so it
# is never that paragraph's table header (cmark-gfm tries it first).
SETEXT_UNDERLINE = lazy_re.compile(r" {0,3}(?:=+|-+)[ \t]*$")

# mistune's own HTML block start wants a space or the line end after the tag
# name, so it misses ``<div>`` and ``</div>``. Used in place of its pattern.
MISTUNE_BLOCK_HTML = (
    r"^ {0,3}(?:</?(?i:" + _HTML_BLOCK_TAGS + r"|pre|script|style|textarea)(?=[ \t>]|/>|\n|$)"
    r"|<!--|<\?|<![A-Z]|<!\[CDATA\[)"
)

_DELIMITER_IS_OTHER_BLOCK = lazy_re.compile(r" {0,3}(?:-+[ \t]*$|-[ \t]+\S)")


def delimiter_is_other_block(line: str) -> bool:
    """Whether a delimiter line is one that cmark reads as something else: a
    setext underline (only dashes) or a list item with content (``- | -``)."""
    # Both start with a dash after at most three spaces; most delimiter rows
    # start with a pipe, and need no pattern compiled.
    return line[:4].lstrip(" ").startswith("-") and _DELIMITER_IS_OTHER_BLOCK.match(line) is not None


def html_comments(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Spans ``(start, end)`` of the HTML comments in ``text[start:end]``, in
    order, as CommonMark reads them: ``<!-->``, ``<!--->``, or ``<!--`` up to
    the first ``-->`` after it (a ``<!--`` inside a comment is comment text).

    Linear in the text: each comment is found with two ``str.find`` calls
    from where the last one ended, and once an opener has no ``-->`` after
    it, no later one can have one either. A pattern such as ``<!--.*?-->``
    scans to the end of the text from every unclosed opener instead: 500,000
    of them in one cell took longer than anyone would wait.
    """
    limit = len(text) if end is None else end
    find = text.find
    pos = find("<!--", start, limit)
    while pos >= 0:
        if text.startswith(">", pos + 4) or text.startswith("->", pos + 4):
            close = pos + (5 if text[pos + 4] == ">" else 6)
            if close > limit:
                return
        else:
            found = find("-->", pos + 4, limit)
            if found < 0:
                return
            close = found + 3
        yield pos, close
        pos = find("<!--", close, limit)


_BACKTICK_RUN = lazy_re.compile(r"`+")


def code_spans(text: str, start: int = 0) -> Iterator[tuple[int, int, int, int]]:
    """Each code span of ``text[start:]``, left to right: the start and end
    of its opening backtick run, then those of its closing run (the next run
    of the same length; runs are maximal). Backslashes are not looked at.

    Linear in the text: the closing run of each opener is looked up among
    the runs that follow, not searched for in the text, which from every
    unclosed opener (runs of many lengths) would read on to the end.
    """
    runs = [(found.start(), found.end()) for found in _BACKTICK_RUN.finditer(text, start)]
    # For each run, the index of the next run of the same length.
    next_same: list[int | None] = [None] * len(runs)
    last_of_length: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        next_same[index] = last_of_length.get(length)
        last_of_length[length] = index
    index = 0
    while index < len(runs):
        closing = next_same[index]
        if closing is None:
            index += 1  # no closing run: these backticks are text
            continue
        yield (*runs[index], *runs[closing])
        index = closing + 1

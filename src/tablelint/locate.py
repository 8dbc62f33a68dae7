"""Find every GFM table in a document with mistune's block parser.

mistune knows Markdown's block structure (fences, HTML blocks, indented code,
block quotes, lists), but its own table plugin is not GFM: a single ragged row
turns the whole table into a paragraph, one-sided pipes invent a column, and no
token carries a source line. So tablelint registers its own block rule that
follows cmark-gfm, and tracks which document line each nested block starts on.

The result is only *where* each table is: its first line, its line count, and
for tables inside containers where each row's content starts. Cells are split
later on the original lines (``document.py``), so that every span is in
document coordinates.

mistune is pinned to one minor version: the list-item hook below wraps a
private function, ``mistune.list_parser._parse_list_item``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

import mistune.list_parser as _list_parser
from mistune.block_parser import BlockParser
from mistune.core import BlockState

from . import gfm

if TYPE_CHECKING:
    from re import Match

RULE = "gfm_table"

# A header line followed by a delimiter row; the rule function checks the rest.
_TABLE_START = (
    r"^(?P<tl_head>[^\n]+)\n(?P<tl_delim>[ \t]*\|?[ \t\v\f]*:?-+:?[ \t\v\f]*"
    r"(?:\|[ \t\v\f]*:?-+:?[ \t\v\f]*)*\|?[ \t\v\f]*)$"
)


@dataclass(slots=True)
class TableLocation:
    """Lines of one table: 0-based ``first_line``, ``line_count`` lines in all
    (header, delimiter, body). ``content_starts`` is None for a table outside
    any container; otherwise, per line, the column where its content begins."""

    first_line: int
    line_count: int
    content_starts: list[int] | None


class _LineTrackingState(BlockState):
    """A BlockState that knows which document line its ``src`` starts on."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.line_base = 0
        self.rules: list[str] | None = None
        self.pending_children: list[_PendingChild] = []
        self.visited_paragraph = -1
        self._counted = (0, 0)
        if parent is None:
            self.found: list[TableLocation] = []
            self.doc_line: Callable[[int], str] = lambda _: ""
        else:
            self.found = parent.found
            self.doc_line = parent.doc_line

    def child_state(self, src: str, lazy_line_starts: Any = None) -> BlockState:
        child = super().child_state(src, lazy_line_starts)
        if self.pending_children:
            pending = self.pending_children.pop()
        else:  # not reached with mistune 3.4; keep going with a best guess
            pending = _PendingChild(self.line_base + self.line_of(self.cursor))
        child.line_base = pending.line_base
        if pending.list_item is not None:
            child.lazy_line_starts = child.lazy_line_starts | pending.list_item.lazy_starts(self, child)
        return child

    def line_of(self, offset: int) -> int:
        """0-based line of ``offset`` within ``src``. Calls come in rising
        offset order, so counting resumes from the last answer."""
        last_offset, last_line = self._counted
        if offset >= last_offset:
            line = last_line + self.src.count("\n", last_offset, offset)
        else:
            line = self.src.count("\n", 0, offset)
        self._counted = (offset, line)
        return line


@dataclass(slots=True)
class _ListItemLines:
    """What is needed to find lazy continuation lines of one list item."""

    first_collected: int  # offset in the parent's src of the first line after the marker
    marker_has_text: bool
    continue_width: int

    def lazy_starts(self, parent: _LineTrackingState, child: BlockState) -> set[int]:
        """Offsets in ``child.src`` of lines that were lazy continuations.

        mistune records lazy lines for block quotes only; a table must not
        absorb one (GFM's laziness applies to paragraphs), so list items need
        the same record.
        """
        child_line_starts = [0]
        src = child.src
        pos = src.find("\n")
        while pos >= 0:
            child_line_starts.append(pos + 1)
            pos = src.find("\n", pos + 1)
        lazy: set[int] = set()
        index = 1 if self.marker_has_text else 0
        pos = self.first_collected
        parent_src = parent.src
        while index < len(child_line_starts) and pos < len(parent_src):
            end = parent_src.find("\n", pos)
            end = len(parent_src) if end < 0 else end
            line = parent_src[pos:end]
            if line.strip() and gfm.indent_columns(line) < self.continue_width:
                lazy.add(child_line_starts[index])
            index += 1
            pos = end + 1
        return lazy


@dataclass(slots=True)
class _PendingChild:
    line_base: int
    list_item: _ListItemLines | None = None


class _TableLocatingParser(BlockParser):
    state_cls = _LineTrackingState

    def __init__(self) -> None:
        super().__init__()
        self.specification["block_html"] = gfm.MISTUNE_BLOCK_HTML

    def parse(self, state: BlockState, rules: list[str] | None = None) -> None:
        state.rules = self.rules if rules is None else rules
        super().parse(state, rules)

    def extract_block_quote(self, m: Match[str], state: BlockState) -> Any:
        start = m.start()
        first_line = state.line_base + state.line_of(start)
        tokens_before, found_before = len(state.tokens), len(state.found)
        text, end_pos, lazy = super().extract_block_quote(m, state)
        cut = _first_false_lazy_line(self, text, lazy, self.block_quote_rules)
        if cut is not None:
            # The quote ends before that line; undo whatever mistune parsed after it.
            del state.tokens[tokens_before:]
            del state.found[found_before:]
            state.cursor = _offset_of_line(state.src, start, text.count("\n", 0, cut))
            text, end_pos = text[:cut], None
            lazy = {offset for offset in lazy if offset < cut}
        # The child state is created right after this returns.
        state.pending_children.append(_PendingChild(first_line))
        return text, end_pos, lazy

    def _parse_indent_code_fast(self, state: BlockState) -> int | None:
        # An indented line that continues a paragraph may be a table header;
        # let the rule alternation see it.
        last = state.last_token()
        if last and last["type"] == "paragraph":
            if self.compile_sc([RULE]).match(state.src, state.cursor):
                return None
        return super()._parse_indent_code_fast(state)


def _parse_list_item_tracking(block, bullet, item, token, state, rules):  # type: ignore[no-untyped-def]
    if isinstance(state, _LineTrackingState):
        marker_line = state.line_of(max(state.cursor - 1, 0))
        has_text = bool(item.text.strip())
        _, continue_width = _list_parser._compile_continue_width(item.text, item.leading_width)
        state.pending_children.append(
            _PendingChild(
                state.line_base + marker_line + (0 if has_text else 1),
                _ListItemLines(state.cursor, has_text, continue_width),
            )
        )
    return _original_parse_list_item(block, bullet, item, token, state, rules)


def _collect_list_item_lines_tracking(block, list_item_re, break_sc, state, text, continue_width):  # type: ignore[no-untyped-def]
    if not isinstance(state, _LineTrackingState):
        return _original_collect(block, list_item_re, break_sc, state, text, continue_width)
    start = state.cursor
    tokens_before, found_before = len(state.tokens), len(state.found)
    lines = _original_collect(block, list_item_re, break_sc, state, text, continue_width)
    src = lines.src
    index, pos, previous_lazy = 0, 0, False
    while pos < len(src):
        end = src.find("\n", pos)
        end = len(src) if end < 0 else end
        line = src[pos:end]
        is_lazy = bool(line.strip()) and gfm.indent_columns(line) < continue_width
        if is_lazy and not previous_lazy:
            before = _list_parser._build_list_item_source(text, src[:pos], continue_width)
            if not _ends_in_open_paragraph(block, before, block.list_rules):
                # The item (and the list) ends before this line.
                del state.tokens[tokens_before:]
                del state.found[found_before:]
                state.cursor = _offset_of_line(state.src, start, index)
                lines.src = src[:pos]
                lines.next_item = lines.end_pos = lines.token_index = None
                return lines
        previous_lazy = is_lazy
        index += 1
        pos = end + 1
    return lines


_original_parse_list_item = _list_parser._parse_list_item
_original_collect = _list_parser._collect_list_item_lines
if getattr(_original_parse_list_item, "__name__", "") != _parse_list_item_tracking.__name__:
    _list_parser._parse_list_item = _parse_list_item_tracking
    _list_parser._collect_list_item_lines = _collect_list_item_lines_tracking


def _parse_gfm_table(block: _TableLocatingParser, m: Match[str], state: _LineTrackingState) -> int | None:
    head = m.group("tl_head")
    delimiter = m.group("tl_delim")
    last = state.last_token()
    in_paragraph = bool(last and last["type"] == "paragraph")

    # The header must be a paragraph line. Anything else goes to mistune's own rules.
    starts_block = gfm.PARAGRAPH_INTERRUPT if in_paragraph else gfm.BLOCK_START
    if starts_block.match(head):
        others = [rule for rule in (state.rules or block.rules) if rule != RULE]
        m2 = block.compile_sc(others).match(state.src, state.cursor)
        return block.parse_method(m2, state) if m2 else None
    if not head.strip(" \t"):
        return None

    delimiter_start = m.start("tl_delim")
    if (
        delimiter_start in state.lazy_line_starts
        or gfm.indent_columns(delimiter) >= 4
        or gfm.DELIMITER_IS_OTHER_BLOCK.match(delimiter)
    ):
        return None
    # cmark-gfm tries a paragraph as a table header once; after a column-count
    # mismatch it never tries that paragraph again.
    if in_paragraph and state.visited_paragraph == len(state.tokens) - 1:
        return None

    head_cells = len(gfm.split_cells(head))
    delimiter_cells = len(gfm.split_cells(delimiter))
    if head_cells != delimiter_cells:
        state.visited_paragraph = len(state.tokens) - 1 if in_paragraph else len(state.tokens)
        return None

    src = state.src
    size = len(src)
    pos = m.end() + 1
    lazy = state.lazy_line_starts
    interrupt = gfm.TABLE_INTERRUPT.match
    rows = 0
    while pos < size:
        end = src.find("\n", pos)
        if end < 0:
            end = size
        line = src[pos:end]
        if pos in lazy or not line.strip(" \t") or interrupt(line) or not gfm.has_cells(line):
            break
        rows += 1
        pos = end + 1

    first = state.line_of(m.start())
    line_count = rows + 2
    content_starts = None
    if state.parent is not None:
        content_starts = _content_starts(state, src[m.start() : pos], state.line_base + first)
    state.found.append(TableLocation(state.line_base + first, line_count, content_starts))
    state.append_token({"type": "table"})
    return min(pos, size)


def _content_starts(state: _LineTrackingState, table_src: str, first_doc_line: int) -> list[int]:
    """Per table line, the column in the document line where its content
    starts: the child line with its indentation removed is a suffix of the
    document line (containers only change leading whitespace)."""
    starts = []
    for index, child_line in enumerate(table_src.rstrip("\n").split("\n")):
        doc_line = state.doc_line(first_doc_line + index)
        content = child_line.lstrip(" \t")
        if content and doc_line.endswith(content):
            starts.append(len(doc_line) - len(content))
        else:
            stripped = doc_line.lstrip(" \t>")
            starts.append(len(doc_line) - len(stripped))
    return starts


def _first_false_lazy_line(
    block: BlockParser, text: str, lazy_starts: set[int], rules: list[str]
) -> int | None:
    """The first lazy continuation line that mistune accepted but GFM would not.

    CommonMark lets an unmarked line continue a block quote or list item only
    when it continues a paragraph there. mistune takes any line that starts no
    other block, so a table row right after a quoted table (or a heading) is
    pulled into the quote. Each run of lazy lines is checked once, by parsing
    the container content that precedes it.
    """
    previous_lazy = -2
    for offset in sorted(lazy_starts):
        line_before = text.rfind("\n", 0, max(offset - 1, 0)) + 1
        if line_before == previous_lazy:
            previous_lazy = offset
            continue
        previous_lazy = offset
        if not _ends_in_open_paragraph(block, text[:offset], rules):
            return offset
    return None


def _ends_in_open_paragraph(block: BlockParser, src: str, rules: list[str]) -> bool:
    last_line = src.rstrip("\n").rsplit("\n", 1)[-1]
    if gfm.REFERENCE_DEFINITION.match(last_line):
        return True
    scratch = _LineTrackingState()
    scratch.process(src)
    block.parse(scratch, rules)
    tokens = scratch.tokens
    while tokens:
        last = tokens[-1]
        kind = last["type"]
        if kind in ("paragraph", "block_text"):
            return True
        if kind not in ("block_quote", "list", "list_item"):
            return False
        tokens = last.get("children") or []
    return False


def _offset_of_line(src: str, start: int, lines: int) -> int:
    pos = start
    for _ in range(lines):
        pos = src.find("\n", pos) + 1
    return pos


_PARSER: _TableLocatingParser | None = None


def _parser() -> _TableLocatingParser:
    global _PARSER
    if _PARSER is None:
        parser = _TableLocatingParser()
        parser.register(RULE, _TABLE_START, _parse_gfm_table, before="fenced_code")
        for rules in (parser.block_quote_rules, parser.list_rules):
            if RULE not in rules:
                rules.insert(0, RULE)
        _PARSER = parser
    return _PARSER


def locate_tables(
    normalized: str, doc_line: Callable[[int], str]
) -> tuple[list[TableLocation], dict[str, Any]]:
    """Tables in ``normalized`` text (``\\n`` newlines, final newline), in
    document order, and the document's link reference definitions (mistune's
    ``ref_links``, keyed by normalized label).

    ``doc_line(i)`` returns 0-based line ``i`` of the original document; it is
    used to map rows inside block quotes and list items back to it.
    """
    parser = _parser()
    state = _LineTrackingState()
    state.doc_line = doc_line
    state.process(normalized)
    parser.parse(state)
    found = state.found
    found.sort(key=lambda location: location.first_line)
    return found, state.env["ref_links"]

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

Where mistune's block structure differs from cmark-gfm's in ways that move a
table, the parser below follows cmark-gfm: which unmarked lines continue a
block quote or list item lazily (only a paragraph takes them, and a lazy line
stays paragraph text however deep it goes), and link reference definitions,
which cmark keeps as an open paragraph until it closes.
``tests/test_parser_properties.py`` compares the line ranges with cmark-gfm's
on generated documents and lists the differences that remain.

mistune is pinned to one minor version: the list-item hooks below wrap private
functions of ``mistune.list_parser``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import mistune.list_parser as _list_parser
from mistune.block_parser import BlockParser
from mistune.core import BlockState
from mistune.util import expand_leading_tab, expand_tab, unikey

from .. import lazy_re
from ..record import Record
from . import gfm

if TYPE_CHECKING:
    from re import Match

RULE = "gfm_table"

# Key of the empty paragraph token left where mistune consumed link reference
# definitions. cmark resolves definitions only when their paragraph closes, so
# until then the next lines continue that paragraph: a table header, a list
# item that cannot interrupt a paragraph, a lazy line.
DEFINITIONS = "tl_definitions"
# Key set on a list item token whose last lines were blank: its paragraph is closed.
ENDS_BLANK = "tl_ends_blank"

_LONE_SURROGATE = lazy_re.compile("[\ud800-\udfff]")
_NEWLINE = lazy_re.compile("\n")
# Characters encoded at a time by _has_surrogates.
_PIECE = 1 << 16

# A header line followed by a delimiter row; the rule function checks the rest.
_TABLE_START = r"^(?P<tl_head>[^\n]+)\n(?P<tl_delim>(?:[ \t]*\|)?" + gfm.DELIMITER_CELLS + r")$"


class TableLocation(Record):
    """Lines of one table: 0-based ``first_line``, ``line_count`` lines in all
    (header, delimiter, body). ``content_starts`` is None for a table outside
    any container; otherwise, per line, the column where its content begins."""

    __slots__ = ("first_line", "line_count", "content_starts", "header_keeps_indent")

    def __init__(
        self, first_line: int, line_count: int, content_starts: list[int] | None, header_keeps_indent: bool = False,
    ) -> None:
        self.first_line = first_line
        self.line_count = line_count
        self.content_starts = content_starts
        # The header is a lazy continuation line whose indentation cmark keeps
        # (see ``gfm.split_cells``); its content start is where that indentation begins.
        self.header_keeps_indent = header_keeps_indent


class _LineTrackingState(BlockState):
    """A BlockState that knows which document line its ``src`` starts on."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.line_base = 0
        self.rules: list[str] | None = None
        self.pending_children: list[_PendingChild] = []
        self.visited_paragraph = -1
        # Whether the list item collected last ended in blank lines, which
        # mistune drops from the item (and so from its tokens).
        self.item_ends_blank = False
        # Per lazy line (offset in ``src``), the indentation cmark keeps on it:
        # what was left when its outermost container stopped matching it.
        self.lazy_indents: dict[int, str] = {}
        self._counted = (0, 0)
        if parent is None:
            self.found: list[TableLocation] = []
            # 0-based lines of what looks like a table header, too deeply nested to be parsed.
            self.too_deep: set[int] = set()
            # 0-based (first, last) lines of code blocks and of HTML blocks
            # that are not comments: no ``<!--`` in them is a comment.
            self.opaque: list[tuple[int, int]] = []
            self.doc_line: Callable[[int], str] = lambda _: ""
        else:
            self.found = parent.found
            self.too_deep = parent.too_deep
            self.opaque = parent.opaque
            self.doc_line = parent.doc_line

    def child_state(self, src: str, lazy_line_starts: Any = None) -> BlockState:
        child = super().child_state(src, lazy_line_starts)
        if self.pending_children:
            pending = self.pending_children.pop()
        else:  # not reached with mistune 3.4; keep going with a best guess
            pending = _PendingChild(self.line_base + self.line_of(self.cursor))
        child.line_base = pending.line_base
        indents = pending.list_item.lazy_starts(self, child) if pending.list_item is not None else pending.lazy_indents
        if indents:
            child.lazy_line_starts = child.lazy_line_starts | indents.keys()
            child.lazy_indents = indents
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


class _ListItemLines(Record):
    """What is needed to find lazy continuation lines of one list item."""

    __slots__ = ("first_collected", "marker_has_text", "continue_width")

    def __init__(self, first_collected: int, marker_has_text: bool, continue_width: int) -> None:
        self.first_collected = first_collected  # offset in the parent's src of the first line after the marker
        self.marker_has_text = marker_has_text
        self.continue_width = continue_width

    def lazy_starts(self, parent: _LineTrackingState, child: BlockState) -> dict[int, str]:
        """Offsets in ``child.src`` of lines that were lazy continuations,
        with the indentation cmark keeps on each.

        mistune records lazy lines for block quotes only; a table must not
        absorb one (GFM's laziness applies to paragraphs), so list items need
        the same record.
        """
        child_line_starts = [0, *(newline.end() for newline in _NEWLINE.finditer(child.src))]
        lazy: dict[int, str] = {}
        index = 1 if self.marker_has_text else 0
        pos = self.first_collected
        parent_src = parent.src
        parent_lazy = parent.lazy_line_starts
        while index < len(child_line_starts) and pos < len(parent_src):
            end = parent_src.find("\n", pos)
            end = len(parent_src) if end < 0 else end
            line = parent_src[pos:end]
            # A line that was lazy in an enclosing block quote stays lazy here,
            # even when its indentation would continue this item.
            if pos in parent_lazy:
                lazy[child_line_starts[index]] = parent.lazy_indents.get(pos, "")
            elif not _blank(line) and gfm.indent_columns(line) < self.continue_width:
                lazy[child_line_starts[index]] = _indentation(line)
            index += 1
            pos = end + 1
        return lazy


class _PendingChild(Record):
    """Where the child state that mistune creates next starts in the document."""

    __slots__ = ("line_base", "list_item", "lazy_indents")

    def __init__(
        self, line_base: int, list_item: _ListItemLines | None = None, lazy_indents: dict[int, str] | None = None,
    ) -> None:
        self.line_base = line_base
        self.list_item = list_item
        self.lazy_indents = {} if lazy_indents is None else lazy_indents


class _TableLocatingParser(BlockParser):
    state_cls = _LineTrackingState

    def __init__(self, max_nested_level: int) -> None:
        super().__init__(max_nested_level=max_nested_level)
        self.specification["block_html"] = gfm.MISTUNE_BLOCK_HTML

    def parse(self, state: BlockState, rules: list[str] | None = None) -> None:
        state.rules = self.rules if rules is None else rules
        super().parse(state, rules)
        nested = isinstance(state, _LineTrackingState) and state.parent is not None
        if nested and state.depth() >= self.max_nested_level:
            # mistune parses no block quote or list deeper than this (Python's
            # recursion would run out): whatever table is in there goes
            # unchecked, and is reported rather than silently skipped.
            _find_tables_too_deep(state)

    def extract_block_quote(self, m: Match[str], state: BlockState) -> Any:
        """The quote's content, with CommonMark's laziness.

        mistune's own reader takes any unmarked line that starts none of a few
        blocks, or none at all once the quote opened with a blank line or code,
        and parses a block that ends the quote while the paragraph *before* the
        quote is still its last token. GFM continues a quote with an unmarked
        line only when the quote ends in an open paragraph and the line starts
        no block; a table row after a quoted table is not such a line.
        """
        start = state.cursor
        first_line = state.line_base + state.line_of(start)
        src = state.src
        parts: list[str] = []
        size = 0
        lazy: dict[int, str] = {}
        pos = start
        previous_blank = False
        # Known to end in an open paragraph (False: not known), so that a
        # quote with many lazy lines is not parsed again for each of them.
        paragraph_open = False
        while pos < state.cursor_max:
            end = state.find_line_end_at(pos)
            line = src[pos:end]
            # A line that was lazy in an enclosing container is paragraph text
            # here too, even if it now looks like a quote line.
            inherited = pos in state.lazy_line_starts
            content = None if inherited else _quoted_content(line)
            if content is not None:
                previous_blank = _blank(content)
                paragraph_open = paragraph_open and _continues_paragraph(content)
            elif inherited or not (
                previous_blank
                or _blank(line)
                or gfm.LAZY_LINE_BREAK.match(line)
                or not (
                    paragraph_open
                    or _ends_in_open_paragraph(self, "".join(parts), self.block_quote_rules, lazy.keys())
                )
            ):
                content = expand_leading_tab(line, 3)
                lazy[size] = state.lazy_indents.get(pos, _indentation(content))
                paragraph_open = True  # a lazy line is paragraph text
            else:
                break
            content = expand_tab(content)
            parts.append(content)
            size += len(content)
            pos = end
        state.cursor = pos
        # The child state is created right after this returns.
        state.pending_children.append(_PendingChild(first_line, lazy_indents=lazy))
        return "".join(parts), None, set(lazy)

    def parse_ref_link(self, m: Match[str], state: BlockState) -> int | None:
        last = _open_paragraph(state)
        if last is not None and not _definitions_only(last):
            return super().parse_ref_link(m, state)  # continues that paragraph
        start = state.cursor
        key = unikey(m.group("reflink_1"))
        known = key in state.env["ref_links"]
        paragraph_index = len(state.tokens) - (1 if last is not None else 0)
        visited = getattr(state, "visited_paragraph", -1) == paragraph_index
        if last is not None:
            last["type"] = DEFINITIONS  # so that mistune reads one more definition
        try:
            end = super().parse_ref_link(m, state)
        finally:
            if last is not None:
                last["type"] = "paragraph"
        if not end:
            return end
        cut, visited = _definition_cut(self, state, start, end, visited)
        if cut is not None:
            # cmark resolves definitions only when their paragraph closes: the
            # lines above a table header or an interrupting block stay
            # paragraph text (no complete definition is in them).
            if not known:
                state.env["ref_links"].pop(key, None)
            state.add_paragraph(state.src[start:cut])
            if visited and isinstance(state, _LineTrackingState):
                state.visited_paragraph = len(state.tokens) - 1
            return cut
        if last is None:
            state.append_token({"type": "paragraph", "text": "", DEFINITIONS: True})
        if visited and isinstance(state, _LineTrackingState):
            state.visited_paragraph = paragraph_index
        return end

    def parse_setex_heading(self, m: Match[str], state: BlockState) -> int | None:
        last = _open_paragraph(state)
        if last is not None and _definitions_only(last):
            return None  # cmark keeps an underline under definitions alone as paragraph text
        return super().parse_setex_heading(m, state)

    def _parse_indent_code_fast(self, state: BlockState) -> int | None:
        # An indented line that continues a paragraph may be a table header;
        # let the rule alternation see it.
        if _open_paragraph(state) is not None and self.compile_sc([RULE]).match(state.src, state.cursor):
            return None
        start, tokens = state.cursor, len(state.tokens)
        end = super()._parse_indent_code_fast(state)
        _note_opaque(state, start, end, tokens)
        return end

    def parse_raw_html(self, m: Match[str], state: BlockState) -> int | None:
        end = super().parse_raw_html(m, state)
        if end is None and _open_paragraph(state) is None:
            # mistune's type 7 test wants ``>`` right after the attributes and
            # misses a self-closing tag such as ``<br/>`` alone on its line.
            line = state.get_line(state.cursor)
            if gfm.HTML_BLOCK_7.match(line):
                blank = self.BLANK_LINE.search(state.src, state.cursor)
                end = blank.start() if blank else state.cursor_max
                state.append_token({"type": "block_html", "raw": state.get_text(end)})
        return end

    def parse_method(self, m: Match[str], state: BlockState) -> int | None:
        # A lazy continuation line is paragraph text to cmark, whatever block
        # it looks like once its container's indentation is removed. (A table
        # header may still be one.)
        if state.lazy_line_starts and m.lastgroup != RULE and m.start() in state.lazy_line_starts:
            return None
        tokens = len(state.tokens)
        end = super().parse_method(m, state)
        _note_opaque(state, m.start(), end, tokens)
        return end


def _note_opaque(state: BlockState, start: int, end: int | None, tokens_before: int) -> None:
    """Record the lines of the block just parsed from ``start`` to ``end`` if
    it is code, or HTML that is not a comment (see ``locate_tables``)."""
    if not end or len(state.tokens) <= tokens_before or not isinstance(state, _LineTrackingState):
        return
    token = state.tokens[-1]
    kind = token.get("type")
    if kind == "block_code" or (kind == "block_html" and not token.get("raw", "").lstrip().startswith("<!--")):
        base = state.line_base
        state.opaque.append((base + state.line_of(start), base + state.line_of(max(start, end - 1))))


def _find_tables_too_deep(state: _LineTrackingState) -> None:
    """Add to ``state.too_deep`` the lines of ``state.src`` that look like a
    table header: a line with a pipe followed by a delimiter row, once the
    block quote and list markers that mistune left in them are removed."""
    previous = ""
    for index, line in enumerate(state.src.split("\n")):
        content = _without_container_markers(line)
        if previous and ("|" in previous or "|" in content) and gfm.is_delimiter_row(content):
            state.too_deep.add(state.line_base + index - 1)
        previous = content


def _without_container_markers(line: str) -> str:
    """``line`` without the block quote markers, list markers and
    indentation at its start (in one pass: a line can hold thousands)."""
    pos, size = 0, len(line)
    while pos < size:
        char = line[pos]
        if char in " \t>":
            pos += 1
        elif char in "-+*" and line.startswith((" ", "\t"), pos + 1):
            pos += 2
        else:
            digits = pos
            while digits < size and digits - pos < 9 and line[digits].isdecimal():
                digits += 1
            if digits > pos and line.startswith((". ", ") ", ".\t", ")\t"), digits):
                pos = digits + 2
            else:
                break
    return line[pos:]


def _quoted_content(line: str) -> str | None:
    """A quote line's content after ``>`` and one optional space, as mistune
    builds it (tabs after the marker expanded); None for an unmarked line."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or not stripped.startswith(">"):
        return None
    content = expand_leading_tab(stripped[1:], 3)
    return content.removeprefix(" ")


def _continues_paragraph(line: str) -> bool:
    """Whether a line surely continues a paragraph that is open before it, at
    whatever depth (no blank line, nothing that may start a block or make a
    heading or a table header of the line above). Conservative: indentation
    is ignored, so an indented ``- x`` counts as a block start."""
    content = line.lstrip(" \t").rstrip("\n")
    return not (
        _blank(content)
        or gfm.PARAGRAPH_INTERRUPT.match(content)
        or gfm.SETEXT_UNDERLINE.match(content)
        or gfm.is_delimiter_row(content)
    )


def _blank(line: str) -> bool:
    # mistune's blank line (``[ \t\v\f]*``), which decides where its child
    # states see blank lines; str.strip() would also drop U+3000 and others.
    return not line.strip(" \t\v\f\n")


def _indentation(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _open_paragraph(state: BlockState) -> dict[str, Any] | None:
    """The paragraph token that the line at the cursor may continue."""
    last = state.last_token()
    return last if last and last["type"] == "paragraph" else None


def _definitions_only(paragraph: dict[str, Any]) -> bool:
    return bool(paragraph.get(DEFINITIONS)) and not paragraph["text"]


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
    next_item = _original_parse_list_item(block, bullet, item, token, state, rules)
    if isinstance(state, _LineTrackingState) and state.item_ends_blank:
        token["children"][-1][ENDS_BLANK] = True
    return next_item


def _collect_list_item_lines_tracking(block, list_item_re, break_sc, state, text, continue_width):  # type: ignore[no-untyped-def]
    if not isinstance(state, _LineTrackingState):
        return _original_collect(block, list_item_re, break_sc, state, text, continue_width)
    start = state.cursor
    tokens_before, found_before = len(state.tokens), len(state.found)
    if state.lazy_line_starts:
        # A line that was lazy in an enclosing quote is paragraph text, even if
        # it looks like a list item once this container's indentation is gone.
        list_item_re, break_sc = _SkipLazyLines(list_item_re, state), _SkipLazyLines(break_sc, state)
    lines = _original_collect(block, list_item_re, break_sc, state, text, continue_width)
    src, parent_src, parent_lazy = lines.src, state.src, state.lazy_line_starts
    # Lines of the item's source that are lazy, by index in ``src``.
    lazy_lines: list[int] = []
    index, pos, parent_pos = 0, 0, start
    paragraph_open = False  # as in extract_block_quote
    while pos < len(src):
        end = src.find("\n", pos)
        end = len(src) if end < 0 else end
        line = src[pos:end]
        # Lazy in an enclosing quote: the quote already found the paragraph it continues.
        inherited = parent_pos in parent_lazy
        is_lazy = inherited or (not _blank(line) and gfm.indent_columns(line) < continue_width)
        if (
            is_lazy
            and not inherited
            and (
                gfm.LAZY_LINE_BREAK.match(line)
                or not (
                    paragraph_open
                    or _item_ends_in_open_paragraph(block, text, src[:pos], continue_width, lazy_lines)
                )
            )
        ):
            # The item (and the list) ends before this line.
            del state.tokens[tokens_before:]
            del state.found[found_before:]
            state.cursor = _offset_of_line(state.src, start, index)
            lines.src = src[:pos]
            lines.next_item = lines.end_pos = lines.token_index = None
            state.item_ends_blank = False
            return lines
        if is_lazy:
            lazy_lines.append(index)
            paragraph_open = True
        else:
            paragraph_open = paragraph_open and _continues_paragraph(line)
        index += 1
        pos = end + 1
        parent_pos = parent_src.find("\n", parent_pos) + 1 or len(parent_src)
    state.item_ends_blank = src.endswith("\n\n") or src == "\n"
    return lines


def _item_ends_in_open_paragraph(
    block: BlockParser, text: str, src: str, continue_width: int, lazy_lines: list[int]
) -> bool:
    """``_ends_in_open_paragraph`` for a list item's marker text and lines so far."""
    before = _list_parser._build_list_item_source(text, src, continue_width)
    shift = 1 if text else 0
    lazy = _line_offsets(before, [index + shift for index in lazy_lines])
    return _ends_in_open_paragraph(block, before, block.list_rules, lazy)


class _SkipLazyLines:
    """A compiled pattern that never matches at a lazy line of ``state``."""

    def __init__(self, pattern: Any, state: BlockState) -> None:
        self.pattern = pattern
        self.state = state

    def match(self, *args: Any) -> Any:
        if self.state.cursor in self.state.lazy_line_starts:
            return None
        return self.pattern.match(*args)


def _line_offsets(text: str, indices: list[int]) -> set[int]:
    """Offsets in ``text`` of the starts of the lines numbered ``indices``."""
    starts = [0, *(newline.end() for newline in _NEWLINE.finditer(text))]
    return {starts[index] for index in indices if index < len(starts)}


_original_parse_list_item = _list_parser._parse_list_item
_original_collect = _list_parser._collect_list_item_lines
if getattr(_original_parse_list_item, "__name__", "") != _parse_list_item_tracking.__name__:
    _list_parser._parse_list_item = _parse_list_item_tracking
    _list_parser._collect_list_item_lines = _collect_list_item_lines_tracking


def _parse_gfm_table(block: _TableLocatingParser, m: Match[str], state: _LineTrackingState) -> int | None:
    head = m.group("tl_head")
    if not head.strip(" \t\v\f"):  # a blank line to mistune
        return _parse_with_other_rules(block, state)
    paragraph = _open_paragraph(state)
    in_paragraph = paragraph is not None
    definitions_only = in_paragraph and _definitions_only(paragraph)

    # The header must be a paragraph line. Anything else goes to mistune's own rules.
    if in_paragraph and gfm.SETEXT_UNDERLINE.match(head):
        # Under paragraph text it makes a setext heading; under link reference
        # definitions alone (or lazily) cmark keeps even ``---`` as paragraph text.
        starts_block = not definitions_only and m.start() not in state.lazy_line_starts
    else:
        starts_block = bool((gfm.PARAGRAPH_INTERRUPT if in_paragraph else gfm.BLOCK_START).match(head))
    if starts_block:
        return _parse_with_other_rules(block, state)

    verdict = _header_verdict(m, state, in_paragraph)
    if verdict is not _ACCEPTED:
        if verdict is _MISMATCH:
            # cmark-gfm tries a paragraph as a table header once; after a
            # column-count mismatch it never tries that paragraph again.
            state.visited_paragraph = len(state.tokens) - 1 if in_paragraph else len(state.tokens)
        # The line may still start something else here, such as a link reference definition.
        return None if in_paragraph and not definitions_only else _parse_with_other_rules(block, state)

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
    lazy_indent = _lazy_header_indent(m, state)
    if state.parent is not None:
        content_starts = _content_starts(state, src[m.start() : pos], state.line_base + first, lazy_indent)
    state.found.append(TableLocation(state.line_base + first, line_count, content_starts, bool(lazy_indent)))
    state.append_token({"type": "table"})
    return min(pos, size)


_ACCEPTED, _MISMATCH, _REJECTED = "accepted", "mismatch", "rejected"


def _header_verdict(m: Match[str], state: BlockState, in_paragraph: bool) -> str:
    """Whether a header line and delimiter row (matched by ``_TABLE_START``)
    open a table: accepted, a column-count mismatch, or rejected otherwise."""
    head = m.group("tl_head")
    delimiter = m.group("tl_delim")
    if not head.strip(" \t"):
        return _REJECTED
    if (
        m.start("tl_delim") in state.lazy_line_starts
        or gfm.indent_columns(delimiter) >= 4
        or gfm.delimiter_is_other_block(delimiter)
    ):
        return _REJECTED
    if in_paragraph and getattr(state, "visited_paragraph", -1) == len(state.tokens) - 1:
        return _REJECTED
    lazy_indent = _lazy_header_indent(m, state)
    if lazy_indent:
        head_cells = len(gfm.split_cells(lazy_indent + head.lstrip(" \t"), keep_indent=True))
    else:
        head_cells = len(gfm.split_cells(head))
    if head_cells != len(gfm.split_cells(delimiter)):
        return _MISMATCH
    return _ACCEPTED


def _lazy_header_indent(m: Match[str], state: BlockState) -> str:
    """The indentation cmark keeps on a header that is a lazy line ('' if none)."""
    start = m.start()
    if start not in state.lazy_line_starts:
        return ""
    indents = getattr(state, "lazy_indents", {})
    return indents[start] if start in indents else _indentation(m.group("tl_head"))


def _parse_with_other_rules(block: _TableLocatingParser, state: _LineTrackingState) -> int | None:
    """What mistune would do at the cursor without the table rule."""
    others = [rule for rule in (state.rules or block.rules) if rule != RULE]
    m = block.compile_sc(others).match(state.src, state.cursor)
    return block.parse_method(m, state) if m else None


def _definition_cut(
    block: _TableLocatingParser, state: BlockState, start: int, end: int, visited: bool
) -> tuple[int | None, bool]:
    """Where a link reference definition that mistune read over several lines
    (``[f]:`` then the URL or the title on the next lines) stops being one to
    cmark, which reads the lines one by one as a paragraph: at a line that
    interrupts the paragraph (a quote, a heading, a setext underline, ...) or
    at a table header, a line whose next line is a fitting delimiter row.
    Also whether the paragraph has been tried as a table header by then."""
    src = state.src
    table_start = block.compile_sc([RULE])
    pos = state.find_line_end_at(start)
    while pos < end:
        line = state.get_line(pos)
        if pos not in state.lazy_line_starts and (
            gfm.PARAGRAPH_INTERRUPT.match(line) or gfm.SETEXT_UNDERLINE.match(line)
        ):
            return pos, visited
        m = None if visited else table_start.match(src, pos)
        if m:
            verdict = _header_verdict(m, state, in_paragraph=False)
            if verdict is _ACCEPTED:
                return pos, False
            visited = verdict is _MISMATCH
        pos = state.find_line_end_at(pos)
    return None, visited


def _content_starts(
    state: _LineTrackingState, table_src: str, first_doc_line: int, header_indent: str = ""
) -> list[int]:
    """Per table line, the column in the document line where its content
    starts: the child line with its indentation removed is a suffix of the
    document line (containers only change leading whitespace). A lazy
    header's kept indentation counts as content."""
    starts = []
    for index, child_line in enumerate(table_src.rstrip("\n").split("\n")):
        doc_line = state.doc_line(first_doc_line + index)
        content = child_line.lstrip(" \t")
        if index == 0 and header_indent and doc_line.endswith(header_indent + content):
            content = header_indent + content
        if content and doc_line.endswith(content):
            starts.append(len(doc_line) - len(content))
        else:
            stripped = doc_line.lstrip(" \t>")
            starts.append(len(doc_line) - len(stripped))
    return starts


def _ends_in_open_paragraph(
    block: BlockParser, src: str, rules: list[str], lazy: set[int] | frozenset[int] = frozenset()
) -> bool:
    """Whether container content ``src`` ends in a paragraph that a lazy
    continuation line would continue. ``lazy``: offsets of the lines in
    ``src`` that were lazy already (they cannot be delimiter rows)."""
    scratch = _LineTrackingState()
    # A last line without its newline would lose a quote's blank last line.
    scratch.process(src if src.endswith("\n") else src + "\n")
    scratch.lazy_line_starts = set(lazy)
    block.parse(scratch, rules)
    tokens = scratch.tokens
    while tokens:
        last = tokens[-1]
        kind = last["type"]
        if kind in ("paragraph", "block_text"):
            return True
        if kind not in ("block_quote", "list", "list_item") or last.get(ENDS_BLANK):
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
        parser = _TableLocatingParser(max_nested_level=gfm.MAX_NESTING)
        parser.register(RULE, _TABLE_START, _parse_gfm_table, before="fenced_code")
        for rules in (parser.block_quote_rules, parser.list_rules):
            if RULE not in rules:
                rules.insert(0, RULE)
        _PARSER = parser
    return _PARSER


def locate_tables(
    normalized: str, doc_line: Callable[[int], str], opaque: list[tuple[int, int]] | None = None,
) -> tuple[list[TableLocation], dict[str, Any], list[int]]:
    """Tables in ``normalized`` text (``\\n`` newlines, final newline), in
    document order; the document's link reference definitions (mistune's
    ``ref_links``, keyed by normalized label); and the 0-based lines of what
    looks like a table's header nested too deeply to be parsed (more than
    gfm.MAX_NESTING block quotes and list items).

    ``doc_line(i)`` returns 0-based line ``i`` of the original document; it is
    used to map rows inside block quotes and list items back to it. Given a
    list as ``opaque``, the parse adds to it the 0-based first and last line
    of each fenced or indented code block and each HTML block that is not a
    comment: where a ``<!--`` is text, not a comment.
    """
    if not normalized.isascii() and _has_surrogates(normalized):
        # Text built in memory can hold one (a file decoded as UTF-8 cannot);
        # mistune percent-encodes definition URLs as UTF-8 and would raise. One
        # code point for another keeps every offset.
        normalized = _LONE_SURROGATE.sub("\ufffd", normalized)
    parser = _parser()
    state = _LineTrackingState()
    state.doc_line = doc_line
    if opaque is not None:
        state.opaque = opaque
    state.process(normalized)
    parser.parse(state)
    found = state.found
    found.sort(key=lambda location: location.first_line)
    # A list item cut short is parsed again, at a depth that may be fine.
    located = {location.first_line for location in found}
    return found, state.env["ref_links"], sorted(state.too_deep - located)


def _has_surrogates(text: str) -> bool:
    """Whether ``text`` holds a surrogate code point, the only one that UTF-8
    cannot encode. Encoding is faster than searching with
    ``_LONE_SURROGATE``, which then compiles only for the rare text that
    needs it (a class past Latin-1 compiles slowly); in pieces, so that no
    copy of a large text is made at once."""
    for start in range(0, len(text), _PIECE):
        try:
            text[start : start + _PIECE].encode("utf-8")
        except UnicodeEncodeError:
            return True
    return False

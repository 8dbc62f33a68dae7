"""tablelint positions (1-based lines, 1-based code-point columns) to LSP
positions (0-based lines, columns in the negotiated code units: UTF-16 unless
the client offers UTF-8 or UTF-32) and back.

Lines are split as tablelint and the LSP split them (``\\r\\n``, ``\\r``,
``\\n``), not with ``str.splitlines()``, which also breaks on ``\\x0c`` and
``\\u2028`` and would shift every line after one.
"""

from __future__ import annotations

from lsprotocol import types

from ..parse.source import LINE_BREAK, lines_with_endings


class LineIndex:
    """Where each line of one text starts and ends."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16) -> None:
        self.text = text
        self.encoding = encoding
        newlines = list(LINE_BREAK.finditer(text))
        self.starts = [0, *(newline.end() for newline in newlines)]
        self.ends = [*(newline.start() for newline in newlines), len(text)]

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line(self, number: int) -> str:
        """The text of 1-based line ``number``, without its newline ('' past the end)."""
        if not 1 <= number <= len(self.starts):
            return ""
        return self.text[self.starts[number - 1] : self.ends[number - 1]]

    def _units(self, text: str) -> int:
        if self.encoding == types.PositionEncodingKind.Utf32:
            return len(text)
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(text.encode("utf-8", "surrogatepass"))
        return len(text.encode("utf-16-le", "surrogatepass")) // 2

    def to_lsp(self, line: int, column: int) -> types.Position:
        """The LSP position of tablelint's 1-based (line, column). A column past
        the line's end is the start of the next line: a tablelint edit that
        deletes a row ends there."""
        if line > len(self.starts):
            return types.Position(line=len(self.starts), character=0)
        text = self.line(line)
        if column - 1 > len(text):
            return types.Position(line=line, character=0)
        return types.Position(line=line - 1, character=self._units(text[: max(column - 1, 0)]))

    def range(self, line: int, column: int, end_line: int, end_column: int) -> types.Range:
        return types.Range(start=self.to_lsp(line, column), end=self.to_lsp(end_line, end_column))

    def from_lsp(self, position: types.Position) -> tuple[int, int]:
        """tablelint's 1-based (line, column) of an LSP position. A position
        inside a character (half of a surrogate pair) is that character's."""
        line = position.line + 1
        text = self.line(line)
        if self.encoding == types.PositionEncodingKind.Utf32:
            return line, min(position.character, len(text)) + 1
        units = 0
        for index, character in enumerate(text):
            if units >= position.character:
                return line, index + 1
            units += self._units(character)
        return line, len(text) + 1

    def offset(self, position: types.Position) -> int:
        """The offset in ``text`` of an LSP position."""
        line, column = self.from_lsp(position)
        if line > len(self.starts):
            return len(self.text)
        return self.starts[line - 1] + column - 1


def minimal_edit(old: str, new: str, index: LineIndex | None = None) -> list[types.TextEdit]:
    """One edit that turns ``old`` into ``new``, spanning only the lines that
    differ (a whole-document replacement would move the cursor and fold
    state of an editor); none when they are equal."""
    if old == new:
        return []
    index = index or LineIndex(old)
    old_lines, new_lines = lines_with_endings(old), lines_with_endings(new)
    head = 0
    while head < min(len(old_lines), len(new_lines)) and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while (tail < min(len(old_lines), len(new_lines)) - head
           and old_lines[-1 - tail] == new_lines[-1 - tail]):
        tail += 1
    start = sum(len(line) for line in old_lines[:head])
    end = len(old) - sum(len(line) for line in old_lines[len(old_lines) - tail :]) if tail else len(old)
    replacement = "".join(new_lines[head : len(new_lines) - tail])
    return [types.TextEdit(range=types.Range(start=position_at(index, start), end=position_at(index, end)),
                           new_text=replacement)]


def position_at(index: LineIndex, offset: int) -> types.Position:
    """The LSP position of an offset in the index's text."""
    from bisect import bisect_right

    line = bisect_right(index.starts, offset)
    return index.to_lsp(line, offset - index.starts[line - 1] + 1)

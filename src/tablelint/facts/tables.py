"""Facts about a table read from its cells, for rules with or without a schema.

- **Group rows** are section headings written inside a table, not data: a row
  whose filled cells all hold the same text (``| OpenAI | OpenAI | OpenAI |``),
  or whose only filled cell is bold (``| **Vision** | | |``) in a column that
  data rows do not write in bold. Placeholders count as empty here. A table
  has group rows only if it also has data rows (two or more different
  values), and a repeated value must hold letters and not be a literal
  (``TRUE``, ``0``): a row of those is data.
- **The name column** is the column that names each row. Without a schema (or
  when the schema's name field holds no names, such as ``[paper](…)`` links),
  it is the first column whose header says so (Name, Title, Model, 名称…) and
  whose cells read as names; else the first column whose cells are mostly
  distinct short words: not sentences, numbers, dates, years, sources
  (``CVPR 2023``), symbols (✅), code or bare links.
- **A year column** holds a year or a date in most filled cells
  (``2022``, ``2022-06``, ``Jun 2022``, ``2022年6月``): a paper list that has
  one names the venue alone in its source column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice

from .. import lazy_re
from ..schema.placeholders import NULL_TOKENS, SCALAR, TEMPLATE_TOKENS, cell_value

_FILLER = NULL_TOKENS | TEMPLATE_TOKENS
_BOLD = lazy_re.compile(r"(?s)\*\*[^*].*\*\*|__[^_].*__|<(b|strong)>.*</\1>")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?"
_YEAR_OR_DATE = lazy_re.compile(
    rf"""(?ix)
    (?:{_MONTH}\s*)?(?:\d{{1,2}}\s*[-./]\s*)?      # Jun 2022, 06/2022
    (?:19|20)\d\d
    (?:\s*[-./年]\s*\d{{1,2}}(?:\s*[-./月]\s*\d{{1,2}})?)?\s*[年月日]?   # 2022-06, 2022.06.01, 2022年6月
    """
)
_TWO_LETTERS = lazy_re.compile(r"(?s)[^\W\d_].*?[^\W\d_]")
# A source: words then a year ("CVPR 2023", "arxiv2022", "NeurIPS'21").
_SOURCE = lazy_re.compile(r"(?i)[a-z][\w&. -]{0,40}?\s*(?:(?:19|20)\d\d|'\d\d)")

# Headers that say "this column names the row", normalized (binding.normalize_header).
NAME_HEADERS = frozenset({
    "name", "names", "title", "titles", "model", "models", "model name", "paper", "papers", "paper title",
    "paper name", "method", "methods", "project", "projects", "project name", "tool", "tools", "library",
    "network", "algorithm", "item", "名称", "名字", "标题", "题目", "模型", "模型名称", "论文", "论文名称",
    "论文标题", "项目", "项目名称", "工具", "方法", "算法", "名前", "モデル", "項目", "이름", "모델",
})
# What visible_text may take out of a cell: code, markup, links, URLs, identifiers.
_MARKUP_HINT = lazy_re.compile(r"[`<>\[\]*_&@/.:]|www")
# Link brackets and emphasis, which visible_text keeps.
_MARKS = str.maketrans("[]*_", "    ")
# Headers of columns that describe the row rather than name it.
PROSE_HEADERS = frozenset({
    "description", "descriptions", "explanation", "details", "summary", "notes", "note", "remarks", "comment",
    "comments", "meaning", "usage", "purpose", "why", "info", "描述", "说明", "简介", "含义", "备注", "説明",
    "설명", "비고",
})
# A name is a short text, not a sentence.
_LONGEST_NAME = 120
_SENTENCE_ENDS = (".", "!", "?", "。", "！", "？")
# Rows read to decide what a column holds: enough for any list, cheap for a 100k-row table.
_SAMPLE_ROWS = 200
_REAL_NAMES = 0.8
_DISTINCT_NAMES = 0.8
# Cells read to decide whether a column holds names.
NAME_SAMPLE = 50


def is_filler(value: str) -> bool:
    return not value or value.casefold() in _FILLER


def _is_bold(value: str) -> bool:
    return _BOLD.fullmatch(value) is not None


def group_rows(rows_values: Sequence[Sequence[str]]) -> frozenset[int]:
    """1-based numbers of the group rows (see the module docstring)."""
    data_rows: list[int] = []
    candidates: list[int] = []
    for number, values in enumerate(rows_values, 1):
        if _distinct_filled(values) >= 2:
            data_rows.append(number)
        elif any(values):
            candidates.append(number)
    if not data_rows or not candidates:
        return frozenset()
    found = set()
    bold_in_data: dict[int, bool] = {}
    for number in candidates:
        values = rows_values[number - 1]
        filled = [(column, value) for column, value in enumerate(values) if not is_filler(value)]
        if not filled:
            continue
        column, text = filled[0]
        if len(filled) >= 2:
            if _TWO_LETTERS.search(text) and not SCALAR.fullmatch(text):
                found.add(number)
        elif len(values) >= 2 and _is_bold(text):
            if column not in bold_in_data:
                bold_in_data[column] = _bold_in_data(rows_values, data_rows, column)
            if not bold_in_data[column]:
                found.add(number)
    return frozenset(found)


def _distinct_filled(values: Sequence[str]) -> int:
    """How many different filled values a row holds, counting to 2 at most."""
    seen = None
    for value in values:
        if value and value != seen and value.casefold() not in _FILLER:
            if seen is not None:
                return 2
            seen = value
    return 0 if seen is None else 1


def _bold_in_data(rows_values: Sequence[Sequence[str]], data_rows: list[int], column: int) -> bool:
    """Whether most data rows write this column in bold (then a bold cell
    alone is a data row with its other values missing)."""
    bold = sum(
        1 for number in data_rows
        if column < len(rows_values[number - 1]) and _is_bold(rows_values[number - 1][column])
    )
    return 2 * bold > len(data_rows)


def sample_values(rows: Iterable, limit: int = _SAMPLE_ROWS) -> list[list[str]]:  # type: ignore[type-arg]
    """The values of the first ``limit`` rows, without the values cache (a
    fact may be asked for after the rules' analyses were freed)."""
    return [[cell_value(cell) for cell in row.cells] for row in islice(rows, limit)]


def _visible(value: str) -> str:
    if not _MARKUP_HINT.search(value):  # plain text, most cells: nothing to take out
        return " ".join(value.split())
    from ..naming.terms import visible_text

    return " ".join(visible_text(value).translate(_MARKS).split())


def filled_values(rows_values: Sequence[Sequence[str]], column: int, skip: frozenset[int], limit: int) -> list[str]:
    """The column's first ``limit`` filled values, outside the ``skip`` rows."""
    filled = (
        values[column] for number, values in enumerate(rows_values, 1)
        if number not in skip and column < len(values) and not is_filler(values[column])
    )
    return list(islice(filled, limit))


# What a link to a paper's resources says instead of its name ("[paper](…)").
_LINK_LABELS = frozenset({
    "paper", "code", "pdf", "link", "links", "arxiv", "github", "project", "project page", "homepage", "website",
    "demo", "video", "slides", "blog", "here", "论文", "代码", "链接", "地址", "查看",
})


def _reads_as_name(text: str) -> bool:
    return (
        _TWO_LETTERS.search(text) is not None
        and text.casefold() not in _LINK_LABELS
        and not SCALAR.fullmatch(text)
        and not _YEAR_OR_DATE.fullmatch(text)
        and not _SOURCE.fullmatch(text)
    )


def _is_prose(text: str) -> bool:
    return len(text) > _LONGEST_NAME or text.endswith(_SENTENCE_ENDS) or "。" in text


def holds_names(values: Sequence[str], *, strict: bool) -> bool:
    """Whether a column's filled cells read as row names: mostly words, and
    (``strict``) mostly distinct and not sentences; loosely, at least half
    of them distinct words."""
    values = values[:NAME_SAMPLE]
    if not values:
        return False
    needed = (_REAL_NAMES if strict else 0.5) * len(values)
    texts, misses = [], 0
    for value in values:
        text = _visible(value)
        if not _reads_as_name(text) or (strict and _is_prose(text)):
            misses += 1
            if len(values) - misses < needed:  # most columns of a docs table fail at once
                return False
        texts.append(text)
    distinct = len({text.casefold() for text in texts if text})
    return distinct >= (_DISTINCT_NAMES if strict else 0.5) * len(texts)


def find_name_column(
    headers: Sequence[str], rows_values: Sequence[Sequence[str]], skip: frozenset[int] | None = None,
) -> int | None:
    """The column that names each row (see the module docstring), or None;
    ``skip`` holds the group rows, when known."""
    from ..schema.binding import normalize_header

    if skip is None:
        skip = group_rows(rows_values)
    width = len(headers)
    for column in range(width):
        if normalize_header(headers[column]) in NAME_HEADERS and holds_names(
            filled_values(rows_values, column, skip, NAME_SAMPLE), strict=False
        ):
            return column
    for column in range(width):
        if normalize_header(headers[column]) not in PROSE_HEADERS and holds_names(
            filled_values(rows_values, column, skip, NAME_SAMPLE), strict=True
        ):
            return column
    return None


def year_column(
    rows_values: Sequence[Sequence[str]], width: int, exclude: Iterable[int] = (), skip: frozenset[int] = frozenset(),
) -> int | None:
    """The first of the ``width`` columns (other than ``exclude``) whose
    filled cells, outside the ``skip`` rows, are mostly years or dates, or None."""
    excluded = set(exclude)
    for column in range(width):
        if column in excluded:
            continue
        values = filled_values(rows_values, column, skip, _SAMPLE_ROWS)
        misses = 0
        for value in values:
            text = value.strip()
            # Every year or date holds 19xx or 20xx: a cell without either is
            # ruled out without the pattern, which most runs then never compile.
            if not (("19" in text or "20" in text) and _YEAR_OR_DATE.fullmatch(text)):
                misses += 1
                if misses > 0.2 * len(values):  # a column of other things fails at once
                    break
        else:
            if values:
                return column
    return None


"""The shortcuts that make link extraction and the offline step fast give
exactly what the general paths give: cells matched whole against the
scanner, plain URLs against urlsplit, the batch of diagnostics against one
at a time, the run-wide step over files with different settings, and the
cache's two ways of reading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tablelint.config import LinkSettings, Settings
from tablelint.engine.links import check_run_links
from tablelint.engine.lint import RunOptions, lint_source
from tablelint.facts.context import LintContext
from tablelint.links import LinkRef
from tablelint.links.cache import LinkCache
from tablelint.links.extract import _Scanner, _shortcut, find_links, scan_links
from tablelint.links.failure import Failure
from tablelint.links.urls import (
    CHECKED_SCHEMES,
    _split_check_key,
    _split_malformed_reason,
    check_key,
    malformed_reason,
    plain_check_key,
    scheme_of,
)
from tablelint.links.verdict import Outcome, Verdict
from tablelint.parse.document import parse_document
from tablelint.parse.source import Source
from tablelint.rules.links import (
    _raw_offsets,
    extract_file_links,
    link_diagnostic,
    link_diagnostics,
    row_label,
)

REFS = {"REF": {"url": "https://ref.example/r"}}

# Cells: some text, a URL or an inline link, some more text. The pieces
# reach every way a cell can fall off a shortcut.
PREFIXES = ["", "参考：", "参考:", "见 ", "x", "链接", "a.b ", "[", "`", "<", "!", "\\", "www", "(", "&amp;",
            "*"]
SCHEMES = ["http://", "https://", "HTTPS://", "hTtP://", "ftp://", "http:/", "httpx://", "http//"]
HOSTS = ["zhuanlan.zhihu.com", "a", "a-b.c", "-a.com", "a-.com", "a_b.com", "x.y_z", "a..b", "中文.com",
         "A.B", "a.", "1.2.3.4", "[::1]", "h:80", "u@h", "", "www.x.com"]
PATHS = ["", "/", "/p/366906920", "/a.", "/a_", "/a)", "/(a)", "/a;", "/a&amp;", "/a?b=1#c", "/a b", "/a<b",
         "/中文", "/a，b", "/a~", "/a'", '/a"', "/a\\b", "/a|b", "/%20", "/a+b=", "/a#", "/a?", "/a&b;"]
SUFFIXES = ["", " ", "，后文", ".", ")", " https://b.example/x", "]", "\\", "`"]
LINK_TEXTS = ["专栏", "", "a b", "`x`", "[x]", "https://in.example/", "www.x.com", "!", "a(b)", "<b>", "\\",
              "&"]


def _joined(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda *texts: "".join(texts), *parts)


urls = _joined(st.sampled_from(SCHEMES), st.sampled_from(HOSTS), st.sampled_from(PATHS))
bare_cells = _joined(st.sampled_from(PREFIXES), urls, st.sampled_from(SUFFIXES))
inline_cells = st.builds(lambda text, url, wrap, suffix: f"[{text}]({wrap.format(url)}){suffix}",
                         st.sampled_from(LINK_TEXTS), urls, st.sampled_from(["{}", "<{}>", " {} ", "{} 't'"]),
                         st.sampled_from(["", *SUFFIXES]))


@settings(max_examples=600, deadline=None)
@given(st.one_of(bare_cells, inline_cells))
@example("参考：https://z.example/p/1.")  # trailing punctuation is trimmed
@example("见 https://z.example/a_")
@example("https://z.example/(a)")  # parentheses are balanced
@example("xhttps://z.example/p")  # glued to a word: no link
@example("https://a_b.example/p")  # an underscore in the last two labels: no link
@example("https://z.example/a&amp;")  # a trailing entity is trimmed
@example("[t](https://z.example/a\\)b)")  # an escaped parenthesis
@example("[t](https://z.example/&amp;)")  # an entity in the destination is decoded
@example("[[t](https://z.example/a)](https://z.example/b)")
def test_a_cell_matched_whole_has_the_links_the_scanner_finds(cell: str) -> None:
    assert scan_links(cell, REFS) == _Scanner(cell, REFS).scan()


@pytest.mark.parametrize("cell", [
    "参考：https://zhuanlan.zhihu.com/p/366906920",
    "[专栏](https://zhuanlan.zhihu.com/p/605336680)",
    "https://mp.weixin.qq.com/s/MbZTfVgxx221Eo9pl1h80w",
    "https://arxiv.org/abs/2208.11663",
])
def test_the_cells_of_a_reading_list_take_the_shortcut(cell: str) -> None:
    links = _shortcut(cell)
    assert links is not None and links == _Scanner(cell, {}).scan() and len(links) == 1


# URLs: the plain ones are settled by one match, the rest by urlsplit.
LABELS = st.sampled_from(["a", "zhihu", "Example", "x-y", "x--y", "-x", "x-", "x_y", "中文", "a" * 63,
                          "a" * 64, ""])
hosts = st.one_of(
    st.lists(LABELS, min_size=1, max_size=5).map(".".join),
    st.sampled_from(["[::1]", "[::1", "1.2.3.4", "h.example.", "u:p@h.example", "h.example:80",
                     "h.example:443", "h.example:8080", "h.example:0", "h.example:x", "h.example:99999",
                     "H.EXAMPLE", "h.example:0080", "h.example:00443", "h.example:65535", "h.example:65536",
                     "h.example:1", "h.example:", "127.0.0.2:4444"]),
)
tails = st.sampled_from(["", "/", "/p/1", "?q=1", "#f", "/a?b#c", "/a#b?c", "/a?", "/a b", "/a\tb", "/a\nb",
                         "/中文", "?#", "/a@b:c", "/%7C"])
SCHEMES_OF_URLS = ["http://", "https://", "HTTP://", "Https://", "ftp://", "http:/", "htps://"]
plain_urls = _joined(st.sampled_from(SCHEMES_OF_URLS), hosts, tails)


@settings(max_examples=600, deadline=None)
@given(plain_urls)
def test_plain_urls_get_the_key_and_verdict_urlsplit_gives(url: str) -> None:
    assert check_key(url) == _split_check_key(url)
    assert malformed_reason(url) == _split_malformed_reason(url)
    key = plain_check_key(url)
    if key is not None:
        assert key == _split_check_key(url)
        assert _split_malformed_reason(url) is None and scheme_of(url) in CHECKED_SCHEMES


@pytest.mark.parametrize(("labels", "malformed"), [
    (["a" * 63, "com"], False),
    (["a" * 64, "com"], True),
    (["a" * 63] * 3 + ["a" * 61], False),  # 253 characters
    (["a" * 63] * 3 + ["a" * 62], True),  # 254
    (["a" * 40] * 5, False),  # longer than a label, each label short
])
def test_host_and_label_lengths_at_their_limits(labels: list[str], malformed: bool) -> None:
    url = "https://" + ".".join(labels) + "/x"
    assert (malformed_reason(url) is not None) == malformed
    assert (plain_check_key(url) is None) == malformed
    assert check_key(url) == _split_check_key(url)


# Row labels: the title marks as the documented pattern strips them.
_TITLE_MARKS = re.compile(r"^[《〈「『\"“']+|[》〉」』\"”']+$")


def _label_by_pattern(name: str | None, row: int, field: str | None) -> str:
    text = _TITLE_MARKS.sub("", " ".join((name or "").split())).strip()
    if len(text) > 60:
        text = text[:59] + "…"
    label = f"row '{text}'" if text else f"row {row}"
    return f"{label} ({field})" if field else label


@given(st.one_of(st.none(), st.text(alphabet=st.sampled_from(list("《》〈〉「」『』\"“”' \t\nabPEER中-")),
                                    max_size=70)),
       st.sampled_from([None, "", "备注", "notes"]))
def test_row_labels_drop_title_marks_like_the_pattern(name: str | None, field: str | None) -> None:
    ref = LinkRef("https://x.example/", "bare", 3, 10, 28, 1, 7, field, name, True)
    assert row_label(ref) == _label_by_pattern(name, 7, field)


# Diagnostics: the batch is the one-at-a-time function, filtered by the enabled rules.
VERDICTS = [
    Verdict("unchecked", "not checked: --offline, and no cached verdict"),
    Verdict("dead", "answered 404 Not Found", cached=True),
    Verdict("redirected", "moved permanently to https://new.example/p", fix_url="https://new.example/p"),
    Verdict("redirected", "moved permanently to https://new.example/q#top", fix_url="https://new.example/q#top",
            cached=True),
    Verdict("malformed", "'http:' must be followed by '//'"),
    Verdict("blocked", "not checked: x is a loopback address"),
    Verdict("unreachable", "answered 429 Too Many Requests"),
    Verdict("ok", "answered 200 OK"),
    Verdict("skipped", "not an http(s) URL"),
]
refs = st.builds(
    LinkRef,
    st.sampled_from(["https://old.example/a", "https://old.example/a#frag", "http:/x", "https://o.example/(x)"]),
    st.sampled_from(["bare", "inline", "image", "reference", "autolink", "html"]),
    st.integers(1, 3), st.integers(1, 5), st.integers(0, 40), st.integers(1, 2), st.integers(1, 3),
    st.sampled_from([None, "备注", "notes"]), st.sampled_from([None, "", "《PEER》", "LaMDA"]), st.booleans(),
)


@given(st.lists(st.tuples(refs, st.sampled_from(VERDICTS)), max_size=12),
       st.sets(st.sampled_from(["TL301", "TL302", "TL303", "TL304", "TL305"])))
def test_the_batch_of_diagnostics_is_one_diagnostic_per_link(pairs: list[tuple[LinkRef, Verdict]],
                                                             enabled: set[str]) -> None:
    links = [ref for ref, _ in pairs]
    verdicts = [verdict for _, verdict in pairs]
    one_by_one = [link_diagnostic("t.md", ref, verdict) for ref, verdict in pairs]
    expected = [d for d in one_by_one if d is not None and d.code in enabled]
    assert link_diagnostics("t.md", links, verdicts, frozenset(enabled)) == expected


# Extraction: the same LinkRefs as cell-by-cell scanning with the context's own lookups.
CELLS = ["NULL", "《PEER》", "参考：https://z.example/p/1", "[专栏](https://z.example/p/2)", "a\\|b https://e.example/x\\|y",
         "[论文][REF] www.w.example/x", "`https://code.example/`", "[x](https://e.example/a\\|b) and https://f.example/",
         "https://z.example/p/1", "![i](https://img.example/i.png)", "<https://auto.example/>", ""]


def _refs_cell_by_cell(context: LintContext) -> list[LinkRef]:
    document = context.document
    found_refs = []
    for table in document.tables:
        for number, row in enumerate(table.rows, 1):
            for index, cell in enumerate(row.cells):
                for link in find_links(cell.text, document.ref_links):
                    if not link.url:
                        continue
                    fixable = link.url_start is not None
                    start = link.url_start if fixable else link.start
                    end = link.url_end if fixable else link.end
                    to_raw = _raw_offsets(cell.raw)
                    last = to_raw(end - 1) + 1 if end > start else to_raw(start)
                    found_refs.append(LinkRef(
                        link.url, link.kind, cell.line, cell.column + to_raw(start), cell.column + last,
                        table.index, number, context.field_name(table, index),
                        context.row_name(table, number), fixable))
    return found_refs


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(CELLS), min_size=1, max_size=4), min_size=1, max_size=6),
       st.booleans())
def test_extraction_finds_what_scanning_every_cell_finds(rows: list[list[str]], with_reference: bool) -> None:
    body = "".join("| " + " | ".join(cells) + " |\n" for cells in rows)
    markdown = "| 名称 | 来源 | 备注 |\n| --- | --- | --- |\n" + body
    if with_reference:
        markdown += "\n[ref]: https://defined.example/r\n"
    context = LintContext(parse_document(Source("doc.md", markdown)))
    assert extract_file_links(context) == _refs_cell_by_cell(context)


# The run-wide step over several files, each with its own settings.

def _report(text: str, path: str, **links: object):  # type: ignore[no-untyped-def]
    settings = Settings(links=LinkSettings(**links))  # type: ignore[arg-type]
    source = Source(path, "| 名称 | 备注 |\n| --- | --- |\n" + text)
    return lint_source(source, RunOptions(select=["TL3"]), settings)


def test_each_file_is_judged_by_its_own_exclusions_and_urls_are_counted_once() -> None:
    excluding = _report(
        "| a | https://x.example/a |\n| b | https://y.example/b |\n| c | [x](htps://bad.example/) |\n",
        "a.md", exclude=[r"^https://x\.example/"], cache=False)
    plain = _report(
        "| a | https://x.example/a |\n| b | HTTPS://Y.example/b#frag |\n| c | [m](mailto:a@b.example) |\n",
        "b.md", cache=False)
    stats = check_run_links([excluding, plain], RunOptions(select=["TL3"], offline=True, show_unchecked=True))
    assert [(d.code, d.row) for d in excluding.diagnostics] == [("TL305", 2), ("TL303", 3)]
    assert [(d.code, d.row) for d in plain.diagnostics] == [("TL305", 1), ("TL305", 2)]
    # As written: x.example excluded, mailto skipped, htps malformed; checked: the keys of x and y.
    assert (stats.skipped, stats.malformed, stats.unchecked) == (2, 1, 2)


def test_each_file_reads_a_cached_answer_with_its_own_accept_list(tmp_path: Path) -> None:
    cache_path = tmp_path / "links.sqlite3"
    cache = LinkCache(cache_path, ttl=86400.0)
    cache.put_many({"https://x.example/a": Outcome(status=403)})
    cache.close()
    accepting = _report("| a | https://x.example/a |\n", "a.md", accept=[403], cache_path=str(cache_path))
    default = _report("| a | https://X.example:443/a |\n", "b.md", cache_path=str(cache_path))
    stats = check_run_links([accepting, default], RunOptions(select=["TL3"], offline=True))
    assert accepting.diagnostics == []
    assert [d.code for d in default.diagnostics] == ["TL302"]
    message = default.diagnostics[0].message
    assert "403 Forbidden" in message and "(cached verdict)" in message
    # The first occurrence speaks for the URL: alive under a.md's settings.
    assert (stats.cached, stats.unreachable) == (1, 0)


# The cache answers the same whether it reads itself whole or by key.

@pytest.mark.parametrize("asked", [300, 1100, 1300], ids=["few-keys", "chunks", "whole-table"])
def test_the_cache_answers_alike_however_it_reads(tmp_path: Path, asked: int) -> None:
    now = 1_000_000.0
    cache = LinkCache(tmp_path / "links.sqlite3", ttl=100.0, now=now - 200)
    cache.put_many({f"https://old.example/{n}": Outcome(status=200) for n in range(200)})  # expired by now
    cache.close()
    cache = LinkCache(tmp_path / "links.sqlite3", ttl=100.0, now=now)
    cache.put_many({f"https://x.example/{n}": Outcome(status=404 if n % 2 else 200) for n in range(1000)})
    # Even numbers (answered 200) up to ``asked``, some expired and some never stored: 1,200 rows are
    # stored, so 300 and 1,100 keys are asked by key (in chunks of 500) and 1,300 by reading the table.
    fresh = [f"https://x.example/{n}" for n in range(0, asked, 2)]
    expired = [f"https://old.example/{n}" for n in range(50)]
    missing = [f"https://missing.example/{n}" for n in range(asked - len(fresh) - len(expired))]
    found = cache.get_many(fresh + expired + missing)
    cache.close()
    assert set(found) == {key for key in fresh if int(key.rsplit("/", 1)[1]) < 1000}
    assert all(outcome.status == 200 and outcome.failure is None for outcome in found.values())


def test_an_unreadable_cache_entry_counts_as_absent(tmp_path: Path) -> None:
    cache = LinkCache(tmp_path / "links.sqlite3", ttl=100.0, now=1000.0)
    cache.put_many({"https://a.example/": Outcome(failure=Failure.NO_SUCH_HOST, detail="no such host")})
    connection = cache._connect()
    assert connection is not None
    with connection:
        connection.execute("INSERT INTO outcomes VALUES (?, ?, ?)", ("https://b.example/", 1000.0, "{bad"))
    found = cache.get_many(["https://a.example/", "https://b.example/"])
    assert list(found) == ["https://a.example/"]
    assert found["https://a.example/"].failure is Failure.NO_SUCH_HOST

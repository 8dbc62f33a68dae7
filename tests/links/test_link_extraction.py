"""Which URLs a cell holds, and exactly where: the scanner against hand-made
cells, against GitHub's parser (cmark-gfm) on generated cells, and mapped
back to document columns."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tablelint.facts.context import LintContext
from tablelint.links.extract import find_links
from tablelint.parse.document import parse_document
from tablelint.parse.source import Source
from tablelint.rules.links import extract_file_links

REFS = {"REF": {"url": "https://ref.example/r"}, "R": {"url": "https://ref.example/R"}}


def found(text: str, refs: dict | None = None) -> list[tuple[str, str, str]]:
    """(kind, url, the text the URL span covers) for each link."""
    result = []
    for link in find_links(text, refs if refs is not None else REFS):
        start = link.url_start if link.url_start is not None else link.start
        end = link.url_end if link.url_end is not None else link.end
        result.append((link.kind, link.url, text[start:end]))
    return result


@pytest.mark.parametrize(("cell", "expected"), [
    ("[专栏](https://zhuanlan.zhihu.com/p/366906920)",
     [("inline", "https://zhuanlan.zhihu.com/p/366906920", "https://zhuanlan.zhihu.com/p/366906920")]),
    ("![图](<https://i.example/a b.png> \"t\")",
     [("image", "https://i.example/a b.png", "https://i.example/a b.png")]),
    ("见 <https://example.com/a>", [("autolink", "https://example.com/a", "https://example.com/a")]),
    ("https://example.com/x", [("bare", "https://example.com/x", "https://example.com/x")]),
    ("www.example.com/x.", [("bare", "http://www.example.com/x", "www.example.com/x")]),
    ("[论文][ref] and [r]", [("reference", "https://ref.example/r", "[论文][ref]"),
                             ("reference", "https://ref.example/R", "[r]")]),
    ("[R][]", [("reference", "https://ref.example/R", "[R][]")]),
    ('<a href="https://h.example/?a=1&amp;b=2">x</a>', [("html", "https://h.example/?a=1&b=2",
                                                         "https://h.example/?a=1&amp;b=2")]),
    ("[a](https://e.example/a\\)b \"title\")", [("inline", "https://e.example/a)b", "https://e.example/a\\)b")]),
    ("[a](https://e.example/?x=1&amp;y=2)", [("inline", "https://e.example/?x=1&y=2",
                                              "https://e.example/?x=1&amp;y=2")]),
    ("[![badge](https://img.example/b.svg)](https://link.example/)",
     [("inline", "https://link.example/", "https://link.example/"),
      ("image", "https://img.example/b.svg", "https://img.example/b.svg")]),
])
def test_each_kind_of_link_with_its_exact_span(cell: str, expected: list) -> None:
    assert sorted(found(cell)) == sorted(expected)


@pytest.mark.parametrize("cell", [
    "`https://example.com/in-code`",
    "``[a](https://example.com/b)``",
    "[ https://example.com/bracket-never-closed",
    "[text https://example.com/in-link-text](https://x.example)",
    "xhttps://example.com/glued-to-a-word",
    "https://x_y.example/underscore-in-domain",
    "https://",
    "<!-- https://example.com/in-a-comment -->",
    "![alt https://alt.example/](https://img.example/i.png)",
    "Www.example.com and wWw.example.com",
])
def test_what_is_not_a_link(cell: str) -> None:
    urls = [url for _, url, _ in found(cell)]
    assert not [url for url in urls if "example.com" in url or "alt.example" in url], urls


@pytest.mark.parametrize(("cell", "url"), [
    ("https://zhuanlan.zhihu.com/p/366906920，后文", "https://zhuanlan.zhihu.com/p/366906920"),
    ("（见https://zhuanlan.zhihu.com/p/366906920）", "https://zhuanlan.zhihu.com/p/366906920"),
    ("链接https://example.com/中文路径。后文", "https://example.com/中文路径"),
    ("https://a.example/x、https://b.example/y", "https://a.example/x"),
    ("https://a.example/x；然后", "https://a.example/x"),
    ("https://a.example/x：说明", "https://a.example/x"),
    ("https://a.example/x\u3000全角空格", "https://a.example/x"),
    ("https://a.example/x.，", "https://a.example/x"),
    ("参考：https://zhuanlan.zhihu.com/p/366906920", "https://zhuanlan.zhihu.com/p/366906920"),
    ("参考:https://zhuanlan.zhihu.com/p/1", "https://zhuanlan.zhihu.com/p/1"),
])
def test_a_bare_url_ends_before_cjk_punctuation(cell: str, url: str) -> None:
    assert found(cell)[0][1:] == (url, url)


def test_two_bare_urls_split_by_a_cjk_comma_are_two_links() -> None:
    assert [u for _, u, _ in found("https://a.example/x，https://b.example/y")] == [
        "https://a.example/x", "https://b.example/y"]


def test_a_link_inside_a_link_text_is_not_a_link_and_the_outer_one_fails() -> None:
    # CommonMark: links cannot contain links; the outer brackets become text.
    assert found("[a [b](https://in.example)](https://out.example)") == [
        ("inline", "https://in.example", "https://in.example"),
        ("bare", "https://out.example", "https://out.example"),
    ]


def test_undefined_reference_is_no_link() -> None:
    assert found("[text][nowhere] [alone]", refs={}) == []


# The oracle: GitHub's parser. Links come out of its HTML; bare URLs are
# compared by their link text (the span), the others by href.

class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[list[str]] = []
        self._open: list[list[str] | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a":
            link = ["a", values["href"] or "", ""] if values.get("href") is not None else None
            if link:
                self.links.append(link)
            self._open.append(link)
        elif tag == "img" and values.get("src") is not None:
            self.links.append(["img", values["src"] or "", ""])

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for link in self._open:
            if link is not None:
                link[2] += data


def cmark_links(cell: str) -> list[list[str]] | None:
    document = ("| h |\n|---|\n| " + cell.replace("|", "\\|") + " |\n\n"
                "[ref]: https://ref.example/r\n[r]: https://ref.example/R\n")
    rendered = cmarkgfm.markdown_to_html_with_extensions(
        document, options=Options.CMARK_OPT_UNSAFE, extensions=["autolink", "table"])
    if "<tbody>" not in rendered:
        return None
    parser = _Links()
    parser.feed(rendered.split("<tbody>")[1].split("</tbody>")[0])
    return [link for link in parser.links if not link[1].startswith("mailto:")]


def _href_escape(url: str) -> str:
    from urllib.parse import quote

    return quote(url, safe="-_.+!*'(),%#@?=;:/&$~")


PIECES = [
    "https://a.com", "http://b.org/x_(y)", "www.c.net/p", "[t](", ")", "](", "<", ">", "`", "``", "[", "]",
    "![i](", "*", "_", " ", "x", "中", ".", ",", "(", ")", "\\", "&amp;", ";", "'", '"', ":", "/", "?", "#",
    "~", "!", "https://d.com/a.b", "<https://e.com/q>", "[ref]", "[R][]", "[z][ref]",
    '<a href="https://h.com/z">', "</a>", "<!-- c -->", "<br/>", "https://", "http://f_g.com", "ftp://ftp.x/",
    "HTTPS://UP.COM", "1", "a", "&x;", ' "t"', " 'u'", "<https://e.com/a b>", "https://x.com/a)b",
    "https://y.com/((", "www.", "wWw.q.com", "e@f.com",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join))
def test_links_agree_with_cmark_gfm(cell: str) -> None:
    cell = cell.strip()
    if not cell or cell.startswith(("-", "#", ">", "*", "+", "1.")):
        return  # a block marker, not a cell's inline content
    theirs = cmark_links(cell)
    if theirs is None:
        return
    mine = [link for link in find_links(cell, REFS) if not link.url.startswith("mailto:")]
    assert len(mine) == len(theirs), (cell, mine, theirs)
    for link, (_, href, text) in zip(mine, theirs, strict=True):
        if link.kind == "bare":
            assert cell[link.start : link.end] == text, (cell, link, text)
        else:
            assert href in (link.url, _href_escape(link.url), html.escape(link.url)), (cell, link, href)


@given(st.text(alphabet=st.sampled_from(list("ab:/.[]()<>`!\\|h中，。 ")), max_size=40))
def test_spans_lie_inside_the_text_and_bare_spans_are_the_url(cell: str) -> None:
    for link in find_links(cell, REFS):
        assert 0 <= link.start <= link.end <= len(cell)
        if link.url_start is not None:
            assert link.start <= link.url_start <= link.url_end <= link.end
        if link.kind == "bare" and not link.url.startswith("http://www."):
            assert cell[link.start : link.end] == link.url


def _links_of(markdown: str):  # type: ignore[no-untyped-def]
    source = Source("doc.md", markdown)
    return source, extract_file_links(LintContext(parse_document(source)))


def test_document_columns_point_at_the_url_as_written_even_after_escaped_pipes() -> None:
    markdown = ("| 名称 | 备注 |\n| --- | --- |\n"
                "| a\\|b | x \\| [论文](https://e.example/p?q=1\\|2) 参考：https://z.example/p/1，后文 |\n")
    source, refs = _links_of(markdown)
    assert [ref.url for ref in refs] == ["https://e.example/p?q=1|2", "https://z.example/p/1"]
    line = source.line(3)
    assert [line[ref.column - 1 : ref.end_column - 1] for ref in refs] == [
        "https://e.example/p?q=1\\|2", "https://z.example/p/1"]
    assert all(ref.line == 3 and ref.table == 1 and ref.row == 1 for ref in refs)


def test_reference_links_resolve_against_definitions_anywhere_in_the_document() -> None:
    markdown = ("[paper]: https://defined.example/after \"T\"\n\n"
                "| 名称 | 备注 |\n| --- | --- |\n| PEER | [论文][paper] and [Later] |\n\n"
                "[later]: <https://defined.example/later>\n")
    source, refs = _links_of(markdown)
    assert [(ref.url, ref.kind, ref.fixable) for ref in refs] == [
        ("https://defined.example/after", "reference", False),
        ("https://defined.example/later", "reference", False),
    ]
    line = source.line(5)
    assert line[refs[0].column - 1 : refs[0].end_column - 1] == "[论文][paper]"


def test_row_context_is_recorded_for_every_link() -> None:
    markdown = "| 名称 | 来源 | 备注 |\n| --- | --- | --- |\n| 《PEER》 | arxiv | https://p.example/ |\n"
    _, refs = _links_of(markdown)
    assert len(refs) == 1
    assert refs[0].row_name == "《PEER》" and refs[0].row == 1
    assert refs[0].field is not None  # the header text, or the schema's field name when one binds


def test_header_cells_and_tables_without_links_give_nothing() -> None:
    _, refs = _links_of("| https://header.example | b |\n| --- | --- |\n| x | y |\n")
    assert refs == []


def test_link_refs_are_picklable_for_worker_processes() -> None:
    import pickle

    _, refs = _links_of("| a | b |\n| --- | --- |\n| x | https://p.example/ |\n")
    assert pickle.loads(pickle.dumps(refs)) == refs


def test_an_unbalanced_parenthesis_before_a_title_ends_the_destination_as_in_cmark_gfm() -> None:
    # cmark-gfm links `[a](b(c "t")` to "b(c"; a destination running to the end of the cell is no link.
    assert [link.url for link in find_links('[a](b(c "t")', REFS)] == ["b(c"]
    assert find_links("[a](b(c d)", REFS) == []

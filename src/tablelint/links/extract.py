"""Links in one table cell, with exact spans.

A hand-written scanner that follows CommonMark's inline precedence the way
cmark-gfm (GitHub's parser) applies it: code spans, autolinks and raw HTML bind
tighter than link brackets; a link cannot contain a link; text inside an
image's description is not clickable; GFM's bare-URL autolinks are never made
while a ``[`` is open. The test suite compares it with cmark-gfm on generated
cells.

Bare URLs follow cmark-gfm's autolink extension (``extensions/autolink.c``),
with one deliberate difference: a URL ends before non-ASCII punctuation or
space (``，`` ``。`` ``）`` ``、`` ``；`` ``：``, U+3000). GitHub would swallow
``，后文`` into the link, and a check of that URL would fail for a reason the
author cannot see. ``参考：https://…`` yields the URL, as on GitHub.

mistune's inline parser was the other option: it knows every construct, but
its tokens carry no positions, and recovering them needs hooks into private
code (see /work/shared/notes/mistune-facts.md §4).
"""

from __future__ import annotations

import html
import re
import string
import unicodedata
from bisect import bisect_left
from collections.abc import Mapping
from typing import Any, NamedTuple

from mistune.helpers import HTML_ATTRIBUTES, HTML_TAGNAME
from mistune.util import unikey

from .. import lazy_re
from ..record import Record

_ASCII_PUNCTUATION = frozenset(string.punctuation)
_ASCII_SPACE = frozenset(" \t\n\r\f\v")
# Where something may start; everything between two matches is plain text.
# Bare URLs are found by their scheme or ``www.``, not at every "h" and "w".
_INTERESTING = lazy_re.compile(r"[\\`<!\[\]]|(?i:https?://|ftp://)|www\.")

_AUTOLINK = lazy_re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\x00-\x20]*)>")
_EMAIL_AUTOLINK = lazy_re.compile(
    r"<[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*>"
)
_OPEN_TAG = lazy_re.compile(r"<(" + HTML_TAGNAME + r")(" + HTML_ATTRIBUTES + r")\s*/?>")
_CLOSE_TAG = lazy_re.compile(r"</" + HTML_TAGNAME + r"\s*>")
_HTML_OTHER = (
    (lazy_re.compile(r"<!-->|<!--->"), None),
    (lazy_re.compile(r"<!--"), "-->"),
    (lazy_re.compile(r"<\?"), "?>"),
    (lazy_re.compile(r"<!\[CDATA\["), "]]>"),
    (lazy_re.compile(r"<![A-Z]+\s"), ">"),  # CommonMark 0.29: uppercase name, then a space
)
_ATTRIBUTE = lazy_re.compile(
    r"""\s+([A-Za-z_:][A-Za-z0-9_.:-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""
)
# Which attribute of which tag holds a URL a reader can follow.
_URL_ATTRIBUTES = {"a": "href", "img": "src"}
_ENTITY = lazy_re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")
_SCHEME = lazy_re.compile(r"(?:https?|ftp)://", re.IGNORECASE)
_LABEL = lazy_re.compile(r"(?:[^\\\[\]]|\\.){0,999}\]")
_TRAILING = frozenset("?!.,:*_~'\"")
_URL_STOP = lazy_re.compile(r"[ \t\n\r\f\v<]|[^\x00-\x7f]")
_PLAIN_DOMAIN = lazy_re.compile(r"[A-Za-z0-9_.-]*")
# A run of destination characters with nothing to track: no space or control
# character (which end it), no parenthesis (counted) and no backslash (escapes).
_PLAIN_DESTINATION = lazy_re.compile(r"[^\x00-\x20\x7f()\\]*")
MAX_PAREN_DEPTH = 32


class FoundLink(NamedTuple):
    """A link in a piece of text. ``start``/``end`` span the whole construct
    (``[text](url)``); ``url_start``/``url_end`` span the URL as written, or
    are None when the URL is written elsewhere (a reference definition)."""

    url: str
    kind: str  # inline | image | reference | autolink | bare | html
    start: int
    end: int
    url_start: int | None
    url_end: int | None


class _Bracket(Record):
    """An open ``[`` or ``![`` on the scanner's bracket stack."""

    __slots__ = ("start", "image", "active")

    def __init__(self, start: int, image: bool, active: bool = True) -> None:
        self.start = start
        self.image = image
        self.active = active


def may_hold_link(text: str, has_references: bool) -> bool:
    """False for text that cannot hold an http(s) link, well formed or not:
    most cells, skipped without a scan. Such a link has a ``:/`` (``http:/x``
    is a malformed one), a ``www.`` or an inline destination ``](``; a
    reference link needs a ``]``."""
    # One-character tests first: they are the fastest, and rule out most text.
    return ((":" in text and ":/" in text) or ("]" in text and (has_references or "](" in text))
            or "www." in text)


def find_links(text: str, ref_links: Mapping[str, Any] | None = None) -> list[FoundLink]:
    """Every link in ``text`` (one cell, ``\\|`` already unescaped), in order."""
    if not may_hold_link(text, bool(ref_links)):
        return []
    return scan_links(text, ref_links or {})


def scan_links(text: str, ref_links: Mapping[str, Any]) -> list[FoundLink]:
    """``find_links`` for a text already known to pass ``may_hold_link``."""
    return _shortcut(text) or _Scanner(text, ref_links).scan()


# The two cells a reading list is made of, a bare URL after some text
# (``参考：https://…``) and a lone ``[text](url)``, matched whole: what the
# scanner would find in them follows from the match. Each pattern admits only
# text in which nothing else can start (no backslash, code span, angle
# bracket, image, bracket or entity, and no other URL before the link), a
# domain that the autolink rules accept as it stands, and an ending that
# trailing-punctuation trimming leaves alone. Every other cell is scanned.
_BARE_CELL = lazy_re.compile(
    r"[^\\`<!\[\]:.]*?(?<![A-Za-z])"
    r"((?:[Hh][Tt][Tt][Pp][Ss]?)://[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*"
    r"/(?:[A-Za-z0-9/._~%=&+?#-]*[A-Za-z0-9/=&+%#-])?)"
)
_INLINE_CELL = lazy_re.compile(r"\[[^\\`<!\[\]]*\]\(([^\x00-\x20\x7f()\\<>&]+)\)")


def _shortcut(text: str) -> list[FoundLink] | None:
    """The links of ``text`` if it is one of the common cells, else None."""
    m = _BARE_CELL.fullmatch(text)
    if m is not None:
        return [FoundLink(m.group(1), "bare", m.start(1), len(text), m.start(1), len(text))]
    m = _INLINE_CELL.fullmatch(text)
    if m is not None:
        return [FoundLink(m.group(1), "inline", 0, len(text), m.start(1), m.end(1))]
    return None


class _Scanner:
    def __init__(self, text: str, ref_links: Mapping[str, Any]) -> None:
        self.s = text
        self.refs = ref_links
        self.found: list[FoundLink] = []
        self.brackets: list[_Bracket] = []
        # Per closer (``-->``, ``?>``...), a position from which it is known
        # not to occur: an unclosed opener after it need not search again,
        # which made 500,000 ``<!--`` in one cell a quadratic search.
        self._absent: dict[str, int] = {}
        # Start offsets of every backtick run, by length; built on the first code span.
        self._backtick_runs: dict[int, list[int]] | None = None

    def scan(self) -> list[FoundLink]:
        s, n = self.s, len(self.s)
        pos = 0
        while pos < n:
            m = _INTERESTING.search(s, pos)
            if m is None:
                break
            pos = m.start()
            char = s[pos]
            if char == "\\":
                pos += 2 if pos + 1 < n and s[pos + 1] in _ASCII_PUNCTUATION else 1
            elif char == "`":
                pos = self._code_span(pos)
            elif char == "<":
                pos = self._angle(pos)
            elif char == "!":
                if s.startswith("[", pos + 1):
                    self.brackets.append(_Bracket(pos, image=True))
                    pos += 2
                else:
                    pos += 1
            elif char == "[":
                self.brackets.append(_Bracket(pos, image=False))
                pos += 1
            elif char == "]":
                pos = self._close_bracket(pos)
            else:
                pos = self._bare_url(pos)
        if len(self.found) > 1:
            self.found.sort(key=lambda link: link.start)
        return self.found

    # Code spans, autolinks and HTML: they bind tighter than brackets.

    def _code_span(self, pos: int) -> int:
        s = self.s
        end = pos
        while end < len(s) and s[end] == "`":
            end += 1
        run = end - pos
        if self._backtick_runs is None:
            self._backtick_runs = {}
            for found in re.finditer(r"`+", s):
                self._backtick_runs.setdefault(found.end() - found.start(), []).append(found.start())
        # The first run of the same length after this one closes it. Found
        # in an index of the runs, not by reading on: text with runs of many
        # lengths would be read to its end from each of them.
        starts = self._backtick_runs.get(run, [])
        index = bisect_left(starts, end)
        if index < len(starts):
            return starts[index] + run
        return end  # no closing run: the backticks are text

    def _angle(self, pos: int) -> int:
        s = self.s
        m = _AUTOLINK.match(s, pos)
        if m:
            self.found.append(FoundLink(m.group(1), "autolink", pos, m.end(), pos + 1, m.end() - 1))
            return m.end()
        m = _EMAIL_AUTOLINK.match(s, pos)
        if m:
            return m.end()
        m = _OPEN_TAG.match(s, pos)
        if m:
            self._tag_url(m)
            return m.end()
        m = _CLOSE_TAG.match(s, pos)
        if m:
            return m.end()
        for opening, closer in _HTML_OTHER:
            start = opening.match(s, pos)
            if start:
                if closer is None:
                    return start.end()
                if start.end() >= self._absent.get(closer, len(s) + 1):
                    continue
                close = s.find(closer, start.end())
                if close >= 0:
                    return close + len(closer)
                self._absent[closer] = start.end()
        return pos + 1

    def _tag_url(self, tag: re.Match[str]) -> None:
        wanted = _URL_ATTRIBUTES.get(tag.group(1).lower())
        if wanted is None:
            return
        for attribute in _ATTRIBUTE.finditer(tag.group(2)):
            if attribute.group(1).lower() != wanted:
                continue
            for group in (2, 3, 4):
                if attribute.group(group) is not None:
                    offset = tag.start(2)
                    start, end = offset + attribute.start(group), offset + attribute.end(group)
                    url = html.unescape(attribute.group(group)).strip()
                    self.found.append(FoundLink(url, "html", tag.start(), tag.end(), start, end))
                    return

    # Links and images.

    def _close_bracket(self, pos: int) -> int:
        if not self.brackets:
            return pos + 1
        opener = self.brackets[-1]
        if not opener.active:
            self.brackets.pop()
            return pos + 1
        link = self._inline_link(opener, pos) or self._reference_link(opener, pos)
        self.brackets.pop()
        if link is None:
            return pos + 1
        if opener.image:
            # What the description holds is alt text, not something to click.
            self.found = [found for found in self.found if found.start < opener.start]
        else:
            for bracket in self.brackets:
                if not bracket.image:
                    bracket.active = False  # a link cannot contain a link
        self.found.append(link)
        return link.end

    def _inline_link(self, opener: _Bracket, close: int) -> FoundLink | None:
        s, n = self.s, len(self.s)
        pos = close + 1
        if pos >= n or s[pos] != "(":
            return None
        pos = _skip_space(s, pos + 1)
        if pos < n and s[pos] == "<":
            url_start = pos + 1
            pos = url_start
            while pos < n and s[pos] not in "<>\n":
                pos += 2 if s[pos] == "\\" and pos + 1 < n and s[pos + 1] in _ASCII_PUNCTUATION else 1
            if pos >= n or s[pos] != ">":
                return None
            url_end = pos
            pos += 1
        else:
            url_start = pos
            depth = 0
            # Most destinations are one plain run up to the closing ")": a
            # regex skips it; parentheses and escapes take the loop below.
            pos = _PLAIN_DESTINATION.match(s, pos).end()  # type: ignore[union-attr]
            while pos < n:
                char = s[pos]
                if char in _ASCII_SPACE or ord(char) < 0x20 or char == "\x7f":
                    break
                if char == "\\" and pos + 1 < n and s[pos + 1] in _ASCII_PUNCTUATION:
                    pos += 2
                    continue
                if char == "(":
                    depth += 1
                    if depth > MAX_PAREN_DEPTH:
                        return None
                elif char == ")":
                    if depth == 0:
                        break
                    depth -= 1
                pos += 1
            if pos >= n:
                return None
            # An unbalanced "(" before a space still ends the destination:
            # cmark-gfm's scanner checks the count only against its limit.
            url_end = pos
        spaced = _skip_space(s, pos)
        if spaced > pos and spaced < n and s[spaced] in "\"'(":
            title_end = _title_end(s, spaced)
            if title_end is None:
                return None
            spaced = _skip_space(s, title_end)
        if spaced >= n or s[spaced] != ")":
            return None
        url = _decode(s[url_start:url_end])
        kind = "image" if opener.image else "inline"
        return FoundLink(url, kind, opener.start, spaced + 1, url_start, url_end)

    def _reference_link(self, opener: _Bracket, close: int) -> FoundLink | None:
        s = self.s
        text_start = opener.start + (2 if opener.image else 1)
        end = close + 1
        label: str | None = None
        if s.startswith("[", end):
            m = _LABEL.match(s, end + 1)
            written = s[end + 1 : m.end() - 1] if m else None
            if m and written == "":  # collapsed: [text][]
                end = m.end()
            elif m and written and written.strip():  # full: [text][label]
                label, end = written, m.end()
        if label is None:
            label = s[text_start:close]
            if "[" in label.replace("\\[", "") or len(label) > 999:
                return None
        if not label.strip():
            return None
        definition = self.refs.get(unikey(label))
        if not definition:
            return None
        return FoundLink(definition["url"], "reference", opener.start, end, None, None)

    # Bare URLs (GFM's autolink extension).

    def _bare_url(self, pos: int) -> int:
        s = self.s
        char = s[pos]
        if char == "w":
            if pos > 0 and s[pos - 1] not in " \t\n\r\f\v*_~(":
                return pos + 1
            domain_start, prefix = pos, "http://"
            allow_short = False
        else:
            m = _SCHEME.match(s, pos)
            if not m or (pos > 0 and s[pos - 1].isascii() and s[pos - 1].isalpha()):
                return pos + 1
            domain_start, prefix = m.end(), ""
            allow_short = True
        if self.brackets or not _valid_domain(s, domain_start, allow_short):
            return pos + 1
        end = _trim_end(s, pos, _bare_url_end(s, domain_start))
        if end <= domain_start:
            return pos + 1
        self.found.append(FoundLink(prefix + s[pos:end], "bare", pos, end, pos, end))
        return end


def _skip_space(s: str, pos: int) -> int:
    while pos < len(s) and s[pos] in _ASCII_SPACE:
        pos += 1
    return pos


def _title_end(s: str, pos: int) -> int | None:
    closer = ")" if s[pos] == "(" else s[pos]
    pos += 1
    while pos < len(s):
        char = s[pos]
        if char == "\\" and pos + 1 < len(s) and s[pos + 1] in _ASCII_PUNCTUATION:
            pos += 2
            continue
        if char == closer:
            return pos + 1
        if closer == ")" and char == "(":
            return None
        pos += 1
    return None


def _decode(destination: str) -> str:
    """A link destination as the browser gets it: backslash escapes and
    character references resolved."""
    if "\\" in destination:
        destination = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", destination)
    if "&" in destination:
        destination = _ENTITY.sub(lambda m: html.unescape(m.group(0)), destination)
    return destination


def _is_punctuation(char: str) -> bool:
    if char.isascii():
        return char in _ASCII_PUNCTUATION
    return unicodedata.category(char).startswith("P")


def _host_char(char: str) -> bool:
    if char.isascii():
        return char not in _ASCII_SPACE and char not in _ASCII_PUNCTUATION
    return not _is_punctuation(char) and not unicodedata.category(char).startswith("Z")


def _valid_domain(s: str, pos: int, allow_short: bool) -> bool:
    """cmark-gfm's domain check: starts with a host character; segments of
    host characters, ``-`` and ``_``; no ``_`` in the last two segments; a
    ``www.`` link needs a period. Quirks kept to agree with GitHub: the scan
    never looks at the text's last character (``www.`` ending a cell is no
    link), and it ends at the first non-ASCII character after the first."""
    if pos >= len(s) or not _host_char(s[pos]):
        return False
    limit, stop = len(s) - 1, pos + 1
    if stop < limit:
        stop = _PLAIN_DOMAIN.match(s, stop, limit).end()  # type: ignore[union-attr]
    if stop >= limit or s[stop] != "\\":
        # The common case, without backslashes: judge the scanned labels.
        labels = s[pos:stop].split(".")
        if "_" in labels[-1] or (len(labels) > 1 and "_" in labels[-2]):
            return False
        return allow_short or len(labels) > 1
    underscores_last = underscores_before = periods = 0
    pos += 1
    while pos < len(s) - 1:
        if s[pos] == "\\" and pos < len(s) - 2:
            pos += 1  # cmark-gfm steps over a backslash and judges the next character
        char = s[pos]
        if not char.isascii():
            break  # cmark-gfm's byte loop stops inside the first multibyte character
        if char == "_":
            underscores_last += 1
        elif char == ".":
            underscores_before, underscores_last = underscores_last, 0
            periods += 1
        elif char != "-" and not _host_char(char):
            break
        pos += 1
    if underscores_before or underscores_last:
        return False
    return allow_short or periods > 0


def _bare_url_end(s: str, pos: int) -> int:
    """Where a bare URL stops, before trimming: at ASCII space or ``<`` (as
    GFM), or at non-ASCII punctuation or space (the deliberate difference)."""
    while True:
        stop = _URL_STOP.search(s, pos)
        if stop is None:
            return len(s)
        pos = stop.start()
        if s[pos].isascii() or _ends_bare_url(s[pos]):
            return pos
        pos += 1


def _ends_bare_url(char: str) -> bool:
    """The deliberate difference from GFM: non-ASCII punctuation and spaces
    (``，`` ``。`` ``）`` U+3000) end a bare URL."""
    if char.isascii():
        return False
    category = unicodedata.category(char)
    return category.startswith("P") or category.startswith("Z")


def _trim_end(s: str, start: int, end: int) -> int:
    """cmark-gfm's ``autolink_delim``: drop trailing punctuation, an
    unbalanced ``)``, and a trailing ``&entity;``."""
    while end > start:
        last = s[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last == ";":
            amp = end - 2
            while amp > start and s[amp].isascii() and s[amp].isalpha():
                amp -= 1
            end = amp if amp < end - 2 and s[amp] == "&" else end - 1
        elif last == ")":
            opening = s.count("(", start, end)
            closing = s.count(")", start, end)
            if closing <= opening:
                break
            end -= 1
        else:
            break
    return end

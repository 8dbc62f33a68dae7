"""Patterns of schema binding and typed values that are spelt within Latin-1
(which CPython compiles ten times faster) for the text they can meet."""

from __future__ import annotations

import re
import unicodedata

from tablelint.schema.binding import normalize_header
from tablelint.schema.types import _URL, _URL_IN_TEXT_WITHOUT_STOPS, _URL_STOPS, parse_references

EVERY_CODE_POINT = "".join(map(chr, range(0x110000)))


def test_a_header_loses_a_full_width_colon_as_nfkc_made_it_a_colon() -> None:
    assert normalize_header("**名称：**") == normalize_header("名称:") == "名称"
    assert not any("：" in unicodedata.normalize("NFKC", char) for char in EVERY_CODE_POINT)


def test_the_bare_url_classes_differ_on_the_stops_alone() -> None:
    written, shorter = rf"[^\s<>)\]{_URL_STOPS}]", r"[^\s<>)\]]"
    assert written in _URL.pattern
    differ = f"(?={written})(?!{shorter}).|(?={shorter})(?!{written})."
    assert set(re.findall(differ, EVERY_CODE_POINT, re.DOTALL)) == set(_URL_STOPS)
    assert _URL.pattern.replace(written, shorter) == _URL_IN_TEXT_WITHOUT_STOPS.pattern


def test_references_end_bare_urls_before_cjk_punctuation() -> None:
    text = "参考：https://a.org/x，见 [论文](https://b.org/y) <https://c.org>、https://d.org"
    assert parse_references(None, text) == ["https://a.org/x", "https://b.org/y", "https://c.org", "https://d.org"]
    assert parse_references(None, "参考：https://a.org/x)；") == ["https://a.org/x"]

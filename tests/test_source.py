"""Bytes to text: BOM, newlines, the line index and input errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tablelint.errors import InputError
from tablelint.parse.source import UTF8_BOM, Source, decode, read_source


def lines_of(source: Source) -> list[str]:
    return [source.line(n) for n in range(1, source.line_count + 1)]


# --- BOM and encodings -------------------------------------------------------


def test_utf8_bom_is_removed_from_the_text_and_restored_on_encode() -> None:
    data = UTF8_BOM + "| 名称 | 来源 |\n|---|---|\n".encode()
    source = decode(data, "doc.md")
    assert source.bom is True
    assert source.text.startswith("| 名称")
    assert source.line(1) == "| 名称 | 来源 |"
    assert source.encode() == data
    assert source.encode("x\n") == UTF8_BOM + b"x\n"


def test_without_bom_encode_adds_none() -> None:
    source = decode(b"a\n", "doc.md")
    assert source.bom is False
    assert source.encode() == b"a\n"


def test_a_file_that_is_only_a_bom_is_empty() -> None:
    source = decode(UTF8_BOM, "doc.md")
    assert (source.text, source.bom, source.line_count) == ("", True, 1)


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_utf16_is_refused_with_its_name(bom: bytes) -> None:
    data = bom + "| a |\n".encode("utf-16-le" if bom == b"\xff\xfe" else "utf-16-be")
    with pytest.raises(InputError, match=r"^doc\.md: file is UTF-16 encoded"):
        decode(data, "doc.md")


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(InputError, match=r"^img\.md: binary file \(contains NUL bytes\)"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00", "img.md")


@pytest.mark.parametrize(
    ("data", "where", "byte"),
    [
        (b"ok\nab\xffc\n", "2:3", "0xff"),
        ("名称".encode() + b"\xff", "1:3", "0xff"),  # columns count characters, not bytes
        (b"a\r\nb\r\nc\x80d", "3:2", "0x80"),  # CRLF
        (b"a\rb\r\xff", "3:1", "0xff"),  # CR only
        (b"a\r\r\n\xff", "3:1", "0xff"),  # CR then CRLF: two line breaks
        (b"x = '\xed\xa0\x80'", "1:6", "0xed"),  # a lone surrogate written into the file
        (b"ok\n\xe5\x90", "2:1", "0xe5"),  # truncated at the end
        (UTF8_BOM + b"\xc3(", "1:1", "0xc3"),  # the BOM is no column
    ],
)
def test_invalid_utf8_names_line_column_and_byte(data: bytes, where: str, byte: str) -> None:
    with pytest.raises(InputError) as caught:
        decode(data, "doc.md")
    message = str(caught.value)
    assert message.startswith(f"doc.md:{where}: not valid UTF-8 (byte {byte})")
    assert "\n" not in message


# --- lines -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lines", "newline", "final"),
    [
        ("a\nb\n", ["a", "b"], "\n", True),
        ("a\r\nb\r\n", ["a", "b"], "\r\n", True),
        ("a\rb\r", ["a", "b"], "\r", True),
        ("a\nb", ["a", "b"], "\n", False),
        ("a\r\nb\nc\rd", ["a", "b", "c", "d"], "\r\n", False),  # mixed: the first ending names the style
        ("a\n\n", ["a", ""], "\n", True),
        ("\r\n", [""], "\r\n", True),
        ("", [""], "\n", False),
        ("no newline", ["no newline"], "\n", False),
    ],
)
def test_newline_styles(text: str, lines: list[str], newline: str, final: bool) -> None:
    source = Source("doc.md", text)
    assert lines_of(source) == lines
    assert source.newline == newline
    assert source.final_newline is final


def test_line_endings_are_kept_per_line() -> None:
    source = Source("doc.md", "a\r\nb\nc\rd")
    assert [source.line_ending(n) for n in range(1, 5)] == ["\r\n", "\n", "\r", ""]


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85"])
def test_only_cr_and_lf_split_lines(char: str) -> None:
    # str.splitlines() splits on each of these and would shift every later line.
    source = Source("doc.md", f"| a{char}b |\n|---|\n| c |\n")
    assert source.line_count == 3
    assert source.line(1) == f"| a{char}b |"
    assert source.line(3) == "| c |"


def test_normalized_text_keeps_line_numbers() -> None:
    source = Source("doc.md", "a\r\nb\rc")
    assert source.normalized() == "a\nb\nc\n"
    assert Source("doc.md", "a\n").normalized() == "a\n"


# --- offsets and positions ---------------------------------------------------


def test_position_and_offset_of_known_points() -> None:
    source = Source("doc.md", "ab\r\n名称\ncd")
    assert source.position(0) == (1, 1)
    assert source.position(2) == (1, 3)  # the CR of the CRLF belongs to line 1
    assert source.position(3) == (1, 4)
    assert source.position(4) == (2, 1)
    assert source.position(5) == (2, 2)  # columns count code points
    assert source.offset(3, 2) == 8
    # A column past the end of a line lands in its newline, so an edit can span it.
    assert source.text[source.offset(1, 3) :].startswith("\r\n")


NEWLINE_TEXT = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(exclude_characters="\r\n"), max_size=6),
        st.sampled_from(["\n", "\r\n", "\r"]),
    ),
    max_size=20,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(NEWLINE_TEXT)
def test_offset_and_position_round_trip(text: str) -> None:
    source = Source("doc.md", text)
    for offset in range(len(text) + 1):
        line, column = source.position(offset)
        assert 1 <= line <= source.line_count
        assert source.offset(line, column) == offset


@settings(max_examples=300, deadline=None)
@given(NEWLINE_TEXT)
def test_lines_and_endings_rebuild_the_text(text: str) -> None:
    source = Source("doc.md", text)
    rebuilt = "".join(source.line(n) + source.line_ending(n) for n in range(1, source.line_count + 1))
    assert rebuilt == text
    assert source.normalized().count("\n") == source.line_count
    for n in range(1, source.line_count + 1):
        assert "\n" not in source.line(n) and "\r" not in source.line(n)
        assert source.position(source.offset(n, 1)) == (n, 1)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.booleans())
def test_decode_round_trips_valid_utf8(text: str, bom: bool) -> None:
    data = (UTF8_BOM if bom else b"") + text.encode("utf-8", "surrogatepass")
    try:
        source = decode(data, "doc.md")
    except InputError as error:
        # Only lone surrogates (not UTF-8) or NUL characters (binary) are refused.
        assert any(0xD800 <= ord(c) <= 0xDFFF for c in text) or "\x00" in text, error
        return
    assert source.encode() == data


# --- files -------------------------------------------------------------------


def test_read_source_reads_a_file(tmp_path) -> None:
    path = tmp_path / "papers.md"
    path.write_bytes(UTF8_BOM + "| 名称 |\r\n|---|\r\n".encode())
    source = read_source(path, display="papers.md")
    assert (source.path, source.bom, source.newline) == ("papers.md", True, "\r\n")


def test_read_source_missing_file_and_directory(tmp_path) -> None:
    with pytest.raises(InputError, match=r"missing\.md: no such file or directory$"):
        read_source(tmp_path / "missing.md", display="missing.md")
    with pytest.raises(InputError, match=r": is a directory$"):
        read_source(tmp_path)

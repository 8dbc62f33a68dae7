"""URL facts that need no network: is it checkable, is it malformed, what
key does the run use for it, and how to write a replacement into a cell."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .. import lazy_re

CHECKED_SCHEMES = ("http", "https")
_SCHEME = lazy_re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_BAD_HOST_CHARS = lazy_re.compile(r"[\s<>\"{}|\\^`%]")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Most URLs in a table are plain: http(s), a host of ASCII labels (no "-"
# at either end), no user, a port from 1 to 65535 if any, no tab or line
# break. For these urlsplit has nothing to find, and whether the URL is
# malformed and what its key is follow from this match and the host's
# length; every other URL takes the general path. (A label's length is
# checked only in a host longer than one label may be.)
_LABEL = r"[A-Za-z0-9]+(?:-+[A-Za-z0-9]+)*"
_PLAIN_HTTP = lazy_re.compile(
    rf"([Hh][Tt][Tt][Pp][Ss]?)://({_LABEL}(?:\.{_LABEL})*)(?::([0-9]{{1,5}}))?"
    r"(/[^?#\t\n\r]*)?(?:\?([^#\t\n\r]*))?(?:#[^\t\n\r]*)?"
)
_MAX_LABEL_LENGTH = 63
_MAX_HOST_LENGTH = 253
# The user information of a URL (``user:password@``), wherever a URL starts
# in a text: RFC 3986 allows no "/", "?", "#", "@" or space in it, and a
# table cell no "|".
_CREDENTIALS = lazy_re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://)[^\s/?#@|<>\[\]\"]*@")


def hide_credentials(text: str, mask: str = "***@") -> str:
    """``text`` with the ``user:password@`` of every URL in it replaced by
    ``mask``: what the link checker prints shows ``https://***@host/``, and
    what it keeps (cache keys, redirect targets; ``mask=""``) has none.
    Credentials are never sent either (see target.py)."""
    if "@" not in text:
        return text
    return _CREDENTIALS.sub(lambda match: match.group(1) + mask, text)


def scheme_of(url: str) -> str | None:
    m = _SCHEME.match(url)
    return m.group(1).lower() if m else None


def _one_edit_apart(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        # Two neighbours swapped: "htpt".
        first, second = diffs if len(diffs) == 2 else (0, 0)
        return second == first + 1 and a[first] == b[second] and a[second] == b[first]
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def plain_check_key(url: str) -> str | None:
    """``check_key(url)`` if ``url`` is a plain http(s) URL, which also
    means that it is well formed (``malformed_reason`` is None); None for
    every other URL. One regex match settles most URLs of a run."""
    plain = _plain_match(url)
    if plain is None or not _plain_host_fits(plain.group(2)):
        return None
    return _plain_key(plain)


def _plain_match(url: str) -> re.Match[str] | None:
    plain = _PLAIN_HTTP.fullmatch(url)
    if plain is None or (plain.group(3) is not None and not 0 < int(plain.group(3)) <= 65535):
        return None
    return plain


def _plain_key(plain: re.Match[str]) -> str:
    """What ``_split_check_key`` makes of a plain URL."""
    scheme, host, port, path, query = plain.groups()
    scheme, host = scheme.lower(), host.lower()
    if port is not None and int(port) != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{int(port)}"
    return f"{scheme}://{host}{path or '/'}{'?' + query if query else ''}"


def _plain_host_fits(host: str) -> bool:
    if len(host) <= _MAX_LABEL_LENGTH:
        return True
    return len(host) <= _MAX_HOST_LENGTH and max(map(len, host.split("."))) <= _MAX_LABEL_LENGTH


def malformed_reason(url: str) -> str | None:
    """Why ``url`` cannot be a valid http(s) URL, or None. URLs of other
    schemes (mailto:, ftp:) and relative links are not judged here."""
    plain = _plain_match(url)
    if plain is not None and _plain_host_fits(plain.group(2)):
        return None
    return _split_malformed_reason(url)


def _split_malformed_reason(url: str) -> str | None:
    """``malformed_reason`` for any URL, through urlsplit."""
    scheme = scheme_of(url)
    if scheme is None:
        return None
    if scheme not in CHECKED_SCHEMES:
        for known in CHECKED_SCHEMES:
            if _one_edit_apart(scheme, known) and url[len(scheme) + 1 :].startswith("//"):
                return f"unknown scheme '{scheme}:' (did you mean '{known}:'?)"
        return None
    if not url[len(scheme) + 1 :].startswith("//"):
        return f"'{scheme}:' must be followed by '//'"
    if any(char in url for char in "\r\n\t"):
        return "contains a line break or tab"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        return _reason_from(str(error))
    host = parts.hostname or ""
    if not host:
        return "has no host name"
    if port == 0:
        return "port 0 is not a usable port"
    if parts.netloc.startswith("[") or ":" in host:
        return None  # an IPv6 literal: urlsplit has checked it
    if _BAD_HOST_CHARS.search(host):
        return f"host name '{host}' contains a character that host names cannot hold"
    labels = host.rstrip(".").split(".")
    if len(host.rstrip(".")) > _MAX_HOST_LENGTH:
        return "host name is longer than 253 characters"
    if any(not label for label in labels):
        return f"host name '{host}' has an empty label (two dots in a row, or a leading dot)"
    for label in labels:
        if label.startswith("-") or label.endswith("-"):
            return f"host name '{host}' has a label that starts or ends with '-'"
        try:
            encoded = label.encode("idna") if not label.isascii() else label.encode()
        except UnicodeError:
            return f"host name '{host}' is not a valid internationalized domain name"
        if len(encoded) > _MAX_LABEL_LENGTH:
            return f"host name label '{label[:20]}…' is longer than 63 characters"
    return None


def _reason_from(message: str) -> str:
    if "Port" in message or "port" in message:
        return "port is not a number from 1 to 65535"
    if "IPv6" in message or "bracket" in message.lower():
        return "has an invalid IPv6 address in brackets"
    return message


def check_key(url: str) -> str:
    """The URL as the run checks it: one check per key, however often and
    however spelled (host case, default port, fragment) it appears."""
    plain = _plain_match(url)
    return _plain_key(plain) if plain is not None else _split_check_key(url)


def _split_check_key(url: str) -> str:
    """``check_key`` for any URL, through urlsplit. Credentials are left
    out: they are not sent, and the key is what the cache stores."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return hide_credentials(url, "")
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{scheme}://{netloc}{path}{query}"


def replacement(url: str, kind: str) -> str:
    """``url`` written so that it reads back as the same link of ``kind`` in
    a table cell: a ``|`` would split the cell, spaces and parentheses would
    end an inline destination, and a bare URL must stay one bare URL."""
    # None of these may stand unencoded in a URL (RFC 3986), and each would
    # break the cell or the link around it.
    for char, encoded in (("|", "%7C"), (" ", "%20"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(char, encoded)
    if kind in ("inline", "image"):
        return url.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    if kind == "html":
        return url.replace("&", "&amp;").replace('"', "%22").replace("'", "%27")
    if kind == "bare":
        from .extract import find_links

        found = find_links(url)
        if len(found) == 1 and found[0].kind == "bare" and (found[0].start, found[0].end) == (0, len(url)):
            return url
        return f"<{url}>"
    return url

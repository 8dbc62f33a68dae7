"""Titles and identifiers as a paper list writes them.

``normalise_title`` is the form two titles are compared in: NFKC (fullwidth
letters and digits folded), case folded, title marks (《》「」『』【】, quotes)
and punctuation dropped, runs of spaces made one. ``Attention Is All You
Need`` and ``attention is all you need.`` normalise to the same text; so do
``《LARGE LANGUAGE MODELS ARE HUMAN-LEVEL PROMPT ENGINEERS》`` and dblp's
``Large Language Models are Human-Level Prompt Engineers.``.

``same_title`` allows a few typos on top of that: an edit distance
(Levenshtein, on the normalised texts) of at most ``threshold`` times the
longer text's length. A prefix is not enough: ``BERT: Pre-training of Deep
Bidirectional Transformers…`` and ``BERT-of-Theseus: Compressing BERT…`` are
different papers, and the whole texts are compared.

``arxiv_ids`` and ``dois`` find identifiers in a cell: an arXiv URL or
``arXiv:2203.02155``, a DOI or a doi.org URL (an arXiv DOI,
``10.48550/arXiv.2203.02155``, is the arXiv ID).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .. import lazy_re

# The default of ``papers.title-threshold``; tests pin what it accepts.
TITLE_THRESHOLD = 0.1

_MARKS = "《》〈〉「」『』【】〔〕\"“”'‘’`*_"
_NOT_WORD = lazy_re.compile(r"[\W_]+")
_MARKDOWN_LINK = lazy_re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_BREAK = lazy_re.compile(r"<br\s*/?>", re.IGNORECASE)

_NEW_ARXIV = r"\d{4}\.\d{4,5}"
_OLD_ARXIV = r"[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{7}"
_ARXIV = lazy_re.compile(
    rf"(?:arxiv\.org/(?:abs|pdf|html)/|arxiv:\s*|10\.48550/arxiv\.)({_NEW_ARXIV}|{_OLD_ARXIV})(?:v\d+)?",
    re.IGNORECASE,
)
_DOI = lazy_re.compile(r"\b(10\.\d{4,9}/[^\s\"<>|\]\[)(]+)")


def plain_title(text: str) -> str:
    """A title cell's text as the title itself: a Markdown link's text, line
    breaks as spaces, and the title marks around it (《…》, quotes) dropped."""
    if "](" in text:
        text = _MARKDOWN_LINK.sub(r"\1", text)
    if "<" in text:
        text = _BREAK.sub(" ", text)
    return " ".join(text.split()).strip(_MARKS + " ").strip()


def title_key(text: str) -> str:
    """``normalise_title`` without its memo: for passing over every row once."""
    text = plain_title(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


# A run compares each record's title with its row's several times.
normalise_title = lru_cache(maxsize=8192)(title_key)


def title_distance(first: str, second: str) -> float:
    """The edit distance of two normalised titles, as a fraction of the longer."""
    from rapidfuzz.distance import Levenshtein

    longest = max(len(first), len(second))
    if not longest:
        return 0.0
    return Levenshtein.distance(first, second) / longest


def same_title(first: str, second: str, threshold: float = TITLE_THRESHOLD) -> bool:
    """Whether two titles (not normalised yet) are one title, typos allowed."""
    a, b = normalise_title(first), normalise_title(second)
    return bool(a) and bool(b) and title_distance(a, b) <= threshold


def arxiv_ids(text: str) -> list[str]:
    """The arXiv IDs in ``text``, without their version, in order, each once."""
    if "rxiv" not in text and "RXIV" not in text and "rXiv" not in text and "RXiv" not in text:
        return []
    return list(dict.fromkeys(found.group(1) for found in _ARXIV.finditer(text)))


def dois(text: str) -> list[str]:
    """The DOIs in ``text`` (lower-cased, as DOIs compare), arXiv's own left out."""
    if "10." not in text:
        return []
    found = []
    for match in _DOI.finditer(text):
        doi = match.group(1).rstrip(".,;:").lower()
        if not doi.startswith("10.48550/"):
            found.append(doi)
    return list(dict.fromkeys(found))

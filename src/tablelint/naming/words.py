"""Ordinary words: whether a spelling may just be a word of some language,
written with a capital because it opens a sentence or a title.

A name the document misspells (``Deepmind``, ``Alexnet``) is no word; a
capitalised word that is one (``Multimodal``, ``React``, ``Palm``,
``Assistant``, Spanish ``Duración``) may be meant as the word, and then
rewriting it to a name changes what the text says.

English words come from pyspellchecker's English word list (some 160,000
words, proper names of places and people among them), read only when a
check needs it: most documents never ask. Each lookup searches the list's
decompressed JSON for the quoted word, which costs a millisecond; a set of
all the words would cost a tenth of a second and some 15 MB to build, for
the handful of spellings a document asks about. Other languages are not
looked up: a word with a letter outside ASCII (``Duración``, ``Modèle``)
counts as an ordinary word of its language, since the names these rules
guard are written in ASCII.
"""

from __future__ import annotations

from functools import lru_cache

# The word list ships with pyspellchecker as a gzipped JSON object that maps
# each lower-case word to a frequency.
_PACKAGE = "spellchecker"
_ENGLISH = ("resources", "en.json.gz")


@lru_cache(maxsize=1)
def _english() -> bytes:
    import gzip
    from importlib.resources import files

    resource = files(_PACKAGE).joinpath(*_ENGLISH)
    return gzip.decompress(resource.read_bytes())


@lru_cache(maxsize=4096)
def is_english_word(word: str) -> bool:
    """Whether ``word``, in lower case, is in the English word list."""
    lower = word.lower()
    if not lower.isascii() or '"' in lower or "\\" in lower:
        return False
    return b'"' + lower.encode("ascii") + b'"' in _english()


def spelt_as_a_word(spelling: str) -> bool:
    """All lower case, or a capital and then lower case, hyphens aside
    (``palm``, ``Palm``, ``Low-rank``); ``PaLM`` or ``PEEK`` is spelt as a
    name."""
    letters = spelling.replace("-", "")
    return letters.isalpha() and (letters.islower() or (letters[0].isupper() and letters[1:].islower()))


def may_be_ordinary_word(word: str) -> bool:
    """Whether ``word`` may be an ordinary word rather than a name: spelt as
    one, and a word of the English list or with a letter outside ASCII."""
    if not spelt_as_a_word(word):
        return False
    return not word.isascii() or all(is_english_word(part) for part in word.split("-") if part)

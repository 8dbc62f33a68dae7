"""Ordinary words: whether a spelling may just be a word of some language,
written with a capital because it opens a sentence or a title.

A name the document misspells (``Deepmind``, ``Alexnet``) is no word; a
capitalised word that is one (``Multimodal``, ``React``, ``Palm``,
``Assistant``, Spanish ``Duración``) may be meant as the word, and then
rewriting it to a name changes what the text says.

English words come from pyspellchecker's English word list (some 160,000
words, proper names of places and people among them), read only when a
check needs it: most documents never ask. The list ships as gzipped JSON;
the first run that asks writes its words, one a line and in sorted order,
to tablelint's cache (once), and later runs map that file and find a word
by bisection, reading a few pages of it (reading the whole list, or
building a set of all the words, would cost far more, for the handful of
spellings a document asks about). Other languages are not looked up: a word with a letter outside
ASCII (``Duración``, ``Modèle``) counts as an ordinary word of its
language, since the names these rules guard are written in ASCII.

The list is long: it holds ``lora``, ``roberta`` and ``latex`` as well as
``glove`` and ``react``. Whether a capitalised spelling may *mean* the word
(``React`` the library, ``Palm`` the tree) is asked of the common words
only: the list's most frequent ones (it gives each word a frequency), kept
in a second cache file the same way. ``Lora`` or ``Typescript`` in a list
of models and tools is the term miscased far more often than the word.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mmap import mmap

# The word list ships with pyspellchecker as a gzipped JSON object that maps
# each lower-case word to a frequency.
_PACKAGE = "spellchecker"
_ENGLISH = ("resources", "en.json.gz")
# How many of the most frequent words are common: about the vocabulary of
# everyday text. Past it come words a list of models and tools rarely means
# (latex, roberta, lora, youtube), while the ones it may mean stay in
# (glove, palm, react, whisper, apple).
COMMON_WORDS = 10_000


def _word_list() -> Path:
    """pyspellchecker's English list, found on ``sys.path`` without importing
    the package (its import is slow, and so is importlib.util's)."""
    import sys

    for entry in sys.path:
        candidate = Path(entry or ".", _PACKAGE, *_ENGLISH)
        if candidate.is_file():
            return candidate
    # Installed some other way (a zip, say): ask the package itself.
    from importlib.resources import as_file, files

    try:
        with as_file(files(_PACKAGE).joinpath(*_ENGLISH)) as path:
            return Path(path)
    except (ImportError, OSError) as error:
        from ..errors import InputError

        raise InputError(f"tablelint needs pyspellchecker's English word list: {error}") from None


@lru_cache(maxsize=2)
def _cached_list(name: str) -> bytes | mmap:
    """A list of words from pyspellchecker's English list, each between
    newlines, in sorted order: ``all`` of its ASCII words, or the ``common``
    ones. Both are written to the cache the first time either is asked for;
    later, the cached file is mapped, not read."""
    from ..datafiles import cache_dir, cache_key_hash, store_cache_file

    source = _word_list()
    stat = source.stat()
    key = cache_key_hash(f"{source}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()
    folder = cache_dir() / "words"
    files = {"all": folder / f"en-{key}.txt", "common": folder / f"en-common-{COMMON_WORDS}-{key}.txt"}
    try:
        return _mapped(files[name])
    except (OSError, ValueError):  # ValueError: an empty file, which no run writes
        pass
    import gzip
    import json

    frequencies: dict[str, int] = json.loads(gzip.decompress(source.read_bytes()))
    ascii_words = [word for word in frequencies if word.isascii()]
    # Ties broken by the word, so that the cut is the same on every machine.
    by_frequency = sorted(ascii_words, key=lambda word: (-frequencies[word], word))
    lists = {"all": sorted(ascii_words), "common": sorted(by_frequency[:COMMON_WORDS])}
    data = {}
    for which, words in lists.items():
        data[which] = ("\n" + "\n".join(words) + "\n").encode("ascii")
        store_cache_file(files[which], data[which])
    return data[name]


def _mapped(path: Path) -> mmap:
    from mmap import ACCESS_READ, mmap

    # The cache replaces a file, never rewrites it in place: the mapping stays valid.
    with path.open("rb") as file:
        return mmap(file.fileno(), 0, access=ACCESS_READ)


def _listed(word: str, listing: bytes | mmap) -> bool:
    lower = word.lower()
    if not lower or not lower.isascii() or "\n" in lower:
        return False
    return _holds_line(listing, lower.encode("ascii"))


def _holds_line(listing: bytes | mmap, wanted: bytes) -> bool:
    """Whether ``wanted`` is one of the lines of ``listing``: lines in
    sorted order, each between newlines. A binary search over byte offsets:
    each step reads the line around the middle of what is left."""
    low, high = 0, len(listing) - 1  # newlines: the lines between them are left
    while low < high:
        middle = (low + high) // 2
        start = listing.rfind(b"\n", low, middle + 1)
        end = listing.find(b"\n", start + 1, high + 1)
        line = listing[start + 1 : end]
        if line == wanted:
            return True
        if line < wanted:
            low = end
        else:
            high = start
    return False


@lru_cache(maxsize=4096)
def is_english_word(word: str) -> bool:
    """Whether ``word``, in lower case, is in the English word list."""
    return _listed(word, _cached_list("all"))


@lru_cache(maxsize=4096)
def is_common_english_word(word: str) -> bool:
    """Whether ``word``, in lower case, is one of the common English words."""
    return _listed(word, _cached_list("common"))


def spelt_as_a_word(spelling: str) -> bool:
    """All lower case, or a capital and then lower case, hyphens aside
    (``palm``, ``Palm``, ``Low-rank``); ``PaLM`` or ``PEEK`` is spelt as a
    name."""
    letters = spelling.replace("-", "")
    return letters.isalpha() and (letters.islower() or (letters[0].isupper() and letters[1:].islower()))


def may_be_ordinary_word(word: str) -> bool:
    """Whether ``word`` may be an ordinary word rather than a name: spelt as
    one, and a word of the English list or with a letter outside ASCII."""
    return _spelt_as_one_of(word, is_english_word)


def may_mean_a_common_word(word: str) -> bool:
    """Whether ``word`` may be meant as a common word (``React``, ``Palm``,
    ``Glove``) rather than as a term miscased (``Lora``, ``Latex``): spelt as
    one, and a common English word or with a letter outside ASCII."""
    return _spelt_as_one_of(word, is_common_english_word)


def _spelt_as_one_of(word: str, listed: Callable[[str], bool]) -> bool:
    if not spelt_as_a_word(word):
        return False
    return not word.isascii() or all(listed(part) for part in word.split("-") if part)

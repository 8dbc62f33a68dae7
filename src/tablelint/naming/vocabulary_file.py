"""Vocabulary files: a YAML (or JSON) mapping with ``terms``, a list of
canonical spellings (each may come with its accepted ``variants``, see
``tablelint.vocabulary``), and ``substitutions``, a map from a wrong spelling
to the right one; a bare list of terms is accepted too.

The built-in ``schemas/vocabulary/ml.yaml`` (well-known ML models,
organisations and products) applies to tables bound to the paper-list
schema. Even where it does not apply, its terms are never taken for
misspellings.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..datafiles import builtin_schema_dir, load_data_file, validated_from_cache
from ..errors import InputError
from ..vocabulary import Vocabulary, validated_vocabulary


def builtin_vocabulary_path() -> Path:
    """``vocabulary/ml.yaml`` beside the built-in schemas."""
    return builtin_schema_dir() / "vocabulary" / "ml.yaml"


def load_vocabulary(path: str | Path) -> Vocabulary:
    """The vocabulary in ``path``; InputError with the file and key on bad input."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        raise InputError(f"{path}: vocabulary file not found") from None
    return _load(path.resolve(), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=32)
def _load(path: Path, size: int, mtime: int) -> Vocabulary:
    """From the cache directory if an earlier run validated the same file."""
    return validated_from_cache("vocabulary", path, ("tablelint.vocabulary", "tablelint.datamodel"),
                                lambda: _validated(path), Vocabulary)


def _validated(path: Path) -> Vocabulary:
    data = load_data_file(path)
    if isinstance(data, list):
        data = {"terms": data}
    if not isinstance(data, dict):
        raise InputError(
            f"{path}: a vocabulary is a list of terms or a mapping with 'terms' and 'substitutions'"
        )
    return validated_vocabulary(data, str(path))


def builtin_vocabulary() -> Vocabulary:
    """The built-in vocabulary; empty if the file is missing from an install."""
    path = builtin_vocabulary_path()
    return load_vocabulary(path) if path.is_file() else Vocabulary()

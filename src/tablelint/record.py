"""Record: the base of tablelint's value classes.

A Record lists its fields in ``__slots__`` and writes its ``__init__``; this
base gives it, from ``__slots__``, the rest of what dataclass makes: a repr
that names every field, equality of the same class with equal fields (so,
like a dataclass with ``eq``, it is unhashable unless it defines
``__hash__``), and ``replace``, a copy with some fields changed
(``dataclasses.replace``). A dataclass costs several times as much to define,
and every run of the command line defines them all (RESULTS.md, code-notes).

Two kinds of values are not Records, each for a measured reason: the data
files' formats (``config.py``, ``vocabulary.py``, ``schema/model.py``) are
dataclasses or pydantic models because pydantic validates them; the values
made by the thousand (a link, a term of a cell, a paper row, a venue) are
``typing.NamedTuple`` classes: a Record is made up to a third faster, but
pickled 1.4–1.8× slower, and worker processes send these pickled
(``benchmarks/value_classes.py``).
"""

from __future__ import annotations

# Self, not a TypeVar bound to Record: making a TypeVar costs every run's import.
from collections.abc import Iterable
from typing import Any, Self


class Record:
    """A class whose value is its ``__slots__``; see the module docstring."""

    __slots__ = ()

    def _astuple(self) -> tuple[Any, ...]:
        """The values ``==`` compares."""
        return tuple(getattr(self, name) for name in self.__slots__)

    def _shown_fields(self) -> Iterable[str]:
        """The fields the repr names."""
        return self.__slots__

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown_fields())
        return f"{type(self).__qualname__}({fields})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._astuple() == other._astuple()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` applied; every other field is shared, as
        ``dataclasses.replace`` shares them."""
        unknown = changes.keys() - set(self.__slots__)
        if unknown:
            raise TypeError(f"{type(self).__qualname__} has no field {', '.join(sorted(unknown))}")
        copy = object.__new__(type(self))
        for name in self.__slots__:
            setattr(copy, name, changes[name] if name in changes else getattr(self, name))
        return copy

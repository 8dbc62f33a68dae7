"""Regular expressions compiled on first use: ``lazy_re.compile`` in place of
``re.compile`` for a module-level pattern.

A pre-commit hook starts tablelint on every commit, and compiling the
module-level patterns of the modules a check imports took a third of the
time of checking a small file. Many of them serve only some inputs (HTML
block starts, URLs, e-mail addresses, e.g. in cells that hold ``<``,
``://`` or ``@``), so a pattern compiles when a line or cell first needs
it, once per process.

After the first use, the methods are those of the compiled pattern itself,
stored on the object: a later call costs what it costs on a pattern that
``re.compile`` returned.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any, AnyStr, Generic, TypeAlias

_Replacement: TypeAlias = "AnyStr | Callable[[re.Match[AnyStr]], AnyStr]"

_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split")


class LazyPattern(Generic[AnyStr]):
    """``re.compile(pattern, flags)``, compiled when one of its methods is first used.

    To hand a method to other code (``map(P.search, texts)``), take it from
    ``compiled()``: a method taken before the first use would go through
    this class on every call.
    """

    def __init__(self, pattern: AnyStr, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def compiled(self) -> re.Pattern[AnyStr]:
        pattern = re.compile(self.pattern, self._flags)
        # Instance attributes hide the methods below: they run once.
        for name in _METHODS:
            setattr(self, name, getattr(pattern, name))
        self.compiled = lambda: pattern  # type: ignore[method-assign]
        return pattern

    def match(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[AnyStr] | None:
        return self.compiled().match(string, pos, endpos)

    def fullmatch(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[AnyStr] | None:
        return self.compiled().fullmatch(string, pos, endpos)

    def search(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[AnyStr] | None:
        return self.compiled().search(string, pos, endpos)

    def finditer(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[AnyStr]]:
        return self.compiled().finditer(string, pos, endpos)

    def findall(self, string: AnyStr, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled().findall(string, pos, endpos)

    def sub(self, repl: _Replacement[AnyStr], string: AnyStr, count: int = 0) -> AnyStr:
        return self.compiled().sub(repl, string, count)

    def subn(self, repl: _Replacement[AnyStr], string: AnyStr, count: int = 0) -> tuple[AnyStr, int]:
        return self.compiled().subn(repl, string, count)

    def split(self, string: AnyStr, maxsplit: int = 0) -> list[AnyStr | Any]:
        return self.compiled().split(string, maxsplit)

    def __repr__(self) -> str:
        return f"lazy_re.compile({self.pattern!r}, {self._flags!r})"


def compile(pattern: AnyStr, flags: int = 0) -> LazyPattern[AnyStr]:
    return LazyPattern(pattern, flags)

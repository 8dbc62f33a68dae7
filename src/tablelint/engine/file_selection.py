"""Which files a directory's search leaves out: the config's ``exclude`` and
``extend-exclude`` (the command line's too), and what ``.gitignore`` files and
``.git/info/exclude`` ignore; and, under ``force-exclude``, which files named
on the command line are left out (pre-commit names every staged file).

Patterns are .gitignore patterns, matched by pathspec (git's own rules:
a pattern with a slash is anchored where it is written, a trailing slash
matches a directory only, ``!`` re-includes). The config's patterns are
relative to the config file's directory, the command line's to the current
directory, a .gitignore's to its own directory.

As in ripgrep and ruff, a directory named on the command line is searched
even if a pattern leaves it out (naming it says that it is wanted); only
force-exclude drops it. Inside it, a pattern that matched the named
directory itself (``.*/`` for ``.work/``, ``benchmarks/`` for
``benchmarks/x``) is read from that directory instead: it still leaves out a
``.git`` or a ``benchmarks`` below, not everything.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..record import Record

if TYPE_CHECKING:
    from ..config import Settings


class SelectionOptions(Record):
    """The command line's say in file selection; None leaves it to the config."""

    __slots__ = ("exclude", "extend_exclude", "respect_gitignore", "force_exclude", "config")

    def __init__(
        self, exclude: list[str] | None = None, extend_exclude: list[str] | None = None,
        respect_gitignore: bool | None = None, force_exclude: bool | None = None, config: Path | None = None,
    ) -> None:
        self.exclude = exclude
        self.extend_exclude = [] if extend_exclude is None else extend_exclude
        self.respect_gitignore = respect_gitignore
        self.force_exclude = force_exclude
        self.config = config


def _spec(patterns: list[str]) -> _Matcher:
    return _Matcher(patterns)


class _Matcher:
    """A pathspec GitIgnoreSpec, and one regular expression that any of its
    patterns matches: most paths match no pattern, and one search says so
    (pathspec tries each pattern in turn, which was most of a search's time)."""

    def __init__(self, lines: list[str]) -> None:
        import re

        import pathspec

        self.spec = pathspec.GitIgnoreSpec.from_lines(lines)
        sources = [
            re.sub(r"\(\?P<[^>]*>", "(?:", pattern.regex.pattern)
            for pattern in self.spec.patterns
            if pattern.include is not None and getattr(pattern, "regex", None) is not None
        ]
        self.any = re.compile("|".join(f"(?:{source})" for source in sources)) if sources else None

    def check(self, relative: str) -> bool | None:
        """True: a pattern leaves ``relative`` out; False: a ``!`` pattern keeps it; None: none matches."""
        if self.any is None or self.any.search(relative) is None:
            return None
        return self.spec.check_file(relative).include

    def match_file(self, relative: str) -> bool:
        return bool(self.check(relative))


class _Patterns:
    """The patterns of one source (a config, a .gitignore), relative to ``base``."""

    def __init__(self, lines: list[str], base: str) -> None:
        self.lines = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
        self.base = base
        self.spec = _spec(self.lines)
        self._split: dict[str, tuple[_Matcher, _Matcher | None]] = {}

    def _split_for(self, root: str) -> tuple[_Matcher, _Matcher | None]:
        """(the patterns read from ``base``, those read from ``root``): the
        latter are the ones that match the named directory ``root`` itself."""
        if root not in self._split:
            relative_root = _relative(root, self.base, True)
            if relative_root is None:
                self._split[root] = (self.spec, None)
            else:
                rooted = [line for line in self.lines if _spec([line]).match_file(relative_root)]
                normal = [line for line in self.lines if line not in rooted]
                self._split[root] = (_spec(normal), _spec(rooted) if rooted else None)
        return self._split[root]

    def verdict(self, absolute: str, is_dir: bool, root: str | None) -> bool | None:
        """True: left out; False: included again by a ``!`` pattern; None: no pattern says."""
        normal, rooted = (self.spec, None) if root is None else self._split_for(root)
        relative = _relative(absolute, self.base, is_dir)
        verdict = normal.check(relative) if relative is not None else None
        if rooted is not None:
            from_root = _relative(absolute, root, is_dir)  # type: ignore[arg-type]
            if from_root is not None and rooted.match_file(from_root):
                return True
        return verdict


def _relative(path: str, root: str, is_dir: bool) -> str | None:
    """``path`` relative to ``root`` (both absolute and normalised) with ``/``
    (and a trailing ``/`` for a directory, which .gitignore's ``name/``
    patterns need), or None outside it or for ``root`` itself. A prefix
    test: os.path.relpath took most of a large search's time."""
    prefix = root if root.endswith(os.sep) else root + os.sep
    if not path.startswith(prefix) or path == root:
        return None
    relative = path[len(prefix):]
    if os.sep != "/":
        relative = relative.replace(os.sep, "/")
    return relative + "/" if is_dir else relative


class FileSelector:
    """Answers "is this path left out?" for one run, caching per directory."""

    def __init__(self, options: SelectionOptions | None = None) -> None:
        self.options = options or SelectionOptions()
        self._cwd = os.path.abspath(os.getcwd())
        self._settings: dict[str, Settings] = {}
        self._excludes: dict[int, _Patterns] = {}
        self._cli = _Patterns(self.options.extend_exclude, self._cwd) if self.options.extend_exclude else None
        self._gitignores: dict[str, _Patterns | None] = {}
        self._chains: dict[str, list[_Patterns]] = {}
        self._repositories: dict[str, str | None] = {}

    # --- settings ------------------------------------------------------------------

    def settings(self, directory: str) -> Settings:
        found = self._settings.get(directory)
        if found is None:
            from ..config import settings_for_directory

            found = settings_for_directory(Path(directory), self.options.config)
            self._settings[directory] = found
        return found

    def respects_gitignore(self, directory: str) -> bool:
        if self.options.respect_gitignore is not None:
            return self.options.respect_gitignore
        return self.settings(directory).respect_gitignore

    def forces_exclude(self, directory: str) -> bool:
        if self.options.force_exclude is not None:
            return self.options.force_exclude
        return self.settings(directory).force_exclude

    # --- exclude / extend-exclude --------------------------------------------------

    def excluded(self, path: str, is_dir: bool, root: str | None = None) -> bool:
        """Whether exclude or extend-exclude (config or command line) leaves
        ``path`` out; inside the named directory ``root``, as the module says."""
        absolute = path if os.path.isabs(path) and root is not None else os.path.abspath(path)
        settings = self.settings(os.path.dirname(absolute))
        patterns = self._excludes.get(id(settings))
        if patterns is None:
            chosen = self.options.exclude if self.options.exclude is not None else settings.exclude
            base = str(settings.root) if settings.root is not None else self._cwd
            patterns = _Patterns([*chosen, *settings.extend_exclude], base)
            self._excludes[id(settings)] = patterns
        if patterns.verdict(absolute, is_dir, root):
            return True
        return self._cli is not None and bool(self._cli.verdict(absolute, is_dir, root))

    # --- .gitignore ------------------------------------------------------------------

    def _repository(self, directory: str) -> str | None:
        """The work tree that holds ``directory``, or None outside git."""
        if directory in self._repositories:
            return self._repositories[directory]
        found = None
        if os.path.exists(os.path.join(directory, ".git")):
            found = directory
        else:
            parent = os.path.dirname(directory)
            found = self._repository(parent) if parent != directory else None
        self._repositories[directory] = found
        return found

    def _read_patterns(self, file: str, base: str) -> _Patterns | None:
        if file not in self._gitignores:
            patterns = None
            try:
                with open(file, encoding="utf-8", errors="replace") as handle:
                    patterns = _Patterns(handle.read().splitlines(), base)
            except OSError:  # no such file; for info/exclude, .git may be a file (a worktree, a submodule)
                pass
            self._gitignores[file] = patterns
        return self._gitignores[file]

    def _chain(self, directory: str, top: str) -> list[_Patterns]:
        """The .gitignore files that apply in ``directory``, nearest first, up to ``top``."""
        key = f"{directory}\0{top}"
        chain = self._chains.get(key)
        if chain is None:
            patterns = self._read_patterns(os.path.join(directory, ".gitignore"), directory)
            parent = os.path.dirname(directory)
            above = [] if directory == top or parent == directory else self._chain(parent, top)
            chain = ([patterns] if patterns is not None else []) + above
            self._chains[key] = chain
        return chain

    def git_ignored(self, path: str, is_dir: bool, search_root: str, root: str | None = None) -> bool:
        """Whether git would ignore ``path`` (absolute and normalised): the
        nearest .gitignore with a pattern for it decides, then
        .git/info/exclude. Outside git, the .gitignore files from
        ``search_root`` down count (as Prettier reads them)."""
        directory = os.path.dirname(path)
        repository = self._repository(directory)
        top = repository or os.path.abspath(search_root)
        for patterns in self._chain(directory, top):
            verdict = patterns.verdict(path, is_dir, root)
            if verdict is not None:
                return verdict
        if repository is not None:
            patterns = self._read_patterns(os.path.join(repository, ".git", "info", "exclude"), repository)
            if patterns is not None:
                return bool(patterns.verdict(path, is_dir, root))
        return False

    # --- the two questions the path collector asks --------------------------------------

    def skip_in_search(self, path: str, is_dir: bool, search_root: str) -> bool:
        """Whether the search of the named directory ``search_root`` leaves
        ``path`` out (both absolute and normalised)."""
        if self.excluded(path, is_dir, search_root):
            return True
        return self.respects_gitignore(os.path.dirname(path)) and self.git_ignored(
            path, is_dir, search_root, search_root)

    def skip_named(self, path: str, is_dir: bool) -> bool:
        """Whether a path named on the command line is left out: only under force-exclude."""
        absolute = os.path.abspath(path)
        if not self.forces_exclude(absolute if is_dir else os.path.dirname(absolute)):
            return False
        return self.excluded(absolute, is_dir)

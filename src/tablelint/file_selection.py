"""Which files a directory's search leaves out: the config's ``exclude`` and
``extend-exclude`` (the command line's too), and what ``.gitignore`` files and
``.git/info/exclude`` ignore; and, under ``force-exclude``, which files named
on the command line are left out (pre-commit names every staged file).

Patterns are .gitignore patterns, matched by pathspec (git's own rules:
a pattern with a slash is anchored where it is written, a trailing slash
matches a directory only, ``!`` re-includes). The config's patterns are
relative to the config file's directory, the command line's to the current
directory, a .gitignore's to its own directory. As in ripgrep and ruff, a
directory named on the command line is searched even if a pattern leaves it
out (naming it says that it is wanted); only force-exclude drops it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .record import Record

if TYPE_CHECKING:
    from .config import Settings


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


def _spec(patterns: list[str]) -> Any:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def _relative(path: str, root: str, is_dir: bool) -> str | None:
    """``path`` relative to ``root`` with ``/`` (and a trailing ``/`` for a
    directory, which .gitignore's ``name/`` patterns need), or None outside it."""
    relative = os.path.relpath(path, root)
    if relative == "." or relative.startswith(".." + os.sep) or relative == "..":
        return None
    relative = relative.replace(os.sep, "/")
    return relative + "/" if is_dir else relative


class FileSelector:
    """Answers "is this path left out?" for one run, caching per directory."""

    def __init__(self, options: SelectionOptions | None = None) -> None:
        self.options = options or SelectionOptions()
        self._cwd = os.path.abspath(os.getcwd())
        self._settings: dict[str, Settings] = {}
        self._exclude_specs: dict[int, Any] = {}
        self._cli_spec = _spec(self.options.extend_exclude) if self.options.extend_exclude else None
        self._gitignores: dict[str, Any] = {}
        self._repositories: dict[str, str | None] = {}

    # --- settings ------------------------------------------------------------------

    def settings(self, directory: str) -> Settings:
        found = self._settings.get(directory)
        if found is None:
            from .config import settings_for

            found = settings_for(os.path.join(directory, "_"), self.options.config)
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

    def excluded(self, path: str, is_dir: bool) -> bool:
        """Whether exclude or extend-exclude (config or command line) leaves ``path`` out."""
        absolute = os.path.abspath(path)
        settings = self.settings(os.path.dirname(absolute))
        spec = self._exclude_specs.get(id(settings))
        if spec is None:
            patterns = self.options.exclude if self.options.exclude is not None else settings.exclude
            spec = _spec([*patterns, *settings.extend_exclude])
            self._exclude_specs[id(settings)] = spec
        root = str(settings.root) if settings.root is not None else self._cwd
        relative = _relative(absolute, root, is_dir)
        if relative is not None and spec.match_file(relative):
            return True
        if self._cli_spec is not None:
            relative = _relative(absolute, self._cwd, is_dir)
            return relative is not None and bool(self._cli_spec.match_file(relative))
        return False

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

    def _gitignore(self, directory: str) -> Any:
        if directory not in self._gitignores:
            spec = None
            try:
                with open(os.path.join(directory, ".gitignore"), encoding="utf-8", errors="replace") as file:
                    spec = _spec(file.read().splitlines())
            except OSError:
                pass
            self._gitignores[directory] = spec
        return self._gitignores[directory]

    def _info_exclude(self, repository: str) -> Any:
        key = os.path.join(repository, ".git", "info", "exclude")
        if key not in self._gitignores:
            spec = None
            try:
                with open(key, encoding="utf-8", errors="replace") as file:
                    spec = _spec(file.read().splitlines())
            except OSError:  # .git is a file (a worktree, a submodule), or there is no such file
                pass
            self._gitignores[key] = spec
        return self._gitignores[key]

    def git_ignored(self, path: str, is_dir: bool, search_root: str) -> bool:
        """Whether git would ignore ``path``: the nearest .gitignore with a
        pattern for it decides, then .git/info/exclude. Outside git, the
        .gitignore files from ``search_root`` down count (as Prettier reads them)."""
        absolute = os.path.abspath(path)
        directory = os.path.dirname(absolute)
        repository = self._repository(directory)
        top = repository or os.path.abspath(search_root)
        while True:
            spec = self._gitignore(directory)
            if spec is not None:
                relative = _relative(absolute, directory, is_dir)
                if relative is not None:
                    verdict = spec.check_file(relative).include
                    if verdict is not None:
                        return bool(verdict)
            if directory == top or os.path.dirname(directory) == directory:
                break
            directory = os.path.dirname(directory)
        if repository is not None:
            spec = self._info_exclude(repository)
            relative = _relative(absolute, repository, is_dir)
            if spec is not None and relative is not None:
                return bool(spec.match_file(relative))
        return False

    # --- the two questions the path collector asks --------------------------------------

    def skip_in_search(self, path: str, is_dir: bool, search_root: str, *, use_exclude: bool,
                       use_gitignore: bool) -> bool:
        """Whether a directory's search leaves ``path`` out."""
        if use_exclude and self.excluded(path, is_dir):
            return True
        return use_gitignore and self.respects_gitignore(os.path.dirname(os.path.abspath(path))) \
            and self.git_ignored(path, is_dir, search_root)

    def skip_named(self, path: str, is_dir: bool) -> bool:
        """Whether a path named on the command line is left out: only under force-exclude."""
        absolute = os.path.abspath(path)
        if not self.forces_exclude(absolute if is_dir else os.path.dirname(absolute)):
            return False
        return self.excluded(absolute, is_dir)

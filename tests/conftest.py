"""Shared fixtures.

``workdir`` is an empty current directory, with the environment variables
that change what tablelint prints removed; ``run`` invokes the command line
in it through click's CliRunner and returns the click Result (``exit_code``,
``stdout``, ``stderr``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tablelint.cli import main

# Each test that cares about these sets them itself.
_OUTPUT_ENVIRONMENT = ("NO_COLOR", "FORCE_COLOR", "TABLELINT_DEBUG", "GITHUB_ACTIONS")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in _OUTPUT_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def run(workdir: Path) -> Callable[..., Result]:
    def invoke(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the parse and link caches out of the user's cache directory."""
    import os

    os.environ["TABLELINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("tablelint-cache"))

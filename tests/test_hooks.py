"""The pre-commit hooks, run for real: `pre-commit try-repo` builds the hook
environment from this repository (as a user's `pre-commit install` would)
and runs the hooks on files of a scratch git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLEAN = "| 名称 | 来源 |\n| --- | --- |\n| 《LaMDA: Language Models for Dialog Applications》 | arXiv 2022 |\n"
MISALIGNED = "| a | bb |\n|-|-|\n| cccc |   d |\n"  # ragged padding: neither aligned nor compact
ALIGNED = "| a    | bb  |\n| ---- | --- |\n| cccc | d   |\n"

pytestmark = pytest.mark.slow


def _pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, text=True,
        capture_output=True, timeout=900,
    )


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("git") is None:
        pytest.fail("git is needed to run pre-commit")
    repo = tmp_path_factory.mktemp("user-repo")
    home = tmp_path_factory.mktemp("pre-commit-home")
    (repo / "papers.md").write_text((ROOT / "examples" / "llm-papers.md").read_text(encoding="utf-8"), encoding="utf-8")
    (repo / "clean.md").write_text(CLEAN, encoding="utf-8")
    (repo / "messy.md").write_text(MISALIGNED, encoding="utf-8")
    # The user's table links to the internet; tests talk to no server they did not start.
    (repo / "tablelint.toml").write_text("[links]\nenabled = false\n", encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "tables"], cwd=repo, check=True)
    return repo, home


def _try(scratch: tuple[Path, Path], hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    repo, home = scratch
    return _pre_commit("try-repo", str(ROOT), hook, "--files", *files, cwd=repo, home=home)


def test_check_hook_fails_on_the_users_table(scratch) -> None:
    result = _try(scratch, "tablelint", "papers.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "TL101" in result.stdout and "placeholder-row" in result.stdout
    assert "TL204" in result.stdout


def test_check_hook_passes_on_a_clean_table(scratch) -> None:
    result = _try(scratch, "tablelint", "clean.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_format_hook_rewrites_a_misaligned_table(scratch) -> None:
    repo, _ = scratch
    result = _try(scratch, "tablelint-format", "messy.md")
    assert result.returncode == 1, result.stdout + result.stderr  # pre-commit fails when a hook changes files
    assert "files were modified by this hook" in result.stdout
    assert (repo / "messy.md").read_text(encoding="utf-8") == ALIGNED
    again = _try(scratch, "tablelint-format", "messy.md")
    assert again.returncode == 0, again.stdout + again.stderr

"""The pre-commit hooks, run for real with the README's snippet as written.

The snippet names https://github.com/tablelint/tablelint at a release tag. The
test makes that release: a git repository of this checkout's files, tagged as
the README says, and tells git (url.<base>.insteadOf, in git config from the environment)
to fetch the snippet's URL from there. pre-commit then clones it, builds the
hook environment from it, as a user's `pre-commit install` would, and runs the
hooks on the files of a scratch repository. One hook environment serves every
test: pre-commit keys it by repository and rev."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tablelint import __version__

ROOT = Path(__file__).resolve().parents[1]
REPOSITORY_URL = "https://github.com/tablelint/tablelint"
CLEAN = "| 名称 | 来源 |\n| --- | --- |\n| 《LaMDA: Language Models for Dialog Applications》 | arXiv 2022 |\n"
MISALIGNED = "| a | bb |\n|-|-|\n| cccc |   d |\n"  # ragged padding: neither aligned nor compact
ALIGNED = "| a    | bb  |\n| ---- | --- |\n| cccc | d   |\n"

pytestmark = pytest.mark.slow


def readme_snippet() -> str:
    """The YAML block of the README's pre-commit section, as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### pre-commit\n"):]
    return re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1)


def test_the_readme_names_a_rev_that_a_release_tags():
    snippet = readme_snippet()
    assert f"repo: {REPOSITORY_URL}\n" in snippet
    rev = re.search(r"rev: (\S+)", snippet).group(1)
    assert rev == f"v{__version__}"


def _git(*args: str, cwd: Path, env: dict[str, str]) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, env=env,
                   check=True, capture_output=True)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    if shutil.which("git") is None:
        pytest.fail("git is needed to run pre-commit")
    base = tmp_path_factory.mktemp("hooks")
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "pre-commit-home"), "NO_COLOR": "1",
           "PRE_COMMIT_COLOR": "never"}
    # The release: this checkout's files (committed or not, but not what .gitignore ignores), tagged.
    release = base / "release"
    release.mkdir()
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (release / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, release / name)
    rev = re.search(r"rev: (\S+)", readme_snippet()).group(1)
    _git("init", "-q", cwd=release, env=env)
    _git("add", ".", cwd=release, env=env)
    _git("commit", "-qm", "release", cwd=release, env=env)
    _git("tag", rev, cwd=release, env=env)
    # Git config from the environment: pre-commit clears GIT_* variables for git, but keeps these.
    env.update({"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": f"url.{release.as_uri()}.insteadOf",
                "GIT_CONFIG_VALUE_0": REPOSITORY_URL})
    # The user's repository, with the README's snippet as its config.
    repo = base / "user-repo"
    repo.mkdir()
    (repo / ".pre-commit-config.yaml").write_text(readme_snippet(), encoding="utf-8")
    # A second config with the check-only hook of the same release: the same hook environment.
    (repo / "check-only.yaml").write_text(readme_snippet().replace("id: tablelint-fix", "id: tablelint"),
                                          encoding="utf-8")
    (repo / "papers.md").write_text((ROOT / "examples" / "llm-papers.md").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    (repo / "clean.md").write_text(CLEAN, encoding="utf-8")
    (repo / "messy.md").write_text(MISALIGNED, encoding="utf-8")
    (repo / "drafts").mkdir()
    (repo / "drafts" / "draft.md").write_text(MISALIGNED.replace("| a |", "| NULL |"), encoding="utf-8")
    # The user's table links to the internet; tests talk to no server they did not start.
    (repo / "tablelint.toml").write_text('extend-exclude = ["drafts/"]\n[links]\nenabled = false\n',
                                         encoding="utf-8")
    _git("init", "-q", cwd=repo, env=env)
    _git("add", ".", cwd=repo, env=env)
    _git("commit", "-qm", "tables", cwd=repo, env=env)
    return repo, env


def _run(scratch: tuple[Path, dict[str, str]], *args: str) -> subprocess.CompletedProcess[str]:
    repo, env = scratch
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", *args], cwd=repo, env=env, text=True,
                          capture_output=True, timeout=900)


def test_the_fix_hook_fixes_then_reports_what_remains(scratch) -> None:
    repo, _ = scratch
    result = _run(scratch, "tablelint-fix", "--files", "papers.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "files were modified by this hook" in result.stdout
    fixed = (repo / "papers.md").read_text(encoding="utf-8")
    assert "arxiv2022" not in fixed and "arXiv 2022" in fixed
    # What it cannot fix safely is listed: the naming mismatch needs a person.
    assert "TL401" in result.stdout and "naming-mismatch" in result.stdout
    assert "arxiv2022" not in result.stdout  # the fixed source is not reported
    again = _run(scratch, "tablelint-fix", "--files", "papers.md")
    assert again.returncode == 1 and "files were modified" not in again.stdout  # the rest remains, unmodified
    assert "TL401" in again.stdout


def test_the_fix_hook_passes_on_a_clean_table(scratch) -> None:
    result = _run(scratch, "tablelint-fix", "--files", "clean.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_the_check_hook_reports_without_fixing(scratch) -> None:
    repo, _ = scratch
    (repo / "check.md").write_text("| 名称 | 来源 |\n| --- | --- |\n| Alpha | arxiv2022 |\n", encoding="utf-8")
    result = _run(scratch, "--config", "check-only.yaml", "tablelint", "--files", "check.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "TL204" in result.stdout and "malformed-source" in result.stdout
    assert "arxiv2022" in (repo / "check.md").read_text(encoding="utf-8")


def test_an_excluded_file_named_by_pre_commit_is_left_alone(scratch) -> None:
    repo, _ = scratch
    before = (repo / "drafts" / "draft.md").read_text(encoding="utf-8")
    for args in (("tablelint-fix",), ("tablelint-format",), ("--config", "check-only.yaml", "tablelint")):
        result = _run(scratch, *args, "--files", "drafts/draft.md")
        assert result.returncode == 0, result.stdout + result.stderr
    assert (repo / "drafts" / "draft.md").read_text(encoding="utf-8") == before


def test_the_format_hook_rewrites_a_misaligned_table(scratch) -> None:
    repo, _ = scratch
    result = _run(scratch, "tablelint-format", "--files", "messy.md")
    assert result.returncode == 1, result.stdout + result.stderr  # pre-commit fails when a hook changes files
    assert "files were modified by this hook" in result.stdout
    assert (repo / "messy.md").read_text(encoding="utf-8") == ALIGNED
    again = _run(scratch, "tablelint-format", "--files", "messy.md")
    assert again.returncode == 0, again.stdout + again.stderr

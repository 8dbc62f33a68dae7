"""Which files `check .` reads in a repository: the config's exclude and
extend-exclude, the command line's, .gitignore files (nested, with `!`) and
.git/info/exclude, --no-respect-gitignore, and force-exclude for files named
on the command line as pre-commit names them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

# One problem with a safe fix (the source's spelling).
RAGGED = "| 名称 | 来源 |\n| --- | --- |\n| Alpha | arxiv2022 |\n"


def write(root: Path, name: str, content: str = RAGGED) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    if path.name in ("pyproject.toml", "tablelint.toml"):
        # A config rewritten within one process (CliRunner): read it again.
        from tablelint.config import _settings_of, find_config

        _settings_of.cache_clear()
        find_config.cache_clear()
    return path


@pytest.fixture
def repository(workdir: Path) -> Path:
    """A git work tree: every Markdown file in it has one problem (a ragged row)."""
    if shutil.which("git") is None:
        pytest.fail("git is needed for .git/info/exclude")
    subprocess.run(["git", "init", "-q"], cwd=workdir, check=True)
    write(workdir, "pyproject.toml", '[tool.tablelint]\nextend-exclude = ["docs/drafts/", "*.generated.md"]\n')
    write(workdir, ".gitignore", "site/\n*.local.md\n")
    write(workdir, ".git/info/exclude", "scratch.md\n")
    write(workdir, "docs/.gitignore", "old/\n!keep.local.md\n")
    for name in (
        "README.md", "docs/guide.md", "docs/keep.local.md",  # checked
        "docs/drafts/idea.md", "docs/api.generated.md",  # extend-exclude
        "site/index.md", "notes.local.md", "scratch.md", "docs/old/page.md",  # git ignores them
        ".github/pull_request_template.md", "node_modules/pkg/README.md", ".venv/lib/x.md",  # the default exclude
    ):
        write(workdir, name)
    return workdir


def checked(run, *args: str) -> set[str]:  # type: ignore[no-untyped-def]
    result = run("check", "--output-format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return {Path(d["path"]).as_posix().removeprefix("./") for d in json.loads(result.stdout)}


def test_check_dot_reads_only_the_files_it_should(run, repository):
    assert checked(run, ".") == {"README.md", "docs/guide.md", "docs/keep.local.md"}


def test_without_gitignore(run, repository):
    assert checked(run, "--no-respect-gitignore", ".") == {
        "README.md", "docs/guide.md", "docs/keep.local.md", "site/index.md", "notes.local.md", "scratch.md",
        "docs/old/page.md",
    }


def test_respect_gitignore_in_the_config(run, repository):
    write(repository, "pyproject.toml", "[tool.tablelint]\nrespect-gitignore = false\n")
    assert "site/index.md" in checked(run, ".")


def test_exclude_replaces_the_defaults_and_extend_exclude_adds(run, repository):
    write(repository, "pyproject.toml", '[tool.tablelint]\nexclude = ["docs/"]\n')
    # The default list is replaced: hidden directories and node_modules are searched again.
    assert checked(run, ".") == {"README.md", ".github/pull_request_template.md", "node_modules/pkg/README.md",
                                 ".venv/lib/x.md"}
    assert checked(run, "--extend-exclude", "node_modules/", "--extend-exclude", ".*/", ".") == {"README.md"}
    # --exclude replaces the config's exclude.
    assert "docs/guide.md" in checked(run, "--exclude", "nothing-here/", ".")


def test_a_directory_named_on_the_command_line_is_searched(run, repository):
    assert checked(run, "docs/drafts") == {"docs/drafts/idea.md"}
    assert checked(run, "site") == {"site/index.md"}
    # Excluded files under it are still left out.
    write(repository, "site/page.generated.md")
    assert checked(run, "site") == {"site/index.md"}


def test_inside_a_named_directory_the_pattern_that_matched_it_still_leaves_out_what_is_below(run, repository):
    # benchmarks/ is excluded and .work/ hidden; named, the tree is searched, but its own
    # hidden directories, its node_modules and a benchmarks/ below are still left out.
    write(repository, "pyproject.toml", '[tool.tablelint]\nextend-exclude = ["benchmarks/"]\n')
    write(repository, ".gitignore", ".work/\n")
    tree = "benchmarks/.work/tree"
    for name in ("ok.md", ".hidden/x.md", "node_modules/x.md", "benchmarks/x.md", "sub/.work/x.md", "sub/y.md"):
        write(repository, f"{tree}/{name}")
    assert checked(run, tree) == {f"{tree}/ok.md", f"{tree}/sub/y.md"}
    assert not any(path.startswith("benchmarks/") for path in checked(run, "."))


def test_files_named_by_pre_commit_are_checked_unless_force_exclude(run, repository):
    # pre-commit names every staged file that its `types` match.
    staged = ["README.md", "docs/drafts/idea.md", "docs/api.generated.md", ".github/pull_request_template.md"]
    assert checked(run, *staged) == set(staged)
    assert checked(run, "--force-exclude", *staged) == {"README.md"}
    write(repository, "pyproject.toml",
          '[tool.tablelint]\nextend-exclude = ["docs/drafts/", "*.generated.md"]\nforce-exclude = true\n')
    assert checked(run, *staged) == {"README.md"}
    assert checked(run, "--no-force-exclude", *staged) == set(staged)
    # Everything named is excluded: nothing to check, and that is no error.
    result = run("check", "docs/drafts/idea.md")
    assert result.exit_code == 0, result.stderr


def test_fix_and_format_choose_the_same_files(run, repository):
    run("fix", "--unsafe-fixes", ".")
    assert (repository / "README.md").read_text(encoding="utf-8") != RAGGED
    assert (repository / "site" / "index.md").read_text(encoding="utf-8") == RAGGED
    assert (repository / "docs" / "drafts" / "idea.md").read_text(encoding="utf-8") == RAGGED
    write(repository, "docs/guide.md", "| a | b |\n|-|-|\n| cccc |   d |\n")
    write(repository, "site/index.md", "| a | b |\n|-|-|\n| cccc |   d |\n")
    result = run("format", "--check", ".")
    assert result.stdout == "would reformat ./docs/guide.md\n"


def test_a_directory_whose_files_are_all_excluded_is_an_error_as_before(run, workdir):
    write(workdir, "tablelint.toml", 'extend-exclude = ["*.md"]\n')
    write(workdir, "a/x.md")
    result = run("check", "a")
    assert result.exit_code == 2
    assert "a: directory has no Markdown files" in result.stderr


def test_outside_git_a_gitignore_still_counts(run, workdir):
    write(workdir, ".gitignore", "out/\n")
    write(workdir, "out/x.md")
    write(workdir, "in.md")
    assert checked(run, ".") == {"in.md"}


def test_a_bad_exclude_is_one_line_naming_the_key(run, workdir):
    write(workdir, "tablelint.toml", 'exclude = "docs/"\n')
    write(workdir, "x.md")
    result = run("check", "x.md")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "tablelint.toml: 'exclude' must be an array, not a string" in result.stderr

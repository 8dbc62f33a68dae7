"""`fix -` and `format -` with --stdin-filename: an editor pipes a buffer, and
the config, format settings and per-file ignores of the buffer's path apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import run_cli

BUFFER = "| name | year |\n|-|-|\n| x | NULL |\n| y | 2020 |\n"
CONFIG = """\
[tool.tablelint]
per-file-ignores = { "docs/*" = ["placeholder-cell"] }

[tool.tablelint.format]
align = "always"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_fix_applies_the_per_file_ignores_of_the_stdin_filename(project: Path) -> None:
    code, out, err = run_cli("fix", "-", input=BUFFER)
    assert out == "| name | year |\n|-|-|\n| x |  |\n| y | 2020 |\n"
    assert "Fixed 1 problem" in err and code == 0

    code, out, err = run_cli("fix", "--stdin-filename", "docs/x.md", "-", input=BUFFER)
    assert out == BUFFER  # placeholder-cell is ignored under docs/: nothing to fix
    assert "Fixed 0 problems" in err and code == 0


def test_fix_names_the_stdin_filename_in_a_refused_input(project: Path) -> None:
    code, _, err = run_cli("fix", "--stdin-filename", "docs/x.md", "-", input=b"| a |\n|---|\n| \xff |\n")
    assert code == 2
    assert "\ntablelint: docs/x.md:3:3: not valid UTF-8" in err


def test_format_uses_the_config_found_from_the_stdin_filename(project: Path, tmp_path_factory) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    code, out, _ = run_cli("format", "--stdin-filename", str(project / "docs" / "x.md"), "-", input=BUFFER)
    assert code == 0
    assert out == "| name | year |\n| ---- | ---- |\n| x    | NULL |\n| y    | 2020 |\n"

    code, out, _ = run_cli("format", "--stdin-filename", str(elsewhere / "x.md"), "-", input=BUFFER)
    assert out == "| name | year |\n| --- | --- |\n| x | NULL |\n| y | 2020 |\n"  # no config: compact stays compact

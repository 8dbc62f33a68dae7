"""A real editor: headless Neovim opens the seed table with `tablelint server`
as its language server, through Neovim's own LSP client."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SEED = HERE.parents[1] / "examples" / "llm-papers.md"
NVIM = shutil.which("nvim")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(NVIM is None, reason="Neovim is not installed (apt-get install neovim; .ci/run installs it)"),
]


def test_neovim_shows_the_diagnostics_check_reports(tmp_path: Path) -> None:
    shutil.copyfile(SEED, tmp_path / "llm-papers.md")
    env = {**os.environ, "TABLELINT_PYTHON": sys.executable, "TABLELINT_FILE": "llm-papers.md",
           "TABLELINT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1", "HOME": str(tmp_path)}
    run = subprocess.run([NVIM, "--headless", "--clean", "-c", f"luafile {HERE / 'nvim_probe.lua'}"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    output = run.stdout + run.stderr
    lines = output.splitlines()
    counts = [line for line in lines if line.startswith("DIAGNOSTICS ")]
    assert counts, output

    check = subprocess.run([sys.executable, "-m", "tablelint", "check", "--offline", "--output-format", "json",
                            "llm-papers.md"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    reported = json.loads(check.stdout)
    assert counts == [f"DIAGNOSTICS {len(reported)}"]
    # Neovim keeps byte columns: the UTF-16 positions it was sent, converted back, are check's columns.
    text_lines = SEED.read_text(encoding="utf-8").split("\n")
    expected = sorted(
        f"{d['code']} {d['line'] - 1}:{len(text_lines[d['line'] - 1][: d['column'] - 1].encode())}" for d in reported)
    shown = sorted(line for line in lines if line.startswith("TL"))
    assert shown == expected

"""The VS Code extension builds: `npm ci && npm run build` packages a .vsix
that holds the compiled extension and the language client it needs."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parents[2] / "editors" / "vscode"
NPM = shutil.which("npm")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(NPM is None, reason="npm is not installed: build editors/vscode by hand with "
                                           "`npm ci && npm run build`"),
]


def test_npm_ci_and_build_package_a_vsix(tmp_path: Path) -> None:
    work = tmp_path / "vscode"
    shutil.copytree(EXTENSION, work, ignore=shutil.ignore_patterns("node_modules", "out", "*.vsix"))
    for command in (["ci", "--no-audit", "--no-fund"], ["run", "build"]):
        run = subprocess.run([NPM, *command], cwd=work, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stdout + run.stderr
    with zipfile.ZipFile(work / "tablelint.vsix") as vsix:
        names = set(vsix.namelist())
        manifest = json.loads(vsix.read("extension/package.json"))
    assert "extension/out/extension.js" in names
    assert "extension/node_modules/vscode-languageclient/package.json" in names
    assert not any(name.startswith("extension/src/") for name in names)
    settings = manifest["contributes"]["configuration"]["properties"]
    assert {"tablelint.path", "tablelint.interpreter", "tablelint.select", "tablelint.ignore",
            "tablelint.unsafeFixes", "tablelint.linksOnSave"} <= set(settings)
    assert manifest["activationEvents"] == ["onLanguage:markdown"]

"""tablelint.papers is a lower layer: settings and rows in, resolutions and
judgements out. It imports no rule, no lint engine, no report, and config
does not import it (the layer map the coordinator keeps on main)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "tablelint"
HIGHER = ("rules", "lint", "context", "results", "run", "fix", "report", "cli", "extract", "paper_extract",
          "engine", "facts", "api")


def _imports(path: Path, package: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            found.add(".".join([*base, node.module] if node.module else base))
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_papers_package_imports_nothing_above_it() -> None:
    for path in (PACKAGE / "papers").glob("*.py"):
        for module in _imports(path, "tablelint.papers"):
            assert not module.startswith(tuple(f"tablelint.{name}" for name in HIGHER)), (path.name, module)


def test_config_does_not_import_the_papers_package() -> None:
    assert not any(module.startswith("tablelint.papers") for module in _imports(PACKAGE / "config.py", "tablelint"))

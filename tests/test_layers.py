"""The core's layers: no import cycles, and no import that points upward.

Every import counts: at module level, inside functions and under
``TYPE_CHECKING``. A package importing its own submodules is not a cycle.
LAYERS is the one place the layer map is written (ARCHITECTURE.md explains
it): a module may import modules of its own package (or its own group) and of
any lower layer; packages that share a layer are independent of each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent / "src" / "tablelint"

# Lowest first. Each entry: the layer's name and the modules or packages in it
# (names relative to ``tablelint``; a package stands for all its modules).
LAYERS: list[tuple[str, list[str]]] = [
    ("base", ["errors", "record", "lazy_re", "diagnostics", "docs_site"]),
    ("parse", ["parse"]),
    ("config", ["config", "datafiles", "datamodel", "vocabulary", "config_schema"]),
    ("layout", ["layout"]),
    ("domain", ["naming", "links"]),
    ("schema", ["schema"]),
    ("literature", ["papers"]),
    ("facts", ["facts"]),
    ("rules", ["rules"]),
    ("engine", ["engine"]),
    ("rewrite", ["rewrite"]),
    ("report", ["report"]),
    ("api", ["api"]),
    ("front", ["cli", "entry", "__main__", "server"]),
]
# Modules of one group import each other freely (the base layer's few modules
# are one group; every other entry is its own group).
GROUPS = {
    "base": {"errors", "record", "lazy_re", "diagnostics", "docs_site"},
    "config": {"config", "datafiles", "datamodel", "vocabulary", "config_schema"},
    "front": {"cli", "entry", "__main__", "server"},
}


def _modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in PACKAGE_ROOT.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = (path, is_package)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, (path, is_package) in modules.items():
        package = name if is_package else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    module = ".".join([*base, node.module] if node.module else base)
                else:
                    module = node.module or ""
                # ``from package import submodule`` imports the submodule.
                submodules = [f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in modules]
                targets = submodules if len(submodules) == len(node.names) else [module, *submodules]
            else:
                continue
            for target in targets:
                if target in modules and target != name and not (is_package and target.startswith(name + ".")):
                    graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _place(module: str) -> tuple[int, str] | None:
    """(layer number, group) of a module; None for the package itself."""
    relative = module.removeprefix("tablelint").removeprefix(".")
    if not relative:
        return None
    top = relative.split(".")[0]
    for number, (layer, members) in enumerate(LAYERS):
        if top in members:
            group = layer if layer in GROUPS else top
            return number, group
    raise AssertionError(f"{module} is in no layer: add it to LAYERS in tests/test_layers.py")


def test_every_module_has_a_layer() -> None:
    for module in import_graph():
        _place(module)


def test_there_is_no_import_cycle() -> None:
    assert _cycles(import_graph()) == []


def test_no_import_points_upward_or_sideways() -> None:
    wrong = []
    for module, targets in import_graph().items():
        here = _place(module)
        for target in sorted(targets):
            there = _place(target)
            if here is None or there is None:
                continue  # the package's __init__ loads the API lazily; modules import only its submodules
            if there[0] > here[0] or (there[0] == here[0] and there[1] != here[1]):
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_the_checker_detects_a_cycle_and_an_upward_import() -> None:
    """The test above could pass by finding nothing: it must see what it forbids."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
    graph = import_graph()
    assert "tablelint.parse.document" in graph["tablelint.engine.lint"]
    assert _place("tablelint.parse.document")[0] < _place("tablelint.engine.lint")[0]  # type: ignore[index]

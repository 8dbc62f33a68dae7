"""Install the peer tools into ``benchmarks/.peers/`` (git-ignored) and report their versions.

* mdformat with mdformat-gfm (whose ``tables`` extension, once the separate
  mdformat-tables, makes mdformat format tables): a virtual environment in
  ``.peers/venv``, from PyPI;
* Prettier and markdownlint-cli2: npm packages in ``.peers/node``.

Versions are pinned so that anyone re-running the benchmarks times the same
tools. When everything is in place nothing is installed and no registry is
asked: the check reads the installed metadata, so it takes milliseconds.

Other benchmark scripts may install their own npm packages into the same
``.peers/node``. npm removes every package that the folder's package.json does
not name, so an install here names those packages too (at the version they
have), and records everything in package.json.

Usage: python benchmarks/peers.py [--no-install]
Exits 1 when a peer is missing and could not be installed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PEERS_DIR = Path(__file__).resolve().parent / ".peers"
VENV_DIR = PEERS_DIR / "venv"
NODE_DIR = PEERS_DIR / "node"

PYTHON_PACKAGES = {"mdformat": "1.0.0", "mdformat-gfm": "1.0.0"}
NODE_PACKAGES = {"prettier": "3.10.1", "markdownlint-cli2": "0.24.1"}
# Dependencies that do the actual work: their versions belong in the report too.
PYTHON_REPORTED = ["mdformat", "mdformat-gfm", "mdformat-tables", "markdown-it-py", "mdit-py-plugins"]

INSTALL_TIMEOUT = 600


@dataclass(frozen=True)
class Peer:
    name: str
    executable: Path
    versions: dict[str, str]


@dataclass
class PeerSet:
    peers: dict[str, Peer]
    problems: list[str]

    def versions(self) -> dict[str, str]:
        merged: dict[str, str] = {}
        for peer in self.peers.values():
            merged.update(peer.versions)
        return merged


def _normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def python_versions() -> dict[str, str]:
    """Distributions installed in the peers' venv, read from their dist-info folders."""
    found: dict[str, str] = {}
    for info in VENV_DIR.glob("lib/python*/site-packages/*.dist-info"):
        name, _, version = info.name.removesuffix(".dist-info").rpartition("-")
        found[_normalise(name)] = version
    return found


def mdformat_formats_tables() -> bool:
    """Whether some installed plugin registers mdformat's ``tables`` parser extension."""
    for entry_points in VENV_DIR.glob("lib/python*/site-packages/*.dist-info/entry_points.txt"):
        text = entry_points.read_text(encoding="utf-8", errors="replace")
        section = text.partition("[mdformat.parser_extension]")[2].partition("\n[")[0]
        if any(line.split("=")[0].strip() == "tables" for line in section.splitlines()):
            return True
    return False


def node_versions() -> dict[str, str]:
    found: dict[str, str] = {}
    modules = NODE_DIR / "node_modules"
    for manifest in [*modules.glob("*/package.json"), *modules.glob("@*/*/package.json")]:
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and "name" in data and "version" in data:
            found[data["name"]] = data["version"]
    return found


def _python_ready() -> bool:
    installed = python_versions()
    return (VENV_DIR / "bin" / "python").exists() and (VENV_DIR / "bin" / "mdformat").exists() and all(
        installed.get(_normalise(name)) == version for name, version in PYTHON_PACKAGES.items()
    )


def _node_ready() -> bool:
    installed = node_versions()
    return all(
        installed.get(name) == version and (NODE_DIR / "node_modules" / ".bin" / name).exists()
        for name, version in NODE_PACKAGES.items()
    )


def _run(command: list[str], what: str) -> str | None:
    """Run an install step; return a one-line problem, or None when it worked."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return f"{what}: no answer within {INSTALL_TIMEOUT} s"
    except OSError as error:
        return f"{what}: {error}"
    if result.returncode != 0:
        lines = [line for line in (result.stderr or result.stdout).splitlines() if line.strip()]
        return f"{what} failed (exit {result.returncode}): {lines[-1] if lines else 'no message'}"
    return None


def install_python(log: bool) -> str | None:
    python = VENV_DIR / "bin" / "python"
    if not python.exists():
        # A venv whose interpreter is gone (another machine, another Python) cannot be repaired in place.
        shutil.rmtree(VENV_DIR, ignore_errors=True)
        if log:
            print(f"creating {VENV_DIR}", file=sys.stderr)
        problem = _run([sys.executable, "-m", "venv", str(VENV_DIR)], "creating the peers' venv")
        if problem:
            return problem
    pins = [f"{name}=={version}" for name, version in PYTHON_PACKAGES.items()]
    if log:
        print(f"pip install {' '.join(pins)}", file=sys.stderr)
    return _run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *pins],
        "pip install",
    )


def _other_roots() -> dict[str, str]:
    """npm packages someone else asked for in NODE_DIR: top-level packages that nothing depends on."""
    lock = NODE_DIR / "node_modules" / ".package-lock.json"
    try:
        packages = json.loads(lock.read_text(encoding="utf-8")).get("packages", {})
    except (OSError, ValueError):
        packages = {}
    depended: set[str] = set()
    for entry in packages.values():
        for field in ("dependencies", "optionalDependencies", "peerDependencies"):
            depended.update(entry.get(field, {}))
    roots: dict[str, str] = {}
    for key, entry in packages.items():
        name = key.removeprefix("node_modules/")
        if key.startswith("node_modules/") and "node_modules/" not in name and name not in depended:
            roots[name] = entry.get("version", "latest")
    try:
        declared = json.loads((NODE_DIR / "package.json").read_text(encoding="utf-8")).get("dependencies", {})
    except (OSError, ValueError):
        declared = {}
    for name, spec in declared.items():
        roots.setdefault(name, spec)
    for name in NODE_PACKAGES:
        roots.pop(name, None)
    return roots


def install_node(log: bool) -> str | None:
    npm = shutil.which("npm")
    if npm is None:
        return "npm not found: install Node.js and npm (Debian: apt-get install nodejs npm)"
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    wanted = {**_other_roots(), **NODE_PACKAGES}
    specs = [f"{name}@{version}" for name, version in wanted.items()]
    if log:
        print(f"npm install {' '.join(specs)}", file=sys.stderr)
    return _run(
        [npm, "install", "--save-exact", "--no-audit", "--no-fund", "--loglevel=error",
         "--prefix", str(NODE_DIR), *specs],
        "npm install",
    )


def _ensure(ready: Callable[[], bool], install_step: Callable[[bool], str | None], what: str,
            install: bool, log: bool) -> str | None:
    if ready():
        return None
    if not install:
        return f"{what}: not installed (run benchmarks/peers.py)"
    problem = install_step(log)
    if problem is None and not ready():
        problem = f"{what}: installed, but not at the pinned versions"
    return problem


def ensure_peers(install: bool = True, log: bool = True) -> PeerSet:
    """The peers that are ready to run, installing the missing ones first when ``install``."""
    steps = [
        (_python_ready, install_python, "mdformat"),
        (_node_ready, install_node, "prettier and markdownlint-cli2"),
    ]
    problems = [
        problem for ready, step, what in steps if (problem := _ensure(ready, step, what, install, log))
    ]
    peers: dict[str, Peer] = {}
    if _python_ready():
        installed = python_versions()
        if not mdformat_formats_tables():
            problems.append("no mdformat plugin provides 'tables': mdformat would not format tables")
        versions = {name: installed[name] for name in PYTHON_REPORTED if name in installed}
        peers["mdformat"] = Peer("mdformat", VENV_DIR / "bin" / "mdformat", versions)
    if _node_ready():
        installed = node_versions()
        for name in NODE_PACKAGES:
            versions = {name: installed[name]}
            if name == "markdownlint-cli2" and "markdownlint" in installed:
                versions["markdownlint"] = installed["markdownlint"]
            peers[name] = Peer(name, NODE_DIR / "node_modules" / ".bin" / name, versions)
    return PeerSet(peers, problems)


def node_version() -> str | None:
    node = shutil.which("node")
    if node is None:
        return None
    try:
        result = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip().removeprefix("v") or None


def main() -> int:
    parser = argparse.ArgumentParser(description="Install the peer tools and report their versions.")
    parser.add_argument("--no-install", action="store_true", help="Only report what is installed.")
    arguments = parser.parse_args()
    peer_set = ensure_peers(install=not arguments.no_install)
    for peer in peer_set.peers.values():
        versions = ", ".join(f"{name} {version}" for name, version in peer.versions.items())
        print(f"{peer.name:<18} {versions}  ({os.path.relpath(peer.executable)})")
    print(f"{'node':<18} {node_version() or 'not found'}")
    for problem in peer_set.problems:
        print(f"peers: {problem}", file=sys.stderr)
    return 1 if peer_set.problems else 0


if __name__ == "__main__":
    sys.exit(main())

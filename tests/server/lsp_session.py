"""A real LSP client (pytest-lsp, on pygls) talking to `tablelint server`
over stdio, in a workspace of its own: the session and its helpers."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "examples" / "llm-papers.md"
TIMEOUT = 30.0


class Session:
    """A client connected to a running server, with what the server sent."""

    def __init__(self, client: LanguageClient, root: Path) -> None:
        self.client = client
        self.root = root
        self.published: list[types.PublishDiagnosticsParams] = []
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self.initialized: types.InitializeResult | None = None

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    def open(self, name: str, text: str | None = None) -> str:
        path = self.root / name
        if text is None:
            text = path.read_text(encoding="utf-8")
        uri = path.as_uri()
        self.texts[uri] = text
        self.versions[uri] = 1
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
        return uri

    def change(self, uri: str, text: str) -> int:
        self.versions[uri] += 1
        self.texts[uri] = text
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
        return self.versions[uri]

    def save(self, uri: str) -> None:
        self.client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))

    def count_for(self, uri: str) -> int:
        return sum(1 for p in self.published if p.uri == uri)

    async def diagnostics(self, uri: str, *, version: int | None = None, after: int = 0,
                          timeout: float = TIMEOUT) -> list[types.Diagnostic]:
        """The diagnostics of the ``after``-th publication for ``uri`` or a later
        one (of ``version`` when given): waits for the server to send them."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            mine = [p for p in self.published if p.uri == uri]
            for params in mine[after:]:
                if version is None or params.version == version:
                    return list(params.diagnostics)
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"no diagnostics for {uri} (version {version}) within {timeout} s")
            await asyncio.sleep(0.01)

    async def message(self, *, after: int = 0, timeout: float = TIMEOUT) -> types.ShowMessageParams:
        deadline = asyncio.get_running_loop().time() + timeout
        while len(self.client.messages) <= after:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError("no window/showMessage within the time")
            await asyncio.sleep(0.01)
        return self.client.messages[after]

    def notify_changed(self, *names: str) -> None:
        self.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
            types.FileEvent(uri=self.uri(name), type=types.FileChangeType.Changed) for name in names]))

    def set_settings(self, **settings: Any) -> None:
        self.client.set_configuration({"debounceMs": 0, **settings}, section="tablelint")
        self.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP edits (UTF-16 positions) as an editor does: from the last to the first."""
    lines = text.splitlines(keepends=True) if text else [""]
    if text.endswith(("\n", "\r")):
        lines.append("")

    def offset(position: types.Position) -> int:
        before = sum(len(line) for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for index, character in enumerate(line):
            if units >= position.character:
                return before + index
            units += 2 if ord(character) > 0xFFFF else 1
        return before + len(line.rstrip("\r\n"))

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def start_session(root: Path, cache: Path, *, settings: dict[str, Any] | None = None,
                        initialization_options: Any = None, capabilities: str = "visual-studio-code") -> Session:
    client = LanguageClient(converter_factory=default_converter)
    register_lsp_features(client, {method: handler for method, handler in DEFAULT_CLIENT_FEATURES.items()
                                   if method != types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS})
    if settings is not None:
        client.set_configuration(settings, section="tablelint")
    session = Session(client, root)

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        session.published.append(params)

    env = {**os.environ, "TABLELINT_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    await client.start_io(sys.executable, "-m", "tablelint", "server", env=env, cwd=str(root))
    session.initialized = await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(capabilities), root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="workspace")],
        initialization_options=initialization_options,
    ))
    return session

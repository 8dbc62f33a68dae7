"""The language server: tablelint's public API behind the LSP (pygls).

Every check runs in a worker thread, so the editor's requests are answered
while a large table is checked. Typing checks links offline (cached verdicts
only); a save checks them over the network when the editor's
``linksOnSave`` setting asks, in a thread of its own, and its result is
published only if the document has not changed since.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

import tablelint
from tablelint import api

from ..parse.source import first_newline, lines_with_endings
from .convert import SOURCE, range_from_json, rule_url, to_lsp_diagnostic
from .positions import LineIndex, minimal_edit
from .settings import ClientSettings, parse_settings

logger = logging.getLogger(__name__)

FIX_ALL_KIND = "source.fixAll.tablelint"
# The files whose change can change a verdict: config files, and the schema
# and vocabulary files they name (any name, so every data file).
WATCHED_GLOBS = ("**/pyproject.toml", "**/tablelint.toml", "**/*.{toml,yaml,yml,json}")
_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
_CONTAINER_PREFIX = re.compile(r"[ \t>]*")
_Answer = TypeVar("_Answer")


class Checked:
    """The last diagnostics published for one version of a document."""

    __slots__ = ("version", "diagnostics", "lsp")

    def __init__(self, version: int | None, diagnostics: list[Any], lsp: list[types.Diagnostic]) -> None:
        self.version = version
        self.diagnostics = diagnostics
        self.lsp = lsp


class TablelintServer(LanguageServer):
    def __init__(self) -> None:
        # Full sync: pygls applies incremental changes to lines split by
        # str.splitlines(), which also breaks at \x0c and \u2028, so an edit
        # after such a character would land in the wrong place.
        super().__init__("tablelint", tablelint.__version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.settings = ClientSettings()
        self.settings_ready = asyncio.Event()
        # One thread checks as the user types, in order; link checks on save
        # get their own, so a slow host never delays the next keystroke's check.
        self.lint_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tablelint-lint")
        self.link_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="tablelint-links")
        # Requests (hover, code actions, formatting) are answered beside a
        # running check, not queued behind it: a 10,000-row table takes a while.
        self.request_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tablelint-requests")
        self.link_checks: set[asyncio.Task[None]] = set()
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.checked: dict[str, Checked] = {}
        self.open_uris: set[str] = set()
        self.shown_errors: set[str] = set()
        self.initialization_options: Any = None
        self._rules: dict[str, api.RuleInfo] | None = None

    # -- helpers ---------------------------------------------------------

    def index(self, text: str) -> LineIndex:
        return LineIndex(text, self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    def path_of(self, uri: str) -> str:
        return to_fs_path(uri) or "untitled.md"

    def rules(self) -> dict[str, api.RuleInfo]:
        if self._rules is None:
            self._rules = {rule.code: rule for rule in api.list_rules()}
        return self._rules

    def show_error_once(self, message: str) -> None:
        """A config or schema problem, shown once until the config changes:
        every document would otherwise show it again on each keystroke."""
        if message in self.shown_errors:
            return
        self.shown_errors.add(message)
        self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=message))

    def config_path(self) -> str | None:
        """The configured config file; a relative path is the workspace's."""
        config = self.settings.config
        if config is None or Path(config).is_absolute() or not self.workspace.root_path:
            return config
        return str(Path(self.workspace.root_path) / config)

    def lint_options(self) -> dict[str, Any]:
        settings = self.settings
        return {"config": self.config_path(), "select": settings.select, "ignore": settings.ignore}

    # -- checking ---------------------------------------------------------

    def run_lint(self, uri: str, text: str, links: str) -> tuple[list[Any], list[types.Diagnostic]]:
        """Runs in a worker thread: the API's lint, as LSP diagnostics. A config
        or schema that cannot be used becomes one diagnostic at the top."""
        index = self.index(text)
        try:
            report = api.lint(text, path=self.path_of(uri), links=links, **self.lint_options())  # type: ignore[arg-type]
        except tablelint.InputError as error:
            return [], [_problem_diagnostic(f"tablelint: {error}")]
        diagnostics = report.diagnostics
        return diagnostics, [to_lsp_diagnostic(d, index) for d in diagnostics]

    async def check(self, uri: str, *, delay: float = 0.0, links: str = "offline") -> None:
        if delay:
            await asyncio.sleep(delay)
        if not self.settings_ready.is_set():
            try:
                await asyncio.wait_for(self.settings_ready.wait(), timeout=5)
            except TimeoutError:
                self.settings_ready.set()  # a client that never answers gets the defaults
        if uri not in self.open_uris:
            return
        document = self.workspace.get_text_document(uri)
        version, text = document.version, document.source
        executor = self.link_executor if links == "online" else self.lint_executor
        loop = asyncio.get_running_loop()
        try:
            found, published = await loop.run_in_executor(executor, self.run_lint, uri, text, links)
        except Exception as error:  # a bug: report it, keep serving
            logger.exception("checking %s failed", uri)
            self.show_error_once(f"tablelint: internal error while checking {uri}: {type(error).__name__}: {error}")
            return
        current = self.workspace.get_text_document(uri)
        if uri not in self.open_uris:
            return
        if current.version != version:
            if links == "online":
                # Typed on while the links were checked: their verdicts are
                # cached now, so an offline check of this version shows them.
                self.schedule(uri)
            return  # else a newer check follows
        self.checked[uri] = Checked(version, found, published)
        for diagnostic in published:
            if diagnostic.code == "config":
                self.show_error_once(diagnostic.message)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=published, version=version)
        )

    def schedule(self, uri: str, delay: float = 0.0) -> None:
        previous = self.pending.pop(uri, None)
        if previous is not None and not previous.done():
            previous.cancel()
        self.pending[uri] = asyncio.ensure_future(self.check(uri, delay=delay))

    def recheck_all(self) -> None:
        for uri in list(self.open_uris):
            self.schedule(uri)

    async def pull_settings(self) -> None:
        data = self.initialization_options
        capabilities = self.client_capabilities
        if capabilities.workspace is not None and capabilities.workspace.configuration:
            try:
                answer = await asyncio.wait_for(self.workspace_configuration_async(
                    types.ConfigurationParams(items=[types.ConfigurationItem(section="tablelint")])), timeout=5)
                if answer and isinstance(answer[0], dict):
                    data = answer[0]
            except Exception:  # a client that cannot answer keeps the initialization options
                logger.exception("workspace/configuration failed")
        self.apply_settings(data)

    async def answer(self, request: Callable[..., _Answer], *args: Any) -> _Answer:
        """A request's answer, worked out beside a running check (``request_executor``)."""
        return await asyncio.get_running_loop().run_in_executor(self.request_executor, request, *args)

    def apply_settings(self, data: Any) -> None:
        self.settings, problems = parse_settings(data)
        for problem in problems:
            self.show_error_once(problem)
        self.settings_ready.set()

    # -- code actions -------------------------------------------------------

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        only = params.context.only
        resolve = _supports_resolve(self.client_capabilities)

        def wanted(kind: str) -> bool:
            return only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)

        actions: list[types.CodeAction] = []
        ours = [self.with_data(uri, d) for d in params.context.diagnostics if d.source == SOURCE]
        with_data = [(d, d.data) for d in ours if isinstance(d.data, dict)]
        if wanted(types.CodeActionKind.QuickFix):
            for diagnostic, data in with_data:
                fix = data.get("fix")
                if fix and (fix["applicability"] == "safe" or self.settings.unsafe_fixes):
                    unsafe = fix["applicability"] != "safe"
                    edits = [types.TextEdit(range=range_from_json(e["range"]), new_text=e["newText"])
                             for e in fix["edits"]]
                    actions.append(types.CodeAction(
                        title=f"{diagnostic.code}: {fix['message']}{' (unsafe fix)' if unsafe else ''}",
                        kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic], is_preferred=not unsafe,
                        edit=types.WorkspaceEdit(changes={uri: edits}),
                    ))
            seen: set[tuple[str, str, int]] = set()
            for diagnostic, data in with_data:
                name, table = data.get("name"), data.get("table")
                if not name or table is None:  # a suppression comment silences findings in tables only
                    continue
                for scope in ("line", "table"):
                    key = (name, scope, diagnostic.range.start.line if scope == "line" else table)
                    if key in seen:
                        continue
                    seen.add(key)
                    action = types.CodeAction(
                        title=f"Disable {name} for this {'row' if scope == 'line' else 'table'}",
                        kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                        data={"uri": uri, "action": f"disable-{scope}", "name": name,
                              "start": {"line": diagnostic.range.start.line,
                                        "character": diagnostic.range.start.character},
                              "table": table},
                    )
                    if not resolve:
                        action = self.resolve_action(action)
                    if action.edit is not None or resolve:
                        actions.append(action)
        if wanted(FIX_ALL_KIND) and (only is not None or self.has_safe_fix(uri)):
            action = types.CodeAction(title="tablelint: fix all safe problems", kind=FIX_ALL_KIND,
                                      data={"uri": uri, "action": "fix-all"})
            actions.append(action if resolve else self.resolve_action(action))
        return actions

    def with_data(self, uri: str, diagnostic: types.Diagnostic) -> types.Diagnostic:
        """The diagnostic with the ``data`` the server gave it: a client that
        does not keep ``data`` sends it back without; the last check has it."""
        if isinstance(diagnostic.data, dict):
            return diagnostic
        checked = self.checked.get(uri)
        for published in checked.lsp if checked is not None else ():
            if published.range == diagnostic.range and published.code == diagnostic.code:
                return published
        return diagnostic

    def has_safe_fix(self, uri: str) -> bool:
        checked = self.checked.get(uri)
        return checked is not None and any(
            d.fix is not None and d.fix.applicability.value == "safe" for d in checked.diagnostics)

    def resolve_action(self, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("uri")
        if uri is None or uri not in self.open_uris:
            return action
        document = self.workspace.get_text_document(uri)
        text = document.source
        index = self.index(text)
        kind = data.get("action")
        edits: list[types.TextEdit] = []
        try:
            if kind == "fix-all":
                result = api.fix(text, path=self.path_of(uri), **self.lint_options())
                edits = minimal_edit(text, result.text, index)
            elif kind == "disable-line":
                edits = self.disable_line(uri, text, index, data)
            elif kind == "disable-table":
                edits = self.disable_table(uri, text, index, data)
        except tablelint.InputError as error:
            self.show_error_once(f"tablelint: {error}")
            return action
        action.edit = types.WorkspaceEdit(changes={uri: edits}) if edits else None
        return action

    def disable_line(self, uri: str, text: str, index: LineIndex, data: dict[str, Any]) -> list[types.TextEdit]:
        """A ``disable-line`` comment at the end of the diagnostic's cell: an HTML
        comment cannot sit between two rows, so it goes inside the row."""
        line, column = index.from_lsp(types.Position(**data["start"]))
        cell = api.cell_at(text, line, column, path=self.path_of(uri), config=self.config_path())
        if cell is None:
            return []
        position = index.to_lsp(cell.line, cell.end_column)
        comment = f" <!-- tablelint-disable-line {data['name']} -->"
        return [types.TextEdit(range=types.Range(start=position, end=position), new_text=comment)]

    def disable_table(self, uri: str, text: str, index: LineIndex, data: dict[str, Any]) -> list[types.TextEdit]:
        """``disable`` on a line before the table and ``enable`` after it (a
        comment on a line of its own ends a table, so it cannot go inside)."""
        number = data.get("table")
        tables = api.extract(text, path=self.path_of(uri), typed=False)
        if not isinstance(number, int) or not 1 <= number <= len(tables):
            return []
        table = tables[number - 1]
        first = index.line(table.line)
        prefix = _CONTAINER_PREFIX.match(first).group(0)  # type: ignore[union-attr]
        newline = first_newline(text)
        name = data["name"]
        # Above the comments right before the table (a schema binding such as
        # <!-- tablelint: schema=paper-list --> must stay next to it).
        first_line = table.line
        while first_line > 1 and _is_comment_line(index.line(first_line - 1)[len(prefix):]):
            first_line -= 1
        start = types.Position(line=first_line - 1, character=0)
        before = types.TextEdit(range=types.Range(start=start, end=start),
                                new_text=f"{prefix}<!-- tablelint-disable {name} -->{newline}")
        if table.end_line < index.line_count:  # a newline ends the table's last line
            after_position = types.Position(line=table.end_line, character=0)
            after_text = f"{prefix}<!-- tablelint-enable {name} -->{newline}"
        else:
            after_position = index.to_lsp(table.end_line, len(index.line(table.end_line)) + 1)
            after_text = f"{newline}{prefix}<!-- tablelint-enable {name} -->"
        after = types.TextEdit(range=types.Range(start=after_position, end=after_position), new_text=after_text)
        return [before, after]

    # -- formatting -----------------------------------------------------------

    def format_edits(self, uri: str, selection: types.Range | None = None) -> list[types.TextEdit] | None:
        document = self.workspace.get_text_document(uri)
        text = document.source
        index = self.index(text)
        path = self.path_of(uri)
        try:
            new_text = api.format(text, path=path, config=self.config_path())
            if selection is None:
                return minimal_edit(text, new_text, index)
            first, _ = index.from_lsp(selection.start)
            last, _ = index.from_lsp(selection.end)
            spans = [(t.line, t.end_line) for t in api.extract(text, path=path, typed=False)
                     if t.line <= last and t.end_line >= first]
        except Exception as error:  # a config error, or a layout the safety check refused
            self.show_error_once(f"tablelint: cannot format {path}: {error}")
            return None
        return _edits_within(text, new_text, spans)

    # -- hover ---------------------------------------------------------------

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        if uri not in self.open_uris:
            return None
        document = self.workspace.get_text_document(uri)
        text = document.source
        index = self.index(text)
        position = params.position
        parts: list[str] = []
        checked = self.checked.get(uri)
        here: list[Any] = []
        if checked is not None and checked.version == document.version:
            here = [found for found, shown in zip(checked.diagnostics, checked.lsp, strict=False)
                    if _contains(shown.range, position)]
        rules = self.rules()
        for found in here:
            rule = rules.get(found.code)
            parts.append(f"**{found.code} {found.name}**: {found.message}")
            if rule is not None:
                parts.append(rule.documentation)
            parts.append(f"[{found.name} on tablelint's site]({rule_url(found.name)})")
        line, column = index.from_lsp(position)
        try:
            cell = api.cell_at(text, line, column, path=self.path_of(uri), config=self.config_path())
        except tablelint.InputError as error:  # a broken config or schema: say so where the user looks
            cell = None
            parts.append(f"tablelint: {error}")
        if cell is not None:
            parts.insert(0, _describe_cell(cell, here))
        if not parts:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n".join(parts)))


def _describe_cell(cell: api.CellInfo, here: list[Any]) -> str:
    where = "header" if cell.row == 0 else f"row {cell.row}"
    lines = [f"`{cell.key}` · table {cell.table}, {where}" + (f" · schema `{cell.schema}`" if cell.schema else "")]
    value = cell.value
    if isinstance(value, dict) and "venue" in value:
        unknown = any(d.name == "malformed-source" and d.fix is None for d in here)
        canonical = " ".join(str(part) for part in (value.get("venue"), value.get("year")) if part is not None)
        if unknown:
            lines.append(f"Venue not known to tablelint: {value.get('venue')}")
        else:
            lines.append(f"Canonical venue: **{canonical}**")
    elif cell.row and value is None:
        lines.append("Missing value")
    return "\n\n".join(lines)


def _contains(span: types.Range, position: types.Position) -> bool:
    start, end = span.start, span.end
    return (start.line, start.character) <= (position.line, position.character) <= (end.line, end.character)


def _problem_diagnostic(message: str) -> types.Diagnostic:
    return types.Diagnostic(
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
        message=message, severity=types.DiagnosticSeverity.Error, source=SOURCE, code="config",
    )


def _supports_resolve(capabilities: types.ClientCapabilities) -> bool:
    code_action = capabilities.text_document.code_action if capabilities.text_document else None
    support = code_action.resolve_support if code_action else None
    return bool(support and "edit" in support.properties)


def _is_comment_line(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("<!--") and stripped.endswith("-->")


def _edits_within(old: str, new: str, spans: list[tuple[int, int]]) -> list[types.TextEdit]:
    """The edits of the line diff from ``old`` to ``new`` that touch the given
    1-based line spans (the tables under a selection); the formatter changes
    nothing outside tables, so each change lies within one table."""
    from difflib import SequenceMatcher

    old_lines, new_lines = lines_with_endings(old), lines_with_endings(new)
    edits = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        first, last = i1 + 1, max(i2, i1 + 1)
        if not any(first <= end and last >= start for start, end in spans):
            continue
        edits.append(types.TextEdit(
            range=types.Range(start=types.Position(line=i1, character=0), end=types.Position(line=i2, character=0)),
            new_text="".join(new_lines[j1:j2]),
        ))
    return edits


def build_server() -> TablelintServer:
    server = TablelintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: TablelintServer, params: types.InitializeParams) -> None:
        ls.initialization_options = params.initialization_options

    @server.feature(types.INITIALIZED)
    async def initialized(ls: TablelintServer, params: types.InitializedParams) -> None:
        capabilities = ls.client_capabilities
        registrations = []
        workspace = capabilities.workspace
        if workspace is not None and workspace.did_change_watched_files is not None \
                and workspace.did_change_watched_files.dynamic_registration:
            registrations.append(types.Registration(
                id="tablelint-watched-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                    watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED_GLOBS]),
            ))
        if workspace is not None and workspace.did_change_configuration is not None \
                and workspace.did_change_configuration.dynamic_registration:
            registrations.append(types.Registration(
                id="tablelint-configuration", method=types.WORKSPACE_DID_CHANGE_CONFIGURATION,
                register_options=types.DidChangeConfigurationRegistrationOptions(section="tablelint"),
            ))
        if registrations:
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=registrations))
            except Exception as error:  # refused: the settings and files the client sends anyway still work
                logger.warning("client/registerCapability failed: %s", error)
        await ls.pull_settings()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: TablelintServer, params: types.DidOpenTextDocumentParams) -> None:
        document = params.text_document
        if document.language_id not in ("markdown", "md") and not document.uri.lower().endswith(_MARKDOWN_SUFFIXES):
            return
        ls.open_uris.add(document.uri)
        ls.schedule(document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: TablelintServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri in ls.open_uris:
            ls.schedule(uri, delay=ls.settings.debounce_ms / 1000)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: TablelintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri not in ls.open_uris:
            return
        ls.schedule(uri)
        if ls.settings.links_on_save:
            task = asyncio.ensure_future(ls.check(uri, links="online"))
            ls.link_checks.add(task)  # held until done: the loop keeps only a weak reference
            task.add_done_callback(ls.link_checks.discard)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: TablelintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.open_uris.discard(uri)
        ls.checked.pop(uri, None)
        pending = ls.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: TablelintServer, params: types.DidChangeWatchedFilesParams) -> None:
        api.clear_caches()
        ls.shown_errors.clear()
        ls.recheck_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: TablelintServer, params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings
        ls.shown_errors.clear()
        if isinstance(settings, dict) and isinstance(settings.get("tablelint"), dict):
            ls.apply_settings(settings["tablelint"])
        else:
            await ls.pull_settings()
        ls.recheck_all()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND],
                                resolve_provider=True),
    )
    async def code_action(ls: TablelintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return await ls.answer(ls.code_actions, params)

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def code_action_resolve(ls: TablelintServer, params: types.CodeAction) -> types.CodeAction:
        return await ls.answer(ls.resolve_action, params)

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    async def formatting(ls: TablelintServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
        return await ls.answer(ls.format_edits, params.text_document.uri, None)

    @server.feature(types.TEXT_DOCUMENT_RANGE_FORMATTING)
    async def range_formatting(ls: TablelintServer,
                               params: types.DocumentRangeFormattingParams) -> list[types.TextEdit] | None:
        return await ls.answer(ls.format_edits, params.text_document.uri, params.range)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: TablelintServer, params: types.HoverParams) -> types.Hover | None:
        return await ls.answer(ls.hover, params)

    return server


def serve() -> int:
    """Serve one client over standard input and output until it says exit;
    the exit status the LSP asks for: 0 after a shutdown request, else 1.

    The protocol gets its own copy of the output stream, and standard output
    becomes standard error: a stray ``print`` (ours or a library's) would
    otherwise corrupt the protocol, and pygls closes its stream on exit while
    the command line still flushes ``sys.stdout``."""
    import os
    import sys

    sys.stdout.flush()
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    server = build_server()
    try:
        server.start_io(stdin=sys.stdin.buffer, stdout=protocol_out)
    finally:
        for executor in (server.lint_executor, server.link_executor, server.request_executor):
            executor.shutdown(wait=False, cancel_futures=True)
    return 0 if getattr(server.protocol, "_shutdown", False) else 1



"""`tablelint server` end to end: a real LSP client over stdio asks what an
editor asks, and gets what the command line gives."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import pytest_asyncio
from lsp_session import SEED, Session, apply_edits, start_session, utf16
from lsprotocol import types

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    root.mkdir()
    shutil.copyfile(SEED, root / "llm-papers.md")
    return root


@pytest_asyncio.fixture
async def session(workspace: Path, tmp_path: Path) -> AsyncIterator[Session]:
    # No debounce: each test waits for the publication of the version it sent.
    started = await start_session(workspace, tmp_path / "cache", settings={"debounceMs": 0})
    yield started
    await started.client.shutdown_session()
    await started.client.stop()


def cli(root: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TABLELINT_CACHE_DIR": str(root.parent / "cli-cache"), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "tablelint", *args], cwd=root, env=env, input=input,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def expected_ranges(text: str, reported: list[dict]) -> list[tuple[str, int, int, int, int, str]]:
    """What `check --output-format json` reported, in LSP terms: 0-based lines and
    UTF-16 columns; a column past a line's end is the start of the next line."""
    lines = text.split("\n")

    def position(line: int, column: int) -> tuple[int, int]:
        content = lines[line - 1] if line <= len(lines) else ""
        if column - 1 > len(content):
            return line, 0
        return line - 1, utf16(content[: column - 1])

    return sorted(
        (d["code"], *position(d["line"], d["column"]), *position(d["end_line"], d["end_column"]),
         f"{d['name']}: {d['message']}")
        for d in reported
    )


def got_ranges(diagnostics: list[types.Diagnostic]) -> list[tuple[str, int, int, int, int, str]]:
    return sorted((str(d.code), d.range.start.line, d.range.start.character, d.range.end.line,
                   d.range.end.character, d.message) for d in diagnostics)


async def code_actions(session: Session, uri: str, diagnostics: list[types.Diagnostic],
                       only: list[str] | None = None, span: types.Range | None = None) -> list[types.CodeAction]:
    span = span or (diagnostics[0].range if diagnostics else types.Range(
        start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)))
    actions = await session.client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=span,
        context=types.CodeActionContext(diagnostics=diagnostics, only=only)))
    return [a for a in actions or [] if isinstance(a, types.CodeAction)]


async def resolved_edits(session: Session, uri: str, action: types.CodeAction) -> list[types.TextEdit]:
    if action.edit is None:
        action = await session.client.code_action_resolve_async(action)
    assert action.edit is not None and action.edit.changes is not None, action
    return list(action.edit.changes[uri])


async def test_initialize_offers_what_an_editor_uses(session: Session) -> None:
    result = session.initialized
    assert result is not None and result.server_info is not None
    assert result.server_info.name == "tablelint"
    capabilities = result.capabilities
    assert capabilities.position_encoding == types.PositionEncodingKind.Utf16
    sync = capabilities.text_document_sync
    assert sync.open_close and sync.change == types.TextDocumentSyncKind.Full and sync.save is not None
    code_actions_offered = capabilities.code_action_provider
    assert set(code_actions_offered.code_action_kinds) == {"quickfix", "source.fixAll.tablelint"}
    assert code_actions_offered.resolve_provider
    assert capabilities.document_formatting_provider and capabilities.document_range_formatting_provider
    assert capabilities.hover_provider
    # A document the server was never given: nothing to say, and an answer all the same.
    hover = await session.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=session.uri("x.md")), position=types.Position(line=0,
                                                                                                      character=0)))
    assert hover is None


async def test_the_seed_table_gets_the_diagnostics_check_reports_at_the_same_positions(
        session: Session, workspace: Path) -> None:
    uri = session.open("llm-papers.md")
    diagnostics = await session.diagnostics(uri, version=1)

    run = cli(workspace, "check", "--offline", "--output-format", "json", "llm-papers.md")
    reported = json.loads(run.stdout)
    assert len(reported) == 40
    assert got_ranges(diagnostics) == expected_ranges(session.texts[uri], reported)
    # CJK text comes before most findings: a code-point column would be wrong by
    # nothing here, but positions after the emoji test below would.
    by_code = {str(d.code): d for d in diagnostics}
    assert by_code["TL204"].severity == types.DiagnosticSeverity.Error
    assert by_code["TL102"].severity == types.DiagnosticSeverity.Warning
    assert by_code["TL204"].source == "tablelint"
    assert by_code["TL204"].code_description.href == \
        "https://tablelint.readthedocs.io/en/latest/rules/malformed-source/"


async def test_positions_are_utf16_code_units_after_cjk_and_emoji(session: Session) -> None:
    text = ("| name | year | notes |\n| --- | --- | --- |\n"
            "| 😀🚀 名称 Model | 2020 | NULL |\n| 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 | 2021 | ok |\n")
    uri = session.open("emoji.md", text)
    diagnostics = await session.diagnostics(uri, version=1)
    (placeholder,) = [d for d in diagnostics if d.code == "TL102"]
    line = text.split("\n")[2]
    code_points = line.index("NULL")
    assert placeholder.range.start == types.Position(line=2, character=utf16(line[:code_points]))
    assert placeholder.range.start.character == code_points + 2  # two astral emoji: two more units
    assert placeholder.range.end.character - placeholder.range.start.character == 4

    # The quick fix's edit lands on NULL too: applied by UTF-16 units, it blanks exactly that cell.
    (fix,) = [a for a in await code_actions(session, uri, [placeholder]) if a.is_preferred]
    fixed = apply_edits(text, await resolved_edits(session, uri, fix))
    assert fixed.split("\n")[2] == "| 😀🚀 名称 Model | 2020 |  |"


async def test_an_edit_moves_the_diagnostics_with_the_text(session: Session) -> None:
    uri = session.open("llm-papers.md")
    before = await session.diagnostics(uri, version=1)
    lines = session.texts[uri].split("\n")
    # Fix one source by hand, and add a line above the table: every finding moves down one line.
    lines[2] = lines[2].replace("arxiv2022", "arXiv 2022")
    version = session.change(uri, "Papers I read.\n\n" + "\n".join(lines))
    after = await session.diagnostics(uri, version=version)
    assert len(after) == len(before) - 1
    moved = sorted((str(d.code), d.range.start.line - 2, d.message) for d in after)
    kept = sorted((str(d.code), d.range.start.line, d.message) for d in before
                  if not (d.code == "TL204" and d.range.start.line == 2))
    assert moved == kept


async def test_each_quick_fix_in_turn_and_fix_all_give_the_text_of_tablelint_fix(
        session: Session, workspace: Path) -> None:
    original = (workspace / "llm-papers.md").read_text(encoding="utf-8")
    expected = cli(workspace, "fix", "-", "--stdin-filename", "llm-papers.md", input=original).stdout
    assert expected != original

    uri = session.open("llm-papers.md")
    diagnostics = await session.diagnostics(uri, version=1)
    applied = 0
    while True:
        fixable = [d for d in diagnostics if d.data and d.data.get("fix", {}).get("applicability") == "safe"]
        unsafe = [d for d in diagnostics if d.data and d.data.get("fix", {}).get("applicability") == "unsafe"]
        for diagnostic in unsafe[:1]:  # unsafe fixes are not offered until the setting enables them
            assert not [a for a in await code_actions(session, uri, [diagnostic]) if a.title.startswith("TL")]
        if not fixable:
            break
        actions = await code_actions(session, uri, [fixable[0]])
        (quick_fix,) = [a for a in actions if a.kind == types.CodeActionKind.QuickFix and a.is_preferred]
        assert list(quick_fix.diagnostics or []) == [fixable[0]]
        text = apply_edits(session.texts[uri], await resolved_edits(session, uri, quick_fix))
        version = session.change(uri, text)
        diagnostics = await session.diagnostics(uri, version=version)
        applied += 1
    assert applied >= 30
    assert session.texts[uri] == expected

    # Fix all, on the original text, in one action.
    version = session.change(uri, original)
    await session.diagnostics(uri, version=version)
    (fix_all,) = await code_actions(session, uri, [], only=["source.fixAll"])
    assert fix_all.kind == "source.fixAll.tablelint"
    assert apply_edits(original, await resolved_edits(session, uri, fix_all)) == expected


async def test_unsafe_quick_fixes_are_labelled_and_offered_only_when_enabled(session: Session, workspace: Path) -> None:
    uri = session.open("llm-papers.md")
    diagnostics = await session.diagnostics(uri, version=1)
    (naming,) = [d for d in diagnostics if d.code == "TL401"]
    assert not [a for a in await code_actions(session, uri, [naming]) if a.title.startswith("TL401")]

    published = session.count_for(uri)
    session.set_settings(unsafeFixes=True)
    diagnostics = await session.diagnostics(uri, after=published)
    (naming,) = [d for d in diagnostics if d.code == "TL401"]
    (action,) = [a for a in await code_actions(session, uri, [naming]) if a.title.startswith("TL401")]
    assert action.title == "TL401: replace 'PEEK' with 'PEER' (unsafe fix)"
    assert not action.is_preferred
    fixed = apply_edits(session.texts[uri], await resolved_edits(session, uri, action))
    assert "Meta的PEER：" in fixed.split("\n")[2]


async def test_disable_comments_silence_the_rule_for_a_row_or_a_table(session: Session) -> None:
    uri = session.open("llm-papers.md")
    diagnostics = await session.diagnostics(uri, version=1)
    rows = [d for d in diagnostics if d.code == "TL101"]
    assert len(rows) == 8
    actions = await code_actions(session, uri, [rows[0]])
    (row_action,) = [a for a in actions if a.title == "Disable placeholder-row for this row"]
    text = apply_edits(session.texts[uri], await resolved_edits(session, uri, row_action))
    assert "<!-- tablelint-disable-line placeholder-row -->" in text.split("\n")[rows[0].range.start.line]
    version = session.change(uri, text)
    after = await session.diagnostics(uri, version=version)
    assert len([d for d in after if d.code == "TL101"]) == 7
    assert not [d for d in after if d.code == "TL902"]  # the comment is used

    (table_action,) = [a for a in await code_actions(session, uri, [d for d in after if d.code == "TL102"][:1])
                       if a.title == "Disable placeholder-cell for this table"]
    text = apply_edits(text, await resolved_edits(session, uri, table_action))
    assert text.startswith("<!-- tablelint-disable placeholder-cell -->\n|")
    assert text.endswith("|\n<!-- tablelint-enable placeholder-cell -->\n")
    version = session.change(uri, text)
    after = await session.diagnostics(uri, version=version)
    assert not [d for d in after if d.code in ("TL102", "TL902")]
    assert len([d for d in after if d.code == "TL101"]) == 7


async def test_formatting_gives_the_text_of_tablelint_format(session: Session, workspace: Path) -> None:
    original = (workspace / "llm-papers.md").read_text(encoding="utf-8")
    expected = cli(workspace, "format", "-", "--stdin-filename", "llm-papers.md", input=original).stdout
    assert expected != original
    uri = session.open("llm-papers.md")
    edits = await session.client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=uri), options=types.FormattingOptions(tab_size=4,
                                                                                             insert_spaces=True)))
    assert apply_edits(original, edits) == expected

    # Range formatting: only the table under the cursor.
    two = "Intro.\n\n|a|b|\n|-|-|\n|1|2|\n\nBetween.\n\n|c|d|\n|-|-|\n|3|4|\n"
    uri = session.open("two.md", two)
    cursor = types.Position(line=9, character=1)
    edits = await session.client.text_document_range_formatting_async(types.DocumentRangeFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=types.Range(start=cursor, end=cursor),
        options=types.FormattingOptions(tab_size=4, insert_spaces=True)))
    whole = cli(workspace, "format", "-", "--stdin-filename", "two.md", input=two).stdout
    assert apply_edits(two, edits) == two[: two.index("|c|")] + whole[whole.index("| c"):]
    assert whole != two


async def test_hover_shows_the_rule_and_the_canonical_venue(session: Session) -> None:
    uri = session.open("llm-papers.md")
    diagnostics = await session.diagnostics(uri, version=1)
    (source,) = [d for d in diagnostics if d.code == "TL204" and d.range.start.line == 2]
    hover = await session.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=source.range.start))
    value = hover.contents.value
    assert "Canonical venue: **arXiv 2022**" in value
    assert "**TL204 malformed-source**" in value and "## What it does" in value
    assert "https://tablelint.readthedocs.io/en/latest/rules/malformed-source/" in value

    (unknown,) = [d for d in diagnostics if "facebook research" in d.message]
    hover = await session.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=unknown.range.start))
    assert "Venue not known to tablelint: facebook research" in hover.contents.value
    assert "Canonical venue" not in hover.contents.value

    header = await session.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=2)))
    assert header.contents.value.startswith("`title` · table 1, header · schema `paper-list`")


async def test_a_changed_pyproject_applies_at_once(session: Session, workspace: Path) -> None:
    uri = session.open("llm-papers.md")
    assert any(d.code == "TL102" for d in await session.diagnostics(uri, version=1))
    published = session.count_for(uri)
    (workspace / "pyproject.toml").write_text('[tool.tablelint]\nignore = ["placeholder-cell"]\n', encoding="utf-8")
    session.notify_changed("pyproject.toml")
    after = await session.diagnostics(uri, after=published)
    assert after and not any(d.code == "TL102" for d in after)


async def test_a_broken_config_is_one_message_and_the_server_keeps_serving(session: Session, workspace: Path) -> None:
    uri = session.open("llm-papers.md")
    await session.diagnostics(uri, version=1)
    published = session.count_for(uri)
    (workspace / "pyproject.toml").write_text("[tool.tablelint\nselect = [", encoding="utf-8")
    session.notify_changed("pyproject.toml")
    (problem,) = await session.diagnostics(uri, after=published)
    message = await session.message()
    assert message.type == types.MessageType.Error
    assert "pyproject.toml: invalid TOML" in message.message
    assert problem.message == message.message

    # Typing goes on: one message, not one per keystroke; requests are answered.
    version = session.change(uri, session.texts[uri] + "\n")
    assert len(await session.diagnostics(uri, version=version)) == 1
    assert len(session.client.messages) == 1
    hover = await session.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=3)))
    assert "pyproject.toml: invalid TOML" in hover.contents.value  # the hover says why it has nothing else

    published = session.count_for(uri)
    (workspace / "pyproject.toml").write_text('[tool.tablelint]\nselect = ["TL204"]\n', encoding="utf-8")
    session.notify_changed("pyproject.toml")
    after = await session.diagnostics(uri, after=published)
    assert {d.code for d in after} == {"TL204"} and len(after) == 11


async def test_a_bad_client_setting_is_one_message_and_the_defaults_apply(session: Session) -> None:
    uri = session.open("llm-papers.md")
    await session.diagnostics(uri, version=1)
    published = session.count_for(uri)
    session.set_settings(select=["TL999"])
    (problem,) = await session.diagnostics(uri, after=published)
    assert "unknown rule selector 'TL999'" in problem.message
    assert "unknown rule selector 'TL999'" in (await session.message()).message


class _DeadLinks(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        if self.path.startswith("/slow"):
            time.sleep(1.5)  # answers, but only after the user has typed on
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def dead_link_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _DeadLinks)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


async def test_links_are_checked_on_save_only_when_enabled_and_cached_while_typing(
        workspace: Path, tmp_path: Path, dead_link_server: str) -> None:
    (workspace / "tablelint.toml").write_text("[links]\nallow-private = true\n", encoding="utf-8")
    text = f"| name | link |\n| --- | --- |\n| a | {dead_link_server}/gone |\n"
    session = await start_session(workspace, tmp_path / "cache", settings={"debounceMs": 0})
    try:
        uri = session.open("links.md", text)
        assert not [d for d in await session.diagnostics(uri, version=1) if d.code == "TL301"]
        published = session.count_for(uri)
        session.save(uri)
        await session.diagnostics(uri, after=published)
        await session.client.text_document_hover_async(types.HoverParams(  # a round trip: the save is handled
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=0)))
        assert not [d for p in session.published[published:] for d in p.diagnostics if d.code == "TL301"]

        published = session.count_for(uri)
        session.set_settings(linksOnSave=True)
        await session.diagnostics(uri, after=published)  # checked again with the new settings
        published = session.count_for(uri)
        session.save(uri)
        for _ in range(100):
            if [d for p in session.published[published:] for d in p.diagnostics if d.code == "TL301"]:
                break
            await session.diagnostics(uri, after=session.count_for(uri))  # the next publication
        else:
            raise AssertionError("the link check on save reported no dead link")

        # Typing afterwards checks offline: the cached verdict, no request.
        version = session.change(uri, text + "\n")
        assert [d.code for d in await session.diagnostics(uri, version=version)] == ["TL301"]
    finally:
        await session.client.shutdown_session()
        await session.client.stop()


async def test_shutdown_and_exit_end_the_server_with_status_0(workspace: Path, tmp_path: Path) -> None:
    session = await start_session(workspace, tmp_path / "cache")
    uri = session.open("llm-papers.md")
    await session.diagnostics(uri, version=1)
    await session.client.shutdown_session()
    assert session.client._server.returncode == 0
    await session.client.stop()


MINI_SCHEMA = "name: mini\nfields:\n  - name: name\n    type: string\n  - name: year\n    type: integer\n" \
              "    constraints:\n      maximum: {maximum}\n"


async def test_a_changed_schema_file_applies_and_a_broken_one_is_one_message(session: Session,
                                                                            workspace: Path) -> None:
    (workspace / "schemas").mkdir()
    (workspace / "tablelint.toml").write_text('schema-dirs = ["schemas"]\n[schemas]\n"mini-*.md" = "mini"\n',
                                              encoding="utf-8")
    schema = workspace / "schemas" / "mini.yaml"
    schema.write_text(MINI_SCHEMA.format(maximum=2030), encoding="utf-8")
    uri = session.open("mini-list.md", "| name | year |\n| --- | --- |\n| a | 2025 |\n")
    assert await session.diagnostics(uri, version=1) == []

    published = session.count_for(uri)
    schema.write_text(MINI_SCHEMA.format(maximum=2020), encoding="utf-8")
    session.notify_changed("schemas/mini.yaml")
    (too_late,) = await session.diagnostics(uri, after=published)
    assert too_late.code == "TL202" and too_late.message == "constraint-error: '2025' must be at most 2020"

    published = session.count_for(uri)
    schema.write_text("name: mini\nfields: [\n", encoding="utf-8")
    session.notify_changed("schemas/mini.yaml")
    (problem,) = await session.diagnostics(uri, after=published)
    assert "mini.yaml:3:1: invalid YAML" in problem.message
    assert "mini.yaml:3:1: invalid YAML" in (await session.message()).message


async def test_a_slow_link_check_on_save_never_holds_up_typing(workspace: Path, tmp_path: Path,
                                                              dead_link_server: str) -> None:
    (workspace / "tablelint.toml").write_text("[links]\nallow-private = true\n", encoding="utf-8")
    text = f"| name | link |\n| --- | --- |\n| a | {dead_link_server}/slow |\n"
    session = await start_session(workspace, tmp_path / "cache", settings={"debounceMs": 0, "linksOnSave": True})
    try:
        uri = session.open("links.md", text)
        await session.diagnostics(uri, version=1)
        session.save(uri)
        started = time.monotonic()
        version = session.change(uri, text + "\nMore text.\n")
        assert await session.diagnostics(uri, version=version) == []  # not yet known, and not waited for
        assert time.monotonic() - started < 1.5
        # Once the check is done, this version is checked again from the cached verdict.
        after = session.count_for(uri)
        dead = await session.diagnostics(uri, version=version, after=after)
        assert [d.code for d in dead] == ["TL301"]
    finally:
        await session.client.shutdown_session()
        await session.client.stop()


async def test_typing_is_debounced_to_one_check_of_the_last_version(workspace: Path, tmp_path: Path) -> None:
    session = await start_session(workspace, tmp_path / "cache", settings={"debounceMs": 300})
    try:
        uri = session.open("llm-papers.md")
        await session.diagnostics(uri, version=1)
        published = session.count_for(uri)
        text = session.texts[uri]
        for keystroke in "arXiv":
            text = text.replace("| arxiv2022|", f"| {keystroke}arxiv2022|", 1)
            version = session.change(uri, text)
        await session.diagnostics(uri, version=version, after=published)
        assert [p.version for p in session.published[published:] if p.uri == uri] == [version]
    finally:
        await session.client.shutdown_session()
        await session.client.stop()


def _big_table(rows: int) -> str:
    body = "".join(f"| 《Paper {i}》 | arXiv {2015 + i % 9} | 第{i}篇 | NULL |  |\n" for i in range(rows))
    return "| 名称 | 来源 | 说明 | 状态 | 备注 |\n| --- | --- | --- | --- | --- |\n" + body


async def test_a_hover_is_answered_while_a_large_table_is_checked(session: Session) -> None:
    small = session.open("llm-papers.md")
    await session.diagnostics(small, version=1)
    big = session.open("big.md", _big_table(5000))
    hover = await session.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=small), position=types.Position(line=2, character=45)))
    assert "Canonical venue" in hover.contents.value
    assert session.count_for(big) == 0  # answered before the large table's check was done
    assert len(await session.diagnostics(big, version=1)) == 5000


async def test_disable_for_a_table_goes_above_its_schema_comment_and_after_its_last_line(session: Session) -> None:
    text = ("Reading list.\n\n<!-- tablelint: schema=paper-list -->\n| Title | Source |\n| --- | --- |\n"
            "| PEER | arxiv2022 |\n| LaMDA | arXiv 2022 |")  # no final newline
    uri = session.open("bound.md", text)
    (source,) = await session.diagnostics(uri, version=1)
    assert source.code == "TL204"
    (action,) = [a for a in await code_actions(session, uri, [source]) if a.title.endswith("for this table")]
    disabled = apply_edits(text, await resolved_edits(session, uri, action))
    assert disabled == ("Reading list.\n\n<!-- tablelint-disable malformed-source -->\n"
                        "<!-- tablelint: schema=paper-list -->\n| Title | Source |\n| --- | --- |\n"
                        "| PEER | arxiv2022 |\n| LaMDA | arXiv 2022 |\n<!-- tablelint-enable malformed-source -->")
    version = session.change(uri, disabled)
    assert await session.diagnostics(uri, version=version) == []
    hover = await session.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=6, character=10)))
    assert "schema `paper-list`" in hover.contents.value  # still bound by its comment


@pytest.mark.parametrize(("editor", "encoding", "units"), [
    ("emacs@v29.1", types.PositionEncodingKind.Utf32, lambda text: len(text)),
    ("neovim@v0.11.0", types.PositionEncodingKind.Utf8, lambda text: len(text.encode("utf-8"))),
])
async def test_other_editors_get_their_position_encoding_and_actions_without_resolve(
        workspace: Path, tmp_path: Path, editor: str, encoding: str, units) -> None:
    session = await start_session(workspace, tmp_path / "cache", settings={"debounceMs": 0}, capabilities=editor)
    try:
        assert session.initialized.capabilities.position_encoding == encoding
        text = "| name | year | notes |\n| --- | --- | --- |\n| 😀🚀 名称 Model | 2020 | NULL |\n| b | 2021 | ok |\n"
        uri = session.open("emoji.md", text)
        (placeholder,) = [d for d in await session.diagnostics(uri, version=1) if d.code == "TL102"]
        line = text.split("\n")[2]
        start = units(line[: line.index("NULL")])
        assert (placeholder.range.start.line, placeholder.range.start.character) == (2, start)
        assert placeholder.range.end.character == start + 4
        (fix,) = [a for a in await code_actions(session, uri, [placeholder]) if a.is_preferred]
        (edit,) = fix.edit.changes[uri]
        assert (edit.range.start.character, edit.range.end.character, edit.new_text) == (start, start + 4, "")
        (fix_all,) = await code_actions(session, uri, [], only=["source.fixAll.tablelint"])
        resolves = editor.startswith("neovim")
        assert (fix_all.edit is None) == resolves  # emacs cannot resolve: the edit comes at once
        fixed = apply_edits(text, await resolved_edits(session, uri, fix_all))  # whole lines: any encoding
        assert fixed.split("\n")[2] == "| 😀🚀 名称 Model | 2020 |  |"
    finally:
        await session.client.shutdown_session()
        await session.client.stop()

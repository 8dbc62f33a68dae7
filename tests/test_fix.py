"""tablelint fix: applies safe fixes (unsafe ones on request), keeps every
byte it was not asked to change, writes atomically, and refuses to write
when a cell no fix targeted would change."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from helpers import run_cli
from tablelint.diagnostics import Edit
from tablelint.parse.document import parse_document
from tablelint.parse.source import decode
from tablelint.rewrite.safety import UnsafeChangeError, reparse, to_span, verify_rewrite

PAPERS = (
    "Intro text stays.\n\n"
    "| 名称 | 来源 | 状态 |\n| --- | --- | --- |\n"
    "| 《LaMDA: Language Models for Dialog Applications》 | arxiv2022 | NULL |\n"
    "| NULL | NULL | NULL |\n"
    "| 《Sparrow》 | Nips2021 | 已读 |\n"
    "\nOutro text stays.\n"
)
FIXED = (
    "Intro text stays.\n\n"
    "| 名称 | 来源 | 状态 |\n| --- | --- | --- |\n"
    "| 《LaMDA: Language Models for Dialog Applications》 | arXiv 2022 |  |\n"
    "| 《Sparrow》 | NeurIPS 2021 | 已读 |\n"
    "\nOutro text stays.\n"
)


def _write(tmp_path: Path, text: str | bytes, name: str = "papers.md") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_fix_applies_safe_fixes_and_keeps_everything_else(tmp_path: Path) -> None:
    path = _write(tmp_path, PAPERS)
    code, _, err = run_cli("fix", str(path))
    assert code == 0, err
    assert path.read_text(encoding="utf-8") == FIXED
    assert "Fixed 4 problems; 0 remain." in err


@pytest.mark.parametrize(
    ("newline", "bom", "final"), [("\r\n", False, True), ("\n", True, True), ("\n", False, False), ("\r", False, True)]
)
def test_fix_keeps_newline_style_bom_and_final_newline(tmp_path: Path, newline: str, bom: bool, final: bool) -> None:
    def encode(text: str) -> bytes:
        text = text.replace("\n", newline)
        if not final:
            text = text.rstrip(newline)
        return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")

    path = _write(tmp_path, encode(PAPERS))
    run_cli("fix", str(path))
    assert path.read_bytes() == encode(FIXED)


def test_deleting_the_last_row_of_a_file_without_final_newline(tmp_path: Path) -> None:
    path = _write(tmp_path, "| 名称 | 来源 |\n|---|---|\n| A | arXiv 2022 |\n| NULL | NULL |")
    run_cli("fix", str(path))
    assert path.read_text(encoding="utf-8") == "| 名称 | 来源 |\n|---|---|\n| A | arXiv 2022 |"


def test_unsafe_fixes_only_on_request(tmp_path: Path) -> None:
    text = "| item | where |\n|---|---|\n| a | b |\n| NULL | NULL |\n"  # schema-less: unsafe
    path = _write(tmp_path, text)
    code, out, _err = run_cli("fix", str(path))
    assert path.read_text() == text and code == 1 and "TL101" in out
    code, _, _ = run_cli("fix", "--unsafe-fixes", str(path))
    assert path.read_text() == "| item | where |\n|---|---|\n| a | b |\n" and code == 0


def test_diff_and_check_write_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, PAPERS)
    code, out, _ = run_cli("fix", "--diff", str(path))
    assert code == 1 and path.read_text(encoding="utf-8") == PAPERS
    assert "-| NULL | NULL | NULL |" in out and "+| 《Sparrow》 | NeurIPS 2021 | 已读 |" in out
    code, _, _ = run_cli("fix", "--check", str(path))
    assert code == 1 and path.read_text(encoding="utf-8") == PAPERS
    run_cli("fix", str(path))
    code, _, _ = run_cli("fix", "--check", str(path))
    assert code == 0
    code, out, _ = run_cli("fix", "--diff", str(path))
    assert code == 0 and out == ""


def test_stdin_to_stdout(tmp_path: Path) -> None:
    code, out, _ = run_cli("fix", "-", input=PAPERS)
    assert code == 0 and out == FIXED


def test_write_keeps_permissions_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = _write(tmp_path, PAPERS)
    os.chmod(path, 0o640)
    run_cli("fix", str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["papers.md"]


def test_verify_refuses_a_change_to_an_untouched_cell() -> None:
    source = decode(b"| a | b |\n|---|---|\n| x | y |\n", "t.md")
    before = parse_document(source)
    edit = Edit(3, 3, 3, 4, "z")  # meant to change x
    span = to_span(source, edit)
    verify_rewrite(before, reparse(source, "| a | b |\n|---|---|\n| z | y |\n"), [span])
    with pytest.raises(UnsafeChangeError, match="'y' would change or move"):
        verify_rewrite(before, reparse(source, "| a | b |\n|---|---|\n| z | w |\n"), [span])
    with pytest.raises(UnsafeChangeError, match="body rows"):
        verify_rewrite(before, reparse(source, "| a | b |\n|---|---|\n"), [span])


def test_a_rogue_fix_is_refused_and_the_file_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tablelint.diagnostics import Applicability, Diagnostic, Fix, Severity
    from tablelint.engine import lint
    from tablelint.rules.base import Rule

    class Rogue(Rule):
        code, name, severity, fix, summary = "TL999", "rogue", Severity.ERROR, "safe", "test only"

        def check(self, context):  # inserts a pipe: splits the cell it edits *and* shifts the next one
            cell = context.document.tables[0].rows[0].cells[0]
            edit = Edit(cell.line, cell.column, cell.line, cell.end_column, "x | shifted")
            yield Diagnostic(self.code, self.name, self.severity, "rogue", context.path, cell.line, cell.column,
                             cell.line, cell.end_column, fix=Fix(Applicability.SAFE, "rogue", (edit,)))

    monkeypatch.setattr(lint, "selected_rules", lambda *args: [Rogue()])
    path = _write(tmp_path, "| a | b |\n|---|---|\n| x | y |\n")
    code, _, err = run_cli("fix", str(path))
    assert code == 2 and "the row would have 3 cells instead of 2" in err
    assert path.read_text() == "| a | b |\n|---|---|\n| x | y |\n"
    assert "Traceback" not in err


def test_escaping_a_pipe_in_a_code_span_merges_the_cells_it_meant_to(tmp_path: Path) -> None:
    path = _write(tmp_path, "| flag | meaning |\n|---|---|\n| `a|b` | either |\n")
    code, _, err = run_cli("fix", "--unsafe-fixes", str(path))
    assert code == 0, err
    assert path.read_text() == "| flag | meaning |\n|---|---|\n| `a\\|b` | either |\n"

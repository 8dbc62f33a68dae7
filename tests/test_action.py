"""The GitHub Action (action.yml), run the way the runner runs a composite
action: each `run` step's script with `bash --noprofile --norc -eo pipefail`,
its `env:` expressions evaluated from the inputs (defaults filled in as the
runner does), `if:` conditions evaluated, GITHUB_STEP_SUMMARY, GITHUB_PATH
and RUNNER_TEMP as files and directories the runner provides, and the
directories a step adds to GITHUB_PATH on the PATH of the steps after it.

The install step really installs tablelint from the action's checkout into a
new virtual environment. To keep the suite fast, tablelint's dependencies are
taken from the test environment (PYTHONPATH) instead of downloaded again; pip
still builds and installs tablelint itself."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
SEED = (ROOT / "examples" / "llm-papers.md").read_text(encoding="utf-8")
CLEAN = "| 名称 | 来源 |\n| --- | --- |\n| Alpha | arXiv 2022 |\n"

pytestmark = pytest.mark.slow

_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _evaluate(expression: str, inputs: dict[str, str]) -> Any:
    """The few expressions action.yml uses: inputs.NAME, string literals, ==, !=, &&, !cancelled()."""
    alone = re.fullmatch(r"inputs\.([A-Za-z0-9_-]+)", expression.strip())
    if alone:
        return inputs[alone.group(1)]
    python = expression.replace("!cancelled()", "True").replace("success()", "True").replace("&&", " and ")
    python = re.sub(r"inputs\.([A-Za-z0-9_-]+)", lambda m: repr(inputs[m.group(1)]), python)
    assert re.fullmatch(r"[\s'A-Za-z0-9_./=!-]*", python.replace("True", "")), expression
    return eval(python, {"__builtins__": {}}, {})  # only literals and comparisons remain


def _substitute(value: str, inputs: dict[str, str]) -> str:
    return _EXPRESSION.sub(lambda m: str(_evaluate(m.group(1), inputs)), value)


class Runner:
    """One job's state: the runner's files and the PATH steps have added to."""

    def __init__(self, tmp: Path) -> None:
        self.temp = tmp / "runner-temp"
        self.temp.mkdir()
        self.workspace = tmp / "workspace"
        self.workspace.mkdir()
        self.path_file = tmp / "github-path"
        self.path_file.touch()
        self.summary = tmp / "step-summary.md"
        self.summary.touch()

    def run_action(self, **given: str) -> tuple[int, str, str, list[dict[str, Any]]]:
        """(exit status of the first failing step or 0, stdout, stderr, the `uses:` steps that would run)."""
        inputs = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
        unknown = set(given) - set(inputs)
        assert not unknown, f"not inputs of the action: {unknown}"
        inputs.update(given)
        stdout, stderr, uses = [], [], []
        status = 0
        for step in ACTION["runs"]["steps"]:
            condition = _EXPRESSION.sub(r"\1", step.get("if", "success()"))
            # After a failed step, only a step whose condition checks the job's status runs (as on the runner).
            if status and not re.search(r"\b(always|cancelled|failure)\(\)", condition):
                continue
            if not _evaluate(condition, inputs):
                continue
            if "uses" in step:
                arguments = {key: _substitute(value, inputs) for key, value in step["with"].items()}
                uses.append({"uses": step["uses"], "with": arguments})
                continue
            assert step["shell"] == "bash"
            env = {**os.environ, **{k: _substitute(v, inputs) for k, v in step.get("env", {}).items()}}
            extra_path = [line for line in self.path_file.read_text().splitlines() if line]
            env.update({
                "GITHUB_ACTIONS": "true",
                "GITHUB_ACTION_PATH": str(ROOT),
                "GITHUB_WORKSPACE": str(self.workspace),
                "GITHUB_STEP_SUMMARY": str(self.summary),
                "GITHUB_PATH": str(self.path_file),
                "RUNNER_TEMP": str(self.temp),
                "PATH": os.pathsep.join([*reversed(extra_path), env["PATH"]]),
                "PYTHONPATH": sysconfig.get_paths()["purelib"],
                "NO_COLOR": "1",
            })
            script = self.temp / "step.sh"
            script.write_text(step["run"], encoding="utf-8")
            done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                                  cwd=self.workspace, env=env, capture_output=True, text=True, timeout=600)
            stdout.append(done.stdout)
            stderr.append(done.stderr)
            status = status or done.returncode
        return status, "".join(stdout), "".join(stderr), uses


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    if shutil.which("bash") is None:
        pytest.fail("the action's steps are bash scripts")
    job = Runner(tmp_path_factory.mktemp("job"))
    # The first run installs tablelint; the later ones find it on the PATH again.
    (job.workspace / "clean.md").write_text(CLEAN, encoding="utf-8")
    status, out, err, _ = job.run_action(python=sys.executable, paths="clean.md", args="--offline")
    assert status == 0, out + err
    return job


_ANNOTATION = re.compile(r"::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),"
                         r"title=(TL\d{3}) ([a-z-]+)::(.*)")


def _annotations(stdout: str) -> list[tuple[str, ...]]:
    return [found.groups() for line in stdout.splitlines() if (found := _ANNOTATION.fullmatch(line))]


def test_the_action_installs_tablelint_into_its_own_environment(runner):
    added = runner.path_file.read_text().splitlines()[0]
    assert added.startswith(str(runner.temp))
    tablelint = Path(added) / "tablelint"
    assert tablelint.exists()
    # The command on the PATH is the installed copy, not this checkout's sources.
    located = subprocess.run([str(Path(added) / "python"), "-c", "import tablelint; print(tablelint.__file__)"],
                             env={**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]},
                             capture_output=True, text=True, check=True).stdout
    assert located.startswith(str(runner.temp)), located


def test_annotations_at_the_right_lines_and_exit_1_on_the_seed(runner):
    seed = runner.workspace / "docs" / "papers.md"
    seed.parent.mkdir(exist_ok=True)
    seed.write_text(SEED, encoding="utf-8")
    status, stdout, stderr, uses = runner.run_action(python=sys.executable, paths="docs", args="--offline")
    assert status == 1, stdout + stderr  # errors fail the step, and so the job
    annotations = _annotations(stdout)
    assert annotations and len(annotations) == len([line for line in stdout.splitlines() if line.startswith("::")])
    lines = SEED.splitlines()
    for level, path, line, column, end_line, _end_column, _code, _name, _message in annotations:
        assert path == "docs/papers.md"
        assert level in {"error", "warning", "notice"}
        assert 1 <= int(line) <= len(lines) and int(line) <= int(end_line)
        assert int(column) <= len(lines[int(line) - 1]) + 1
    # The seed's source 'arxiv2022' on line 3: the annotation points at it.
    source = next(a for a in annotations if a[6] == "TL204" and "arxiv2022" in a[8])
    assert source[2] == "3"
    line, column, end_column = int(source[2]), int(source[3]), int(source[5])
    assert lines[line - 1][column - 1:end_column - 1] == "arxiv2022"
    assert source[0] == "error"
    # The placeholder row on line 14 is an error there too.
    assert ("error", "14", "TL101") in {(a[0], a[2], a[6]) for a in annotations}
    assert not uses  # no SARIF asked for: nothing uploaded


def test_exit_0_on_a_clean_table_and_warnings_do_not_fail(runner):
    status, stdout, _, _ = runner.run_action(python=sys.executable, paths="clean.md", args="--offline")
    assert status == 0
    assert stdout.splitlines()[-1].startswith("tablelint")  # only the install step's version line
    warn = runner.workspace / "warn.md"
    # A suppression comment that suppresses nothing: a warning.
    warn.write_text("| a | b |\n| --- | --- |\n| 1 | 2 |\n\n<!-- tablelint-disable-next-line column-count -->\n"
                    "text\n", encoding="utf-8")
    status, stdout, stderr, _ = runner.run_action(python=sys.executable, paths="warn.md", args="--offline")
    assert [(a[0], a[2], a[6]) for a in _annotations(stdout)] == [("warning", "5", "TL902")]
    assert status == 0, stdout + stderr
    status, _, _, _ = runner.run_action(python=sys.executable, paths="warn.md", args="--offline --fail-on warning")
    assert status == 1


def test_fix_writes_the_diff_into_the_step_summary_and_reports_what_remains(runner):
    target = runner.workspace / "fixme" / "papers.md"
    target.parent.mkdir()
    target.write_text(SEED, encoding="utf-8")
    runner.summary.write_text("", encoding="utf-8")
    status, stdout, stderr, _ = runner.run_action(python=sys.executable, paths="fixme", args="--offline", fix="true")
    summary = runner.summary.read_text(encoding="utf-8")
    assert summary.startswith("## tablelint fixes\n")
    assert "```diff\n--- a/fixme/papers.md\n+++ b/fixme/papers.md\n" in summary
    assert "-| PEER" in summary or "arxiv2022" in summary
    assert "Would fix" in summary and "× TL204 (malformed-source)" in summary
    fixed = target.read_text(encoding="utf-8")
    assert "arxiv2022" not in fixed and "arXiv 2022" in fixed
    # What the fixes left is annotated; nothing safely fixable remains.
    remaining = _annotations(stdout)
    assert remaining and not any("arxiv2022" in a[8] for a in remaining)
    assert status == 1, stdout + stderr  # the seed keeps errors only an unsafe fix or a person can settle
    # A second run has nothing to fix.
    runner.summary.write_text("", encoding="utf-8")
    runner.run_action(python=sys.executable, paths="fixme", args="--offline", fix="true")
    assert "Nothing to fix." in runner.summary.read_text(encoding="utf-8")


def test_sarif_is_written_uploaded_and_the_annotations_still_shown(runner):
    status, stdout, _, uses = runner.run_action(python=sys.executable, paths="docs", args="--offline",
                                                sarif="reports/tablelint.sarif")
    assert status == 1
    log = json.loads((runner.workspace / "reports" / "tablelint.sarif").read_text(encoding="utf-8"))
    results = log["runs"][0]["results"]
    assert len(results) == len(_annotations(stdout)) > 0
    assert uses == [{"uses": "github/codeql-action/upload-sarif@v3",
                     "with": {"sarif_file": "reports/tablelint.sarif", "category": "tablelint"}}]
    _, _, _, not_uploaded = runner.run_action(python=sys.executable, paths="docs", args="--offline",
                                              sarif="reports/tablelint.sarif", **{"upload-sarif": "false"})
    assert not_uploaded == []


def test_paths_one_a_line_may_hold_spaces(runner):
    spaced = runner.workspace / "My Notes" / "papers.md"
    spaced.parent.mkdir()
    spaced.write_text(SEED, encoding="utf-8")
    status, stdout, stderr, _ = runner.run_action(python=sys.executable, paths="My Notes\nclean.md\n",
                                                  args="--offline")
    assert status == 1, stdout + stderr
    assert {a[1] for a in _annotations(stdout)} == {"My Notes/papers.md"}


def test_inputs_reach_the_scripts_only_through_env():
    """A path or an argument is data: pasted into a script, `$(…)` in it would run."""
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step["name"]

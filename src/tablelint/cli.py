"""The command line: argument handling and exit codes only.

Exit codes: 0 clean; 1 problems found, or --check would change files; 2 a
usage, config or input error (one line on stderr, never a traceback), and for
fix and format also a fix the safety check refused or a file not written (the
other fixes and files are still done).
Everything heavier than click is imported inside the command that needs it:
the pre-commit hook starts this program on every commit.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__

if TYPE_CHECKING:
    from typing import TypeVar

    # Only annotations (strings here) name it: making a TypeVar costs every run's import.
    F = TypeVar("F", bound=Callable[..., Any])

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


def _use_color(stream: Any) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def _fail(message: str) -> None:
    click.echo(f"tablelint: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _guarded(command: F) -> F:
    """Turn expected failures into a one-line message and exit code 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .errors import InputError

        try:
            return command(*args, **kwargs)
        except InputError as error:
            _fail(str(error))
        except KeyboardInterrupt:
            click.echo("tablelint: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # The reader stopped reading (`tablelint check | head`): nothing to report it to.
            _silence_stdout()
            sys.exit(EXIT_ERROR)
        except OSError as error:
            # The system refused something (a full disk, a device error): not
            # a bug, and nothing the user can report as one.
            if os.environ.get("TABLELINT_DEBUG"):
                raise
            where = f"{error.filename}: " if error.filename else ""
            _fail(f"{where}{error.strerror or error}")
        except Exception as error:  # a bug: say so in one line, with a way to see more
            if os.environ.get("TABLELINT_DEBUG"):
                raise
            _fail(
                f"internal error: {type(error).__name__}: {error} "
                "(set TABLELINT_DEBUG=1 for a traceback, and please report it)"
            )

    return wrapper  # type: ignore[return-value]


def _silence_stdout() -> None:
    """Send the output to /dev/null, so that the flush at exit of what is
    still buffered succeeds instead of failing a second time (the advice of
    Python's documentation for SIGPIPE)."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor (a test's captured output)
        pass


def _exit_if_errors(errors: list[str]) -> None:
    """Print each input error once, and exit 2 if there was any."""
    for error in dict.fromkeys(errors):
        click.echo(f"tablelint: {error}", err=True)
    if errors:
        sys.exit(EXIT_ERROR)


def _file_selection_options(command: F) -> F:
    """The options that choose which files a directory's search finds (file_selection.py)."""

    @wraps(command)
    def wrapper(*args: Any, exclude: tuple[str, ...], extend_exclude: tuple[str, ...],
                respect_gitignore: bool | None, force_exclude: bool | None, **kwargs: Any) -> Any:
        click.get_current_context().meta["tablelint.selection"] = (
            list(exclude) or None, list(extend_exclude), respect_gitignore, force_exclude,
        )
        return command(*args, **kwargs)

    options = [
        click.option("--exclude", multiple=True, metavar="PATTERN",
                     help="Leave out what this .gitignore pattern matches, instead of the config's exclude."),
        click.option("--extend-exclude", multiple=True, metavar="PATTERN",
                     help="Leave out what this .gitignore pattern matches, as well."),
        click.option("--respect-gitignore/--no-respect-gitignore", default=None,
                     help="Leave out what .gitignore and .git/info/exclude ignore  [default: respect]"),
        click.option("--force-exclude/--no-force-exclude", default=None,
                     help="Apply the excludes to files named on the command line too (pre-commit's hooks do)."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


def _collect(paths: tuple[str, ...], config_file: str | None) -> tuple[list[str], list[str]]:
    """The files PATHS name, as the file selection options and the config choose them."""
    from .engine.file_selection import SelectionOptions
    from .engine.paths import collect_paths

    exclude, extend_exclude, respect_gitignore, force_exclude = click.get_current_context().meta.get(
        "tablelint.selection", (None, [], None, None))
    selection = SelectionOptions(exclude=exclude, extend_exclude=extend_exclude, respect_gitignore=respect_gitignore,
                                 force_exclude=force_exclude, config=Path(config_file) if config_file else None)
    return collect_paths(list(paths), selection)


def _link_options(command: F) -> F:
    """The link-check options `check` and `fix` share, handed to the command
    as ``link_args``: the API's arguments they stand for."""

    @wraps(command)
    def wrapper(*args: Any, offline: bool, show_unchecked: bool, no_cache: bool, allow_private_links: bool,
                no_archive: bool, verify_papers: bool | None, **kwargs: Any) -> Any:
        link_args = {"links": "offline" if offline else "online", "allow_private_links": allow_private_links,
                     "no_cache": no_cache, "show_unchecked": show_unchecked, "no_archive": no_archive,
                     "verify_papers": verify_papers}
        return command(*args, link_args=link_args, **kwargs)

    options = [
        click.option("--offline", is_flag=True, help="Check no link over the network; use cached verdicts only."),
        click.option("--show-unchecked", is_flag=True,
                     help="With --offline, report each link without a cached verdict (default: count them)."),
        click.option("--no-cache", is_flag=True,
                     help="Neither read nor write the caches (link verdicts, file results)."),
        click.option("--allow-private-links", is_flag=True, help="Allow requests to loopback and private addresses."),
        click.option("--no-archive", is_flag=True, help="Look up no archived copy of a dead link."),
        click.option("--verify-papers", is_flag=True, default=None,
                     help="Check paper lists against dblp, arXiv and OpenAlex (sends their titles to those services)."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


def _split_codes(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _output_formats() -> tuple[str, ...]:
    from .report import format_names

    return format_names()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="tablelint")
def main() -> None:
    """Validate, lint, fix and format the tables in Markdown files."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--schema", help="Bind every table to this schema (a name or a file).")
@click.option("--select", multiple=True, help="Rules to run (codes, names or prefixes; comma-separated).")
@click.option("--ignore", multiple=True, help="Rules to skip.")
@click.option("--extend-select", multiple=True, help="Rules to run in addition to the configured ones.")
@click.option(
    "--output-format", "output_format", default="text", show_default=True, type=click.Choice(_output_formats()),
    help="How to write the report (see the docs' output formats page).",
)
@click.option("-o", "--output-file", type=click.Path(dir_okay=False),
              help="Write the report in --output-format to this file; the terminal still shows --terminal-format.")
@click.option("--terminal-format", type=click.Choice(_output_formats()),
              help="With -o: the report the terminal shows  [default: text]")
@click.option("--fix", "apply_fixes", is_flag=True, help="Apply the safe fixes first, then report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix: apply the unsafe fixes too.")
@click.option("--show-fixes", is_flag=True, help="With --fix: list the fixes applied, per file and rule (stderr).")
@_link_options
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.option(
    "--fail-on", default="error", show_default=True, type=click.Choice(["error", "warning", "info"]),
    help="Lowest severity that makes the exit code 1.",
)
@click.option("--statistics", is_flag=True,
              help="Print counts per rule with how many are fixable, not the problems (text, full, json).")
@click.option("--config", "config_file", type=click.Path(), help="Use this config file.")
@click.option("--stdin-filename", help="Path to report for input read from '-'.")
@_file_selection_options
@_guarded
def check(paths: tuple[str, ...], schema: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
          extend_select: tuple[str, ...], output_format: str, output_file: str | None, terminal_format: str | None,
          apply_fixes: bool, unsafe_fixes: bool, show_fixes: bool, link_args: dict[str, Any], exit_zero: bool,
          fail_on: str, statistics: bool, config_file: str | None, stdin_filename: str | None) -> None:
    """Report every problem in the tables of PATHS (files, directories, or - for stdin).

    With --fix, the safe fixes are applied first (as `tablelint fix` does) and
    the report is what remains: the pre-commit hook that fixes.
    """
    from . import api
    from .diagnostics import Severity
    from .engine.progress import terminal_progress_bar
    from .report import RenderOptions, is_human

    if statistics and output_format not in ("text", "full", "json"):
        _fail("--statistics prints counts as text, full or json, not " + output_format)
    if terminal_format and not output_file:
        _fail("--terminal-format is for a run with -o/--output-file")

    select_codes, ignore_codes, extend_codes = _split_codes(select) or None, _split_codes(ignore), \
        _split_codes(extend_select)
    _validate_selectors(select_codes or [], ignore_codes, tuple(extend_codes))
    files, errors = _collect(paths, config_file)
    if apply_fixes:
        if "-" in files:
            _fail("--fix rewrites files; for standard input use `tablelint fix -`")
        fix_args = {"config": config_file, "schema": schema, "select": select_codes, "ignore": ignore_codes,
                    **link_args}
        fixed = _fix_files(files, fix_args, errors, unsafe=unsafe_fixes, show_fixes=show_fixes).fixed
        if fixed and not show_fixes:  # --show-fixes says it, with the details
            click.echo(f"Fixed {fixed} problem{'s' if fixed != 1 else ''}.", err=True)
    reports = api.check_paths(
        files, files_only=True, config=config_file, schema=schema, select=select_codes, ignore=ignore_codes,
        extend_select=extend_codes, stdin_filename=stdin_filename,
        progress=terminal_progress_bar("checking links"), **link_args,
    )
    errors.extend(report.error for report in reports if report.error)
    shown_format = output_format
    if output_file:
        _write_report_file(output_file, output_format, reports, RenderOptions(statistics=statistics))
        shown_format = terminal_format or "text"
    color = _use_color(sys.stdout) and is_human(shown_format)
    _write_report(shown_format, reports, RenderOptions(color=color, statistics=statistics and shown_format in
                                                      ("text", "full", "json")))
    if is_human(shown_format):
        link_stats = next((report.link_stats for report in reports if report.link_stats is not None), None)
        paper_stats = next((report.paper_stats for report in reports if report.paper_stats is not None), None)
        for kind, stats in (("link", link_stats), ("paper", paper_stats)):
            if stats is not None:
                click.echo(stats.summary(), err=True)
                if stats.cache_problem:
                    click.echo(f"tablelint: {kind} cache not used: {stats.cache_problem}", err=True)
    _exit_if_errors(errors)
    threshold = Severity(fail_on).rank
    failing = any(d.severity.rank >= threshold for report in reports for d in report.diagnostics)
    sys.exit(EXIT_PROBLEMS if failing and not exit_zero else EXIT_CLEAN)


def _write_report(fmt: str, reports: list[Any], options: Any) -> None:
    from .report import iter_render

    for chunk in _batched(iter_render(fmt, reports, options)):
        click.echo(chunk, nl=False, color=options.color)


def _write_report_file(name: str, fmt: str, reports: list[Any], options: Any) -> None:
    """The report in ``fmt`` to the file ``name``, replaced whole (a reader
    never sees half a SARIF log)."""
    from .report import render

    text = render(fmt, reports, options)
    target = Path(name)
    try:
        if target.parent != Path():
            target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tablelint-output")
        temporary.write_text(text, encoding="utf-8", errors="surrogateescape", newline="")
        os.replace(temporary, target)
    except OSError as error:
        from .parse.source import describe_os_error

        _fail(f"{name}: cannot write the report: {describe_os_error(error)}")


def _batched(pieces: Any, size: int = 512) -> Any:
    """Join small pieces of output into larger writes."""
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def _validate_selectors(select: list[str], ignore: list[str], extend_select: tuple[str, ...] = ()) -> None:
    from .api import first_unknown_selector

    problem = first_unknown_selector(select, ignore, extend_select, ("--select", "--ignore", "--extend-select"))
    if problem:
        _fail(problem)


@main.command("rules")
@click.option("--json", "as_json", is_flag=True, help="Print the rules as JSON.")
@_guarded
def list_rules(as_json: bool) -> None:
    """List every rule: code, name, default severity, fix, summary."""
    from .rules import ALL_RULES

    if as_json:
        import json

        data = [
            {"code": r.code, "name": r.name, "severity": r.severity.value, "fix": r.fix,
             "enabled_by_default": r.enabled_by_default, "summary": r.summary}
            for r in ALL_RULES
        ]
        click.echo(json.dumps(data, indent=2))
        return
    for rule in ALL_RULES:
        flag = "" if rule.enabled_by_default else "  (off by default)"
        click.echo(f"{rule.code}  {rule.name:<22} {rule.severity.value:<8} fix: {rule.fix:<15} {rule.summary}{flag}")


@main.command("rule")
@click.argument("code_or_name")
@_guarded
def explain_rule(code_or_name: str) -> None:
    """Explain one rule (by code or name), with a bad and a good example."""
    from .rules import find_rule

    rule = find_rule(code_or_name)
    if rule is None:
        _fail(f"unknown rule '{code_or_name}' (see `tablelint rules`)")
        return
    click.echo(rule.page(), nl=False)


@main.command()
@click.argument("path")
@click.option("--table", "table_number", type=int, help="Only this table (1-based, in file order).")
@click.option("--format", "fmt", default="json", show_default=True, type=click.Choice(["json", "jsonl", "csv"]))
@click.option("--schema", help="Bind the tables to this schema (typed values).")
@click.option("--raw", is_flag=True, help="Cell text as written, even when a schema binds the table.")
@click.option("--strict", is_flag=True,
              help="Write nothing, and exit 1, if the schema rejects a cell (the cells go to stderr either way).")
@click.option("--list-separator", default="; ", show_default=True,
              help="CSV: what joins the items of a list value (a references field's URLs) in one cell.")
@click.option("--papers", "with_papers", is_flag=True,
              help="Add each paper's resolved arXiv ID, DOI, dblp key, title and venue (asks dblp, arXiv, OpenAlex).")
@click.option("--offline", is_flag=True, help="With --papers: use cached answers only.")
@click.option("--allow-private-links", is_flag=True, help="With --papers: allow services at private addresses.")
@click.option("--config", "config_file", type=click.Path(), help="Use this config file.")
@_guarded
def extract(path: str, table_number: int | None, fmt: str, schema: str | None, raw: bool, strict: bool,
            list_separator: str, with_papers: bool, offline: bool, allow_private_links: bool,
            config_file: str | None) -> None:
    """Print the tables of PATH as data (JSON, JSON lines or CSV).

    With a schema, values are typed; a cell the schema rejects stays text,
    and is listed on stderr (and under "errors" in JSON)."""
    from .engine.extract import extract_tables
    from .engine.paths import require_one_path

    require_one_path(path)
    papers = {"offline": offline, "allow_private": allow_private_links} if with_papers else None
    extraction = extract_tables(path, table_number, fmt, schema=schema, typed=not raw,
                                config=Path(config_file) if config_file else None, list_separator=list_separator,
                                papers=papers)
    for problem in extraction.problems:
        sys.stderr.write(f"{path}:{problem['line']}:{problem['column']}: table {problem['table']}, "
                         f"field '{problem['field']}': {problem['message']}\n")
    if strict and extraction.problems:
        count = len(extraction.problems)
        click.echo(f"tablelint: {path}: the schema rejects {count} cell{'s' if count != 1 else ''}; "
                   "nothing written (--strict)", err=True)
        sys.exit(1)
    sys.stdout.write(extraction.text)


def _read_for_rewrite(name: str, config_file: str | None = None, stdin_filename: str | None = None) -> Any:
    from .config import settings_for
    from .parse.source import decode, read_source, read_stdin

    display = stdin_filename if name == "-" and stdin_filename else name
    max_size = settings_for(display, Path(config_file) if config_file else None).max_file_size
    if name == "-":
        return decode(read_stdin(max_size), display)
    return read_source(name, max_size=max_size)


def _read_original(name: str, stdin_filename: str | None = None) -> Any:
    """A file (or stdin, named ``stdin_filename`` for config and messages) read
    for fix or format, with what it was when read."""
    from .rewrite.writing import Original, read_original

    if name == "-":
        return Original(_read_for_rewrite(name, stdin_filename=stdin_filename), None, None)
    return read_original(name)


def _emit(original: Any, new_text: str, writer: Any, *, diff: bool, check_only: bool) -> None:
    """Write, print a diff, or (for stdin) print the new text. A file that is
    not written raises writing.WriteError (an InputError)."""
    source = original.source
    if diff:
        from .rewrite.safety import unified_diff

        patch = unified_diff(source.path, source.text, new_text)
        if patch and _use_color(sys.stdout):
            from .report.diff import colour_diff

            patch = colour_diff(patch)
        sys.stdout.write(patch)
    elif original.target is None:
        sys.stdout.buffer.write(source.encode(new_text))
    elif not check_only and new_text != source.text:
        writer.replace(original, source.encode(new_text))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change meaning.")
@click.option("--diff", is_flag=True, help="Print a unified diff; write nothing; exit 1 if a file would change.")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if a file would change.")
@click.option("--show-fixes", is_flag=True, help="List the fixes applied, per file and rule (stderr).")
@click.option("--schema", help="Bind every table to this schema (a name or a file).")
@click.option("--select", multiple=True, help="Only fix these rules.")
@click.option("--ignore", multiple=True, help="Do not fix these rules.")
@_link_options
@click.option("--config", "config_file", type=click.Path(), help="Use this config file.")
@click.option("--stdin-filename", help="Path of the input read from '-': for messages, config and per-file ignores.")
@_file_selection_options
@_guarded
def fix(paths: tuple[str, ...], unsafe_fixes: bool, diff: bool, check_only: bool, show_fixes: bool, schema: str | None,
        select: tuple[str, ...], ignore: tuple[str, ...], link_args: dict[str, Any], config_file: str | None,
        stdin_filename: str | None) -> None:
    """Apply the fixes for the problems in PATHS (safe ones unless --unsafe-fixes).

    Every file is parsed again after fixing; a fix that would change a cell it
    does not target is not applied and is reported, and the other fixes are.
    A file that changed since it was read is not written. Exit 2 if a fix was
    refused or a file could not be read or written (the other files are still
    fixed), else 1 if errors remain, else 0.
    """
    select_codes, ignore_codes = _split_codes(select) or None, _split_codes(ignore)
    _validate_selectors(select_codes or [], ignore_codes)
    fix_args = {"config": config_file, "schema": schema, "select": select_codes, "ignore": ignore_codes,
                **link_args}
    files, errors = _collect(paths, config_file)
    totals = _fix_files(files, fix_args, errors, unsafe=unsafe_fixes, show_fixes=show_fixes, diff=diff,
                        stdin_filename=stdin_filename,
                        check_only=check_only, print_remaining=not diff)
    verb = "Would fix" if (diff or check_only) else "Fixed"
    click.echo(f"{verb} {totals.fixed} problem{'s' if totals.fixed != 1 else ''}; "
               f"{totals.remaining} remain{'s' if totals.remaining == 1 else ''}.", err=True)
    _exit_if_errors(errors)
    # As format --diff and ruff check --diff: a diff that is not empty fails the run.
    if (check_only or diff) and totals.would_change:
        sys.exit(EXIT_PROBLEMS)
    # Like check: errors left over fail the run, warnings are shown.
    sys.exit(EXIT_PROBLEMS if totals.remaining_errors and not (diff or check_only) else EXIT_CLEAN)


class _FixTotals:
    def __init__(self) -> None:
        self.would_change = self.fixed = self.remaining = self.remaining_errors = 0


def _fix_files(files: list[str], fix_args: dict[str, Any], errors: list[str], *, unsafe: bool, show_fixes: bool,
               diff: bool = False, check_only: bool = False, print_remaining: bool = False,
               stdin_filename: str | None = None) -> _FixTotals:
    """Fix each file as `fix` does, with ``tablelint.fix(**fix_args)`` (a
    refused fix or an unwritable file goes to ``errors``, the other files are
    still fixed)."""
    from . import api
    from .errors import InputError
    from .report.text import diagnostic_line
    from .rewrite.writing import FileWriter

    writer = FileWriter("fixing")
    totals = _FixTotals()
    applied_by_file: list[tuple[str, list[Any]]] = []
    for name in files:
        try:
            original = _read_original(name, stdin_filename)
            outcome = api.fix(original.source.text, path=original.source.path, unsafe=unsafe, **fix_args)
            errors.extend(str(rejected) for rejected in outcome.rejected)
            _emit(original, outcome.text, writer, diff=diff, check_only=check_only)
        except InputError as error:
            errors.append(str(error))
            continue
        if outcome.changed:
            totals.would_change += 1
        totals.fixed += len(outcome.applied)
        if outcome.applied:
            applied_by_file.append((name, outcome.applied))
        remaining = outcome.remaining
        totals.remaining += len(remaining)
        totals.remaining_errors += sum(1 for d in remaining if d.severity.value == "error")
        if print_remaining and name != "-":
            for diagnostic in remaining:
                click.echo(diagnostic_line(diagnostic, _use_color(sys.stdout)))
    if show_fixes:
        _show_fixes(applied_by_file, would=diff or check_only)
    return totals


def _show_fixes(applied_by_file: list[tuple[str, list[Any]]], *, would: bool) -> None:
    """What the fixes changed, as ruff's --show-fixes lists it: per file, a count per rule (stderr)."""
    from collections import Counter

    from .report.style import terminal_text

    total = sum(len(applied) for _, applied in applied_by_file)
    if not total:
        click.echo("No fixes applied." if not would else "No fixes to apply.", err=True)
        return
    click.echo(f"{'Would fix' if would else 'Fixed'} {total} problem{'s' if total != 1 else ''}:", err=True)
    for name, applied in applied_by_file:
        click.echo(f"- {terminal_text(name)}:", err=True)
        counts = Counter((d.code, d.name) for d in applied)
        for (code, rule), count in sorted(counts.items()):
            click.echo(f"    {count} × {code} ({rule})", err=True)


@main.command("format")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if a file would change.")
@click.option("--diff", is_flag=True, help="Print a unified diff; write nothing; exit 1 if a file would change.")
@click.option("--align", type=click.Choice(["keep", "auto", "always", "never"]),
              help="keep (default): aligned tables stay aligned, compact ones compact; or force one layout.")
@click.option("--ragged-align", type=click.Choice(["auto", "always", "never"]),
              help="With --align keep: the layout of a table that is neither aligned nor compact.")
@click.option("--max-width", type=int, help="With auto: wider tables go compact.")
@click.option("--diff-friendly", is_flag=True, default=None, help="Pad every column except the last.")
@click.option("--config", "config_file", type=click.Path(), help="Use this config file.")
@click.option("--stdin-filename", help="Path of the input read from '-': for messages and config.")
@_file_selection_options
@_guarded
def format_command(paths: tuple[str, ...], check_only: bool, diff: bool, align: str | None, ragged_align: str | None,
                   max_width: int | None, diff_friendly: bool | None, config_file: str | None,
                   stdin_filename: str | None) -> None:
    """Rewrite the tables of PATHS in canonical form; everything else stays byte for byte.

    A file that changed since it was read is not written. Exit 2 if a file
    could not be read, formatted safely or written (the other files are still
    formatted); with --check or --diff, 1 if a file would change.
    """

    from . import api
    from .errors import InputError
    from .rewrite.safety import UnsafeChangeError
    from .rewrite.writing import FileWriter

    files, errors = _collect(paths, config_file)
    writer = FileWriter("formatting")
    changed = 0
    for name in files:
        try:
            original = _read_original(name, stdin_filename)
            source = original.source
            new_text = api.format(source.text, path=source.path, config=config_file, align=align,  # type: ignore[arg-type]
                                  ragged_align=ragged_align, max_width=max_width,  # type: ignore[arg-type]
                                  diff_friendly=diff_friendly)
            _emit(original, new_text, writer, diff=diff, check_only=check_only)
        except (InputError, UnsafeChangeError) as error:
            errors.append(str(error))
            continue
        if new_text != source.text:
            changed += 1
            if check_only and not diff:
                click.echo(f"would reformat {source.path}")
    if name_count := len(files):
        verb = "would be reformatted" if (check_only or diff) else "reformatted"
        click.echo(f"{changed} file{'s' if changed != 1 else ''} {verb}, "
                   f"{name_count - changed} unchanged.", err=True)
    _exit_if_errors(errors)
    sys.exit(EXIT_PROBLEMS if (check_only or diff) and changed else EXIT_CLEAN)


@main.command()
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default and only transport).")
def server(stdio: bool) -> None:
    """Run the language server (LSP) for editors, over standard input and output."""
    from .server.app import serve

    sys.exit(serve())


@main.command()
@click.argument("path")
@click.option("--table", "table_number", type=int, default=1, show_default=True, help="Which table (1-based).")
@click.option("--name", help="Name to give the schema.")
@click.option("--format", "fmt", default="yaml", show_default=True, type=click.Choice(["yaml", "json"]))
@_guarded
def infer(path: str, table_number: int, name: str | None, fmt: str) -> None:
    """Write a schema inferred from a table of PATH: types, enums, unique, missingValues."""
    from . import api
    from .engine.paths import require_one_path

    require_one_path(path)
    source = _read_for_rewrite(path)
    notes: list[str] = []
    schema = api.infer_schema(source.text, table=table_number, name=name, path=source.path, notes=notes)
    for note in notes:
        click.echo(f"tablelint: note: {path}: {note}", err=True)
    if fmt == "json":
        import json

        click.echo(json.dumps(schema, ensure_ascii=False, indent=2))
    else:
        from .schema.infer import dump_yaml

        click.echo(dump_yaml(schema), nl=False)


@main.command("schemas")
@click.option("--config", "config_file", type=click.Path(), help="Use this config file.")
@_guarded
def list_schemas(config_file: str | None) -> None:
    """List the schemas tablelint knows: built-in ones and those in your schema-dirs."""
    from .config import settings_for_directory
    from .schema.loader import registry_for

    settings = settings_for_directory(Path.cwd(), Path(config_file) if config_file else None)
    registry = registry_for(settings.schema_directories())
    for schema in registry.all():
        fields = ", ".join(schema.field_names)
        click.echo(f"{schema.name:<16} {schema.spec.title or '':<28} fields: {fields}  ({schema.path})")


@main.command("schema")
@click.argument("name", required=False)
@click.option("--json-schema", is_flag=True, help="Print the JSON Schema of the schema file format.")
@click.option("--config", "config_file", type=click.Path(), help="Use this config file.")
@_guarded
def show_schema(name: str | None, json_schema: bool, config_file: str | None) -> None:
    """Show one schema (by name or file), or with --json-schema the format of schema files."""
    import json

    if json_schema:
        from .datamodel import bind_annotation_names
        from .schema.model import SchemaFile

        bind_annotation_names()
        document = SchemaFile.model_json_schema(by_alias=True)
        document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        document["title"] = "tablelint schema file (a superset of Frictionless Table Schema)"
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    if not name:
        _fail("give a schema name or file, or --json-schema")
        return
    from .config import settings_for_directory
    from .datafiles import read_data_file
    from .schema.loader import registry_for

    settings = settings_for_directory(Path.cwd(), Path(config_file) if config_file else None)
    schema = registry_for(settings.schema_directories()).get(name)
    # The file as written, in its own format (YAML stays YAML, comments kept).
    text = read_data_file(schema.path)
    click.echo(f"# {schema.name} ({schema.path})")
    click.echo(text, nl=not text.endswith("\n"))

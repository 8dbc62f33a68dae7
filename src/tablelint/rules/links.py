"""Link rules: dead, unreachable, malformed, redirected and unchecked links.

Their ``check`` yields nothing: whether a link is dead is known only once
the whole run's URLs have been checked, each once, in ``lint.finish()``
(see ``tablelint.links``). ``link_diagnostic`` turns a verdict into the
diagnostic of the right rule; the messages name the row and the field.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from .base import Rule

if TYPE_CHECKING:
    from ..config import LinkSettings, Settings
    from ..facts.context import LintContext
    from ..links import LinkRef
    from ..links.verdict import Verdict


class _LinkRule(Rule):
    def check(self, context: LintContext) -> Iterator[Diagnostic]:
        # Verdicts arrive run-wide, after every file: see tablelint.links.
        return iter(())


class DeadLink(
    _LinkRule, code="TL301", name="dead-link", severity=Severity.ERROR,
    summary="A link is dead: 404, 410, another definitive 4xx, a lasting 5xx, or no such host",
):
    """## What it does
    Reports a link whose server gave a definitive "this is gone": 404 or
    410, another 4xx status except 401, 403 and 429, a 5xx status that
    lasts through retries spread over `links.dead-after` seconds (20 by
    default), or a host name that does not exist (NXDOMAIN) while other
    names resolve in the same run.

    ## Why is this bad?
    A reading list is only as good as its links: readers click them. Zhihu
    columns and WeChat articles disappear without a redirect, and nobody
    notices until a reader does. The message names the row and the field,
    so the dead reference can be replaced or the row retired.

    A timeout, a refused connection, a failing DNS or a server error that
    stops within the retry window is not proof of a dead link, and is
    reported by `unreachable-link` (TL302) instead, so that a CI run on a
    bad network day, or during a server's restart, does not fail on links
    that are fine. Only definitive answers are cached (alive, moved, a
    definitive 4xx, NXDOMAIN); a server error is asked again on the next run.

    ## Example
    ```markdown
    | 名称 | 备注 |
    | --- | --- |
    | PEER | https://example.com/gone |
    ```

    ## Use instead
    ```markdown
    | 名称 | 备注 |
    | --- | --- |
    | PEER | https://example.com/peer |
    ```

    ## Fix safety
    Unsafe, and only when the Internet Archive has a copy: the link becomes
    its closest archived copy that answered 2xx (looked up once the link
    is dead, and cached with the verdict). Only the author knows whether
    the content moved elsewhere; `--no-archive` turns the lookup off.

    ## Options
    `[links]` in the config: `accept` (statuses that count as alive),
    `not-dead` (4xx statuses never called dead, default `[401, 403, 429]`),
    `dead-after` (seconds a 5xx must last, default 20; `0` calls it dead
    at once), `exclude` (regexes of URLs not to check), `retries` (of a
    429 or a dropped connection), `timeout` (total seconds per request),
    `connect-timeout`, `read-timeout`, `concurrency` (default 32),
    `per-host` (default 8), `max-redirects`, `max-retry-after`, `headers`,
    `user-agent`, `cache`, `cache-path`, `cache-ttl` (seconds, default one
    day), `allow-private`, `dns-probe`, `show-unchecked`, `proxy` (else
    `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`; `NO_PROXY` applies), `archive`
    and `archive-url` (an availability API answering as the Internet
    Archive's).
    A `GITHUB_TOKEN` (or `GH_TOKEN`) in the environment is sent to
    github.com over https only.
    """


class UnreachableLink(
    _LinkRule, code="TL302", name="unreachable-link", severity=Severity.WARNING,
    summary="A link could not be checked (timeout, refused, offline, rate limited): not proof it is dead",
):
    """## What it does
    Reports a link that could not be checked to the end: the request timed
    out, the connection was refused or failed, TLS failed, the host name did
    not resolve while no other name did either (offline), the server kept
    answering 429 or asked to wait longer than allowed, answered a 5xx that
    did not last `links.dead-after` seconds, answered 401 or 403,
    redirected in a loop or too many times, or redirected to a private
    address that tablelint refuses to contact.

    ## Why is this bad?
    It may be nothing: a flaky network, a rate limit, bot protection. It may
    also be a link on its way out. It is a warning, not an error, so that
    CI and the pre-commit hook stay usable offline; a link that keeps
    showing up here deserves a look.

    ## Example
    ```markdown
    | 名称 | 备注 |
    | --- | --- |
    | LLaMA | https://example.com/slow |
    ```

    ## Use instead
    ```markdown
    | 名称 | 备注 |
    | --- | --- |
    | LLaMA | https://example.com/llama |
    ```

    ## Fix safety
    No fix.

    ## Options
    The `[links]` options of `dead-link`. A status in `links.accept` (for
    example 403 for a site that blocks checkers) counts as alive.
    """


class MalformedUrl(
    _LinkRule, code="TL303", name="malformed-url", severity=Severity.ERROR,
    summary="A URL cannot be a valid http(s) URL",
):
    """## What it does
    Reports an http(s) URL that cannot be valid: `http:` without `//`, no
    host name, a host name with spaces or empty labels, a port out of
    range, or a scheme one letter away from `http`/`https` (`htps://`).

    ## Why is this bad?
    The link cannot work for anyone, and no request needs to be made to
    know it. It is usually a typo made while pasting.

    ## Example
    ```markdown
    | 名称 | 备注 |
    | --- | --- |
    | FLAN | [论文](htps://example.com/flan) |
    ```

    ## Use instead
    ```markdown
    | 名称 | 备注 |
    | --- | --- |
    | FLAN | [论文](https://example.com/flan) |
    ```

    ## Fix safety
    No fix: the intended URL is a guess.
    """


class RedirectedLink(
    _LinkRule, code="TL304", name="redirected-link", severity=Severity.WARNING, fix="unsafe",
    summary="A link is permanently redirected; the fix uses the new URL",
):
    """## What it does
    Reports a link that the server moved permanently (301 or 308) to a
    page that works, and offers the new URL.

    ## Why is this bad?
    Every reader pays for the extra round trip, and the old address is the
    one that breaks first when the site is reorganized again.

    ## Example
    ```markdown
    | 名称 | 备注 |
    | --- | --- |
    | Sparrow | https://example.com/old-sparrow |
    ```

    ## Use instead
    ```markdown
    | 名称 | 备注 |
    | --- | --- |
    | Sparrow | https://example.com/sparrow |
    ```

    ## Fix safety
    The fix replaces the URL with where the permanent redirects lead. It is
    unsafe: some sites redirect every unknown address to their home page,
    and the new URL may carry tracking parameters. Temporary redirects (302,
    303, 307) are followed but never proposed as a fix; the fix stops at the
    first of them.
    """


class UncheckedLink(
    _LinkRule, code="TL305", name="unchecked-link", severity=Severity.INFO,
    example_args=("--offline", "--no-cache", "--show-unchecked"),
    summary="A link was not checked (--offline without a cached verdict, or a private address)",
):
    """## What it does
    Reports a link that was not checked: its host resolves to a loopback,
    private or link-local address while `--allow-private-links` is off; or
    `--offline` was given and the cache holds no verdict for it. Offline,
    a real list has thousands of those, so they are counted on the
    `links:` summary line (stderr) rather than reported one by one, in
    every output format; `--show-unchecked` or `[links] show-unchecked =
    true` reports each.

    ## Why is this bad?
    It is not: this is information, so that a run that checked nothing does
    not look like a run that found nothing. Run once online to fill the
    cache; later offline runs (the pre-commit hook on a train) then use it.

    ## Example
    ```markdown
    | 名称 | 备注 |
    | --- | --- |
    | Claude | https://example.com/never-checked |
    ```

    ## Use instead
    ```markdown
    | 名称 | 备注 |
    | --- | --- |
    | Claude | no link |
    ```

    ## Fix safety
    No fix.
    """


_RULE_FOR: dict[str, type[_LinkRule]] = {
    "dead": DeadLink,
    "unreachable": UnreachableLink,
    "malformed": MalformedUrl,
    "redirected": RedirectedLink,
    "unchecked": UncheckedLink,
    "blocked": UncheckedLink,
}
_LABEL_FOR = {
    "dead": "dead link",
    "unreachable": "unreachable link",
    "malformed": "malformed URL",
    "redirected": "redirected link",
    "unchecked": "unchecked link",
    "blocked": "unchecked link",
}
# Title marks around a row's name: 《PEER》, 「Sparrow」, "LaMDA".
_OPENING_MARKS = "《〈「『\"“'"
_CLOSING_MARKS = "》〉」』\"”'"
_REFERENCE_NOTE = "; the URL is in the reference definition"


def row_label(ref: LinkRef) -> str:
    """``row 'PEER: A Collaborative Language Model' (备注)``: the row by its
    name (title marks dropped, long names cut), else by its number."""
    return _row_label(ref.row_name, ref.row, ref.field)


def _row_label(row_name: str | None, row: int, field: str | None) -> str:
    if row_name:
        name = " ".join(row_name.split()).lstrip(_OPENING_MARKS).rstrip(_CLOSING_MARKS).strip()
        if name:
            if len(name) > 60:
                name = name[:59] + "…"
            return f"row '{name}' ({field})" if field else f"row '{name}'"
    return f"row {row} ({field})" if field else f"row {row}"


def link_diagnostic(path: str, ref: LinkRef, verdict: Verdict) -> Diagnostic | None:
    """The diagnostic for one link occurrence, or None for a link that is fine
    or skipped by design."""
    rule = _RULE_FOR.get(verdict.kind)
    if rule is None:
        return None
    return _diagnostic(path, ref, verdict, rule, _prefix(verdict), _detail(verdict, ref.kind == "reference"),
                       row_label(ref))


def link_diagnostics(path: str, refs: list[LinkRef], verdicts: list[Verdict],
                     enabled: frozenset[str]) -> list[Diagnostic]:
    """``link_diagnostic`` for every link of one file (``verdicts[i]`` is
    that of ``refs[i]``), keeping those of the ``enabled`` rules. A file can
    hold a hundred thousand links, most sharing a verdict: what a verdict
    puts in the message is worked out once per verdict, and a row's label
    once per row."""
    diagnostics: list[Diagnostic] = []
    parts: dict[int, tuple[type[_LinkRule], str, str, str] | None] = {}
    last_row: tuple[str | None, int, str | None] | None = None
    label = ""
    for ref, verdict in zip(refs, verdicts, strict=True):
        found = parts.get(id(verdict), False)
        if found is False:
            rule = _RULE_FOR.get(verdict.kind)
            found = parts[id(verdict)] = None if rule is None or rule.code not in enabled else (
                rule, _prefix(verdict), _detail(verdict, False), _detail(verdict, True))
        if found is None:
            continue
        rule, prefix, detail, reference_detail = found
        row = (ref.row_name, ref.row, ref.field)
        if row != last_row:
            label, last_row = _row_label(*row), row
        diagnostics.append(_diagnostic(path, ref, verdict, rule, prefix,
                                       reference_detail if ref.kind == "reference" else detail, label))
    return diagnostics


def possible_diagnostics(path: str, ref: LinkRef) -> list[Diagnostic]:
    """What a link left without a verdict (``--offline``) might have been
    reported as: one diagnostic of each rule that needs the network, for a
    suppression comment to match."""
    return [
        Diagnostic(rule.code, rule.name, rule.severity, "", path, ref.line, ref.column, ref.line, ref.end_column,
                   ref.table, ref.row, ref.field)
        for rule in (DeadLink, UnreachableLink, RedirectedLink, UncheckedLink)
    ]


def _prefix(verdict: Verdict) -> str:
    return f"{_LABEL_FOR[verdict.kind]} in "


def _detail(verdict: Verdict, reference: bool) -> str:
    detail = verdict.detail + (" (cached verdict)" if verdict.cached else "")
    if reference and verdict.kind in ("dead", "redirected", "malformed"):
        detail += _REFERENCE_NOTE
    return detail


def _diagnostic(path: str, ref: LinkRef, verdict: Verdict, rule: type[_LinkRule], prefix: str, detail: str,
                label: str) -> Diagnostic:
    shown_url = ref.url
    if "@" in shown_url:  # a rare URL: the import is not paid per link
        from ..links.urls import hide_credentials

        shown_url = hide_credentials(shown_url)
    # A fix to the new URL would drop the credentials the author wrote.
    fixable = verdict.fix_url and verdict.kind in ("redirected", "dead") and shown_url == ref.url
    fix = _redirect_fix(ref, verdict.fix_url) if fixable else None
    message = f"{prefix}{label}: {shown_url} {detail}"
    return Diagnostic(
        rule.code, rule.name, rule.severity, message, path, ref.line, ref.column, ref.line,
        max(ref.end_column, ref.column + 1), ref.table, ref.row, ref.field, fix,
    )


def _redirect_fix(ref: LinkRef, new_url: str) -> Fix | None:
    if not ref.fixable:
        return None
    from ..links.urls import replacement

    if "#" in ref.url and "#" not in new_url:
        # URLs are checked without their fragment; a browser carries it
        # across a redirect, and so must the fix.
        new_url += "#" + ref.url.split("#", 1)[1]
    edit = Edit(ref.line, ref.column, ref.line, ref.end_column, replacement(new_url, ref.kind))
    return Fix(Applicability.UNSAFE, f"replace with {new_url}", (edit,))


# Rules whose verdicts need an answer from the network (or the cache).
NETWORK_RULES = frozenset({"TL301", "TL302", "TL304", "TL305"})


def extract_file_links(context: LintContext) -> list[LinkRef]:
    """Every link in the body cells of every table of the document."""
    from ..parse.document import bulk_objects

    if not context.settings.links.enabled:
        return []
    # A LinkRef per link, and short-lived scan results per cell: the
    # collector would walk the whole parsed document again and again.
    with bulk_objects():
        return _links_of(context)


def _links_of(context: LintContext) -> list[LinkRef]:
    from ..links import LinkRef
    from ..links.extract import may_hold_link, scan_links

    refs: list[LinkRef] = []
    ref_links = context.document.ref_links
    has_references = bool(ref_links)
    for table in context.document.tables:
        # What LintContext.row_name and field_name give, looked up once per
        # table instead of once per link.
        name_column = context.name_column(table)
        fields: dict[int, str | None] = {}
        for row_number, row in enumerate(table.rows, 1):
            row_name: str | None = None
            named = False
            for column_index, cell in enumerate(row.cells):
                raw = cell.raw
                if not may_hold_link(raw, has_references):
                    continue
                # Not memoized per distinct text: most linked cells are unique,
                # and a memo costs more than rescanning the few repeats
                # (measured at 100k rows). The text passes may_hold_link too:
                # unescaping "\\|" cannot make or break a mark.
                found = scan_links(cell.text, ref_links)
                if not found:
                    continue
                if not named:
                    named = True
                    cells = row.cells
                    if name_column is not None and name_column < len(cells):
                        row_name = cells[name_column].text
                if column_index in fields:
                    field = fields[column_index]
                else:
                    field = fields[column_index] = context.field_name(table, column_index)
                to_raw = _raw_offsets(raw) if "\\|" in raw else None
                line_number, column = cell.line, cell.column
                for link in found:
                    if not link.url:
                        continue
                    fixable = link.url_start is not None and link.url_end is not None
                    start = link.url_start if fixable else link.start
                    end = link.url_end if fixable else link.end
                    assert start is not None and end is not None
                    if to_raw is None:
                        first, last = column + start, column + (end if end > start else start)
                    else:
                        first = column + to_raw(start)
                        last = column + (to_raw(end - 1) + 1 if end > start else to_raw(start))
                    refs.append(LinkRef(link.url, link.kind, line_number, first, last, table.index,
                                        row_number, field, row_name, fixable))
    return refs


def link_settings(settings: Settings) -> LinkSettings:
    """A file's ``[links]`` settings for the run-wide check: a relative
    ``cache-path`` is relative to the config's directory."""
    from pathlib import Path  # loaded already: config imports it

    links = settings.links
    root = settings.root
    if isinstance(links.cache_path, str) and root is not None and not Path(links.cache_path).is_absolute():
        return links.replace(cache_path=str(root / Path(links.cache_path).expanduser()))
    return links


def _raw_offsets(raw: str):  # type: ignore[no-untyped-def]
    """Maps an offset in the cell's text (``\\|`` unescaped, as GFM parses it)
    back to the raw cell: every ``\\|`` is one character longer there."""
    if "\\|" not in raw:
        return lambda offset: offset
    positions: list[int] = []
    index = 0
    while index < len(raw):
        if raw.startswith("\\|", index):
            positions.append(index + 1)
            index += 2
        else:
            positions.append(index)
            index += 1
    positions.append(len(raw))
    return lambda offset: positions[min(offset, len(positions) - 1)]

"""A dead link's archived copy: asked of a local server that answers as the
Internet Archive's availability API documents
(``{"archived_snapshots": {"closest": {"available": true, "url": ...,
"timestamp": ..., "status": "200"}}}``, or ``{"archived_snapshots": {}}``),
offered as an unsafe fix, cached with the verdict, off with --no-archive;
and `fix` taking check's link options and counting the link rules in what
remains."""

from __future__ import annotations

import calendar
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from conftest import table

NOW = calendar.timegm((2026, 3, 14, 12, 0, 0))


def _archive(server) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {"archive": True, "archive_url": server.url("/wayback/available"), "now": NOW}


def _asked(server) -> list[dict[str, list[str]]]:  # type: ignore[no-untyped-def]
    return [parse_qs(urlsplit(path).query) for path in server.log.paths("GET") if path.startswith("/wayback/")]


def test_a_dead_link_gets_its_closest_archived_copy_as_an_unsafe_fix(server, check_links) -> None:
    missing = server.url("/missing")
    diagnostic = check_links(table(f"[论文]({missing}#part-2)"), **_archive(server)).only("TL301")
    snapshot = server.url(f"/web/20130919044612/{missing}")
    assert diagnostic.message.endswith(f"answered 404 Not Found; archived copy: {snapshot}")
    assert diagnostic.fix is not None and diagnostic.fix.applicability.value == "unsafe"
    assert diagnostic.fix.edits[0].content == f"{snapshot}#part-2"
    assert _asked(server) == [{"url": [missing], "timestamp": ["20260314"]}]


def test_no_fix_without_a_live_snapshot(server, check_links) -> None:
    run = check_links(table(server.url("/gone"), server.url("/teapot")), **_archive(server))
    assert [d.code for d in run.diagnostics] == ["TL301", "TL301"]
    assert all(d.fix is None and "archived" not in d.message for d in run.diagnostics)
    assert len(_asked(server)) == 2


def test_only_dead_links_are_looked_up(server, check_links) -> None:
    run = check_links(table(server.url("/ok"), server.url("/forbidden"), server.url("/moved")), **_archive(server))
    assert run.codes() == ["TL302", "TL304"]
    assert _asked(server) == []


def test_the_archived_copy_is_cached_with_the_verdict(server, check_links) -> None:
    check_links(table(server.url("/missing")), **_archive(server))
    server.reset()
    again = check_links(table(server.url("/missing")), **_archive(server)).only("TL301")
    assert again.fix is not None and "(cached verdict)" in again.message
    assert server.log.requests == []


def test_a_dead_link_cached_without_a_lookup_is_looked_up_later(server, check_links) -> None:
    check_links(table(server.url("/missing")), no_archive=True, **_archive(server))
    assert _asked(server) == []
    server.reset()
    again = check_links(table(server.url("/missing")), **_archive(server)).only("TL301")
    assert again.fix is not None
    assert [path for path in server.log.paths() if not path.startswith("/wayback/")] == []
    assert len(_asked(server)) == 1


def test_no_archive_asks_nothing(server, check_links) -> None:
    assert check_links(table(server.url("/missing")), no_archive=True, **_archive(server)).only("TL301").fix is None
    assert check_links(table(server.url("/gone")), **{**_archive(server), "archive": False}).only("TL301").fix is None
    assert _asked(server) == []


def test_fix_checks_links_as_check_does_and_counts_them_in_what_remains(server, run, workdir: Path) -> None:
    (workdir / "tablelint.toml").write_text(
        f'[links]\ncache-path = "links.sqlite3"\narchive-url = "{server.url("/wayback/available")}"\n')
    text = table(server.url("/missing"), server.url("/moved"), server.url("/gone"))
    (workdir / "papers.md").write_text(text)
    checked = run("check", "papers.md", "--allow-private-links", "--no-cache", "--select", "TL3")
    assert checked.exit_code == 1 and checked.stdout.count("TL30") == 3

    result = run("fix", "papers.md", "--unsafe-fixes", "--allow-private-links", "--select", "TL3")
    fixed = (workdir / "papers.md").read_text()
    assert server.url(f"/web/20130919044612/{server.url('/missing')}") in fixed
    assert server.url("/ok") in fixed and server.url("/gone") in fixed
    assert "Fixed 2 problems; 1 remains." in result.stderr
    assert result.exit_code == 1  # the dead link without a copy is an error left over


def test_fix_without_the_flag_refuses_local_addresses_as_check_does(server, run, workdir: Path) -> None:
    (workdir / "papers.md").write_text(table(server.url("/moved")))
    result = run("fix", "papers.md", "--unsafe-fixes", "--no-cache", "--select", "TL3")
    assert "Fixed 0 problems; 1 remains." in result.stderr and "TL305" in result.stdout
    assert server.log.requests == []
    offline = run("fix", "papers.md", "--unsafe-fixes", "--offline", "--select", "TL3")
    assert "Fixed 0 problems; 0 remain." in offline.stderr


def test_fix_asks_each_url_once_across_its_rounds(server, run, workdir: Path) -> None:
    # --no-cache: nothing carries a verdict from one round to the next but
    # the fix run itself. Round 1 fixes the redirect; round 2 lints again.
    (workdir / "papers.md").write_text(table(server.url("/moved"), server.url("/forbidden")))
    result = run("fix", "papers.md", "--unsafe-fixes", "--allow-private-links", "--no-cache", "--select", "TL3")
    assert "Fixed 1 problem; 1 remains." in result.stderr
    # HEAD and the GET that confirms its 403, once; /ok once as /moved's
    # target and once as the link the fix wrote.
    assert server.log.paths().count("/forbidden") == 2
    assert server.log.paths().count("/moved") == 1

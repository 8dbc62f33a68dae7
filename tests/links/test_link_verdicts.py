"""Verdicts that hold: a 5xx is dead only when it lasts through a retry
window, and never cached; credentials in a URL reach neither the cache nor
the output; offline, unchecked links are one summary line, not one each."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from conftest import table
from tablelint.links.cache import LinkCache
from tablelint.links.verdict import Outcome

DAY = 86400.0


def _stored(cache_path: Path) -> dict[str, str]:
    if not cache_path.exists():
        return {}
    with sqlite3.connect(cache_path) as connection:
        return dict(connection.execute("SELECT url, outcome FROM outcomes"))


# --- 5xx: dead only when it lasts ---------------------------------------------------


def test_a_503_that_lasts_1_5_s_is_not_dead_and_nothing_dead_is_cached(server, check_links,
                                                                        tmp_path: Path) -> None:
    url = server.url("/outage?for=1.5")
    run = check_links(table(url))  # the default window, as a user has it
    assert run.diagnostics == []
    times = server.log.times["/outage?for=1.5"]
    assert times[-1] - times[0] >= 1.5  # retried until the server recovered
    assert all('"status": 503' not in stored for stored in _stored(tmp_path / "links.sqlite3").values())
    # The next offline run (CI after the outage) sees the link alive, not dead.
    server.reset()
    assert check_links(table(url), offline=True).diagnostics == []


def test_a_lasting_503_is_dead_only_after_the_retry_window_and_is_not_cached(server, check_links,
                                                                             tmp_path: Path) -> None:
    start = time.monotonic()
    dead = check_links(table(server.url("/unavailable")), dead_after=1.0).only("TL301")
    assert time.monotonic() - start < 5
    times = server.log.times["/unavailable"]
    assert times[-1] - times[0] >= 1.0
    assert len(times) >= 3  # HEAD, then GETs with backoff
    assert "answered 503 Service Unavailable for 1." in dead.message
    assert _stored(tmp_path / "links.sqlite3") == {}
    # Offline, a 5xx is never a cached "dead".
    server.reset()
    run = check_links(table(server.url("/unavailable")), offline=True, show_unchecked=True)
    assert run.codes() == ["TL305"]


def test_a_503_shorter_than_the_window_is_unreachable_when_the_server_asks_for_too_long_a_wait(
        server, check_links) -> None:
    start = time.monotonic()
    run = check_links(table(server.url("/unavailable-retry-after?after=3600")), dead_after=30.0)
    assert time.monotonic() - start < 2
    assert "retry after 3600 s" in run.only("TL302").message


def test_retry_after_on_a_503_is_honoured(server, check_links) -> None:
    run = check_links(table(server.url("/unavailable-retry-after?after=1")), dead_after=0.2)
    assert run.diagnostics == []
    times = server.log.times["/unavailable-retry-after?after=1"]
    assert times[-1] - times[-2] >= 0.9


def test_a_5xx_is_dead_at_once_with_a_window_of_0(server, check_links) -> None:
    assert check_links(table(server.url("/broken")), dead_after=0.0).codes() == ["TL301"]
    assert server.log.count("/broken") == 2  # HEAD, and the GET that confirms it


def test_a_negative_window_is_a_one_line_config_error(server, run, workdir: Path) -> None:
    (workdir / "tablelint.toml").write_text("[links]\ndead-after = -1\n")
    (workdir / "papers.md").write_text(table(server.url("/ok")))
    result = run("check", "papers.md", "--allow-private-links", "--no-cache")
    assert result.exit_code == 2
    assert result.stderr == f"tablelint: {workdir / 'tablelint.toml'}: 'links.dead-after' must be 0 or more, not -1\n"


def test_a_5xx_cached_by_an_older_version_is_not_trusted(server, check_links, tmp_path: Path) -> None:
    # What an older tablelint stored: a 503 after 3 attempts, 1.5 s apart.
    cache = LinkCache(tmp_path / "links.sqlite3", ttl=DAY)
    cache.put_many({server.url("/missing"): Outcome(status=404)})
    cache.close()
    with sqlite3.connect(tmp_path / "links.sqlite3") as connection:
        stored = ('{"status": 503, "failure": null, "detail": "", "moved_to": null, "final_url": null, '
                  '"attempts": 3, "gave_up_waiting": null}')
        connection.execute("INSERT INTO outcomes VALUES (?, ?, ?)",
                            (server.url("/ok"), time.time(), stored))
    run = check_links(table(server.url("/ok")), offline=True, show_unchecked=True)
    assert run.codes() == ["TL305"]


def test_the_verdict_of_a_5xx_is_judged_by_each_files_window(server, check_links) -> None:
    outcome = Outcome(status=503, attempts=4, lasted=12.5)
    from tablelint.links.verdict import classify

    assert classify(outcome, [], [401, 403, 429], True, dead_after=10.0).kind == "dead"
    lasting = classify(outcome, [], [401, 403, 429], True, dead_after=20.0)
    assert lasting.kind == "unreachable" and "links.dead-after" in lasting.detail


# --- credentials ---------------------------------------------------------------------


def test_credentials_in_a_url_never_reach_the_cache_the_server_or_the_messages(server, check_links,
                                                                               tmp_path: Path) -> None:
    with_password = server.url("/missing").replace("http://", "http://alice:s3cret@")
    run = check_links(table(with_password, server.url("/to-credentials")))
    dead, moved = run.only("TL301"), run.only("TL304")
    assert "http://***@127.0.0.1" in dead.message
    assert f"moved permanently to {server.url('/ok')}" in moved.message
    assert moved.fix is not None and moved.fix.edits[0].content == server.url("/ok")
    for diagnostic in run.diagnostics:
        text = repr(diagnostic)
        assert "s3cret" not in text and "alice" not in text and "hunter2" not in text and "mover" not in text
    assert all("authorization" not in headers for _, _, headers in server.log.requests)
    stored = (tmp_path / "links.sqlite3").read_bytes()
    assert stored and b"s3cret" not in stored and b"alice" not in stored
    assert b"hunter2" not in stored and b"mover" not in stored


def test_a_redirect_fix_never_drops_the_credentials_the_author_wrote(server, check_links) -> None:
    moved = check_links(table(server.url("/moved").replace("http://", "http://bob:pw@"))).only("TL304")
    assert moved.fix is None  # the fix would write the URL without them
    assert "bob" not in moved.message and "pw@" not in moved.message


def test_credentials_are_left_out_of_every_output_format(server, run, workdir: Path) -> None:
    with_password = server.url("/missing").replace("http://", "http://alice:s3cret@")
    (workdir / "papers.md").write_text(table(with_password, server.url("/to-credentials")))
    (workdir / "tablelint.toml").write_text('[links]\ncache-path = "links.sqlite3"\n')
    for output_format in ("text", "full", "json", "github", "sarif"):
        result = run("check", "papers.md", "--allow-private-links", "--output-format", output_format)
        assert result.exit_code == 1, result.stderr
        assert "dead" in result.stdout or "TL301" in result.stdout
        for secret in ("s3cret", "hunter2"):
            assert secret not in result.stdout and secret not in result.stderr, output_format


# --- offline: one line for the unchecked links ------------------------------------------


def test_offline_unchecked_links_are_one_summary_line_not_one_line_each(server, check_links) -> None:
    check_links(table(server.url("/missing")))  # fills the cache with one dead verdict
    server.reset()
    urls = [server.url("/missing"), *(server.url(f"/ok?n={n}") for n in range(5))]
    run = check_links(table(*urls), offline=True)
    assert run.codes() == ["TL301"]  # the cached verdict still reports
    assert run.stats.unchecked == 5 and run.stats.unchecked_hidden
    assert run.stats.summary() == (
        "links: 0 checked, 1 dead, 0 unreachable, 1 cached, 0 skipped, 5 unchecked "
        "(--offline, no cached verdict; `--show-unchecked` or `[links] show-unchecked = true` lists them)")
    assert server.log.requests == []


def test_show_unchecked_brings_the_lines_back(server, check_links) -> None:
    urls = [server.url(f"/ok?n={n}") for n in range(3)]
    run = check_links(table(*urls), offline=True, show_unchecked=True)
    assert run.codes() == ["TL305"] * 3
    assert not run.stats.unchecked_hidden
    assert run.stats.summary().endswith("3 unchecked")


def test_the_flag_and_the_config_key_list_them_in_json_too(server, run, workdir: Path) -> None:
    for name in ("plain", "configured"):
        (workdir / name).mkdir()
        (workdir / name / "papers.md").write_text(table(server.url("/a"), server.url("/b")))
    (workdir / "configured" / "tablelint.toml").write_text("[links]\nshow-unchecked = true\n")
    quiet = run("check", "plain/papers.md", "--offline", "--output-format", "json")
    assert quiet.exit_code == 0 and quiet.stdout == "[]\n"
    flagged = run("check", "plain/papers.md", "--offline", "--show-unchecked", "--output-format", "json")
    assert [item["code"] for item in json.loads(flagged.stdout)] == ["TL305", "TL305"]
    configured = run("check", "configured/papers.md", "--offline", "--output-format", "json")
    assert configured.stdout == flagged.stdout.replace("plain/", "configured/")


def test_text_output_offline_says_how_many_were_not_checked(server, run, workdir: Path) -> None:
    (workdir / "papers.md").write_text(table(*(server.url(f"/p{n}") for n in range(1200))))
    result = run("check", "papers.md", "--offline")
    assert result.exit_code == 0
    assert result.stdout == "All checks passed (1 file).\n"
    assert "1,200 unchecked (--offline, no cached verdict; `--show-unchecked`" in result.stderr


def test_a_suppression_of_an_unchecked_link_is_not_reported_unused_offline(server, run, workdir: Path) -> None:
    # Offline, nothing says whether the link is dead: the suppression may be needed.
    text = table(f"{server.url('/a')} <!-- tablelint-disable-line dead-link -->")
    (workdir / "papers.md").write_text(text)
    result = run("check", "papers.md", "--offline", "--output-format", "json")
    assert result.stdout == "[]\n"

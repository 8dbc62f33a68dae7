"""The persistent cache: definitive verdicts only, a TTL, --no-cache and
--offline."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from conftest import table
from tablelint.links.cache import LinkCache, default_cache_path
from tablelint.links.failure import Failure
from tablelint.links.verdict import Outcome

DAY = 86400.0


def test_definitive_answers_are_cached_and_answer_the_next_run(server, check_links, refused_url) -> None:
    text = table(*(server.url(path) for path in ("/ok", "/missing", "/moved", "/slow")), refused_url)
    first = check_links(text, timeout=1.0)  # /slow answers after 3 s
    assert sorted(first.codes()) == ["TL301", "TL302", "TL302", "TL304"]
    assert first.stats.checked == 5 and first.stats.cached == 0
    server.reset()
    second = check_links(text, timeout=1.0)
    # ok, dead and redirected came from the cache; the timeout and the refusal were asked again.
    assert second.stats.cached == 3 and second.stats.checked == 2
    assert sorted(server.log.paths()) == ["/slow"]
    assert sorted(second.codes()) == sorted(first.codes())
    dead = second.only("TL301")
    assert dead.message.endswith("answered 404 Not Found (cached verdict)")
    assert second.only("TL304").fix is not None


def test_entries_expire_after_the_ttl(server, check_links) -> None:
    text = table(server.url("/ok"))
    check_links(text, cache_ttl=DAY)
    server.reset()
    check_links(text, cache_ttl=DAY, now=time.time() + DAY / 2)
    assert server.log.requests == []
    check_links(text, cache_ttl=DAY, now=time.time() + DAY * 1.5)
    assert server.log.paths() == ["/ok"]


def test_no_cache_neither_reads_nor_writes(server, check_links, tmp_path: Path) -> None:
    text = table(server.url("/ok"))
    check_links(text, no_cache=True)
    assert not (tmp_path / "links.sqlite3").exists()
    check_links(text)
    server.reset()
    run = check_links(text, no_cache=True)
    assert run.stats.cached == 0 and server.log.paths() == ["/ok"]


def test_offline_uses_the_cache_and_never_calls_anything_dead(server, check_links) -> None:
    check_links(table(server.url("/missing")))
    server.reset()
    run = check_links(table(server.url("/missing"), server.url("/ok")), offline=True, show_unchecked=True)
    assert run.codes() == ["TL301", "TL305"]
    unchecked = run.only("TL305")
    assert unchecked.severity.value == "info"
    assert "--offline, and no cached verdict" in unchecked.message
    assert server.log.requests == []
    assert run.stats.unchecked == 1 and run.stats.cached == 1 and run.stats.checked == 0


def test_offline_without_a_cache_reports_everything_unchecked(server, check_links) -> None:
    run = check_links(table(server.url("/missing"), server.url("/ok")), offline=True, no_cache=True,
                      show_unchecked=True)
    assert run.codes() == ["TL305", "TL305"]
    assert server.log.requests == []


def test_offline_without_a_cache_file_creates_none(server, check_links, tmp_path: Path) -> None:
    run = check_links(table(server.url("/missing"), server.url("/ok")), offline=True)
    assert run.codes() == []  # counted in the summary
    assert run.stats.unchecked == 2 and run.stats.cached == 0 and run.stats.cache_problem is None
    assert not (tmp_path / "links.sqlite3").exists()
    assert server.log.requests == []


def test_cached_outcomes_are_judged_by_the_current_settings(server, check_links) -> None:
    text = table(server.url("/missing"))
    assert check_links(text).codes() == ["TL301"]
    server.reset()
    assert check_links(text, accept=[404]).codes() == []
    assert server.log.requests == []


def test_an_unusable_cache_is_no_error(server, check_links, tmp_path: Path) -> None:
    broken = tmp_path / "not-a-database.sqlite3"
    broken.write_bytes(b"this is not sqlite" * 100)
    run = check_links(table(server.url("/missing")), cache_path=str(broken))
    assert run.codes() == ["TL301"]
    assert run.stats.cache_problem is not None and "not-a-database" in run.stats.cache_problem


def test_the_default_cache_is_in_tablelints_cache_directory(_private_link_cache: Path) -> None:
    assert default_cache_path() == _private_link_cache / "links.sqlite3"


def test_stored_rows_round_trip_and_unknown_rows_are_ignored(tmp_path: Path) -> None:
    cache = LinkCache(tmp_path / "c.sqlite3", ttl=DAY)
    outcomes = {
        "https://a.example/": Outcome(status=200),
        "https://b.example/": Outcome(status=301, moved_to="https://b.example/new"),
        "https://c.example/": Outcome(failure=Failure.NO_SUCH_HOST, detail="c.example does not resolve"),
    }
    cache.put_many(outcomes)
    cache.close()
    with sqlite3.connect(tmp_path / "c.sqlite3") as connection:
        row = ("https://d.example/", time.time(), "{bad json")
        connection.execute("INSERT INTO outcomes VALUES (?, ?, ?)", row)
    reopened = LinkCache(tmp_path / "c.sqlite3", ttl=DAY)
    assert reopened.get_many([*outcomes, "https://d.example/"]) == outcomes


def _plant_dead_verdict(path: Path, url: str) -> None:
    cache = LinkCache(path, ttl=DAY)
    cache.put_many({url: Outcome(status=404)})
    cache.close()


def test_the_cache_file_is_0600_in_a_0700_directory(server, check_links, _private_link_cache: Path) -> None:
    check_links(table(server.url("/missing")), cache_path=None)
    path = default_cache_path()
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(_private_link_cache.stat().st_mode) == 0o700


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another uid needs root")
def test_a_cache_owned_by_another_user_is_neither_read_nor_written(server, check_links, tmp_path: Path) -> None:
    path = tmp_path / "links.sqlite3"
    _plant_dead_verdict(path, server.url("/ok"))
    os.chown(path, 4242, 4242)
    before = path.read_bytes()
    offline = check_links(table(server.url("/ok")), offline=True, show_unchecked=True)
    assert offline.codes() == ["TL305"]
    assert offline.stats.cache_problem is not None and "owned by another user" in offline.stats.cache_problem
    online = check_links(table(server.url("/ok"), server.url("/missing")))
    assert online.codes() == ["TL301"] and online.only().row == 2
    assert path.read_bytes() == before


def test_a_cache_others_may_write_is_not_used(server, check_links, tmp_path: Path) -> None:
    path = tmp_path / "links.sqlite3"
    _plant_dead_verdict(path, server.url("/ok"))
    path.chmod(0o666)
    run = check_links(table(server.url("/ok")), offline=True, show_unchecked=True)
    assert run.codes() == ["TL305"]
    assert run.stats.cache_problem is not None and "writable by others" in run.stats.cache_problem

"""The checker against a real HTTP server on 127.0.0.1: every answer the
issue lists, the limits, and what is sent."""

from __future__ import annotations

import ipaddress
import time

from conftest import BIG_BODY, table
from tablelint.config import LinkSettings
from tablelint.links.checker import LinkChecker
from tablelint.links.dns import Resolver
from tablelint.links.safety import AddressPolicy

ONLY_127_0_0_1 = AddressPolicy(allowed=(ipaddress.ip_network("127.0.0.1/32"),))


def test_a_live_link_is_fine(server, check_links) -> None:
    run = check_links(table(server.url("/ok")))
    assert run.diagnostics == []
    assert run.stats.checked == 1 and run.stats.dead == 0
    assert server.log.paths("HEAD") == ["/ok"]


def test_404_is_a_dead_link_named_by_row_and_field(server, check_links) -> None:
    text = "| 名称 | 备注 |\n| --- | --- |\n| 《PEER: A Collaborative Language Model》 | 参考：{} |\n".format(
        server.url("/missing"))
    diagnostic = check_links(text).only()
    assert diagnostic.code == "TL301" and diagnostic.severity.value == "error"
    assert diagnostic.message == (
        f"dead link in row 'PEER: A Collaborative Language Model' ({diagnostic.field}): "
        f"{server.url('/missing')} answered 404 Not Found")
    assert diagnostic.field is not None and diagnostic.row == 1 and diagnostic.table == 1
    line = text.splitlines()[2]
    assert line[diagnostic.column - 1 : diagnostic.end_column - 1] == server.url("/missing")


def test_410_is_a_dead_link(server, check_links) -> None:
    diagnostic = check_links(table(server.url("/gone"))).only("TL301")
    assert "answered 410 Gone" in diagnostic.message


def test_other_definitive_4xx_are_dead_but_401_403_429_are_not(server, check_links) -> None:
    run = check_links(table(server.url("/teapot"), server.url("/forbidden")))
    assert run.only("TL301").row == 1
    unreachable = run.only("TL302")
    assert unreachable.row == 2
    assert "403 Forbidden" in unreachable.message and "not proof" in unreachable.message


def test_accepted_statuses_count_as_alive(server, check_links) -> None:
    text = table(server.url("/missing"), server.url("/forbidden"))
    assert check_links(text, accept=[404, 403]).diagnostics == []


def test_a_permanent_redirect_offers_an_unsafe_fix_to_the_final_url(server, check_links) -> None:
    text = table(f"[论文]({server.url('/moved')})")
    diagnostic = check_links(text).only("TL304")
    assert diagnostic.severity.value == "warning"
    assert f"moved permanently to {server.url('/ok')}" in diagnostic.message
    assert diagnostic.fix is not None and diagnostic.fix.applicability.value == "unsafe"
    (edit,) = diagnostic.fix.edits
    line = text.splitlines()[2]
    fixed = line[: edit.column - 1] + edit.content + line[edit.end_column - 1 :]
    assert fixed == f"| row-1 | [论文]({server.url('/ok')}) |"
    assert server.log.paths() == ["/moved", "/ok"]


def test_the_fix_keeps_the_fragment_of_the_link(server, check_links) -> None:
    diagnostic = check_links(table(server.url("/moved#section-2"))).only("TL304")
    assert diagnostic.fix is not None and diagnostic.fix.edits[0].content == server.url("/ok#section-2")


def test_the_fix_stops_at_the_first_temporary_redirect(server, check_links) -> None:
    diagnostic = check_links(table(server.url("/permanent-then-temporary"))).only("TL304")
    assert diagnostic.fix is not None and diagnostic.fix.edits[0].content == server.url("/temporary")


def test_temporary_redirects_are_followed_silently(server, check_links) -> None:
    assert check_links(table(server.url("/chain?n=3"))).diagnostics == []


def test_a_redirect_to_a_dead_page_is_dead(server, check_links) -> None:
    diagnostic = check_links(table(server.url("/moved-to-missing"))).only("TL301")
    assert f"404 Not Found at {server.url('/missing')}" in diagnostic.message


def test_a_redirect_loop_is_unreachable_not_dead(server, check_links) -> None:
    diagnostic = check_links(table(server.url("/loop-a"))).only("TL302")
    assert "redirect loop" in diagnostic.message
    assert server.log.paths().count("/loop-a") == 1


def test_redirects_are_capped(server, check_links) -> None:
    diagnostic = check_links(table(server.url("/chain?n=10")), max_redirects=3).only("TL302")
    assert "more than 3 redirects" in diagnostic.message
    assert len(server.log.paths()) == 4


def test_a_redirect_to_another_scheme_is_not_followed(server, check_links) -> None:
    assert "not http or https" in check_links(table(server.url("/to-ftp"))).only("TL302").message


def test_429_with_retry_after_is_retried_after_the_wait(server, check_links) -> None:
    run = check_links(table(server.url("/rate-limited?after=1")))
    assert run.diagnostics == []
    first, second = server.log.times["/rate-limited?after=1"]
    assert second - first >= 0.9


def test_a_retry_after_beyond_the_cap_is_not_waited_for(server, check_links) -> None:
    start = time.monotonic()
    diagnostic = check_links(table(server.url("/rate-limited?after=3600"))).only("TL302")
    assert time.monotonic() - start < 2
    assert "retry after 3600 s" in diagnostic.message


def test_503_is_retried_with_backoff_and_dead_when_it_lasts(server, check_links) -> None:
    diagnostic = check_links(table(server.url("/unavailable")), dead_after=0.4).only("TL301")
    assert "503 Service Unavailable for 0.4 s (2 attempts)" in diagnostic.message
    assert server.log.paths("HEAD") == ["/unavailable"]
    _, first_get, second_get = server.log.times["/unavailable"]
    assert second_get - first_get >= 0.35  # backoff, cut to end with the window
    server.reset()
    assert check_links(table(server.url("/busy")), retries=0).diagnostics == []
    assert server.log.count("/busy") == 3  # retried through the window, whatever links.retries says


def test_an_error_to_head_is_confirmed_with_get(server, check_links) -> None:
    assert check_links(table(server.url("/head-404-get-200"))).diagnostics == []
    assert server.log.paths("GET") == ["/head-404-get-200"]


def test_head_refused_falls_back_to_get(server, check_links) -> None:
    assert check_links(table(server.url("/head-refused"))).diagnostics == []
    assert [(method, path) for method, path, _ in server.log.requests] == [
        ("HEAD", "/head-refused"), ("GET", "/head-refused")]


def test_a_get_body_is_never_downloaded(server, check_links) -> None:
    assert check_links(table(server.url("/head-refused-big"))).diagnostics == []
    for _ in range(50):  # the server notices the closed connection a moment later
        if server.log.body_bytes_sent:
            break
        time.sleep(0.05)
    assert 0 < server.log.body_bytes_sent < BIG_BODY / 4


def test_a_slow_endpoint_times_out_as_unreachable(server, check_links) -> None:
    start = time.monotonic()
    diagnostic = check_links(table(server.url("/slow")), timeout=0.5, read_timeout=0.5).only("TL302")
    assert time.monotonic() - start < 2.5
    assert "timed out" in diagnostic.message


def test_the_total_timeout_bounds_a_request_whatever_the_read_timeout(server, check_links) -> None:
    start = time.monotonic()
    check_links(table(server.url("/slow-2?delay=2")), timeout=0.4, read_timeout=30).only("TL302")
    assert time.monotonic() - start < 1.8


def test_a_refused_port_is_unreachable(refused_url, check_links) -> None:
    assert "connection refused" in check_links(table(refused_url)).only("TL302").message


def test_a_url_followed_by_a_cjk_comma_is_checked_without_it(server, check_links) -> None:
    run = check_links(table(f"参考：{server.url('/ok')}，后文见（{server.url('/peer')}）"))
    assert run.diagnostics == []
    assert sorted(server.log.paths()) == ["/ok", "/peer"]


def test_a_redirect_to_a_private_address_is_refused_when_private_addresses_are_not_allowed(
        server, check_links) -> None:
    diagnostic = check_links(table(server.url("/to-other-loopback")), policy=ONLY_127_0_0_1).only("TL302")
    assert "redirect refused: 127.0.0.2 is a loopback address" in diagnostic.message
    assert server.log.paths() == ["/to-other-loopback"]


def test_a_redirect_to_a_metadata_address_is_refused_even_with_private_links_allowed(
        server, check_links) -> None:
    diagnostic = check_links(table(server.url("/to-metadata")), allow_private=True).only("TL302")
    assert "169.254.169.254 is a cloud metadata address" in diagnostic.message


def test_private_addresses_are_not_checked_by_default(server, check_links) -> None:
    run = check_links(table(server.url("/ok"), "http://localhost:9/x"), allow_private=False)
    assert [d.code for d in run.diagnostics] == ["TL305", "TL305"]
    assert "127.0.0.1 is a loopback address; pass --allow-private-links" in run.diagnostics[0].message
    assert "localhost (127.0.0.1) is a loopback address" in run.diagnostics[1].message
    assert run.diagnostics[0].severity.value == "info"
    assert run.stats.skipped == 2 and run.stats.dead == 0 and run.stats.checked == 0
    assert server.log.requests == []


def test_each_url_is_checked_once_however_often_and_however_spelled(server, check_links) -> None:
    missing = server.url("/missing")
    run = check_links(table(missing, missing + "#part", missing.replace("127.0.0.1", "127.0.0.1"),
                            f"[again]({missing})", missing))
    assert [d.row for d in run.diagnostics] == [1, 2, 3, 4, 5]
    # One check: a HEAD, and the GET that confirms an error answer.
    requests = [(method, path) for method, path, _ in server.log.requests]
    assert requests == [("HEAD", "/missing"), ("GET", "/missing")]
    assert run.stats.checked == 1 and run.stats.dead == 1


def test_configured_headers_and_user_agent_are_sent(server, check_links) -> None:
    check_links(table(server.url("/ok")), headers={"X-Team": "papers"}, user_agent="reading-list-bot/1")
    headers = server.log.requests[0][2]
    assert headers["x-team"] == "papers" and headers["user-agent"] == "reading-list-bot/1"


def test_the_github_token_goes_to_github_over_https_only(server, check_links) -> None:
    checker = LinkChecker(LinkSettings(), Resolver(), AddressPolicy(), environ={"GITHUB_TOKEN": "t0k"})
    bearer = {"Authorization": "Bearer t0k"}
    assert checker._extra_headers("https://github.com/org/repo") == bearer
    assert checker._extra_headers("https://API.github.com/repos/x") == bearer
    assert checker._extra_headers("http://github.com/org/repo") == {}
    assert checker._extra_headers("https://github.com.evil.example/") == {}
    check_links(table(server.url("/ok")), environ={"GITHUB_TOKEN": "t0k"})
    assert "authorization" not in server.log.requests[0][2]


def test_the_per_host_limit_holds(server, check_links) -> None:
    urls = [server.url(f"/pause?n={n}") for n in range(9)]
    assert check_links(table(*urls), per_host=3).diagnostics == []
    assert 2 <= server.log.max_active["/pause"] <= 3


def test_the_global_limit_holds_across_hosts(server, check_links) -> None:
    urls = [server.url(f"/pause?n={n}") for n in range(4)]
    urls += [f"http://localhost:{server.port}/pause?n={n}" for n in range(4)]
    assert check_links(table(*urls), concurrency=2, per_host=8).diagnostics == []
    assert server.log.max_active["/pause"] == 2


def test_excluded_urls_are_not_requested(server, check_links) -> None:
    run = check_links(table(server.url("/missing"), server.url("/gone")), exclude=["/miss"])
    assert run.codes() == ["TL301"] and set(server.log.paths()) == {"/gone"}
    assert run.stats.skipped == 1


def test_malformed_and_other_schemes(server, check_links) -> None:
    run = check_links(table("[x](htps://example.com/a)", "mailto:someone@example.com", "[rel](./other.md)",
                            "<ftp://files.example/x>"))
    diagnostic = run.only("TL303")
    assert diagnostic.severity.value == "error" and "did you mean 'https:'" in diagnostic.message
    assert run.stats.malformed == 1 and run.stats.skipped == 2
    assert server.log.requests == []


def test_progress_is_reported_as_urls_finish(server, check_links) -> None:
    seen: list[tuple[int, int]] = []
    urls = [server.url(f"/ok?n={n}") for n in range(5)]
    from tablelint.config import Settings
    from tablelint.engine.links import check_run_links
    from tablelint.engine.lint import RunOptions, lint_source
    from tablelint.parse.source import Source

    options = RunOptions(select=["TL3"], allow_private_links=True, no_cache=True,
                         progress=lambda done, total: seen.append((done, total)))
    report = lint_source(Source("t.md", table(*urls)), options, Settings())
    check_run_links([report], options)
    assert seen == [(n, 5) for n in range(1, 6)]


def test_only_enabled_link_rules_report(server, check_links) -> None:
    run = check_links(table(server.url("/missing"), server.url("/moved")), select=("TL304",))
    assert run.codes() == ["TL304"]


def test_no_request_when_only_malformed_url_is_enabled(server, check_links) -> None:
    run = check_links(table(server.url("/missing"), "[x](http:/bad)"), select=("TL303",))
    assert run.codes() == ["TL303"] and server.log.requests == []


def test_the_check_runs_from_inside_a_running_event_loop(server, check_links) -> None:
    import asyncio

    async def host_application() -> list[str]:
        return check_links(table(server.url("/missing"))).codes()

    assert asyncio.run(host_application()) == ["TL301"]


def test_the_summary_line_counts_distinct_urls(server, check_links, refused_url) -> None:
    run = check_links(table(server.url("/ok"), server.url("/missing"), server.url("/missing"), refused_url,
                            server.url("/moved"), "mailto:x@example.com", "<ftp://f.example/x>"))
    assert run.stats.summary() == "links: 4 checked, 1 dead, 1 unreachable, 0 cached, 1 skipped, 1 redirected"

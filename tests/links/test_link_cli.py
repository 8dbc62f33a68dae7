"""``tablelint check`` end to end: links are checked by default, and the
user's reading list offline reports its 4 URLs as unreachable or unchecked,
never dead."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import table
from tablelint.links import dns

USER_TABLE = Path(__file__).resolve().parents[2] / "examples" / "llm-papers.md"
USER_URLS = {
    "https://zhuanlan.zhihu.com/p/366906920",
    "https://mp.weixin.qq.com/s/MbZTfVgxx221Eo9pl1h80w",
    "https://zhuanlan.zhihu.com/p/605336680",
    "https://mp.weixin.qq.com/s/si2M52H1qKnyHd0IHVJR8g",
}


def _diagnostics(result) -> list[dict]:  # type: ignore[no-untyped-def]
    return [item for item in json.loads(result.stdout) if item["code"].startswith("TL3")]


def test_check_reports_dead_links_with_row_and_field(server, run, workdir: Path) -> None:
    (workdir / "tablelint.toml").write_text('[links]\ncache-path = "links-cache.sqlite3"\ntimeout = 2.0\n')
    (workdir / "papers.md").write_text(table(server.url("/ok"), f"参考：{server.url('/missing')}，后文"))
    result = run("check", "papers.md", "--allow-private-links", "--output-format", "json")
    assert result.exit_code == 1, result.stderr
    (dead,) = _diagnostics(result)
    assert (dead["code"], dead["name"], dead["severity"]) == ("TL301", "dead-link", "error")
    assert (dead["line"], dead["row"], dead["table"]) == (4, 2, 1)
    assert dead["message"].startswith(f"dead link in row 'row-2' ({dead['field']}): {server.url('/missing')}")
    assert (workdir / "links-cache.sqlite3").exists()
    assert sorted(server.log.paths("HEAD")) == ["/missing", "/ok"]


def test_without_the_flag_local_addresses_are_not_contacted(server, run, workdir: Path) -> None:
    (workdir / "papers.md").write_text(table(server.url("/missing")))
    result = run("check", "papers.md", "--output-format", "json", "--no-cache")
    assert [item["code"] for item in _diagnostics(result)] == ["TL305"]
    assert server.log.requests == []


def test_a_permanent_redirect_carries_its_fix_in_the_json_report(server, run, workdir: Path) -> None:
    (workdir / "papers.md").write_text(table(f"[论文]({server.url('/moved')})"))
    result = run("check", "papers.md", "--allow-private-links", "--no-cache", "--output-format", "json")
    (moved,) = _diagnostics(result)
    assert moved["code"] == "TL304" and moved["fix"]["applicability"] == "unsafe"
    end = 16 + len(server.url("/moved"))
    assert moved["fix"]["edits"] == [
        {"line": 3, "column": 16, "end_line": 3, "end_column": end, "content": server.url("/ok")}]


def test_a_bad_exclude_pattern_is_a_one_line_error(server, run, workdir: Path) -> None:
    (workdir / "tablelint.toml").write_text('[links]\nexclude = ["(unclosed"]\n')
    (workdir / "papers.md").write_text(table(server.url("/ok")))
    result = run("check", "papers.md", "--allow-private-links", "--no-cache")
    assert result.exit_code == 2
    assert "tablelint.toml: 'links.exclude': '(unclosed' is not a valid regular expression" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_users_table_offline_has_4_unchecked_links_and_no_dead_one(run) -> None:
    result = run("check", str(USER_TABLE), "--offline", "--show-unchecked", "--select", "TL3",
                 "--output-format", "json")
    found = _diagnostics(result)
    assert [item["code"] for item in found] == ["TL305"] * 4
    assert {re.search(r"https://\S+", item["message"]).group(0) for item in found} == USER_URLS
    assert result.exit_code == 0  # info only


def test_the_users_table_with_the_network_failing_has_4_unreachable_links_and_no_dead_one(run) -> None:
    # The autouse resolver answers NXDOMAIN for every name, as this sandbox
    # does: with no name resolving, that is not proof of death.
    result = run("check", str(USER_TABLE), "--select", "TL3", "--output-format", "json", "--no-cache")
    found = _diagnostics(result)
    assert [item["code"] for item in found] == ["TL302"] * 4
    assert all("does not resolve" in item["message"] for item in found)
    assert {item["row"] for item in found} == {4, 8, 10, 11}
    assert "《" not in found[0]["message"]


def test_the_users_table_with_dns_timing_out_is_unreachable_too(run, monkeypatch: pytest.MonkeyPatch) -> None:
    async def temporary_failure(host: str) -> list:  # type: ignore[type-arg]
        raise dns.ResolveError(host, "Temporary failure in name resolution", False)

    monkeypatch.setattr(dns, "system_lookup", temporary_failure)
    result = run("check", str(USER_TABLE), "--select", "TL3", "--output-format", "json", "--no-cache")
    assert [item["code"] for item in _diagnostics(result)] == ["TL302"] * 4


def test_a_missing_domain_is_dead_once_another_name_resolves(server, run, workdir: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import ipaddress

    async def lookup(host: str) -> list:  # type: ignore[type-arg]
        if host == "alive.example":
            return [ipaddress.ip_address("127.0.0.1")]
        raise dns.ResolveError(host, "Name or service not known", True)

    monkeypatch.setattr(dns, "system_lookup", lookup)
    (workdir / "papers.md").write_text(table(f"http://alive.example:{server.port}/ok",
                                             f"http://gone.example:{server.port}/ok"))
    result = run("check", "papers.md", "--allow-private-links", "--no-cache", "--output-format", "json")
    (dead,) = _diagnostics(result)
    assert dead["code"] == "TL301" and dead["row"] == 2 and "NXDOMAIN" in dead["message"]

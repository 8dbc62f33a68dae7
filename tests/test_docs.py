"""The documentation site builds with no warning (`mkdocs build --strict`),
every rule has its page and every config key its entry, the addresses the
output formats link to exist, and the shipped JSON Schema of
[tool.tablelint] is the one the config model makes and accepts the configs
the docs show."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from tablelint.config import Settings, validated_settings
from tablelint.config_schema import config_json_schema, render
from tablelint.docs_site import DOCS_URL, rule_url, settings_url
from tablelint.errors import ConfigError
from tablelint.report import format_names
from tablelint.rules import ALL_RULES

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs"))
import hooks  # noqa: E402  (docs/hooks.py: the pages the site generates)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**_env(), "NO_MKDOCS_2_WARNING": "1"},
    )
    assert build.returncode == 0, build.stdout + build.stderr
    assert "WARNING" not in build.stderr, build.stderr
    return target


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _page(site: Path, url: str) -> _Ids:
    assert url.startswith(DOCS_URL), url
    path = url.removeprefix(DOCS_URL).split("#", 1)[0]
    file = site / path / "index.html" if not path or path.endswith("/") else site / path
    assert file.is_file(), f"{url} names no page of the built site"
    parser = _Ids()
    parser.feed(file.read_text(encoding="utf-8"))
    return parser


def test_every_rule_has_its_page_with_its_own_documentation(site):
    index = _page(site, f"{DOCS_URL}rules/")
    for rule in ALL_RULES:
        page = _page(site, rule_url(rule.name))
        text = " ".join("".join(page.text).split())
        # The page is the rule's own documentation: its first paragraph, as `tablelint rule` prints it.
        first = " ".join(rule.documentation().split("\n\n")[0].split("\n", 1)[1].split())
        assert re.sub(r"[`*]", "", first)[:80] in text, rule.code
        assert {"what-it-does", "example", "use-instead"} <= page.ids, rule.code
        assert rule.code in "".join(index.text)


def test_every_config_key_has_an_entry_with_type_and_default(site):
    page = _page(site, settings_url())
    text = "".join(page.text)
    keys = [key for key, _, _ in hooks.config_keys()]
    assert {"select", "exclude", "extend-exclude", "respect-gitignore", "force-exclude", "links.user-agent",
            "links.per-host", "links.concurrency", "links.headers", "placeholders", "vocabulary",
            "format.ragged-align"} <= set(keys)
    for key in keys:
        anchor = settings_url(key).rsplit("#", 1)[1]
        assert anchor in page.ids, key
    assert text.count("Type:") == len(keys) and text.count("Default:") == len(keys)


def test_the_config_model_keys_are_all_documented():
    """Every field of every table of the config model is listed (the list the page is made from)."""
    import dataclasses

    from tablelint.config import FormatSettings, LinkSettings

    def keys(kind: type, prefix: str = "") -> set[str]:
        return {prefix + field.name.replace("_", "-") for field in dataclasses.fields(kind) if field.init}

    documented = {key for key, _, _ in hooks.config_keys()}
    assert keys(Settings) | keys(LinkSettings, "links.") | keys(FormatSettings, "format.") <= documented


def test_a_rule_without_its_sections_or_a_key_without_a_description_stops_the_build(monkeypatch):
    import dataclasses

    from mkdocs.exceptions import PluginError

    from tablelint.rules.base import Rule

    class Undocumented(Rule):
        """Checks something, and says no more."""

        code, name = "TL999", "undocumented"

    with pytest.raises(PluginError, match="TL999"):
        hooks.check_rule_documentation(Undocumented)

    @dataclasses.dataclass(kw_only=True)
    class Bare(Settings):
        mystery: bool = False

    monkeypatch.setattr("tablelint.config.Settings", Bare)
    with pytest.raises(PluginError, match="'mystery' has no description"):
        hooks.config_reference()


def test_every_output_format_is_on_the_formats_page(site):
    text = "".join(_page(site, f"{DOCS_URL}output-formats/").text)
    for name in format_names():
        assert name in text


def test_the_shipped_json_schema_is_the_models_and_is_served(site):
    shipped = (ROOT / "tablelint.schema.json").read_text(encoding="utf-8")
    assert shipped == render(), "run: python -m tablelint.config_schema > tablelint.schema.json"
    assert (site / "tablelint.schema.json").read_text(encoding="utf-8") == shipped
    assert json.loads(shipped)["$id"] == f"{DOCS_URL}tablelint.schema.json"


def _toml_blocks(markdown: str) -> list[dict]:
    return [tomllib.loads(block) for block in re.findall(r"```toml\n(.*?)```", markdown, re.DOTALL)]


def test_the_json_schema_accepts_the_configs_the_docs_show_and_what_the_model_accepts():
    schema = config_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    tables = []
    for document in documents:
        for data in _toml_blocks(document.read_text(encoding="utf-8")):
            table = data.get("tool", {}).get("tablelint", data)
            if table:
                tables.append(table)
    assert len(tables) >= 3
    for table in tables:
        validator.validate(table)
        validated_settings(table, "docs")  # and the model agrees


@pytest.mark.parametrize("bad", [
    {"ignroe": ["TL101"]},
    {"links": {"timeout": 0}},
    {"format": {"align": "center"}},
    {"severity": {"TL101": "fatal"}},
    {"max-file-size": "lots"},
    {"exclude": "docs/"},
    {"respect-gitignore": "yes"},
])
def test_the_json_schema_rejects_what_the_model_rejects(bad):
    assert not jsonschema.Draft202012Validator(config_json_schema()).is_valid(bad)
    with pytest.raises(ConfigError):
        validated_settings(bad, "docs")

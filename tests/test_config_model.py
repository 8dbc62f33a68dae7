"""The config file's model: the one place its keys, types, defaults and
descriptions are written, and the one validator of config files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import run_cli
from tablelint.config import Settings, default_settings, load_settings
from tablelint.datamodel import json_schema
from tablelint.errors import ConfigError, InputError
from tablelint.naming.vocabulary_file import load_vocabulary
from tablelint.schema.venues import VenueFile
from tablelint.vocabulary import VocabularyTable

FORMATS = (Settings, VocabularyTable, VenueFile)


def _tables(schema: dict) -> list[dict]:  # type: ignore[type-arg]
    return [schema, *schema.get("$defs", {}).values()]


@pytest.mark.parametrize("kind", FORMATS)
def test_every_key_is_kebab_case_described_and_closed(kind) -> None:  # type: ignore[no-untyped-def]
    schema = json_schema(kind)
    for table in _tables(schema):
        assert table["additionalProperties"] is False, table.get("title")
        for key, spec in table["properties"].items():
            assert "_" not in key
            assert spec.get("description", "").endswith("."), (table.get("title"), key)


def test_the_json_schema_of_the_config_names_its_values() -> None:
    schema = json_schema(Settings)
    assert "max-file-size" in schema["properties"]
    links = schema["$defs"]["LinkSettings"]
    assert links["properties"]["dead-after"]["description"].startswith("Seconds a 5xx answer")
    assert links["properties"]["timeout"]["exclusiveMinimum"] == 0
    assert schema["properties"]["severity"]["additionalProperties"]["enum"] == ["error", "warning", "info", "off"]
    assert "root" not in schema["properties"] and "origin" not in schema["properties"]


def test_the_defaults_built_without_validation_are_those_of_an_empty_config_file(tmp_path: Path) -> None:
    (tmp_path / "tablelint.toml").write_text("", encoding="utf-8")
    loaded = load_settings(tmp_path / "tablelint.toml")
    assert loaded == default_settings()
    assert loaded.root == tmp_path and default_settings().root is None


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("[links]\ntimout = 3\n", "unknown key 'links.timout'; did you mean 'timeout'?"),
        ("[format]\nmax-widht = 80\n", "unknown key 'format.max-widht'; did you mean 'max-width'?"),
        ("[format]\nalign = \"alwys\"\n", "'format.align' must be 'keep', 'auto', 'always' or 'never', not 'alwys'; "
                                          "did you mean 'always'?"),
        ("[links]\nretries = true\n", "'links.retries' must be an integer, not a boolean"),
        ("[links]\ntimeout = 0\n", "'links.timeout' must be more than 0, not 0"),
        ("[links]\nheaders = { X-Token = 3 }\n", "'links.headers.X-Token' must be a string, not an integer"),
        ("max-file-size = \"5 XB\"\n", "'max-file-size' must be a positive number of bytes or a size"),
        ("max-file-size = 0\n", "'max-file-size' must be more than 0, not 0"),
        ("[schemas]\n\"docs/*.md\" = 3\n", "'schemas.\"docs/*.md\"' must be a string, not an integer"),
        ("[vocabulary]\nterms = [\"  \"]\n", "'vocabulary.terms.0' must not be empty"),
        ("[vocabulary]\nsubstitution = {}\n", "unknown key 'vocabulary.substitution'; did you mean 'substitutions'?"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_file_and_the_dotted_key(tmp_path: Path, config: str, message: str) -> None:
    path = tmp_path / "tablelint.toml"
    path.write_text(config, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_pyproject_errors_name_the_tool_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.tablelint.links]\nconcurency = 4\n', encoding="utf-8")
    (tmp_path / "t.md").write_text("| a |\n| - |\n| b |\n", encoding="utf-8")
    code, _, err = run_cli("check", "--offline", str(tmp_path / "t.md"))
    assert code == 2
    assert err.strip() == (f"tablelint: {tmp_path / 'pyproject.toml'} [tool.tablelint]: unknown key "
                           "'links.concurency'; did you mean 'concurrency'?")


def test_the_config_and_a_vocabulary_file_agree_on_an_empty_term(tmp_path: Path) -> None:
    (tmp_path / "tablelint.toml").write_text('[vocabulary]\nterms = ["LaMDA", ""]\n', encoding="utf-8")
    (tmp_path / "v.yaml").write_text("terms: [LaMDA, '']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"'vocabulary\.terms\.1' must not be empty"):
        load_settings(tmp_path / "tablelint.toml")
    with pytest.raises(InputError, match=r"'terms\.1' must not be empty"):
        load_vocabulary(tmp_path / "v.yaml")


def test_a_validated_config_is_read_back_until_the_file_changes(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import tablelint.config as config_module

    monkeypatch.setenv("TABLELINT_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "tablelint.toml"
    path.write_text('ignore = ["TL001"]\n[links]\ntimeout = 3\n', encoding="utf-8")
    first = load_settings(path)
    assert list((tmp_path / "cache" / "config").glob("*.pickle"))
    validations: list[Path] = []
    validate = config_module._validated_file
    monkeypatch.setattr(config_module, "_validated_file", lambda p: validations.append(p) or validate(p))
    again = load_settings(path)
    assert validations == []  # from the cache
    assert again == first and again.root == tmp_path and again.origin == str(path)
    path.write_text('ignore = ["TL002"]\n[links]\ntimeout = 3\n', encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert load_settings(path).ignore == ["TL002"] and validations == [path]


def test_a_bad_config_is_never_cached(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TABLELINT_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "tablelint.toml"
    path.write_text("ignroe = []\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ConfigError, match="did you mean 'ignore'"):
            load_settings(path)
    assert not (tmp_path / "cache" / "config").exists()


def test_a_run_that_finds_its_config_in_the_cache_does_not_import_pydantic(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "tablelint.toml").write_text(
        'ignore = ["TL902"]\n[links]\ntimeout = 3\n[vocabulary]\nterms = [{ term = "LLaMA", variants = ["Llama"] }]\n',
        encoding="utf-8",
    )
    (tmp_path / "t.md").write_text("| Model | Year |\n| --- | --- |\n| Lamda | 2021 |\n", encoding="utf-8")
    script = (
        "import sys\nfrom tablelint.config import settings_for\n"
        "settings = settings_for('t.md')\n"
        "print(settings.links.timeout, settings.vocabulary.terms[0].variants, 'pydantic' in sys.modules)\n"
    )
    env = {**os.environ, "TABLELINT_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                           check=True).stdout.split() for _ in range(2)]
    assert runs[0] == ["3.0", "['Llama']", "True"]  # validated: pydantic built a validator
    assert runs[1] == ["3.0", "['Llama']", "False"]  # read back from the cache


def test_replace_keeps_where_the_settings_came_from(tmp_path: Path) -> None:
    path = tmp_path / "tablelint.toml"
    path.write_text('ignore = ["TL001"]\n', encoding="utf-8")
    settings = load_settings(path)
    changed = settings.replace(ignore=["TL002"])
    assert changed.ignore == ["TL002"] and settings.ignore == ["TL001"]
    assert (changed.root, changed.origin) == (tmp_path, str(path))

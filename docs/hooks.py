"""MkDocs hooks: the pages made from tablelint itself, so that the site cannot
drift from the code.

- rules/NAME.md: each rule's page, Rule.page(), the text `tablelint rule`
  prints (its docstring, with the bad and the good example);
- the configuration reference: every key of the config model (config.Settings,
  nested tables too), with its type (from the shipped JSON Schema), default and
  description;
- the output formats: each module of report/formats/ with its docstring;
- the JSON Schemas of the config and of schema files, and tablelint.schema.json
  itself at the site's root (the schema's $id).

A rule without its sections or a config key without a description stops the
build (tests/test_docs.py builds the site with --strict).
"""

from __future__ import annotations

import inspect
import json
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

REQUIRED_RULE_SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead")


# --- rules ------------------------------------------------------------------------


def rule_pages() -> dict[str, str]:
    """{path in docs: Markdown} for each rule, and the rules' index."""
    from tablelint.rules import ALL_RULES

    pages = {}
    rows = ["| Code | Name | Severity | Fix | What it finds |", "| --- | --- | --- | --- | --- |"]
    for rule in ALL_RULES:
        check_rule_documentation(rule)
        pages[f"rules/{rule.name}.md"] = rule.page()
        off = " (off by default)" if not rule.enabled_by_default else ""
        summary = rule.summary.replace("|", "\\|")
        rows.append(f"| {rule.code} | [{rule.name}]({rule.name}.md) | {rule.severity.value} | {rule.fix} | "
                    f"{summary}{off} |")
    pages["rules/index.md"] = (
        "# Rules\n\nEvery rule has a code and a name; `--select`, `--ignore`, `per-file-ignores` and the "
        "suppression comments take either, or a code prefix (`TL1`). `tablelint rule CODE` prints the same "
        "page as here.\n\n" + "\n".join(rows) + "\n"
    )
    return pages


def check_rule_documentation(rule: Any) -> None:
    documentation = rule.documentation()
    missing = [section for section in REQUIRED_RULE_SECTIONS if section not in documentation]
    if missing:
        raise PluginError(f"rule {rule.code} ({rule.name}) has no {', '.join(missing)} in its documentation")


# --- the configuration reference -----------------------------------------------------


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


_PLURALS = {"string": "strings", "integer": "integers", "number": "numbers", "boolean": "booleans",
            "table": "tables"}


def _plural(kind: str) -> str:
    if kind in _PLURALS:
        return _PLURALS[kind]
    if kind.startswith(("array of ", "table of ")):
        return kind.replace("array of", "arrays of", 1).replace("table of", "tables of", 1)
    return f"values ({kind})"


def describe_type(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    """A JSON Schema type as a person reads it: "array of strings", "integer ≥ 1"."""
    if "$ref" in schema:
        return "table"
    for combined in ("anyOf", "oneOf"):
        if combined in schema:
            kinds = [describe_type(option, defs) for option in schema[combined] if option.get("type") != "null"]
            return " or ".join(dict.fromkeys(kinds))
    if "enum" in schema:
        return " \\| ".join(f'`"{value}"`' for value in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        return f"array of {_plural(describe_type(schema.get('items', {}), defs))}"
    if kind == "object":
        values = schema.get("additionalProperties")
        if not isinstance(values, dict) and schema.get("patternProperties"):
            values = next(iter(schema["patternProperties"].values()))
        if isinstance(values, dict):
            return f"table of {_plural(describe_type(values, defs))}"
        return "table"
    text = kind or "any"
    if "minimum" in schema:
        text += f" ≥ {schema['minimum']}"
    if "exclusiveMinimum" in schema:
        text += f" > {schema['exclusiveMinimum']}"
    return text


def _default(key: str, value: Any) -> str:
    if value is None:
        return "not set"
    if key == "max-file-size" and isinstance(value, int) and value % 2**20 == 0:
        return f'`"{value // 2**20} MB"`'
    return f"`{json.dumps(value, ensure_ascii=False)}`"


def config_keys() -> list[tuple[str, dict[str, Any], Any]]:
    """(dotted key, its JSON Schema, its default) for every key of the config,
    nested tables' keys too. The keys, types and descriptions come from the
    config model's JSON Schema (the shipped one); a default from the model's
    defaults (config.Settings()), or from the schema where a table has none."""
    import dataclasses

    from tablelint.config import Settings
    from tablelint.config_schema import config_json_schema

    schema = config_json_schema()
    defs = schema.get("$defs", {})
    found: list[tuple[str, dict[str, Any], Any]] = []
    missing = object()

    def walk(properties: dict[str, Any], defaults: Any, prefix: str) -> None:
        for key, property_schema in properties.items():
            default = getattr(defaults, key.replace("-", "_"), missing) if defaults is not None else missing
            if default is missing:
                default = property_schema.get("default")
            found.append((prefix + key, property_schema, default))
            target = _resolve(_non_null(property_schema), defs)
            if target.get("type") == "object" and "properties" in target:
                nested = default if dataclasses.is_dataclass(default) else None
                walk(target["properties"], nested, f"{prefix}{key}.")

    walk(schema["properties"], Settings(), "")
    return found


def _non_null(schema: dict[str, Any]) -> dict[str, Any]:
    if "anyOf" in schema:
        return next(option for option in schema["anyOf"] if option.get("type") != "null")
    return schema


def config_reference() -> str:
    import dataclasses

    from tablelint.config_schema import config_json_schema
    from tablelint.docs_site import settings_url

    defs = config_json_schema().get("$defs", {})
    out = []
    for key, schema, default in config_keys():
        if not schema.get("description"):
            raise PluginError(f"config key '{key}' has no description in the config model")
        anchor = settings_url(key).rsplit("#", 1)[1]
        level = "###" if "." not in key else "####"
        out.append(f"{level} `{key}` {{ #{anchor} }}\n")
        shown = "see its keys below" if dataclasses.is_dataclass(default) else _default(key, default)
        out.append(f"*Type:* {describe_type(schema, defs)}. *Default:* {shown}.\n")
        out.append(f"{schema['description']}\n")
    return "\n".join(out)


# --- output formats -----------------------------------------------------------------------


def output_formats() -> str:
    from tablelint.report import format_module, format_names

    rows = ["| Format | What it writes |", "| --- | --- |"]
    for name in format_names():
        module = format_module(name)
        text = " ".join(inspect.cleandoc(module.__doc__ or "").split())
        if not text:
            raise PluginError(f"output format '{name}' has no docstring to describe it")
        text = text.replace("|", "\\|")
        rows.append(f"| `{name}` | {text} |")
    return "\n".join(rows) + "\n"


def schema_file_json_schema() -> str:
    from tablelint.datamodel import bind_annotation_names
    from tablelint.schema.model import SchemaFile

    bind_annotation_names()  # as `tablelint schema --json-schema` does
    document = SchemaFile.model_json_schema(by_alias=True)
    return "```json\n" + json.dumps(document, ensure_ascii=False, indent=2) + "\n```\n"


def config_json_schema_block() -> str:
    from tablelint.config_schema import render

    return "```json\n" + render() + "```\n"


MARKERS = {
    "<!-- generated: configuration-reference -->": config_reference,
    "<!-- generated: output-formats -->": output_formats,
    "<!-- generated: schema-file-json-schema -->": schema_file_json_schema,
    "<!-- generated: config-json-schema -->": config_json_schema_block,
}


# --- the hooks --------------------------------------------------------------------------


def on_config(config: Any) -> Any:
    """Each rule's page in the navigation, under Rules."""
    from tablelint.rules import ALL_RULES

    for entry in config["nav"]:
        if isinstance(entry, dict) and "Rules" in entry:
            entry["Rules"] = ["rules/index.md", *({f"{r.code} {r.name}": f"rules/{r.name}.md"} for r in ALL_RULES)]
    return config


def on_files(files: Any, config: Any) -> Any:
    for path, content in rule_pages().items():
        files.append(File.generated(config, path, content=content))
    from tablelint.config_schema import render

    files.append(File.generated(config, "tablelint.schema.json", content=render()))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    for marker, make in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, make())
    return markdown

"""The JSON Schema of ``[tool.tablelint]`` (and of tablelint.toml), made from
the config model (config.Settings), for editors that complete and check
TOML (Even Better TOML / taplo, through SchemaStore's pyproject.toml schema
or a ``#:schema`` comment). The repository ships it as tablelint.schema.json;
tests/test_docs.py checks that the shipped file is what this makes.

    python -m tablelint.config_schema > tablelint.schema.json
"""

from __future__ import annotations

import json
from typing import Any

from .docs_site import DOCS_URL

SCHEMA_URL = f"{DOCS_URL}tablelint.schema.json"


def config_json_schema() -> dict[str, Any]:
    from .config import Settings
    from .datamodel import json_schema

    schema = json_schema(Settings)
    # A size is a number of bytes or a string such as "50 MB" (config.parse_file_size reads both).
    size = schema["properties"]["max-file-size"]
    for keyword in ("type", "gt", "exclusiveMinimum"):
        size.pop(keyword, None)
    size["anyOf"] = [
        {"type": "integer", "exclusiveMinimum": 0},
        {"type": "string", "pattern": "^\\s*\\d+\\s*([Bb]|[KkMmGg][Bb])?\\s*$"},
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_URL,
        "title": "tablelint configuration ([tool.tablelint] in pyproject.toml, or tablelint.toml)",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def render() -> str:
    return json.dumps(config_json_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(render())

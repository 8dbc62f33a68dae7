"""``extends``: a schema file that adds to another schema.

A project that reads the built-in paper list but has one more venue, one
more header spelling or one more column writes only that::

    extends: paper-list
    venues:
      - {name: ICSPS, kind: conference}
    fields:
      - name: title
        aliases: [Paper Title]
      - name: stars
        type: integer

What the child says is merged into its parent's data before the result is
validated as one schema file:

- ``fields``: a field with a new name is added after the parent's; one
  named again gains the child's ``aliases`` (after the parent's) and
  ``constraints`` (key by key), and takes every other key the child gives;
- ``venues``: the child's come after the parent's (a venue named again
  redefines it, as in any schema);
- ``vocabulary``: terms and ``include`` files are added, substitutions
  merged (the child's win);
- any other key (``missingValues``, ``identifying-fields``, ``title``...)
  replaces the parent's. The child's ``name`` is its own: the file name by
  default, never the parent's.

The parent is named like a schema anywhere: by name (a schema in the same
directory, else a built-in one) or by file, relative to the child. It may
extend another in turn; a cycle is an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..datafiles import builtin_schema_dir, load_data_file
from ..errors import ConfigError

_SUFFIXES = (".yaml", ".yml", ".json")


def resolve_extends(path: Path, data: dict[str, Any]) -> tuple[dict[str, Any], list[Path]]:
    """``data`` (the file ``path``'s) with every schema it extends merged
    in, and the files those came from (their changes make a cached
    compilation stale)."""
    parents: list[Path] = []
    chain = [path.resolve()]
    while isinstance(data, dict) and "extends" in data:
        named = data["extends"]
        if not isinstance(named, str) or not named.strip():
            raise ConfigError(f"{path}: schema key 'extends': must be a schema name or file, not {named!r}")
        parent = _parent_path(chain[-1], named.strip(), path)
        if parent in chain:
            cycle = " -> ".join(p.name for p in [*chain, parent])
            raise ConfigError(f"{path}: schema key 'extends': schemas extend each other in a cycle ({cycle})")
        parent_data = load_data_file(parent)
        if not isinstance(parent_data, dict):
            raise ConfigError(f"{parent}: a schema must be a mapping with a 'fields' list (extended by {path})")
        data = merged(_absolute_includes(parent_data, parent.parent), data)
        chain.append(parent)
        parents.append(parent)
    return data, parents


def _parent_path(child: Path, named: str, origin: Path) -> Path:
    if named.lower().endswith(_SUFFIXES) or "/" in named:
        candidate = (child.parent / named).resolve()
        if candidate.is_file():
            return candidate
        raise ConfigError(f"{origin}: schema key 'extends': schema file '{named}' not found")
    places = [child.parent, builtin_schema_dir()]
    for directory in places:
        for suffix in _SUFFIXES:
            candidate = directory / f"{named}{suffix}"
            if candidate.is_file() and candidate.resolve() != child:
                return candidate.resolve()
    import difflib

    known = sorted({p.stem for d in places if d.is_dir() for p in d.iterdir() if p.suffix.lower() in _SUFFIXES})
    close = difflib.get_close_matches(named, known, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise ConfigError(f"{origin}: schema key 'extends': unknown schema '{named}'{hint}")


def _absolute_includes(data: dict[str, Any], directory: Path) -> dict[str, Any]:
    """The parent's vocabulary files, named from the child's directory."""
    vocabulary = data.get("vocabulary")
    if not isinstance(vocabulary, dict) or not isinstance(vocabulary.get("include"), list):
        return data
    includes = [str(directory / name) if isinstance(name, str) else name for name in vocabulary["include"]]
    return {**data, "vocabulary": {**vocabulary, "include": includes}}


def merged(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """The parent's schema data with the child's added (see the module docs).
    The parent's own ``extends`` stays, for the next step up the chain."""
    result = {key: value for key, value in parent.items() if key not in ("name", "$schema")}
    for key, value in child.items():
        if key == "extends":
            continue
        old = result.get(key)
        if key == "fields" and isinstance(old, list) and isinstance(value, list):
            result[key] = _merged_fields(old, value)
        elif key == "venues" and isinstance(old, list) and isinstance(value, list):
            result[key] = [*old, *value]
        elif key == "vocabulary" and isinstance(old, dict) and isinstance(value, dict):
            result[key] = _merged_vocabulary(old, value)
        else:
            result[key] = value
    return result


def _merged_fields(parent: list[Any], child: list[Any]) -> list[Any]:
    fields = [dict(field) if isinstance(field, dict) else field for field in parent]
    position = {field.get("name"): index for index, field in enumerate(fields) if isinstance(field, dict)}
    for field in child:
        name = field.get("name") if isinstance(field, dict) else None
        if name is None or name not in position:
            fields.append(field)
            continue
        target = fields[position[name]]
        for key, value in field.items():
            old = target.get(key)
            if key == "aliases" and isinstance(old, list) and isinstance(value, list):
                target[key] = list(dict.fromkeys([*old, *value]))
            elif key == "constraints" and isinstance(old, dict) and isinstance(value, dict):
                target[key] = {**old, **value}
            else:
                target[key] = value
    return fields


def _merged_vocabulary(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    result = dict(parent)
    for key, value in child.items():
        old = result.get(key)
        if key in ("terms", "include") and isinstance(old, list) and isinstance(value, list):
            result[key] = [*old, *value]
        elif key == "substitutions" and isinstance(old, dict) and isinstance(value, dict):
            result[key] = {**old, **value}
        else:
            result[key] = value
    return result

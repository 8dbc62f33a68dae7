"""The editor's settings for tablelint (the ``tablelint`` section of its
configuration, or ``initializationOptions``). They add to the workspace's
config file as the command line's options do: ``select`` replaces the
config's selection, ``ignore`` adds to it."""

from __future__ import annotations

from typing import Any

from ..record import Record

DEFAULT_DEBOUNCE_MS = 200


class ClientSettings(Record):
    __slots__ = ("select", "ignore", "unsafe_fixes", "links_on_save", "debounce_ms", "config")

    def __init__(self) -> None:
        self.select: list[str] | None = None
        self.ignore: list[str] = []
        self.unsafe_fixes = False
        self.links_on_save = False
        # How long typing must pause before the document is checked again.
        self.debounce_ms = DEFAULT_DEBOUNCE_MS
        self.config: str | None = None  # a config file to use instead of the one found beside each document


def _codes(value: Any) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return None
    return [str(item).strip() for item in value if str(item).strip()]


def parse_settings(data: Any) -> tuple[ClientSettings, list[str]]:
    """The settings in ``data`` (camelCase keys, as editors write them), and a
    line for each value that was not understood (its default is used)."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return ClientSettings(), []
    if isinstance(data.get("tablelint"), dict):  # initializationOptions may nest the section
        data = data["tablelint"]
    settings = ClientSettings()
    select = _codes(data.get("select"))
    settings.select = select or None  # an empty list in an editor's settings means "not set"
    settings.ignore = _codes(data.get("ignore")) or []
    for key, attribute in (("unsafeFixes", "unsafe_fixes"), ("linksOnSave", "links_on_save")):
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, bool):
            setattr(settings, attribute, value)
        else:
            problems.append(f"tablelint.{key} must be true or false, not {value!r}")
    debounce = data.get("debounceMs")
    if debounce is not None:
        if isinstance(debounce, int) and not isinstance(debounce, bool) and debounce >= 0:
            settings.debounce_ms = debounce
        else:
            problems.append(f"tablelint.debounceMs must be a number of milliseconds, not {debounce!r}")
    config = data.get("config")
    if isinstance(config, str) and config.strip():
        settings.config = config.strip()
    return settings, problems

"""Record, the base of the value classes: what it must keep of ``@dataclass``."""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil

import pytest

import tablelint
from tablelint.config import LinkSettings, Settings
from tablelint.diagnostics import Edit
from tablelint.parse.table import Cell
from tablelint.record import Record


def _record_classes() -> list[type[Record]]:
    """Every slotted Record class defined in the package, in a stable order
    (each pytest-xdist worker must collect the same tests). The data files'
    records are dataclasses: their fields are the dataclass's."""
    from tablelint.datamodel import DataFileRecord

    found: dict[str, type[Record]] = {}
    for info in pkgutil.walk_packages(tablelint.__path__, "tablelint."):
        if info.name == "tablelint.__main__":
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (issubclass(cls, Record) and cls is not Record and not issubclass(cls, DataFileRecord)
                    and cls.__module__ == info.name):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[name] for name in sorted(found)]


def test_repr_names_every_field_in_order() -> None:
    assert repr(Cell("a|b", 3, 7)) == "Cell(raw='a|b', line=3, column=7)"


def test_equal_when_same_class_and_fields() -> None:
    assert Cell("x", 1, 2) == Cell("x", 1, 2)
    assert Cell("x", 1, 2) != Cell("x", 1, 3)
    assert Cell("x", 1, 2) != ("x", 1, 2)


def test_unhashable_unless_the_class_says_so() -> None:
    assert hash(Cell("x", 1, 2)) == hash(Cell("x", 1, 2))
    assert len({Edit(1, 1, 1, 2, "a"), Edit(1, 1, 1, 2, "a")}) == 1
    with pytest.raises(TypeError):
        hash(Settings())


def test_replace_copies_and_changes_only_what_it_is_given() -> None:
    links = LinkSettings(timeout=3.0)
    changed = links.replace(cache_path="/tmp/x.sqlite3")
    assert (changed.cache_path, changed.timeout) == ("/tmp/x.sqlite3", 3.0)
    assert links.cache_path is None
    assert changed.exclude is links.exclude  # shared, as dataclasses.replace shares it


def test_replace_refuses_an_unknown_field() -> None:
    with pytest.raises(TypeError, match="timout"):
        LinkSettings().replace(timout=1.0)


def test_defaults_are_not_shared_between_instances() -> None:
    first, second = Settings(), Settings()
    first.ignore.append("TL001")
    assert second.ignore == []
    assert first.links is not second.links


@pytest.mark.parametrize("cls", _record_classes(), ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_slots_follow_the_init_parameters(cls: type[Record]) -> None:
    # repr and equality read __slots__: a field __init__ takes must be one,
    # in the order __init__ takes it, so the repr reads like the call.
    parameters = list(inspect.signature(cls.__init__).parameters)[1:]
    assert parameters == [name for name in cls.__slots__ if name in parameters]


def test_pickles_for_the_worker_processes() -> None:
    settings = Settings(ignore=["TL101"], links=LinkSettings(timeout=2.5))
    assert pickle.loads(pickle.dumps(settings)) == settings


# The data files' records: dataclass fields, DataFileRecord's one __init__.


def test_a_data_file_record_names_every_missing_and_the_unknown_keyword() -> None:
    from tablelint.schema.venues import CompleteVenueEntry

    with pytest.raises(TypeError, match="missing keyword arguments: 'kind', 'area'"):
        CompleteVenueEntry(name="NeurIPS")
    with pytest.raises(TypeError, match="unexpected keyword argument 'nam'"):
        LinkSettings(nam="x")  # type: ignore[call-arg]


def test_a_data_file_record_replace_keeps_what_is_not_a_key_of_the_file(tmp_path) -> None:
    settings = Settings(select=["TL001"])
    settings.root, settings.origin = tmp_path, "tablelint.toml"
    changed = settings.replace(ignore=["TL101"])
    assert (changed.select, changed.ignore, changed.root, changed.origin) == (
        ["TL001"], ["TL101"], tmp_path, "tablelint.toml")
    assert changed == settings.replace(ignore=["TL101"]) and changed != settings
    with pytest.raises(TypeError):
        hash(settings)


def test_a_data_file_record_shows_its_fields_in_order() -> None:
    shown = repr(LinkSettings(timeout=2.0))
    assert shown.startswith("LinkSettings(enabled=True, timeout=2.0, connect_timeout=5.0,")

"""SettingsStore: typed dataclass settings that survive a hand-edited file, and migrations from
the first release's layout."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings

from widgets.shared.settings import SCHEMA_VERSION, SettingsStore


@dataclass
class Sample:
    name: str = "x**2"
    count: int = 2
    rate: float = 0.5
    on: bool = True


def ini(tmp_path, name="s.ini") -> QSettings:
    return QSettings(str(tmp_path / name), QSettings.Format.IniFormat)


def test_round_trip_through_the_file(tmp_path):
    store = SettingsStore(ini(tmp_path))
    store.write("group", Sample("sin(x)", 7, 1e-3, False))
    store.sync()
    again = SettingsStore(ini(tmp_path))
    assert again.read("group", Sample()) == Sample("sin(x)", 7, 1e-3, False)


def test_missing_and_unreadable_values_keep_the_current_ones(tmp_path, caplog):
    settings = ini(tmp_path)
    store = SettingsStore(settings)
    settings.setValue("group/count", "lots")
    settings.setValue("group/on", "perhaps")
    settings.setValue("group/rate", "0.25")
    settings.setValue("group/name", "x" * 10_000)
    assert store.read("group", Sample()) == Sample(rate=0.25)
    assert "group/count" in caplog.text and "group/on" in caplog.text


def test_blobs_and_numbers(tmp_path):
    store = SettingsStore(ini(tmp_path))
    store.write_value("window/geometry", QByteArray(b"\x01\x02"))
    store.write_value("window/tab", 3)
    store.write_value("window/junk", "not bytes")
    assert bytes(store.read_blob("window/geometry")) == b"\x01\x02"
    assert store.read_blob("window/junk") is None and store.read_blob("nothing") is None
    assert store.read_int("window/tab", 0) == 3 and store.read_int("window/junk", 5) == 5


def test_a_first_release_file_is_migrated(tmp_path):
    settings = ini(tmp_path)
    settings.setValue("rank/example", "vector")
    settings.setValue("rank/literal", "[2, 3]")
    settings.setValue("editor/folder", "/data/tensors")
    settings.setValue("editor/shape", "3, 3")
    SettingsStore(settings)
    assert (
        settings.value("ranks/example") == "vector" and settings.value("ranks/literal") == "[2, 3]"
    )
    assert settings.value("rank/example") is None
    assert settings.value("folders/tensor") == "/data/tensors"
    assert settings.value("editor/folder") is None and settings.value("editor/shape") == "3, 3"
    assert int(settings.value("schema_version")) == SCHEMA_VERSION


def test_a_new_file_starts_at_the_current_version_and_is_never_migrated(tmp_path):
    settings = ini(tmp_path)
    SettingsStore(settings)
    settings.setValue("rank/example", "kept as is")  # not a version-1 file: no migration
    SettingsStore(settings)
    assert settings.value("rank/example") == "kept as is"


def test_a_newer_file_is_read_as_far_as_it_fits(tmp_path):
    settings = ini(tmp_path)
    settings.setValue("schema_version", SCHEMA_VERSION + 5)
    settings.setValue("group/count", "9")
    store = SettingsStore(settings)
    assert store.read("group", Sample()).count == 9
    assert int(settings.value("schema_version")) == SCHEMA_VERSION + 5

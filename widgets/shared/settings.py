"""Typed, versioned settings: the one way any part of the app keeps something between sessions.

Each tab describes what it keeps as a dataclass whose fields are str, int, float or bool, and the
store reads and writes it in the tab's QSettings group. Reading is forgiving: a missing key keeps
the field's current value, and a value that does not convert (a hand-edited file) is logged and
ignored, so a bad file never stops the app. The file carries ``schema_version``; ``MIGRATIONS``
turn an older layout into the current one before anything reads it (napari's
``settings/_migrations.py`` is the model).
"""

from __future__ import annotations

import dataclasses
import logging
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QByteArray, QSettings

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3
VERSION_KEY = "schema_version"
MAX_TEXT = 4000  # longer stored text is not something the app wrote
T = TypeVar("T")


def _v1_to_v2(settings: QSettings) -> None:
    """Version 1 (the first release) kept the rank explorer under "rank" and the editor's last
    folder under "editor/folder"; folders are now remembered per kind of file."""
    for key in settings.allKeys():
        if key.startswith("rank/"):
            settings.setValue("ranks/" + key.removeprefix("rank/"), settings.value(key))
            settings.remove(key)
    folder = settings.value("editor/folder")
    if folder is not None:
        settings.setValue("folders/tensor", folder)
        settings.remove("editor/folder")


def _v2_to_v3(settings: QSettings) -> None:
    """Version 2 kept the MNIST Trainer's Dense layers as "512:relu,10:softmax"; its layers
    are now any kind, written as the command line's --layers takes them: "dense512:relu,…"."""
    layers = settings.value("mnist/layers")
    if isinstance(layers, list):  # an INI file's unquoted commas read as a list
        layers = ",".join(str(part) for part in layers)
    if isinstance(layers, str) and layers:
        parts = [part.strip() for part in layers.split(",")]
        if all(part[:1].isdigit() for part in parts):
            settings.setValue("mnist/layers", ",".join(f"dense{part}" for part in parts))


MIGRATIONS: dict[int, Callable[[QSettings], None]] = {1: _v1_to_v2, 2: _v2_to_v3}


def _convert(value: object, kind: object) -> object:
    """``value`` as read from the file, turned into ``kind``; ValueError if it does not fit."""
    if kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise ValueError(f"{value!r} is not true or false")
    if kind is int:
        if isinstance(value, bool):
            raise ValueError("a bool is not a number")
        return int(str(value).strip())
    if kind is float:
        return float(str(value).strip())
    if kind is str:
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise ValueError("not a short text")
        return value
    raise TypeError(f"settings fields are str, int, float or bool, not {kind!r}")


class SettingsStore:
    def __init__(self, qsettings: QSettings):
        self.qsettings = qsettings
        self.migrate()

    def migrate(self) -> None:
        s = self.qsettings
        stored = s.value(VERSION_KEY)
        if stored is None:
            version = 1 if s.allKeys() else SCHEMA_VERSION
        else:
            try:
                version = int(str(stored))
            except ValueError:
                log.warning("settings version %r is not a number; reading as current", stored)
                version = SCHEMA_VERSION
        if version > SCHEMA_VERSION:
            log.warning("settings are from a newer version (%s); reading what still fits", version)
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](s)
            version += 1
        s.setValue(VERSION_KEY, max(version, SCHEMA_VERSION))

    # --- dataclasses ----------------------------------------------------------------------
    def read(self, group: str, current: T) -> T:
        """``current`` with every field that the file holds, and that converts, replaced."""
        if not dataclasses.is_dataclass(current) or isinstance(current, type):
            raise TypeError("settings are read into a dataclass instance")
        kinds = typing.get_type_hints(type(current))
        changes: dict[str, Any] = {}
        for field in dataclasses.fields(current):
            key = f"{group}/{field.name}"
            value = self.qsettings.value(key)
            if value is None:
                continue
            try:
                changes[field.name] = _convert(value, kinds[field.name])
            except (TypeError, ValueError) as exc:
                log.warning("setting %s ignored: %s", key, exc)
        return dataclasses.replace(current, **changes)

    def write(self, group: str, values: object) -> None:
        if not dataclasses.is_dataclass(values) or isinstance(values, type):
            raise TypeError("settings are written from a dataclass instance")
        for field in dataclasses.fields(values):
            self.qsettings.setValue(f"{group}/{field.name}", getattr(values, field.name))

    # --- single values --------------------------------------------------------------------
    def read_blob(self, key: str) -> QByteArray | None:
        """A saved Qt state (window geometry, splitter sizes), or None if missing or not bytes."""
        value = self.qsettings.value(key)
        if isinstance(value, (QByteArray, bytes, bytearray)):
            return QByteArray(value)
        if value is not None:
            log.warning("setting %s is not a saved state; ignoring it", key)
        return None

    def write_value(self, key: str, value: object) -> None:
        self.qsettings.setValue(key, value)

    def read_int(self, key: str, default: int) -> int:
        value = self.qsettings.value(key)
        if value is None:
            return default
        try:
            converted = _convert(value, int)
            assert isinstance(converted, int)
            return converted
        except ValueError:
            log.warning("setting %s is not a number; using %s", key, default)
            return default

    def sync(self) -> None:
        self.qsettings.sync()

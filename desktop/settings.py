"""Persistent settings through QSettings (an INI file), falling back to defaults when unreadable."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings

from desktop import APP_NAME, ORG_NAME

log = logging.getLogger(__name__)


def open_settings() -> QSettings:
    """The app's settings; a corrupt or unreadable file is set aside and defaults are used."""
    settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG_NAME, APP_NAME)
    if settings.status() == QSettings.Status.NoError:
        return settings
    path = Path(settings.fileName())
    log.warning("settings file %s is unreadable (%s); using defaults", path, settings.status())
    try:
        path.replace(path.with_suffix(path.suffix + ".corrupt"))
    except OSError:
        log.warning("could not set aside %s", path, exc_info=True)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG_NAME, APP_NAME)

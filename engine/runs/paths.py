"""Where the app keeps its data, computed without Qt so the engine and the command line agree
with the app (which asks Qt's QStandardPaths.AppDataLocation for the same folder)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ORG = APP = "Tensor Workbench"  # desktop/__init__.py: the organisation and application names
OVERRIDE = "TENSOR_WORKBENCH_DATA"


def data_folder() -> Path:
    """``$TENSOR_WORKBENCH_DATA`` if set; else where QStandardPaths.AppDataLocation points:
    ``$XDG_DATA_HOME/<org>/<app>`` (default ``~/.local/share``) on Linux,
    ``~/Library/Application Support/<org>/<app>`` on macOS, ``%APPDATA%/<org>/<app>`` on
    Windows."""
    override = os.environ.get(OVERRIDE)
    if override:
        return Path(override).expanduser()
    if sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    elif sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / ORG / APP

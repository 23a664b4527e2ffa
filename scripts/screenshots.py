"""Render each tab of the real window into PNG files (run under xvfb-run; `make screenshots`).

Each tab is put in its state from demo_states.py first; the script then waits until the engine is
idle so the picture shows finished results. Every tab is saved three ways: at 1400×900 in the
light theme (``<tab>.png``), the same in the dark theme (``<tab>-dark.png``), and at 1024×700
(``<tab>-1024x700.png``), the smallest size every tab must stay legible at.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings, QTemporaryDir
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# The run history of a screenshot session is its own, not the user's.
os.environ.setdefault("TENSOR_WORKBENCH_DATA", tempfile.mkdtemp(prefix="screenshots-"))

from demo_states import EXTRA_STATES, STATES  # noqa: E402

from desktop.main_window import TAB_TITLES, MainWindow  # noqa: E402
from widgets.shared.theme import Theme  # noqa: E402

SETTLE_S = 1.0
IDLE_TIMEOUT_S = 600
VIEWS = (
    ("", (1400, 900), Theme.LIGHT),
    ("-dark", (1400, 900), Theme.DARK),
    ("-1024x700", (1024, 700), Theme.LIGHT),
)


def pump(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def wait_idle(app: QApplication, window: MainWindow) -> None:
    end = time.monotonic() + IDLE_TIMEOUT_S
    while (not window.worker.is_ready or window.worker.busy) and time.monotonic() < end:
        pump(app, 0.1)
    pump(app, SETTLE_S)


def save_views(app: QApplication, window: MainWindow, out: Path, name: str) -> None:
    for suffix, (width, height), theme in VIEWS:
        window.set_theme(theme)
        window.resize(width, height)
        pump(app, SETTLE_S)
        path = out / f"{name}{suffix}.png"
        window.grab().save(str(path))
        print(f"saved {path}")
    window.set_theme(Theme.LIGHT)
    window.resize(1400, 900)


def main(out_dir: str) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    scratch = QTemporaryDir()
    window = MainWindow(settings=QSettings(scratch.filePath("s.ini"), QSettings.Format.IniFormat))
    window.resize(1400, 900)
    window.show()
    wait_idle(app, window)
    only = sys.argv[2:]
    for index, title in enumerate(TAB_TITLES):
        if only and title not in only:
            continue
        window.tabs.setCurrentIndex(index)
        wait_idle(app, window)  # what the tab does on first show (the MNIST data loads)
        STATES[title](window.tabs.widget(index))
        wait_idle(app, window)
        name = title.lower().replace(" ", "-")
        save_views(app, window, out, name)
    for name, (title, state) in EXTRA_STATES.items():
        if only and title not in only:
            continue
        window.tabs.setCurrentIndex(TAB_TITLES.index(title))
        state(window.tabs.widget(TAB_TITLES.index(title)))
        wait_idle(app, window)
        save_views(app, window, out, name)
    window.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")

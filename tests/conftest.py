"""Shared fixtures. Every Qt test runs offscreen and tears its threads down before it ends:
a QThread left running aborts the whole pytest process.

The whole suite runs in a sandbox home: HOME, the XDG folders, KERAS_HOME and MPLCONFIGDIR point
at a temporary folder, set here before anything can read them, so logs, settings, Keras's
config and matplotlib's caches never land in the real home (home_guard checks it at the end)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from home_guard import REAL_HOME, home_snapshot

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
SANDBOX = Path(tempfile.mkdtemp(prefix="tensor-workbench-tests-"))
for variable, folder in (
    ("HOME", "home"),
    ("XDG_CONFIG_HOME", "home/.config"),
    ("XDG_DATA_HOME", "home/.local/share"),
    ("XDG_CACHE_HOME", "home/.cache"),
    ("XDG_STATE_HOME", "home/.local/state"),
    ("KERAS_HOME", "home/.keras"),
    ("MPLCONFIGDIR", "home/.config/matplotlib"),
):
    (SANDBOX / folder).mkdir(parents=True, exist_ok=True)
    os.environ[variable] = str(SANDBOX / folder)
REAL_HOME_AT_START = home_snapshot(REAL_HOME)

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402


def pytest_sessionfinish(session, exitstatus):
    """Fail the run if any test wrote into the real home, and clear the sandbox."""
    now = home_snapshot(REAL_HOME)
    before = REAL_HOME_AT_START
    changed = sorted(k for k in now.keys() | before.keys() if now.get(k) != before.get(k))
    shutil.rmtree(SANDBOX, ignore_errors=True)
    if changed:
        print(f"\nthe test run changed files under the real home {REAL_HOME}: {changed}")
        session.exitstatus = 1


WORKER_STOP_S = 10.0


@pytest.fixture(autouse=True)
def no_worker_left_running():
    """A window closed while TensorFlow was loading leaves its worker to finish on its own."""
    yield
    from engine.worker import Worker

    assert Worker.wait_for_lingering(60), "an engine worker never ended"


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _stop(worker) -> None:
    assert worker.shutdown(WORKER_STOP_S), "engine worker did not stop"
    assert not worker.isRunning()


@pytest.fixture
def worker(qtbot):
    """A started worker that has imported TensorFlow (slow only the first time in a process)."""
    from engine.worker import Worker

    w = Worker()
    w.start()
    qtbot.waitUntil(lambda: w.is_ready, timeout=60_000)
    yield w
    _stop(w)


@pytest.fixture
def bare_worker(qtbot):
    """A started worker that skips the TensorFlow import, for tests of the job machinery."""
    from engine.worker import Worker

    w = Worker(load_tf=False)
    w.start()
    qtbot.waitUntil(lambda: w.is_ready, timeout=5_000)
    yield w
    _stop(w)


@pytest.fixture
def show(qtbot):
    """``show(widget)``: put a widget on screen as a user sees it; it is closed after the test."""

    def show_widget(widget, size=(1300, 850)):
        qtbot.addWidget(widget)
        widget.resize(*size)
        widget.show()
        qtbot.waitExposed(widget)
        return widget

    return show_widget


@pytest.fixture
def main_window(qtbot, settings):
    from desktop.main_window import MainWindow

    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.worker.is_ready, timeout=60_000)
    yield window
    window.close()
    assert not window.worker.isRunning()

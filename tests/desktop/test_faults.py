"""Faults: closing mid-import, and the worker surviving a failing job."""

from __future__ import annotations

import textwrap
import time

import pytest
from fresh_python import run_python
from receivers import JobRecorder

CLOSE_DURING_IMPORT = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication
    from desktop.main_window import MainWindow
    from engine.worker import Worker
    app = QApplication([])
    w = MainWindow(settings=QSettings(sys.argv[1], QSettings.Format.IniFormat))
    w.show()

    def close_mid_import():
        assert w.worker.isRunning() and not w.worker.is_ready, "import already over"
        started = time.monotonic()
        w.close()
        print("close_s", round(time.monotonic() - started, 3))
        app.quit()

    QTimer.singleShot(300, close_mid_import)
    app.exec()
    started = time.monotonic()
    assert Worker.wait_for_lingering(30)
    print("wind_down_s", round(time.monotonic() - started, 3))
    """
)


def test_closing_while_tensorflow_imports_is_instant_and_clean(tmp_path):
    done = run_python("-c", CLOSE_DURING_IMPORT, str(tmp_path / "s.ini"))
    assert done.returncode == 0, done.stderr
    figures = dict(line.split() for line in done.stdout.splitlines())
    assert float(figures["close_s"]) < 1.0  # the window never waits for the import
    assert float(figures["wind_down_s"]) < 30
    assert "QThread" not in done.stderr


EMBEDDED = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from desktop.main_window import MainWindow
    app = QApplication([])
    w = MainWindow(settings=QSettings(sys.argv[1], QSettings.Format.IniFormat))
    w.show()
    app.processEvents()
    if sys.argv[2] == "close":
        w.close()
    print("ending", time.monotonic(), flush=True)
    """
)


@pytest.mark.parametrize("how", ["close", "leave open"])
def test_a_script_that_embeds_the_window_and_ends_exits_cleanly(tmp_path, how):
    """Whoever embeds the window (a script, a pytest-qt test) gets rc 0 within the bound, with no
    "QThread: Destroyed while thread is still running" abort, even mid TensorFlow import."""
    started = time.monotonic()
    done = run_python("-c", EMBEDDED, str(tmp_path / "s.ini"), how)
    assert done.returncode == 0, done.stderr
    assert "QThread" not in done.stderr and "ending" in done.stdout
    assert time.monotonic() - started < 60


USERS_PYTEST_QT_TEST = textwrap.dedent(
    """
    from desktop.main_window import MainWindow

    def test_the_window_opens(qtbot):
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        window.close()  # TensorFlow is still importing
    """
)


def test_a_users_pytest_qt_test_needs_no_fixture_of_ours(tmp_path):
    """The README tells users to test with pytest-qt: their run, with none of our fixtures,
    passes and exits cleanly although the window closes mid TensorFlow import."""
    (tmp_path / "test_users.py").write_text(USERS_PYTEST_QT_TEST)
    done = run_python(
        "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path), cwd=tmp_path, timeout=180
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout and "QThread" not in done.stderr


def raises_in_worker():
    raise MemoryError("simulated allocation failure")


def test_worker_survives_a_memory_error_job(qtbot, bare_worker):
    bad, good = JobRecorder(), JobRecorder()
    bare_worker.submit("bad", raises_in_worker, **bad.slots())
    bare_worker.submit("good", max, 4, 9, **good.slots())
    qtbot.waitUntil(lambda: good.finished, timeout=5000)
    assert bad.failures and "simulated allocation failure" in bad.failures[0].message
    assert bad.failures[0].kind == "MemoryError" and not bad.failures[0].expected
    assert good.results == [9]

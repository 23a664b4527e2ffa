"""Faults: closing mid-import, and the worker surviving a failing job."""

from __future__ import annotations

import textwrap

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

"""The whole window: tabs, menus, status bar, persistence and a clean close."""

from __future__ import annotations

import textwrap
import time

from fresh_python import run_python
from PySide6.QtCore import QSettings, QtMsgType


def test_window_has_the_four_tabs_in_order(main_window):
    tabs = main_window.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Tensor Editor",
        "Gradients",
        "Rank Explorer",
        "MNIST Trainer",
    ]


def test_status_bar_shows_engine_state(qtbot, main_window):
    qtbot.waitUntil(lambda: main_window.engine_state.text() == "Ready", timeout=10_000)


def test_file_menu_quits_with_ctrl_q(main_window):
    menus = {a.text(): a.menu() for a in main_window.menuBar().actions()}
    quit_action = next(a for a in menus["&File"].actions() if a.text() == "&Quit")
    assert quit_action.shortcut().toString() == "Ctrl+Q"
    quit_action.trigger()
    assert not main_window.isVisible()
    assert not main_window.worker.isRunning()


def test_about_names_every_version(qtbot, main_window):
    import platform

    from PySide6.QtCore import qVersion
    from PySide6.QtWidgets import QMessageBox

    main_window.show_about()
    box = main_window.findChild(QMessageBox, "aboutBox")
    text = box.text()
    versions = main_window.worker.versions
    for expected in (
        versions["TensorFlow"],
        versions["Keras"],
        qVersion(),
        platform.python_version(),
    ):
        assert expected in text
    box.close()


def test_last_tab_and_geometry_persist(qtbot, tmp_path):
    from desktop.main_window import MainWindow

    path = str(tmp_path / "persist.ini")
    first = MainWindow(settings=QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(780, 700)
    qtbot.waitUntil(lambda: first.width() == 780)
    first.tabs.setCurrentIndex(2)
    first.close()

    second = MainWindow(settings=QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    second.show()
    try:
        assert second.tabs.currentIndex() == 2
        assert (second.width(), second.height()) == (780, 700)
    finally:
        second.close()


def test_garbage_settings_fall_back_to_defaults(qtbot, tmp_path, caplog):
    from desktop.main_window import MainWindow

    path = tmp_path / "bad.ini"
    path.write_bytes(b"[window]\ntab=not-a-number\ngeometry=\x00\xff garbage\n\x00\x01")
    window = MainWindow(settings=QSettings(str(path), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    try:
        assert window.tabs.currentIndex() == 0
        assert "setting window/tab is not a number" in caplog.text
    finally:
        window.close()


def slow_job(control):
    while not control.stop_requested:
        time.sleep(0.01)


def test_closing_during_a_running_job_is_quick_and_quiet(qtbot, main_window, qtlog):
    from receivers import JobRecorder

    rec = JobRecorder()
    main_window.worker.submit("slow", slow_job, pass_control=True, **rec.slots())
    qtbot.waitUntil(lambda: main_window.worker.current_job is not None, timeout=5000)
    started = time.monotonic()
    main_window.close()
    assert time.monotonic() - started < 3
    assert not main_window.worker.isRunning()
    warnings = [
        m for m in qtlog.records if m.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg)
    ]
    assert not [w for w in warnings if "propagateSizeHints" not in w.message]


GUI_THREAD_PROBE = textwrap.dedent(
    """
    import sys, threading
    importers = []

    class Spy:
        def find_spec(self, name, path=None, target=None):
            if name == "tensorflow":
                importers.append(threading.current_thread() is threading.main_thread())
            return None

    sys.meta_path.insert(0, Spy())
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from desktop.main_window import MainWindow
    w = MainWindow(settings=QSettings(sys.argv[1], QSettings.Format.IniFormat))
    w.show()
    app.processEvents()
    # The import may have begun on the worker thread by now, but it cannot have finished.
    shown_without_tf = not w.worker.is_ready and "matplotlib" not in sys.modules
    while not w.worker.is_ready:
        app.processEvents()
    w.close()
    print(shown_without_tf, importers)
    """
)


def test_gui_thread_never_imports_tensorflow(tmp_path):
    done = run_python("-c", GUI_THREAD_PROBE, str(tmp_path / "s.ini"))
    assert done.returncode == 0, done.stderr
    # The window was up before TensorFlow (and matplotlib, which the first tab does not need)
    # loaded, and the one TensorFlow import ran off the GUI thread.
    assert done.stdout.split()[-2:] == ["True", "[False]"], done.stdout

"""An uncaught exception shows a dialog with the traceback and a copy button, is logged, and the
app keeps working."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QGuiApplication
from receivers import JobRecorder


class Faulty(QObject):
    def __init__(self, message: str):
        super().__init__()
        self.message = message

    @Slot()
    def explode(self):
        raise RuntimeError(self.message)


def dialog_for_fault_in_a_slot(qtbot, message: str, log_path=None):
    """Raise ``message`` in a slot under an installed CrashReporter; return its dialog."""
    from desktop.crash import CrashReporter

    reporter = CrashReporter(log_path)
    reporter.install()
    try:
        faulty = Faulty(message)
        QTimer.singleShot(0, faulty.explode)
        qtbot.waitUntil(lambda: bool(reporter.dialogs), timeout=3000)
    finally:
        reporter.uninstall()
    dialog = reporter.dialogs[-1]
    qtbot.addWidget(dialog)
    return dialog


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_shows_dialog_and_is_logged(qtbot):
    from desktop.crash import setup_logging

    log_path = setup_logging()
    dialog = dialog_for_fault_in_a_slot(qtbot, "slot blew up on purpose", log_path)
    assert dialog.isVisible()
    assert "slot blew up on purpose" in dialog.details.toPlainText()
    assert "Traceback" in dialog.details.toPlainText()
    dialog.copy_button.click()
    assert "slot blew up on purpose" in QGuiApplication.clipboard().text()
    assert "slot blew up on purpose" in log_path.read_text()
    dialog.close()


@pytest.mark.qt_no_exception_capture
def test_window_keeps_working_after_an_exception_in_a_slot(qtbot, main_window):
    dialog = dialog_for_fault_in_a_slot(qtbot, "fault injected into a slot")
    assert "fault injected into a slot" in dialog.details.toPlainText()
    dialog.close()
    rec = JobRecorder()
    main_window.worker.submit("after the fault", sum, [1, 2, 3], **rec.slots())
    qtbot.waitUntil(lambda: rec.finished, timeout=5000)
    assert rec.results == [6]
    main_window.tabs.setCurrentIndex(3)
    assert main_window.tabs.currentIndex() == 3

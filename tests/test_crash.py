"""An uncaught exception shows a dialog with the traceback and a copy button, and is logged."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QGuiApplication


class Faulty(QObject):
    @Slot()
    def explode(self):
        raise RuntimeError("slot blew up on purpose")


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_shows_dialog_and_is_logged(qtbot, tmp_path):
    from desktop.crash import CrashReporter, setup_logging

    log_path = setup_logging()
    reporter = CrashReporter(log_path)
    reporter.install()
    try:
        faulty = Faulty()
        QTimer.singleShot(0, faulty.explode)
        qtbot.waitUntil(lambda: bool(reporter.dialogs), timeout=3000)
    finally:
        reporter.uninstall()
    dialog = reporter.dialogs[-1]
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert "slot blew up on purpose" in dialog.details.toPlainText()
    assert "Traceback" in dialog.details.toPlainText()
    dialog.copy_button.click()
    assert "slot blew up on purpose" in QGuiApplication.clipboard().text()
    assert "slot blew up on purpose" in log_path.read_text()
    dialog.close()

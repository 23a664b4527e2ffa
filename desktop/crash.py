"""Uncaught exceptions: logged to a file and shown in a dialog; the app keeps running."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

log = logging.getLogger("tensor_workbench")


def log_directory() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "logs"


def setup_logging() -> Path:
    """Send warnings and errors of the whole app to a log file; return its path."""
    folder = log_directory()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tensor-workbench.log"
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    return path


class CrashDialog(QDialog):
    """Shows what went wrong, with the traceback and a button that copies it."""

    def __init__(self, summary: str, details: str, log_path: Path | None, parent=None):
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle("Something went wrong")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        where = f"<br>It was written to the log: {log_path}" if log_path else ""
        message = QLabel(
            f"<b>{summary}</b><br>The app keeps running; your work is still open.{where}"
        )
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(message)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy details")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @Slot()
    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText("Copied")


class CrashReporter(QObject):
    """Installed as sys.excepthook; marshals reports from any thread to the GUI thread."""

    reported = Signal(str, str)

    def __init__(self, log_path: Path | None = None):
        super().__init__()
        self.log_path = log_path
        self.dialogs: list[CrashDialog] = []
        self.reported.connect(self._show)
        self._previous_hooks = (sys.excepthook, threading.excepthook)

    def install(self) -> None:
        sys.excepthook = self._excepthook
        threading.excepthook = lambda args: self._excepthook(
            args.exc_type, args.exc_value, args.exc_traceback
        )

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous_hooks

    def _excepthook(self, exc_type, exc_value, exc_tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        details = "".join(traceback.format_exception(exc_type, exc_value, exc_tb))
        summary = f"{exc_type.__name__}: {exc_value}"
        log.error("uncaught exception\n%s", details)
        self.reported.emit(summary, details)  # queued when raised off the GUI thread

    @Slot(str, str)
    def _show(self, summary: str, details: str) -> None:
        parent = QApplication.activeWindow()
        dialog = CrashDialog(summary, details, self.log_path, parent)
        self.dialogs = [d for d in self.dialogs if d.isVisible()] + [dialog]
        dialog.show()  # not exec(): a nested event loop would freeze whatever raised

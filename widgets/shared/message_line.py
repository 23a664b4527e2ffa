"""The line beside an input that says what went wrong (or right), where the user is looking."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

STYLES = {
    "error": "color: #b71c1c; background: #fdecea; border: 1px solid #f5c6cb;",
    "warning": "color: #7a4f01; background: #fff8e1; border: 1px solid #ffe08a;",
    "info": "color: #1b5e20; background: #edf7ed; border: 1px solid #c3e6cb;",
}


class MessageLine(QLabel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "info") -> None:
        self.kind = kind
        self.setText(text)
        self.setStyleSheet(f"QLabel {{ {STYLES[kind]} border-radius: 4px; padding: 4px 6px; }}")
        self.show()

    def show_error(self, text: str) -> None:
        self.show_message(text, "error")

    def clear_message(self) -> None:
        self.kind = ""
        self.clear()
        self.hide()

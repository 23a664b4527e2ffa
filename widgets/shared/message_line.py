"""The line beside an input that says what went wrong (or right), where the user is looking."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from widgets.shared import theme


class Severity(Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


LIGHT = {
    Severity.ERROR: "color: #b71c1c; background: #fdecea; border: 1px solid #f5c6cb;",
    Severity.WARNING: "color: #7a4f01; background: #fff8e1; border: 1px solid #ffe08a;",
    Severity.INFO: "color: #1b5e20; background: #edf7ed; border: 1px solid #c3e6cb;",
}
DARK = {
    Severity.ERROR: "color: #ffb4ab; background: #421b1b; border: 1px solid #7a2e2e;",
    Severity.WARNING: "color: #ffd88a; background: #3a2f14; border: 1px solid #6b5420;",
    Severity.INFO: "color: #a5d6a7; background: #19301d; border: 1px solid #2e5934;",
}


class MessageLine(QLabel):
    """Hidden until there is something to say. What is shown is the controller's business: the
    line keeps no state that code should branch on, only what tests and screen readers read."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._severity: Severity | None = None
        theme.notifier().changed.connect(self._restyle)
        self.hide()

    @property
    def severity(self) -> Severity | None:
        return self._severity

    def show_message(self, text: str, severity: Severity = Severity.INFO) -> None:
        self._severity = severity
        self.setText(text)
        self.setAccessibleDescription(f"{severity.value}: {text}")
        self._restyle()
        self.show()

    def _restyle(self, *_dark: bool) -> None:
        if self._severity is None:
            return
        styles = DARK if theme.is_dark() else LIGHT
        self.setStyleSheet(
            f"QLabel {{ {styles[self._severity]} border-radius: 4px; padding: 4px 6px; }}"
        )

    def show_error(self, text: str) -> None:
        self.show_message(text, Severity.ERROR)

    def clear_message(self) -> None:
        self._severity = None
        self.clear()
        self.setAccessibleDescription("")
        self.hide()

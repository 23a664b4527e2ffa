"""Giving a widget the keyboard as a user would: its window becomes the active one (shortcuts
only fire in the active window, and after many tests another window may be active), then the
widget takes the focus."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

WAIT_MS = 5_000


def focus_in(widget: QWidget) -> bool:
    focused = QApplication.focusWidget()
    return focused is widget or (focused is not None and widget.isAncestorOf(focused))


def focus_on(qtbot, widget: QWidget) -> None:
    widget.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window(), timeout=WAIT_MS)
    widget.setFocus()
    qtbot.waitUntil(lambda: focus_in(widget), timeout=WAIT_MS)

"""What a screen reader meets in a tab: every control a person operates, and the name it is
read out by. One definition for every tab's test, so each tab is held to the same rule."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QScrollBar,
    QTabBar,
    QTabWidget,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QTabBar,
    QTabWidget,
)


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def controls(root: QWidget) -> list[QWidget]:
    """Every widget a person operates, with the keyboard or a screen reader: the inputs,
    buttons, views and anything else that takes focus (text labels speak their text). Not Qt's
    own inner parts (named qt_…, scroll bars, what sits inside a spin box, a combo box, a field
    or a table, or a popup): they speak through their owner."""
    found = []
    for widget in root.findChildren(QWidget):
        parent = widget.parentWidget()
        inner = (
            widget.objectName().startswith("qt_")
            or isinstance(widget, QScrollBar)
            or widget.window() is not root.window()
            or isinstance(parent, (QAbstractSpinBox, QComboBox, QLineEdit))  # e.g. a clear button
            or (isinstance(widget, QAbstractItemView) and isinstance(parent, QAbstractItemView))
        )
        takes_focus = widget.focusPolicy() != Qt.FocusPolicy.NoFocus and not isinstance(
            widget, QLabel
        )
        if not inner and (isinstance(widget, CONTROLS) or takes_focus):
            found.append(widget)
    return found


def unnamed(root: QWidget) -> list[str]:
    """The controls a screen reader would read out without a name."""
    return [
        f"{type(w).__name__} {w.objectName()!r}"
        for w in controls(root)
        if not accessible_name(w).strip()
    ]

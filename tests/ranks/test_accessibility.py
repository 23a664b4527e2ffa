"""Every control of the Rank Explorer has an accessible name of its own (not only one Qt derives
from a button's text or a form's label), and a screen reader gets a name for each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabWidget,
    QWidget,
)

CONTROLS = (QAbstractButton, QAbstractSlider, QComboBox, QLineEdit, QPlainTextEdit, QTabWidget)


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def _inside(widget: QWidget, kind: type) -> bool:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, kind):
        parent = parent.parentWidget()
    return parent is not None


def controls_of(tab: QWidget) -> list[QWidget]:
    """What a user operates: fields, lists, buttons, sliders, the code, the tabbed pane, and
    anything else that takes the keyboard focus (the picture); not the scroll bars, and not
    the clear button inside a field."""
    found = []
    for widget in tab.findChildren(QWidget):
        if isinstance(widget, QScrollBar) or isinstance(widget.parentWidget(), QLineEdit):
            continue
        if _inside(widget, QComboBox):  # the list a combo box pops up: the box names it
            continue
        focusable = widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        if isinstance(widget, CONTROLS) or focusable:
            found.append(widget)
    return found


def test_every_control_has_an_accessible_name(qtbot, tab):
    tab.load_example("video")  # a rank-5 tensor: its dims slider is a control too
    tab.operations.select("sum")  # keepdims shows
    controls = controls_of(tab)
    kinds = {type(control).__name__ for control in controls}
    assert {"QComboBox", "QLineEdit", "QPushButton", "QCheckBox", "QSlider"} <= kinds
    assert {"TensorPicture", "QPlainTextEdit", "QTabWidget"} <= kinds
    unnamed = [
        f"{type(c).__name__} {c.objectName()!r}"
        for c in controls
        if not (c.accessibleName() and accessible_name(c))
    ]
    assert unnamed == []
    names = {c.accessibleName() for c in controls}
    assert {"Operation", "Operation argument", "Tensor x as a Python literal"} <= names
    assert "Index along axis 2 (height)" in names

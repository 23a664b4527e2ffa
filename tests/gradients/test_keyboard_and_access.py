"""The keyboard and screen readers: the plot is reached with Tab and shows its focus, its arrow
keys move the point (left/right on the curves, all four on the map), and every control of the
tab has an accessible name of its own."""

from __future__ import annotations

import pytest
from accessibility import controls, unnamed
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QWidget,
)

from engine.gradients.two_inputs import PointResult
from widgets.gradients.inputs import PRESETS

WAIT_MS = 30_000
ROSENBROCK = next(p for p in PRESETS if p.title == "Rosenbrock")


def activate(qtbot, tab) -> None:
    tab.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tab.window(), timeout=5000)


def tab_until(qtbot, tab, target: QWidget, limit: int = 80) -> int:
    """Press Tab from the expression field until ``target`` has the focus; the presses taken."""
    tab.controls.expression_edit.setFocus()
    qtbot.waitUntil(tab.controls.expression_edit.hasFocus, timeout=5000)
    for presses in range(1, limit + 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is target:
            return presses
    raise AssertionError(f"Tab never reached {target!r}")


def border_colour(frame) -> QColor:
    return QColor(frame.grab().toImage().pixel(frame.width() // 2, 0))


def test_tab_reaches_the_curves_and_the_arrows_move_the_point(qtbot, tab, settle):
    activate(qtbot, tab)
    canvas, frame = tab.plot.plot.canvas, tab.plot.frame
    highlight = tab.palette().color(QPalette.ColorRole.Highlight)
    assert border_colour(frame) != highlight and not frame.focused
    tab_until(qtbot, tab, canvas)
    assert frame.focused and border_colour(frame) == highlight  # a visible focus
    qtbot.keyClick(canvas, Qt.Key.Key_Right)  # the range is -4 to 4: a step is 0.08
    assert tab.controls.point_edit.text() == "3.08"
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert tab.controls.point_edit.text() == "2.92"
    qtbot.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert tab.controls.point_edit.text() == "3.72"
    qtbot.keyClick(canvas, Qt.Key.Key_Up)  # one input: up and down are not the point's
    assert tab.controls.point_edit.text() == "3.72"
    qtbot.waitUntil(lambda: float(tab.controller.last_point.at) == 3.72, timeout=WAIT_MS)
    settle(tab)
    assert tab.controls.value_labels[1].text() == repr(2 * 3.72)
    for _ in range(4):  # the point stays on the plotted range
        qtbot.keyClick(canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert tab.controls.point_edit.text() == "4"
    qtbot.keyClick(canvas, Qt.Key.Key_Tab)
    assert not frame.focused and border_colour(frame) != highlight


def test_the_arrows_move_the_point_on_the_map_in_both_directions(qtbot, tab, settle):
    activate(qtbot, tab)
    tab.load_preset(ROSENBROCK)
    qtbot.waitUntil(lambda: isinstance(tab.controller.last_point, PointResult), timeout=WAIT_MS)
    settle(tab)
    canvas = tab.contour.plot.canvas
    tab_until(qtbot, tab, canvas)  # the map, not the hidden curves
    assert tab.contour.frame.focused
    qtbot.keyClick(canvas, Qt.Key.Key_Up)  # y from -1 to 3: a step is 0.04
    qtbot.keyClick(canvas, Qt.Key.Key_Right)  # x from -2 to 2: 0.04 too
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    qtbot.keyClick(canvas, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert (tab.controls.point_edit.text(), tab.controls.point_y_edit.text()) == ("-1.12", "0.64")
    qtbot.waitUntil(lambda: tuple(tab.controller.last_point.at) == (-1.12, 0.64), timeout=WAIT_MS)


@pytest.mark.parametrize("preset", [PRESETS[1], ROSENBROCK], ids=["one input", "two inputs"])
def test_every_control_has_an_accessible_name(qtbot, tab, settle, preset):
    tab.load_preset(preset)
    tab.controls.descent.compare_check.setChecked(True)
    tab.controls.descent.play_button.click()
    descent = tab.controller.descent
    qtbot.waitUntil(lambda: descent.frame.finished and not descent.busy, timeout=WAIT_MS)
    tab.controller.why_none.choose("unwatched")
    settle(tab)
    found = controls(tab)
    kinds = {type(control).__name__ for control in found}
    assert {
        "QLineEdit",
        "QPushButton",
        "QRadioButton",
        "QCheckBox",
        "QSlider",
        "QComboBox",
    } <= kinds
    assert {"FigureCanvasQTAgg", "QPlainTextEdit", "QTabWidget", "QTableView"} <= kinds
    assert {"QTreeWidget", "QListWidget", "QTabBar"} <= kinds
    assert unnamed(tab) == []
    names = {c.accessibleName() for c in found}
    assert {"Plot of f and its derivatives", "Contour map of f", "Expression f"} <= names
    assert {"Run A learning rate", "Run B optimizer", "Step table of the descent"} <= names

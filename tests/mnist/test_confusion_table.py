"""ConfusionTable on its own: counts in cells, shaded by size (right answers and mistakes in the
theme's first two series colours), readable text, no elided count at small sizes, Tab leaves it."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from widgets.mnist.confusion_table import ConfusionTable, shade
from widgets.shared import theme


def contrast(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio of two colours."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(params=[theme.Theme.LIGHT, theme.Theme.DARK])
def themed(request):
    theme.apply_theme(request.param)
    yield request.param
    theme.apply_theme(theme.Theme.SYSTEM)


def test_counts_shades_and_tooltips(qtbot, themed):
    table = ConfusionTable()
    qtbot.addWidget(table)
    assert (table.rowCount(), table.columnCount()) == (10, 10) and table.item(0, 0) is None
    table.set_matrix(np.array([[5, 1, 0], [0, 3, 2], [1, 0, 4]]))
    assert (table.rowCount(), table.columnCount()) == (3, 3)
    texts = [[table.item(r, c).text() for c in range(3)] for r in range(3)]
    assert texts == [["5", "1", ""], ["", "3", "2"], ["1", "", "4"]]
    assert (
        table.horizontalHeaderItem(2).text() == "→2" and table.verticalHeaderItem(2).text() == "2"
    )
    # Right answers and mistakes in the theme's colours, each shade scaled to the largest of
    # its kind, over the table's background.
    base = table.palette().base().color()
    right, wrong = QColor(theme.series_colour(0)), QColor(theme.series_colour(1))
    assert table.item(0, 0).background().color() == shade(right, 1.0, base)
    assert table.item(1, 1).background().color() == shade(right, 0.2 + 0.8 * 3 / 5, base)
    assert table.item(1, 2).background().color() == shade(wrong, 1.0, base)
    assert table.item(0, 1).background().color() == shade(wrong, 0.15 + 0.85 / 2, base)
    assert table.item(0, 2).background().style() == Qt.BrushStyle.NoBrush  # zero: unshaded
    # Every count reads against its shade.
    for r in range(3):
        for c in range(3):
            item = table.item(r, c)
            if item.text():
                background, text = item.background().color(), item.foreground().color()
                assert contrast(background, text) >= 4.5, (r, c)
    assert table.item(1, 2).toolTip() == "true 1, predicted 2: 2 of 5 (40.0%)"
    table.set_matrix(None)
    assert table.matrix is None and table.rowCount() == 10 and table.item(1, 2) is None


def test_the_shades_follow_a_theme_switch(qtbot):
    table = ConfusionTable()
    qtbot.addWidget(table)
    try:
        theme.apply_theme(theme.Theme.LIGHT)
        table.set_matrix(np.array([[5, 1], [2, 3]]))
        light = table.item(1, 1).background().color()
        theme.apply_theme(theme.Theme.DARK)
        QApplication.processEvents()  # Qt hands the widgets their new palette
        dark = table.item(1, 1).background().color()
        assert dark.lightness() < light.lightness()  # laid over the dark background now
        assert dark == shade(
            QColor(theme.series_colour(0)), 0.2 + 0.8 * 3 / 5, table.palette().base().color()
        )
    finally:
        theme.apply_theme(theme.Theme.SYSTEM)


def test_a_small_table_shrinks_its_font_instead_of_eliding_counts(qtbot, show):
    table = show(ConfusionTable(), size=(600, 400))
    matrix = np.full((10, 10), 7)
    np.fill_diagonal(matrix, 1135)  # MNIST's largest class
    table.set_matrix(matrix)
    big = table.font().pointSizeF()
    table.resize(250, 170)
    qtbot.waitUntil(lambda: table.font().pointSizeF() < big)
    width = table.horizontalHeader().sectionSize(0)
    assert QFontMetrics(table.font()).horizontalAdvance("1135") <= width
    assert table.textElideMode() == Qt.TextElideMode.ElideNone
    assert table.verticalScrollBar().isHidden() or not table.verticalScrollBar().isVisible()


def test_tab_and_shift_tab_leave_the_table_and_arrows_move_inside(qtbot, show):
    holder = QWidget()
    before, table, after = QLineEdit(), ConfusionTable(), QLineEdit()
    layout = QVBoxLayout(holder)
    for widget in (before, table, after):
        layout.addWidget(widget)
    show(holder, size=(500, 500))
    table.set_matrix(np.eye(10, dtype=int) * 5)
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Right)
    assert table.currentColumn() == 1 and table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is before

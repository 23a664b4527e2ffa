"""The per-class table beside the confusion matrix, without an engine: the hand-computed
numbers, sorting by any column, undefined ratios, a font that fits its rows, and the two tables
stacked when the test-set box is narrow."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from widgets.mnist.class_table import ClassTable
from widgets.mnist.results import TestResults

KNOWN = np.array([[5, 1, 0], [0, 3, 2], [1, 0, 4]])  # rows true, columns predicted


def column(table, index):
    return [table.table.item(row, index).text() for row in range(table.table.rowCount())]


def test_the_per_class_table_shows_the_hand_computed_numbers_and_sorts(qtbot, show):
    table = show(ClassTable(), size=(400, 400))
    table.set_confusion(KNOWN)
    assert column(table, 0) == ["0", "1", "2"]
    assert column(table, 1) == ["0.833", "0.750", "0.667"]  # 5/6, 3/4, 4/6
    assert column(table, 2) == ["0.833", "0.600", "0.800"]  # 5/6, 3/5, 4/5
    assert column(table, 3) == ["0.833", "0.667", "0.727"]  # 5/6, 2/3, 8/11
    assert column(table, 4) == ["6", "5", "5"]
    assert table.table.item(1, 1).toolTip() == "3 / 4: of the digits called 1, right"
    assert table.table.item(2, 2).toolTip() == "4 / 5: of the true 2s, called 2"
    assert table.averages.text() == "Means: P 0.750 · R 0.744 · F1 0.742"
    # A click on a header sorts by that column; a second click turns the order round.
    header = table.table.horizontalHeader()

    def click_header(index):
        x = header.sectionViewportPosition(index) + header.sectionSize(index) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    click_header(2)  # recall
    assert column(table, 0) == ["1", "2", "0"]
    click_header(2)
    assert column(table, 0) == ["0", "2", "1"]
    click_header(3)  # F1: numbers, not text, decide
    assert column(table, 0) == ["1", "2", "0"]
    # A new evaluation keeps the order the user chose.
    table.set_confusion(np.array([[9, 0, 0], [0, 1, 0], [0, 5, 5]]))
    assert column(table, 3) == ["0.286", "0.667", "1.000"]


def test_undefined_ratios_show_a_dash_and_sort_lowest(qtbot, show):
    table = show(ClassTable(), size=(400, 400))
    table.set_confusion(np.array([[2, 0, 0], [1, 0, 0], [0, 0, 0]]))
    assert column(table, 1) == ["0.667", "—", "—"]
    assert table.table.item(1, 1).toolTip() == "Undefined: no test digit was called 1"
    assert table.table.item(2, 2).toolTip() == "Undefined: the test set has no 2"
    table.table.sortItems(1, Qt.SortOrder.DescendingOrder)
    assert column(table, 0)[0] == "0"


def test_the_per_class_table_fits_its_ten_rows_by_shrinking_its_font(qtbot, show):
    table = show(ClassTable(), size=(420, 500))
    matrix = np.full((10, 10), 3)
    np.fill_diagonal(matrix, 1135)
    table.set_confusion(matrix)
    big = table.table.font().pointSizeF()
    table.resize(420, 190)
    qtbot.waitUntil(lambda: table.table.font().pointSizeF() < big)
    assert not table.table.verticalScrollBar().isVisible()
    # Every column as wide as its widest text: nothing elided.
    metrics = table.table.fontMetrics()
    for col in range(5):
        widest = max(metrics.horizontalAdvance(text) for text in column(table, col))
        assert widest <= table.table.columnWidth(col)


def test_a_narrow_test_set_box_stacks_the_two_tables(qtbot, show):
    box = show(TestResults(), size=(800, 500))
    assert box.tables.orientation() == Qt.Orientation.Horizontal
    assert box.tables.widget(0) is box.confusion and box.tables.widget(1) is box.classes
    box.resize(400, 500)
    qtbot.waitUntil(lambda: box.tables.orientation() == Qt.Orientation.Vertical)
    # Short too (a 1024×700 window): the matrix keeps all ten rows in view.
    matrix = np.full((10, 10), 3)
    np.fill_diagonal(matrix, 1135)
    box.confusion.set_matrix(matrix)
    box.classes.set_confusion(matrix)
    box.resize(360, 290)
    qtbot.waitUntil(lambda: box.confusion.font().pointSizeF() <= 7)
    QApplication.processEvents()
    assert box.tables.orientation() == Qt.Orientation.Vertical
    assert not box.confusion.verticalScrollBar().isVisible()
    box.resize(800, 500)
    qtbot.waitUntil(lambda: box.tables.orientation() == Qt.Orientation.Horizontal)

"""Choosing with the mouse and the keyboard, without an engine: a confusion-matrix cell (click,
or arrows then Enter/Space) and a thumbnail of a choosable image grid."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from widgets.mnist.confusion_table import ConfusionTable
from widgets.mnist.image_grid import ImageGrid, gray_image

KNOWN = np.array([[5, 1, 0], [0, 3, 2], [1, 0, 4]])  # rows true, columns predicted


def click_cell(qtbot, table, row, column):
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_click_or_enter_or_space_chooses_a_cell_and_it_is_marked(qtbot, show):
    table = show(ConfusionTable(), size=(500, 400))
    chosen = []
    table.cell_chosen.connect(lambda r, c: chosen.append((r, c)))
    click_cell(qtbot, table, 1, 2)
    assert chosen == []  # nothing to choose before there is a matrix
    table.set_matrix(KNOWN)
    click_cell(qtbot, table, 1, 2)
    assert chosen == [(1, 2)]
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.keyClick(table, Qt.Key.Key_Right)
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert chosen == [(1, 2), (2, 0), (2, 1)]
    # The chosen cell in bold, at the table's own (fitted) size; only that one.
    table.mark((2, 0))
    assert table.item(2, 0).font().bold() and table.item(2, 0).font().underline()
    assert table.item(2, 0).font().pointSizeF() == table.font().pointSizeF()
    table.mark((1, 1))
    assert not table.item(2, 0).font().bold() and table.item(1, 1).font().bold()
    table.set_matrix(KNOWN * 2)  # a new evaluation keeps the mark
    assert table.item(1, 1).font().bold()
    table.mark(None)
    assert not any(table.item(r, c).font().bold() for r in range(3) for c in range(3))
    # What a screen reader says for a cell, zero counts too.
    assert table.item(0, 2).data(Qt.ItemDataRole.AccessibleTextRole) == (
        "true 0, predicted 2: 0 of 12"
    )


def grid_with(count, qtbot, show):
    holder = QWidget()
    before, grid, after = QLineEdit(), ImageGrid(cell=40, choosable=True), QLineEdit()
    layout = QVBoxLayout(holder)
    for widget in (before, grid, after):
        layout.addWidget(widget)
    show(holder, size=(4 * 46 + 30, 500))  # four thumbnails a row
    images = [gray_image(np.full((28, 28), 10 * i, np.uint8)) for i in range(count)]
    grid.set_images(images, [f"{i} → {i + 1}" for i in range(count)])
    return holder, before, grid, after


def test_a_choosable_grid_answers_clicks_and_keys_and_tab_leaves_it(qtbot, show):
    _holder, before, grid, after = grid_with(10, qtbot, show)
    columns = grid.width() // 46
    chosen = []
    grid.chosen.connect(chosen.append)
    # A click on the second row's second thumbnail (or its caption).
    rect = grid._rect(columns + 1)
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseClick(
        grid, Qt.MouseButton.LeftButton, pos=QPoint(rect.center().x(), rect.bottom() + 5)
    )
    assert chosen == [columns + 1, columns + 1]
    below = grid._rect(9).bottom() + 40  # under the last row, where there is no thumbnail
    assert grid.index_at(QPoint(5, below)) == -1
    grid.setFocus()
    qtbot.waitUntil(grid.hasFocus)
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert chosen[-1] == 2
    assert "3 of 10: 2 → 3" in grid.accessibleDescription()
    qtbot.keyClick(grid, Qt.Key.Key_End)
    qtbot.keyClick(grid, Qt.Key.Key_Down)  # already on the last one: stays
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    qtbot.keyClick(grid, Qt.Key.Key_Home)
    qtbot.keyClick(grid, Qt.Key.Key_Enter)
    assert chosen[-2:] == [9, 0]
    qtbot.keyClick(grid, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is before


def test_a_plain_grid_takes_no_focus_and_chooses_nothing(qtbot, show):
    grid = show(ImageGrid(cell=40), size=(300, 200))
    grid.set_images([gray_image(np.zeros((28, 28), np.uint8))])
    chosen = []
    grid.chosen.connect(chosen.append)
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid._rect(0).center())
    assert chosen == [] and grid.focusPolicy() == Qt.FocusPolicy.NoFocus

"""ConfusionTable on its own: counts in cells, shaded by size, right answers blue, mistakes red."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from widgets.mnist.confusion_table import ConfusionTable


def rgba(table: ConfusionTable, row: int, col: int) -> tuple[int, int, int, int]:
    color = table.item(row, col).background().color()
    return color.red(), color.green(), color.blue(), color.alpha()


def test_counts_shades_and_tooltips(qtbot):
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
    # Right answers in blue, mistakes in red, each shade scaled to the largest of its kind.
    assert rgba(table, 0, 0) == (30, 136, 229, 40 + 170)
    assert rgba(table, 1, 1) == (30, 136, 229, 40 + int(170 * 3 / 5))
    assert rgba(table, 1, 2) == (229, 57, 53, 30 + 200)
    assert rgba(table, 0, 1) == (229, 57, 53, 30 + 100)
    assert table.item(0, 2).background().style() == Qt.BrushStyle.NoBrush  # zero: unshaded
    assert table.item(1, 2).toolTip() == "true 1, predicted 2: 2 of 5 (40.0%)"
    table.set_matrix(None)
    assert table.matrix is None and table.rowCount() == 10 and table.item(1, 2) is None

"""The confusion matrix as a table: rows are the true digit, columns the predicted one; the
shade grows with the count, the diagonal (right answers) in blue, the mistakes in red."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)


class ConfusionTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(10, 10, parent)
        self.setObjectName("confusionTable")
        self.matrix: np.ndarray | None = None
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for header in (self.horizontalHeader(), self.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            header.setMinimumSectionSize(20)
        self.setToolTip(
            "Rows: true digit. Columns: predicted digit. Off-diagonal cells are errors."
        )
        self.set_matrix(None)

    def set_matrix(self, matrix: np.ndarray | None) -> None:
        self.matrix = None if matrix is None else np.asarray(matrix)
        n = 10 if matrix is None else len(matrix)
        self.setRowCount(n)
        self.setColumnCount(n)
        labels = [str(i) for i in range(n)]
        self.setHorizontalHeaderLabels([f"→{s}" for s in labels])
        self.setVerticalHeaderLabels(labels)
        if self.matrix is None:
            self.clearContents()
            return
        off = self.matrix.copy()
        np.fill_diagonal(off, 0)
        diag_max = max(1, int(np.diag(self.matrix).max(initial=0)))
        off_max = max(1, int(off.max(initial=0)))
        for r in range(n):
            for c in range(n):
                count = int(self.matrix[r, c])
                item = QTableWidgetItem(str(count) if count else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if count:
                    if r == c:
                        alpha = 40 + int(170 * count / diag_max)
                        item.setBackground(QColor(30, 136, 229, alpha))
                    else:
                        alpha = 30 + int(200 * count / off_max)
                        item.setBackground(QColor(229, 57, 53, alpha))
                    true_total = int(self.matrix[r].sum())
                    item.setToolTip(
                        f"true {r}, predicted {c}: {count} of {true_total} "
                        f"({100 * count / max(1, true_total):.1f}%)"
                    )
                self.setItem(r, c, item)

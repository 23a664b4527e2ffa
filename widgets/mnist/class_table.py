"""Precision, recall, F1 and support for each digit, beside the confusion matrix: a table sorted
by any column (click its header), each cell's tooltip showing the counts it is made of.

Like the confusion matrix, it shrinks its font (never below 6 pt) until its ten rows fit the
height it has, and takes just the width its columns need, so nothing is elided or scrolled."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.mnist.class_metrics import ClassMetrics, macro_averages, per_class
from widgets.mnist.muted_label import MutedLabel

COLUMNS = ("Digit", "Precision", "Recall", "F1", "Support")
HEADER_TIPS = (
    "The true digit",
    "Of the test digits the model called this digit, the fraction that were it",
    "Of the test digits that are this digit, the fraction the model called it",
    "The harmonic mean of precision and recall: 2·P·R / (P + R)",
    "How many test digits are this digit",
)
UNDEFINED = "—"
SMALLEST_POINT_SIZE = 6.0
ROWS = 10


def ratio_text(value: float | None) -> str:
    return UNDEFINED if value is None else f"{value:.3f}"


class _SortedItem(QTableWidgetItem):
    """A cell that sorts by its number, not its text; undefined values sort below 0."""

    def __init__(self, text: str, key: float):
        super().__init__(text)
        self.key = key
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, _SortedItem):
            return self.key < other.key
        return super().__lt__(other)


def _cells(m: ClassMetrics) -> list[tuple[str, float, str]]:
    """(text, sort key, tooltip) for each column of one digit's row."""
    d = m.digit

    def ratio(
        value: float | None, part: int, whole: int, of: str, none: str
    ) -> tuple[str, float, str]:
        if value is None:
            return (UNDEFINED, -1.0, none)
        return (ratio_text(value), value, f"{part:,} / {whole:,}: {of}")

    f1: tuple[str, float, str] = (UNDEFINED, -1.0, f"Undefined: precision or recall of {d} is")
    if m.f1 is not None:
        arithmetic = f"P = {ratio_text(m.precision)}, R = {ratio_text(m.recall)}"
        f1 = (ratio_text(m.f1), m.f1, f"2·P·R / (P + R) with {arithmetic}")
    return [
        (str(d), float(d), f"Digit {d}"),
        ratio(
            m.precision,
            m.right,
            m.predicted,
            f"of the digits called {d}, right",
            f"Undefined: no test digit was called {d}",
        ),
        ratio(
            m.recall,
            m.right,
            m.support,
            f"of the true {d}s, called {d}",
            f"Undefined: the test set has no {d}",
        ),
        f1,
        (f"{m.support:,}", float(m.support), f"{m.support:,} test digits are {d}"),
    ]


class FittedTable(QTableWidget):
    """A table whose font shrinks until its rows fit its height, as wide as its columns."""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        parent = self.parentWidget()
        font = QFont(parent.font() if parent is not None else self.font())
        size = font.pointSizeF() if font.pointSizeF() > 0 else 9.0
        room = self.height() - 2 * self.frameWidth()
        rows = max(ROWS, self.rowCount())
        while size > SMALLEST_POINT_SIZE:
            font.setPointSizeF(size)
            line = QFontMetrics(font).height()
            if (line + 6) + rows * (line + 2) <= room:
                break
            size -= 0.5
        font.setPointSizeF(max(size, SMALLEST_POINT_SIZE))
        line = QFontMetrics(font).height()
        if font != self.font():
            self.setFont(font)
            self.horizontalHeader().setFont(font)
        self.verticalHeader().setMinimumSectionSize(line + 2)
        self.verticalHeader().setDefaultSectionSize(line + 2)
        self.horizontalHeader().setFixedHeight(line + 6)
        self.resizeColumnsToContents()
        width = self.horizontalHeader().length() + 2 * self.frameWidth()
        if self.verticalScrollBar().isVisible():
            width += self.verticalScrollBar().width()
        if width != self.minimumWidth():
            self.setMinimumWidth(width)


class ClassTable(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.metrics: tuple[ClassMetrics, ...] = ()
        self.table = FittedTable(0, len(COLUMNS))
        self.table.setObjectName("classTable")
        self.table.setAccessibleName("Per-class precision, recall and F1")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        for column, tip in enumerate(HEADER_TIPS):
            header_item = self.table.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(tip + ". Click to sort by it.")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next control
        self.table.verticalHeader().setVisible(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().setMinimumSectionSize(12)
        self.table.setSortingEnabled(True)
        self.table.sortItems(0, Qt.SortOrder.AscendingOrder)
        self.averages = MutedLabel("Per digit, after evaluation")
        self.averages.setObjectName("classAverages")
        self.averages.setWordWrap(False)  # one line: the tables keep their height
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.averages)

    def set_confusion(self, confusion: np.ndarray) -> None:
        self.metrics = per_class(confusion)
        table = self.table
        column = table.horizontalHeader().sortIndicatorSection()
        order = table.horizontalHeader().sortIndicatorOrder()
        table.setSortingEnabled(False)  # Qt's advice: fill first, then sort
        table.setRowCount(len(self.metrics))
        for row, m in enumerate(self.metrics):
            for col, (text, key, tip) in enumerate(_cells(m)):
                item = _SortedItem(text, key)
                item.setToolTip(tip)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{COLUMNS[col]} {text}")
                table.setItem(row, col, item)
        table.setSortingEnabled(True)
        table.sortItems(column, order)
        table.fit()
        mean = macro_averages(self.metrics)
        self.averages.setText(
            f"Means: P {ratio_text(mean.precision)} · R {ratio_text(mean.recall)} · "
            f"F1 {ratio_text(mean.f1)}"
        )
        self.averages.setToolTip(
            "The means over the digits of precision (P), recall (R) and F1, each digit counting "
            "the same (macro averages)"
        )

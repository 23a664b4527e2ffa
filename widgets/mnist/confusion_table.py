"""The confusion matrix as a table: rows are the true digit, columns the predicted one; the
shade grows with the count, the diagonal (right answers) in the theme's first series colour, the
mistakes in its second (Okabe–Ito blue and vermillion: told apart with any colour vision).

The counts are never elided: when the table is small its font shrinks until the largest count
fits its cell. Tab and Shift+Tab leave the table; the arrow keys move inside it. Clicking a cell,
or Enter or Space on it, chooses it (the gallery then shows its digits); the chosen cell's count
is bold.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from widgets.shared import theme

SMALLEST_POINT_SIZE = 6.0
CHOOSING_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


def shade(colour: QColor, strength: float, base: QColor) -> QColor:
    """``colour`` laid over ``base`` with opacity ``strength`` (0–1), as an opaque colour."""

    def mix(a: float, b: float) -> float:
        return a * strength + b * (1 - strength)

    return QColor.fromRgbF(
        mix(colour.redF(), base.redF()),
        mix(colour.greenF(), base.greenF()),
        mix(colour.blueF(), base.blueF()),
    )


def relative_luminance(colour: QColor) -> float:
    """WCAG's relative luminance (0 for black, 1 for white)."""

    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    red, green, blue = linear(colour.redF()), linear(colour.greenF()), linear(colour.blueF())
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def text_on(background: QColor) -> QColor:
    """Black or white, whichever contrasts more with ``background``."""
    luminance = relative_luminance(background)
    # Contrast ratios (L1 + 0.05) / (L2 + 0.05) against white and against black.
    on_white, on_black = 1.05 / (luminance + 0.05), (luminance + 0.05) / 0.05
    return QColor("white") if on_white > on_black else QColor("black")


class ConfusionTable(QTableWidget):
    cell_chosen = Signal(int, int)  # true digit, predicted digit

    def __init__(self, parent: QWidget | None = None):
        super().__init__(10, 10, parent)
        self.setObjectName("confusionTable")
        self.setAccessibleName("Confusion matrix")
        self.setAccessibleDescription(
            "Rows: true digit; columns: predicted digit. Arrow keys move, Enter or Space "
            "shows the cell's test digits."
        )
        self.matrix: np.ndarray | None = None
        self.chosen: tuple[int, int] | None = None  # the cell whose digits the gallery shows
        self.cellClicked.connect(self._clicked)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setTabKeyNavigation(False)  # Tab moves on to the next control
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setWordWrap(False)
        for header in (self.horizontalHeader(), self.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            header.setMinimumSectionSize(8)
        self.setToolTip(
            "Rows: true digit. Columns: predicted digit. Off-diagonal cells are errors. "
            "Click a cell to see its test digits."
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
            self._fit_font()
            return
        for r in range(n):
            for c in range(n):
                count = int(self.matrix[r, c])
                item = QTableWidgetItem(str(count) if count else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                true_total = int(self.matrix[r].sum())
                words = f"true {r}, predicted {c}: {count} of {true_total}"
                item.setData(Qt.ItemDataRole.AccessibleTextRole, words)
                if count:
                    share = 100 * count / max(1, true_total)
                    item.setToolTip(f"{words} ({share:.1f}%)")
                self.setItem(r, c, item)
        self._restyle()
        self.mark(self.chosen)
        self._fit_font()

    def all_rows_height(self) -> int:
        """The height that shows every row at the smallest font, with the header and frame."""
        font = QFont(self.font())
        font.setPointSizeF(SMALLEST_POINT_SIZE)
        line = QFontMetrics(font).height()
        header = self.horizontalHeader().sizeHint().height()
        return header + self.rowCount() * (line + 1) + 2 * self.frameWidth() + 2

    def mark(self, cell: tuple[int, int] | None) -> None:
        """Show ``cell``'s count in bold (None: no cell is chosen)."""
        previous, self.chosen = self.chosen, cell
        for r, c in [c for c in (previous, cell) if c is not None]:
            item = self.item(r, c)
            if item is None:
                continue
            item.setData(Qt.ItemDataRole.FontRole, None)  # the table's (fitted) font
            if (r, c) == cell:
                font = QFont(self.font())
                font.setBold(True)
                font.setUnderline(True)
                item.setFont(font)

    def _clicked(self, row: int, column: int) -> None:
        if self.matrix is not None:
            self.cell_chosen.emit(row, column)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        index = self.currentIndex()
        if event.key() in CHOOSING_KEYS and index.isValid() and self.matrix is not None:
            self.cell_chosen.emit(index.row(), index.column())
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # e.g. View > Theme
            self._restyle()

    def _restyle(self) -> None:
        """Colour each cell by its count, in the theme's colours."""
        if self.matrix is None:
            return
        off = self.matrix.copy()
        np.fill_diagonal(off, 0)
        diag_max = max(1, int(np.diag(self.matrix).max(initial=0)))
        off_max = max(1, int(off.max(initial=0)))
        base = self.palette().base().color()
        right, wrong = QColor(theme.series_colour(0)), QColor(theme.series_colour(1))
        for r in range(len(self.matrix)):
            for c in range(len(self.matrix)):
                item = self.item(r, c)
                count = int(self.matrix[r, c])
                if item is None or not count:
                    continue
                if r == c:
                    colour = shade(right, 0.2 + 0.8 * count / diag_max, base)
                else:
                    colour = shade(wrong, 0.15 + 0.85 * count / off_max, base)
                item.setBackground(colour)
                item.setForeground(text_on(colour))

    # --- size --------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_font()

    def _fit_font(self) -> None:
        """The largest font (up to the app's) in which the widest count fits its cell."""
        widest = "8888" if self.matrix is None else str(int(self.matrix.max(initial=0)))
        columns, rows = max(1, self.columnCount()), max(1, self.rowCount())
        cell_w = (self.viewport().width() or self.width()) / columns - 4
        cell_h = (self.viewport().height() or self.height()) / rows - 1
        parent = self.parentWidget()
        font = QFont(parent.font() if parent is not None else self.font())
        size = font.pointSizeF() if font.pointSizeF() > 0 else 9.0
        while size > SMALLEST_POINT_SIZE:
            font.setPointSizeF(size)
            metrics = QFontMetrics(font)
            if metrics.horizontalAdvance(widest) <= cell_w and metrics.height() <= cell_h:
                break
            size -= 0.5
        font.setPointSizeF(max(size, SMALLEST_POINT_SIZE))
        if font != self.font():
            self.setFont(font)
            for header in (self.horizontalHeader(), self.verticalHeader()):
                header.setFont(font)
            self.mark(self.chosen)  # its bold font at the new size

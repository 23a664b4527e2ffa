"""One descent run as a table: step, point, f and gradient, one row per step revealed.

The whole path is known; revealing a step inserts rows rather than resetting the model, so a
1,000-step path plays without rebuilding the table each frame."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from engine.gradients.descent import DescentResult

Index = QModelIndex | QPersistentModelIndex


def column_titles(variables: tuple[str, ...]) -> list[str]:
    if len(variables) == 1:
        (name,) = variables
        return ["step", name, f"f({name})", f"f′({name})"]
    return ["step", *variables, f"f({', '.join(variables)})", *(f"∂f/∂{v}" for v in variables)]


class DescentTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.result: DescentResult | None = None
        self.shown = 0  # the last step revealed
        self._titles: list[str] = []

    def show(self, result: DescentResult | None, shown: int) -> None:
        """Show ``result`` up to step ``shown``: rows are added or removed when only the step
        moves, and the model is reset when the run itself changed."""
        shown = 0 if result is None else min(shown, len(result.path) - 1)
        if result is not self.result:
            self.beginResetModel()
            self.result, self.shown = result, shown
            self._titles = [] if result is None else column_titles(result.variables)
            self.endResetModel()
        elif shown > self.shown:
            self.beginInsertRows(QModelIndex(), self.shown + 1, shown)
            self.shown = shown
            self.endInsertRows()
        elif shown < self.shown:
            self.beginRemoveRows(QModelIndex(), shown + 1, self.shown)
            self.shown = shown
            self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's name)
        return 0 if self.result is None or parent.isValid() else self.shown + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._titles)

    def value(self, row: int, column: int) -> float:
        """The number in a cell (column 0 is the step)."""
        result = self.result
        assert result is not None
        n = len(result.variables)
        if column == 0:
            return float(row)
        if column <= n:
            return float(result.path[row, column - 1])
        if column == n + 1:
            return float(result.values[row])
        return float(result.gradients[row, column - n - 2])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self.result is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return str(index.row())
            return f"{self.value(index.row(), index.column()):.6g}"
        if role == Qt.ItemDataRole.ToolTipRole and index.column():
            return repr(self.value(index.row(), index.column()))  # full precision
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return self._titles[section] if section < len(self._titles) else None

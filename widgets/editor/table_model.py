"""A table model over a NumPy snapshot of the edited tensor (no widget and no cache per cell).

Rank 0, 1 and 2 show directly (a scalar as one cell, a vector as one column). Higher ranks show a
2-D slice: two axes run along rows and columns, every other axis is fixed at one position.
The perspective (which axes run along rows and columns, where the others are fixed) lives here,
as in silx's ArrayTableModel; the slice bar only edits it.
Cells are formatted on demand in ``data()``. Edits are validated here against the dtype but
applied elsewhere (the engine worker): the model only asks, through ``edit_requested``, and
reports bad input through ``edit_rejected``; it never opens a dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from engine.editor.document import Stored
from engine.editor.values import TensorIndex, exact_text, parse_value

Index = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CENTER = int(Qt.AlignmentFlag.AlignCenter)
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
EDIT = int(Qt.ItemDataRole.EditRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
DISPLAY_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole]
FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable


class TensorTableModel(QAbstractTableModel):
    edit_requested = Signal(tuple, str)  # full index into the tensor, the typed text
    edit_rejected = Signal(str)  # why the typed text cannot go into the tensor
    perspective_changed = Signal()  # a new snapshot or slice: the axes or positions may differ

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._array: np.ndarray = np.zeros((0, 0), np.float32)
        self._grid = self._array  # a 2-D *view* of _array, so in-place cell updates show up
        self.row_axis, self.col_axis = 0, 1
        self.fixed: dict[int, int] = {}  # axis -> position, for the axes not shown
        self.mutable = True
        self._short: Callable[[Any], str] = str  # a cell's text on screen, chosen per dtype
        self._align = RIGHT

    # --- the snapshot ---------------------------------------------------------------------------
    @property
    def array(self) -> np.ndarray:
        return self._array

    def set_array(self, array: np.ndarray) -> None:
        """Show a new snapshot (the model keeps it and updates it in place on cell results)."""
        self.beginResetModel()
        same_rank = array.ndim == self._array.ndim
        self._array = array
        ndim = array.ndim
        if ndim < 3:
            self.row_axis, self.col_axis, self.fixed = 0, 1, {}
        else:
            if not same_rank:  # a new rank starts on its last two axes, like NumPy prints it
                self.row_axis, self.col_axis, self.fixed = ndim - 2, ndim - 1, {}
            others = [a for a in range(ndim) if a not in (self.row_axis, self.col_axis)]
            self.fixed = {a: min(max(self.fixed.get(a, 0), 0), array.shape[a] - 1) for a in others}
        self._grid = self._make_grid()
        self._pick_formatters(array.dtype)
        self.endResetModel()
        self.perspective_changed.emit()

    def set_slice(self, row_axis: int, col_axis: int, fixed: dict[int, int]) -> None:
        """Choose which 2-D slice of a rank >= 3 tensor the grid shows."""
        self.beginResetModel()
        self.row_axis, self.col_axis, self.fixed = row_axis, col_axis, dict(fixed)
        self._grid = self._make_grid()
        self.endResetModel()
        self.perspective_changed.emit()

    def _make_grid(self) -> np.ndarray:
        a = self._array
        if a.ndim == 0:
            return a[np.newaxis, np.newaxis]
        if a.ndim == 1:
            return a[:, np.newaxis]
        if a.ndim == 2:
            return a
        picks = tuple(
            slice(None) if axis in (self.row_axis, self.col_axis) else self.fixed[axis]
            for axis in range(a.ndim)
        )
        grid = a[picks]  # basic indexing: a view, never a copy
        return grid.T if self.row_axis > self.col_axis else grid

    def _pick_formatters(self, dtype: np.dtype[Any]) -> None:
        if dtype.kind == "f":
            self._short = lambda v: f"{v:.6g}"
            self._align = RIGHT
        elif dtype.kind == "b":
            self._short = lambda v: "True" if v else "False"
            self._align = CENTER
        else:
            self._short = lambda v: str(int(v))
            self._align = RIGHT

    def tensor_index(self, row: int, column: int) -> TensorIndex:
        """The full index into the tensor of one grid cell."""
        ndim = self._array.ndim
        if ndim == 0:
            return ()
        if ndim == 1:
            return (row,)
        if ndim == 2:
            return (row, column)
        index = [self.fixed.get(axis, 0) for axis in range(ndim)]
        index[self.row_axis], index[self.col_axis] = row, column
        return tuple(index)

    def block_index(self, top: int, left: int, rows: int, columns: int) -> tuple[TensorIndex, bool]:
        """The full index of a grid rectangle, and whether a grid-shaped block must be transposed
        to match the tensor's axis order."""
        ndim = self._array.ndim
        row_slice, col_slice = slice(top, top + rows), slice(left, left + columns)
        if ndim == 0:
            return (), False
        if ndim == 1:
            return (row_slice,), False
        if ndim == 2:
            return (row_slice, col_slice), False
        index: list[int | slice] = [self.fixed.get(axis, 0) for axis in range(ndim)]
        index[self.row_axis], index[self.col_axis] = row_slice, col_slice
        return tuple(index), self.row_axis > self.col_axis

    def grid_block(self, top: int, left: int, rows: int, columns: int) -> np.ndarray:
        return self._grid[top : top + rows, left : left + columns]

    def cell_changed(self, index: TensorIndex, value: Stored) -> None:
        """A cell or block result from the engine: update the snapshot in place and repaint
        only the grid cells it covers (a full repaint would cost more than the edit)."""
        self._array[index] = value
        rect = self._grid_rect(index)
        if rect is not None:
            top, left, bottom, right = rect
            self.dataChanged.emit(self.index(top, left), self.index(bottom, right), DISPLAY_ROLES)

    def _grid_rect(self, index: TensorIndex) -> tuple[int, int, int, int] | None:
        """The grid rectangle (top, left, bottom, right) an index covers, None if not shown."""

        def span(item: int | slice) -> tuple[int, int]:
            return (item.start, item.stop - 1) if isinstance(item, slice) else (item, item)

        ndim = self._array.ndim
        if ndim == 0:
            return 0, 0, 0, 0
        if ndim == 1:
            top, bottom = span(index[0])
            return top, 0, bottom, 0
        if ndim > 2 and any(index[axis] != pos for axis, pos in self.fixed.items()):
            return None
        (top, bottom), (left, right) = span(index[self.row_axis]), span(index[self.col_axis])
        return top, left, bottom, right

    # --- Qt model API ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._grid.shape[0]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._grid.shape[1]

    def data(self, index: Index, role: int = DISPLAY) -> str | int | None:
        # Called several times per visible cell on every paint: int roles, nothing cached.
        if role == DISPLAY:
            return self._short(self._grid[index.row(), index.column()])
        if role == ALIGNMENT:
            return self._align
        if role == EDIT:
            return exact_text(self._grid[index.row(), index.column()])
        if role == TOOLTIP:
            where = ", ".join(map(str, self.tensor_index(index.row(), index.column())))
            return f"[{where}] = {exact_text(self._grid[index.row(), index.column()])}"
        return None

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> str | None:
        """Each row and column is numbered by its position along the axis it runs on."""
        if role != DISPLAY:
            return None
        vertical = orientation == Qt.Orientation.Vertical
        count = self.rowCount() if vertical else self.columnCount()
        return str(section) if 0 <= section < count else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Editable in every mode: trying to edit a tf.constant is the point of the lesson.
        return FLAGS

    def setData(  # noqa: N802 (Qt's name)
        self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        text = value if isinstance(value, str) else str(value)
        try:
            parse_value(text, self._array.dtype)
        except ValueError as exc:
            self.edit_rejected.emit(str(exc))
            return False
        self.edit_requested.emit(self.tensor_index(index.row(), index.column()), text)
        # The snapshot changes only when the engine reports the stored value; a tf.constant
        # never changes, so its edits are refused here as well.
        return self.mutable

"""The axis browser above the grid: which 2-D slice of a rank >= 3 tensor the grid shows.

The perspective lives in the table model (silx's ArrayTableWidget is the model for this split):
the bar shows it and edits it, and follows the model when a new tensor arrives. It is hidden
for ranks 0, 1 and 2, which the grid shows whole.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from widgets.editor.table_model import TensorTableModel


class SliceBar(QWidget):
    def __init__(self, model: TensorTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.row_axis_combo = QComboBox()
        self.row_axis_combo.setToolTip("The axis that runs down the grid's rows")
        self.row_axis_combo.setAccessibleName("Axis along the grid's rows")
        self.col_axis_combo = QComboBox()
        self.col_axis_combo.setToolTip("The axis that runs along the grid's columns")
        self.col_axis_combo.setAccessibleName("Axis along the grid's columns")
        self.axis_spins: dict[int, QSpinBox] = {}  # hidden axis -> its position
        # What the widgets were built for: the same shape and axes only move the spin boxes.
        self._built_for: tuple[tuple[int, ...], int, int] | None = None
        self.row_axis_combo.activated.connect(self._rows_chosen)
        self.col_axis_combo.activated.connect(self._columns_chosen)
        model.perspective_changed.connect(self._follow_model)
        self._follow_model()

    @Slot()
    def _follow_model(self) -> None:
        model = self.model
        shape = tuple(model.array.shape)
        if len(shape) < 3:
            self.hide()
        elif not self.isWindow():  # show() without a parent would open a window of its own
            self.show()
        key = (shape, model.row_axis, model.col_axis)
        if key != self._built_for:
            self._rebuild()
            self._built_for = key
            return
        for axis, spin in self.axis_spins.items():
            spin.blockSignals(True)
            spin.setValue(model.fixed.get(axis, 0))
            spin.blockSignals(False)

    def _rebuild(self) -> None:
        """Axis selectors and one position spin box per hidden axis, for rank >= 3."""
        model, shape = self.model, self.model.array.shape
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget not in (self.row_axis_combo, self.col_axis_combo):
                widget.deleteLater()
        self.axis_spins = {}
        if len(shape) < 3:
            return
        for combo, axis in (
            (self.row_axis_combo, model.row_axis),
            (self.col_axis_combo, model.col_axis),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([f"axis {i} ({n})" for i, n in enumerate(shape)])
            combo.setCurrentIndex(axis)
            combo.blockSignals(False)
        self._layout.addWidget(QLabel("Rows:"))
        self._layout.addWidget(self.row_axis_combo)
        self._layout.addWidget(QLabel("Columns:"))
        self._layout.addWidget(self.col_axis_combo)
        for axis, position in sorted(model.fixed.items()):
            spin = QSpinBox()
            spin.setRange(0, shape[axis] - 1)
            spin.setValue(position)
            spin.setPrefix(f"axis {axis} = ")
            spin.setToolTip(f"Which position along axis {axis} the grid shows")
            spin.setAccessibleName(f"Position along axis {axis}")
            spin.valueChanged.connect(self._position_moved)
            self.axis_spins[axis] = spin
            self._layout.addWidget(spin)
        self._layout.addStretch(1)

    @Slot()
    def _rows_chosen(self) -> None:
        rows, cols = self.row_axis_combo.currentIndex(), self.col_axis_combo.currentIndex()
        if rows == cols:  # picking the axis that the columns hold swaps the two
            cols = self.model.row_axis
        self._show_axes(rows, cols)

    @Slot()
    def _columns_chosen(self) -> None:
        rows, cols = self.row_axis_combo.currentIndex(), self.col_axis_combo.currentIndex()
        if rows == cols:  # picking the axis that the rows hold swaps the two
            rows = self.model.col_axis
        self._show_axes(rows, cols)

    def _show_axes(self, rows: int, cols: int) -> None:
        """Rows and columns along these axes; every other axis keeps its position (or 0)."""
        model = self.model
        fixed = {
            axis: model.fixed.get(axis, 0)
            for axis in range(model.array.ndim)
            if axis not in (rows, cols)
        }
        model.set_slice(rows, cols, fixed)

    @Slot()
    def _position_moved(self) -> None:
        fixed = {axis: spin.value() for axis, spin in self.axis_spins.items()}
        self.model.set_slice(self.model.row_axis, self.model.col_axis, fixed)

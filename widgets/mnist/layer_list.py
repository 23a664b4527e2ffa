"""The model builder: an editable list of Dense layers, each with its formula and parameter
count (the arithmetic is in the tooltip)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.mnist.model import (
    ACTIVATIONS,
    DEFAULT_LAYERS,
    INPUT_DIM,
    MAX_UNITS,
    LayerSpec,
    layer_table,
)

COLUMNS = ("Units", "Activation", "Formula", "Params")


class LayerList(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("layerTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next control
        self.table.setAccessibleName("Dense layers")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.add_button = QPushButton("Add layer")
        self.add_button.setToolTip("Insert a Dense(128, relu) layer before the output layer")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected layer")
        self.reset_button = QPushButton("Default")
        self.reset_button.setToolTip("Back to Dense(512, relu) + Dense(10, softmax)")
        self.add_button.clicked.connect(self.add_layer)
        self.remove_button.clicked.connect(self.remove_selected)
        self.reset_button.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.reset_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.set_layers(DEFAULT_LAYERS)

    # --- model ---------------------------------------------------------------------------
    def layers(self) -> tuple[LayerSpec, ...]:
        return tuple(
            LayerSpec(self._units(row).value(), self._activation(row).currentText())
            for row in range(self.table.rowCount())
        )

    def set_layers(self, layers: Iterable[LayerSpec]) -> None:
        self.table.setRowCount(0)
        for layer in layers:
            self._append(layer)
        self._refresh()

    def reset(self) -> None:
        self.set_layers(DEFAULT_LAYERS)

    def add_layer(self) -> None:
        layers = list(self.layers())
        layers.insert(max(0, len(layers) - 1), LayerSpec(128, "relu"))
        self.set_layers(layers)

    def remove_selected(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        row = min(rows) if rows else self.table.rowCount() - 2
        if 0 <= row < self.table.rowCount() and self.table.rowCount() > 1:
            layers = list(self.layers())
            del layers[row]
            self.set_layers(layers)

    # --- rows ----------------------------------------------------------------------------
    def _units(self, row: int) -> QSpinBox:
        return cast(QSpinBox, self.table.cellWidget(row, 0))

    def _activation(self, row: int) -> QComboBox:
        return cast(QComboBox, self.table.cellWidget(row, 1))

    def _append(self, layer: LayerSpec) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        units = QSpinBox()
        units.setRange(1, MAX_UNITS)
        units.setValue(int(layer.units))
        units.setToolTip("Number of units (neurons): the layer's output size")
        units.setAccessibleName(f"Layer {row + 1} units")
        units.valueChanged.connect(self._refresh)
        activation = QComboBox()
        activation.addItems(ACTIVATIONS)
        activation.setCurrentText(layer.activation)
        activation.setToolTip("Applied element-wise to dot(input, W) + b")
        activation.setAccessibleName(f"Layer {row + 1} activation")
        activation.currentTextChanged.connect(self._refresh)
        self.table.setCellWidget(row, 0, units)
        self.table.setCellWidget(row, 1, activation)
        self.table.setItem(row, 2, QTableWidgetItem())
        self.table.setItem(row, 3, QTableWidgetItem())

    def _refresh(self, *_args: object) -> None:
        for row, info in enumerate(layer_table(self.layers(), INPUT_DIM)):
            formula, params = self.table.item(row, 2), self.table.item(row, 3)
            assert formula is not None and params is not None  # made with the row
            formula.setText(info.formula)
            formula.setToolTip(
                f"output = {info.formula}\nW: weight matrix, b: bias vector of {info.units} values"
            )
            params.setText(f"{info.params:,}")
            params.setToolTip(f"{info.arithmetic} = {info.params:,} (W entries + b)")
        self.remove_button.setEnabled(self.table.rowCount() > 1)
        self._fit_height()
        self.changed.emit()

    def _fit_height(self) -> None:
        # Show every row without a half-empty table: the list is short and grows with layers.
        rows = self.table.rowCount()
        row_h = self.table.verticalHeader().defaultSectionSize()
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(header + row_h * max(2, min(rows, 6)) + 4)

    def total_parameters(self) -> int:
        return sum(row.params for row in layer_table(self.layers(), INPUT_DIM))

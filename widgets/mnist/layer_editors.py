"""The controls of one layer in the model builder: its kind, and the values that kind takes
(units, filters and kernel size, pool size, dropout rate, activation), each with its own
accessible name. Layout only; the layer list reads them back as engine.mnist.layers specs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from engine.mnist.layers import (
    ACTIVATIONS,
    MAX_FILTERS,
    MAX_UNITS,
    MAX_WINDOW,
    Conv2D,
    Dense,
    Dropout,
    Flatten,
    Layer,
    MaxPooling2D,
)

KINDS = ("Dense", "Conv2D", "MaxPooling2D", "Flatten", "Dropout")
# What a row becomes when its kind is changed: Keras's example values.
NEW_LAYERS: dict[str, Layer] = {
    "Dense": Dense(128, "relu"),
    "Conv2D": Conv2D(32, 3, "relu"),
    "MaxPooling2D": MaxPooling2D(2),
    "Flatten": Flatten(),
    "Dropout": Dropout(0.5),
}
KIND_TIPS = {
    "Dense": "Dense: every output is a weighted sum of every input (a vector in, a vector out)",
    "Conv2D": "Conv2D: small kernels slide over the image; one output channel per filter",
    "MaxPooling2D": "MaxPooling2D: keeps the largest value of each window, shrinking each side",
    "Flatten": "Flatten: lays an image's values end to end in one vector, for Dense layers",
    "Dropout": "Dropout: while training, sets a fraction of its inputs to 0 at random",
}


def kind_of(layer: Layer) -> str:
    return type(layer).__name__


def kind_box(kind: str, row: int) -> QComboBox:
    box = QComboBox()
    box.addItems(KINDS)
    for index, name in enumerate(KINDS):
        box.setItemData(index, KIND_TIPS[name], Qt.ItemDataRole.ToolTipRole)
    box.setCurrentText(kind)
    box.setToolTip(KIND_TIPS[kind])
    box.setAccessibleName(f"Layer {row + 1} kind")
    return box


def _spin(value: int, low: int, high: int, name: str, tip: str, prefix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(int(value))
    spin.setPrefix(prefix)
    spin.setAccessibleName(name)
    spin.setToolTip(tip)
    return spin


class LayerEditor(QWidget):
    """The values of one layer of a given kind; ``changed`` when any of them is edited."""

    changed = Signal()

    def __init__(self, layer: Layer, row: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind_of(layer)
        self.row = row
        self.units: QSpinBox | None = None
        self.filters: QSpinBox | None = None
        self.kernel: QSpinBox | None = None
        self.pool: QSpinBox | None = None
        self.rate: QDoubleSpinBox | None = None
        self.activation: QComboBox | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.setSpacing(3)
        where = f"Layer {row + 1}"
        if isinstance(layer, Dense):
            self.units = _spin(
                layer.units, 1, MAX_UNITS, f"{where} units", "Units: the layer's output size"
            )
            layout.addWidget(self.units)
        elif isinstance(layer, Conv2D):
            self.filters = _spin(
                layer.filters,
                1,
                MAX_FILTERS,
                f"{where} filters",
                "Filters: one kernel, and one output channel, each",
            )
            self.kernel = _spin(
                layer.kernel,
                1,
                MAX_WINDOW,
                f"{where} kernel size",
                "Kernel size k: each filter looks at k×k pixels at a time",
                prefix="k",
            )
            layout.addWidget(self.filters)
            layout.addWidget(self.kernel)
        elif isinstance(layer, MaxPooling2D):
            self.pool = _spin(
                layer.pool,
                1,
                MAX_WINDOW,
                f"{where} pool size",
                "Pool size p: each p×p window becomes its largest value",
                prefix="p",
            )
            layout.addWidget(self.pool)
        elif isinstance(layer, Dropout):
            self.rate = QDoubleSpinBox()
            self.rate.setRange(0.0, 0.95)
            self.rate.setSingleStep(0.05)
            self.rate.setDecimals(2)
            self.rate.setValue(layer.rate)
            self.rate.setAccessibleName(f"{where} dropout rate")
            self.rate.setToolTip("The fraction of inputs set to 0 at each training step")
            layout.addWidget(self.rate)
        else:
            none = QLabel("no settings")
            none.setEnabled(False)
            layout.addWidget(none)
        if isinstance(layer, Dense | Conv2D):
            self.activation = QComboBox()
            self.activation.addItems(ACTIVATIONS)
            self.activation.setCurrentText(layer.activation)
            self.activation.setAccessibleName(f"{where} activation")
            self.activation.setToolTip("Applied to each output value")
            layout.addWidget(self.activation)
        layout.addStretch(1)
        for spin in (self.units, self.filters, self.kernel, self.pool):
            if spin is not None:
                spin.valueChanged.connect(self.changed)
        if self.rate is not None:
            self.rate.valueChanged.connect(self.changed)
        if self.activation is not None:
            self.activation.currentTextChanged.connect(self.changed)

    def layer(self) -> Layer:
        """The layer these controls show."""
        activation = self.activation.currentText() if self.activation is not None else "relu"
        if self.units is not None:
            return Dense(self.units.value(), activation)
        if self.filters is not None and self.kernel is not None:
            return Conv2D(self.filters.value(), self.kernel.value(), activation)
        if self.pool is not None:
            return MaxPooling2D(self.pool.value())
        if self.rate is not None:
            return Dropout(round(self.rate.value(), 2))
        return Flatten()

"""napari-style dims sliders: one row per axis that is not fully on screen, to pick its index."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QSlider, QWidget

from engine.ranks.wording import counted
from widgets.ranks.colours import axis_color
from widgets.shared import theme


@dataclass(frozen=True)
class SliderAxis:
    """One slider: e.g. axis 0, 8 positions, "samples", "front card"."""

    axis: int
    length: int
    name: str | None
    role: str  # what picking an index does: "front card" or "index"


class DimsSliders(QWidget):
    index_changed = Signal(int, int)  # axis, index

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(4, 2, 4, 2)
        self._grid.setColumnStretch(1, 1)
        self.sliders: dict[int, QSlider] = {}
        self._values: dict[int, QLabel] = {}
        self._titles: dict[int, tuple[QLabel, SliderAxis]] = {}
        theme.notifier().changed.connect(self._restyle)

    def set_axes(self, axes: list[SliderAxis]) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:  # gone at once, not at the next event loop turn
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.sliders.clear()
        self._values.clear()
        self._titles.clear()
        for row, spec in enumerate(axes):
            axis, length = spec.axis, spec.length
            label = QLabel()
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setObjectName(f"dimsSlider{axis}")
            named = f" ({spec.name})" if spec.name else ""
            slider.setAccessibleName(f"Index along axis {axis}{named}")
            slider.setRange(0, max(0, length - 1))
            slider.setPageStep(max(1, length // 10))
            slider.setToolTip(f"Pick the index along axis {axis} ({counted(length, 'position')})")
            value = QLabel(self._value_text(0, length))
            value.setMinimumWidth(64)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            slider.valueChanged.connect(partial(self._on_slider, axis))
            self._grid.addWidget(label, row, 0)
            self._grid.addWidget(slider, row, 1)
            self._grid.addWidget(value, row, 2)
            self.sliders[axis] = slider
            self._values[axis] = value
            self._titles[axis] = (label, spec)
        self._restyle()
        self.setVisible(bool(axes))

    def _restyle(self, _dark: bool = False) -> None:
        """Each row in its axis's colour, as the theme in use draws it."""
        for axis, (label, spec) in self._titles.items():
            colour = axis_color(axis)
            title = f"axis {axis}" + (f" · {spec.name}" if spec.name else "")
            label.setText(f"<b style='color:{colour}'>{title}</b> <i>{spec.role}</i>")
            self.sliders[axis].setStyleSheet(
                f"QSlider::handle:horizontal {{ background: {colour}; width: 12px; "
                "margin: -5px 0; border-radius: 6px; }"
            )

    @staticmethod
    def _value_text(index: int, length: int) -> str:
        return f"{index} / {length - 1}"

    def set_index(self, axis: int, index: int) -> None:
        if axis in self.sliders:
            self.sliders[axis].setValue(index)

    def _on_slider(self, axis: int, index: int) -> None:
        slider = self.sliders[axis]
        self._values[axis].setText(self._value_text(index, slider.maximum() + 1))
        self.index_changed.emit(axis, index)

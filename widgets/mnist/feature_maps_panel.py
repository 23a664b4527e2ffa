"""Feature maps: for each Conv2D layer, what each of its filters makes of the digit under
inspection (its activations, one small image per filter) and the filters themselves (the
kernels). A model without Conv2D layers gets a sentence saying so, and where its first layer's
weights are.

Each layer's images share one colour scale (zero is the background, orange positive, blue
negative), so a pale map means a weak filter, not just a different scaling.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from engine.mnist.inspection import FeatureMaps
from engine.mnist.wording import count
from engine.shared.limits import shape_text
from widgets.mnist.heat_images import ColourScale, map_colours
from widgets.mnist.image_grid import ImageGrid, signed_image
from widgets.mnist.inspection_controller import MapsShown
from widgets.mnist.muted_label import MutedLabel

ACTIVATION_CELL = 48
KERNEL_CELL = 36
NO_CONV = (
    "This model has no Conv2D layers, so it has no feature maps. Its first Dense layer's "
    "weights, one 28×28 image per unit, are in the Weights tab."
)
NO_DIGIT = (
    "Draw a digit, or click a test digit in the Test digits tab, to see what each filter "
    "makes of it. The filters themselves:"
)


def kernel_images(layer: FeatureMaps) -> tuple[np.ndarray, str]:
    """One (k, k) image per filter, and how it was made from the (k, k, in, filters) kernels."""
    kernels = layer.kernels
    channels = kernels.shape[2]
    if channels == 1:
        return np.moveaxis(kernels[:, :, 0, :], -1, 0), ""
    summed = np.moveaxis(kernels.sum(axis=2), -1, 0)
    return summed, f", each summed over its {channels} input channels"


class LayerView(QWidget):
    """One Conv2D layer: its heading, its activations (when there is a digit) and its filters."""

    def __init__(self, layer: FeatureMaps, parent: QWidget | None = None):
        super().__init__(parent)
        self.layer = layer
        k, _, _, filters = layer.kernels.shape
        heading = f"<b>{layer.name}</b>: {count(filters, 'filter')} of {k}×{k}, {layer.activation}"
        if layer.activations is not None:
            heading += f" → output {shape_text(layer.activations.shape)}"
        self.heading = QLabel(heading)
        self.heading.setWordWrap(True)
        self.activations = ImageGrid(cell=ACTIVATION_CELL)
        self.activations.setAccessibleName(f"Activations of {layer.name}")
        self.activation_scale = ColourScale()
        self.kernels = ImageGrid(cell=KERNEL_CELL, framed=True)
        self.kernels.setAccessibleName(f"Filters of {layer.name}")
        self.kernel_scale = ColourScale()
        self.kernel_images, how = kernel_images(layer)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.addWidget(self.heading)
        if layer.activations is not None:
            layout.addWidget(MutedLabel("What each filter makes of the digit (its activations):"))
            layout.addWidget(self.activation_scale)
            layout.addWidget(self.activations)
        layout.addWidget(MutedLabel(f"The filters (kernels){how}:"))
        layout.addWidget(self.kernel_scale)
        layout.addWidget(self.kernels)
        self.render_images()

    def render_images(self) -> None:
        """(Re)draw the images in the palette's colours."""
        negative, zero, positive = map_colours(self.palette())
        maps = self.layer.activations
        if maps is not None:
            limit = float(np.abs(maps).max())
            signed = bool((maps < 0).any())
            self.activation_scale.set_scale(limit, signed)
            self.activations.set_images(
                self._images(np.moveaxis(maps, -1, 0), limit, (negative, zero, positive)),
                [str(i) for i in range(maps.shape[-1])],
            )
        limit = float(np.abs(self.kernel_images).max())
        self.kernel_scale.set_scale(limit)
        self.kernels.set_images(
            self._images(self.kernel_images, limit, (negative, zero, positive)),
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # e.g. View > Theme
            self.render_images()

    @staticmethod
    def _images(
        arrays: np.ndarray, limit: float, colours: tuple[QColor, QColor, QColor]
    ) -> list[QImage]:
        return [signed_image(a, *colours, scale=limit) for a in arrays]


class FeatureMapsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.shown: MapsShown | None = None
        self.title = QLabel("<b>Feature maps</b>")
        self.title.setObjectName("featureMapsTitle")
        self.title.setWordWrap(True)
        self.message = MutedLabel()
        self.message.setObjectName("featureMapsMessage")
        self.layers: list[LayerView] = []
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.addStretch(1)
        self.layer_area = QScrollArea()
        self.layer_area.setWidget(self.body)
        self.layer_area.setWidgetResizable(True)
        self.layer_area.setAccessibleName("Feature maps")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.layer_area, 1)
        layout.addStretch(0)

    def _clear(self) -> None:
        for view in self.layers:
            self.body_layout.removeWidget(view)
            view.deleteLater()
        self.layers = []

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop)

    def show_hint(self, text: str) -> None:
        self.shown = None
        self._clear()
        self.title.setText("<b>Feature maps</b>")
        self._say(text)
        self.layer_area.hide()

    def show_maps(self, shown: MapsShown) -> None:
        self.shown = shown
        self._clear()
        subject = shown.subject
        of = f" of {subject.title}" if subject is not None and shown.layers else ""
        self.title.setText(f"<b>Feature maps{of}</b>")
        self.layer_area.setVisible(bool(shown.layers))
        if not shown.layers:
            self._say(NO_CONV)
            return
        self._say(NO_DIGIT if subject is None else "")
        for layer in shown.layers:
            view = LayerView(layer)
            self.body_layout.insertWidget(self.body_layout.count() - 1, view)
            self.layers.append(view)

"""The Rank Explorer's left side: a headline with the rank and shape, the tensor picture, one
dims slider per axis the picture cannot show at once, and the image switch. The sliders and the
picture follow each other here; the tab only says which tensor to show."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from engine.ranks.wording import counted
from engine.shared.limits import shape_text
from widgets.ranks.dims_sliders import DimsSliders, SliderAxis
from widgets.ranks.picture import TensorPicture


def headline_html(array: np.ndarray, about: str) -> str:
    """ "Rank 3  3 axes · shape (3, 2, 3) · 18 int64 values", and what the example is about."""
    rank = array.ndim
    axes = counted(rank, "axis") if rank else "no axes"
    text = (
        f"<span style='font-size:15pt'><b>Rank {rank}</b></span>&nbsp;&nbsp;{axes} · "
        f"shape <b>{shape_text(array.shape)}</b> · {counted(array.size, f'{array.dtype} value')}"
    )
    return text + (f"<br><i>{about}</i>" if about else "")


class PicturePanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.picture = TensorPicture()
        self.picture.setObjectName("tensorPicture")
        self.picture.setAccessibleName("Tensor picture")
        scroll = QScrollArea()
        scroll.setAccessibleName("Tensor picture, scrolled")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.picture)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setObjectName("rankAbout")
        self.dims = DimsSliders()
        self.image_box = QCheckBox("Draw as a grayscale image")
        self.image_box.setAccessibleName("Draw as a grayscale image")
        self.image_box.setToolTip("Show the last two axes as pixels instead of numbers")
        hint = QLabel("<i>Hover a cell for its full index and value.</i>")
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, in either theme
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        options = QHBoxLayout()
        options.addWidget(self.image_box)
        options.addWidget(hint, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.headline)
        column.addWidget(scroll, 1)
        column.addWidget(self.dims)
        column.addLayout(options)
        # a slider moves the picture's front card; a click on a card behind moves the slider
        self.dims.index_changed.connect(self.picture.set_index)
        self.picture.card_requested.connect(self.dims.set_index)

    def show_tensor(
        self,
        array: np.ndarray,
        names: Sequence[str | None],
        captions: Sequence[str] = (),
        image: bool = False,
    ) -> None:
        self.picture.set_tensor(array, names, captions, image)
        self.picture.setAccessibleDescription(
            f"x: rank {array.ndim}, shape {shape_text(array.shape)}, {array.dtype}. Hover a cell "
            "for its index and value; Page Up and Page Down flip through a stack."
        )
        self.image_box.blockSignals(True)  # showing the state is not a request to change it
        self.image_box.setChecked(self.picture.image_mode)
        self.image_box.setEnabled(array.ndim >= 2)
        self.image_box.blockSignals(False)
        card_axis = array.ndim - 3
        self.dims.set_axes(
            [
                SliderAxis(
                    axis,
                    array.shape[axis],
                    names[axis] if axis < len(names) else None,
                    "front card" if axis == card_axis else "index",
                )
                for axis in self.picture.slider_axes()
            ]
        )

    def show_headline(self, array: np.ndarray, about: str) -> None:
        self.headline.setText(headline_html(array, about))

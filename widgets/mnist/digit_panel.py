"""Draw a digit and see what the model makes of it: the canvas, the 28×28 image the model is
fed, the predicted digit and the ten class probabilities."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.mnist.results import Prediction
from widgets.mnist.digit_canvas import DigitCanvas
from widgets.mnist.image_grid import gray_image
from widgets.mnist.probability_bars import ProbabilityBars

PREVIEW = 56
HINT = "Draw a digit; the model's guess appears here."


class DigitPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("Draw a digit", parent)
        self.canvas = DigitCanvas()
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Erase the drawing (Delete)")
        self.clear_button.setAccessibleName("Clear the drawing")
        self.clear_button.clicked.connect(self.canvas.clear)
        self.prediction_label = QLabel(HINT)
        self.prediction_label.setObjectName("predictionLabel")
        self.prediction_label.setWordWrap(True)
        self.preview = QLabel()
        self.preview.setFixedSize(PREVIEW, PREVIEW)
        self.preview.setToolTip(
            "What the model sees: cropped to the ink, scaled to fit 20×20, centred by its centre "
            "of mass in 28×28, as MNIST's digits were prepared"
        )
        self.preview.setFrameShape(QFrame.Shape.Box)  # the frame in the palette's colours
        self.preview.setAccessibleName("The 28×28 image the model sees")
        self.bars = ProbabilityBars()

        left = QVBoxLayout()
        left.addWidget(self.canvas, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        left.addLayout(buttons)
        preview_row = QHBoxLayout()
        preview_row.addWidget(self.preview)
        preview_row.addWidget(self.prediction_label, 1)
        right = QVBoxLayout()
        right.addLayout(preview_row)
        right.addWidget(self.bars, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

    def show_prediction(self, prediction: Prediction | None) -> None:
        """``prediction``: the model's answer for the drawing, or None for a blank canvas."""
        if prediction is None or prediction.probabilities is None or prediction.image is None:
            self.bars.set_probabilities(None)
            self.preview.clear()
            self.prediction_label.setText(HINT)
            return
        p = prediction.probabilities
        digit = prediction.digit
        assert digit is not None  # there are probabilities
        self.bars.set_probabilities(p)
        image = (np.clip(prediction.image, 0, 1) * 255).astype(np.uint8)
        self.preview.setPixmap(QPixmap.fromImage(gray_image(image)).scaled(PREVIEW, PREVIEW))
        self.prediction_label.setText(
            f"<span style='font-size:20pt'><b>{digit}</b></span> ({100 * p[digit]:.1f}%)"
        )

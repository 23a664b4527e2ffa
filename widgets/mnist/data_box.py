"""The Data box: where the data comes from, the buttons that change it, and what it holds (shapes,
class counts, the first images and the preprocessing the model is fed)."""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from engine.mnist.architecture import FLAT_SHAPE, preprocessing
from engine.mnist.layers import Shape
from engine.shared.limits import shape_text
from engine.shared.mnist_data import MnistData
from widgets.mnist.image_grid import ImageGrid, gray_image
from widgets.shared.message_line import MessageLine

STRIP_IMAGES = 12


def _selectable_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DataBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("Data", parent)
        self.source_label = _selectable_label("Not loaded yet")
        self.open_npz_button = QPushButton("Open .npz…")
        self.open_npz_button.setToolTip(
            "Open an .npz with x_train, y_train, x_test, y_test (Keras's layout), e.g. "
            "Fashion-MNIST (Ctrl+O)"
        )
        self.open_idx_button = QPushButton("IDX folder…")
        self.open_idx_button.setToolTip(
            "Open a folder holding the four IDX files (train-images-idx3-ubyte, …), gzipped or not"
        )
        self.bundled_button = QPushButton("MNIST")
        self.bundled_button.setToolTip(
            "Back to MNIST: Keras's cache ~/.keras/datasets/mnist.npz, else the bundled copy"
        )
        buttons = QHBoxLayout()
        for button in self.buttons():
            buttons.addWidget(button)
        self.data_message = MessageLine()
        self.data_message.setObjectName("dataMessage")
        self.data_summary = _selectable_label()
        self.preprocess_label = QLabel()
        self.preprocess_label.setObjectName("preprocessLabel")
        self.preprocess_label.setWordWrap(True)
        self.samples = 0  # training samples of the data shown
        self.input_shape: Shape = FLAT_SHAPE  # one sample as the model takes it
        self.sample_strip = ImageGrid(cell=24)
        self.sample_strip.setObjectName("sampleStrip")
        self.sample_strip.setToolTip(
            "The first training images; the Samples tab shows their labels"
        )
        self.sample_strip.setFixedHeight(32)
        self.sample_strip.setAccessibleName("The first training images")
        layout = QVBoxLayout(self)
        layout.addWidget(self.source_label)
        layout.addLayout(buttons)
        layout.addWidget(self.data_message)
        layout.addWidget(self.data_summary)
        layout.addWidget(self.sample_strip)
        layout.addWidget(self.preprocess_label)

    def buttons(self) -> tuple[QPushButton, ...]:
        return (self.open_npz_button, self.open_idx_button, self.bundled_button)

    def show_data(self, data: MnistData) -> None:
        d = data
        counts = np.bincount(d.y_train, minlength=d.num_classes)
        self.source_label.setText(f"<b>Source:</b> {d.source}")
        count_text = " ".join(f"{i}:{c:,}" for i, c in enumerate(counts))
        self.data_summary.setText(
            f"<b>Train</b> x {d.x_train.shape} {d.x_train.dtype} · y {d.y_train.shape} "
            f"{d.y_train.dtype}<br><b>Test</b> x {d.x_test.shape} {d.x_test.dtype} · "
            f"y {d.y_test.shape} {d.y_test.dtype}<br><b>{d.num_classes} classes</b>, "
            f"train images per class:<br><span style='font-size:small'>{count_text}</span>"
        )
        self.data_summary.setToolTip(
            "Images per class in the training set: "
            + ", ".join(f"{i}: {c:,}" for i, c in enumerate(counts))
        )
        n = len(d.x_train)
        self.samples = n
        self.show_input(self.input_shape)
        self.sample_strip.set_images(
            [gray_image(d.x_train[i]) for i in range(min(STRIP_IMAGES, n))]
        )

    def show_input(self, input_shape: Shape) -> None:
        """How the images become what a model of ``input_shape`` takes: (n, 784) for Dense
        layers, (n, 28, 28, 1) for conv layers, with the reshape line of the code."""
        self.input_shape = input_shape
        steps = preprocessing(input_shape)
        line = steps.code[1].replace("x_train", "x")
        n = f"{self.samples:,}" if self.samples else "n"
        target = "(" + n + ", " + shape_text(input_shape)[1:].rstrip(",)") + ")"
        self.preprocess_label.setText(
            "<b>Preprocessing</b><br><code style='white-space:pre'>"
            f"{html.escape(line)}</code><br>"
            f"({n}, 28, 28) uint8 0–255 → {target} float32 0–1"
        )
        self.preprocess_label.setToolTip(steps.words)

"""The MNIST Trainer tab."""

from PySide6.QtWidgets import QVBoxLayout, QWidget

from engine.worker import Worker
from widgets.placeholder import PlaceholderTab


class MnistTrainerTab(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        layout = QVBoxLayout(self)
        layout.addWidget(
            PlaceholderTab(
                "MNIST Trainer",
                (
                    "Build, compile and fit Dense(512, relu) + Dense(10, softmax) on MNIST "
                    "and watch it learn."
                ),
            )
        )

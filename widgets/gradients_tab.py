"""The Gradients tab."""

from PySide6.QtWidgets import QVBoxLayout, QWidget

from engine.worker import Worker
from widgets.placeholder import PlaceholderTab


class GradientsTab(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        layout = QVBoxLayout(self)
        layout.addWidget(
            PlaceholderTab(
                "Gradients",
                (
                    "Differentiate an expression with tf.GradientTape, see why an unwatched "
                    "constant gives None, and plot first and second derivatives."
                ),
            )
        )

"""The Tensor Editor tab."""

from PySide6.QtWidgets import QVBoxLayout, QWidget

from engine.worker import Worker
from widgets.placeholder import PlaceholderTab


class TensorEditorTab(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        layout = QVBoxLayout(self)
        layout.addWidget(
            PlaceholderTab(
                "Tensor Editor",
                (
                    "Edit a NumPy array, a tf.constant or a tf.Variable cell by cell, and "
                    "see which of them accepts item assignment."
                ),
            )
        )

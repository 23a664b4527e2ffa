"""The Rank Explorer tab."""

from PySide6.QtWidgets import QVBoxLayout, QWidget

from engine.worker import Worker
from widgets.placeholder import PlaceholderTab


class RankExplorerTab(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        layout = QVBoxLayout(self)
        layout.addWidget(
            PlaceholderTab(
                "Rank Explorer",
                (
                    "See scalars, vectors, matrices and higher-rank tensors with their "
                    "axes, shapes and dtypes."
                ),
            )
        )

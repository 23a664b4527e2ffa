"""A plain note that stands in a tab until that tab's own work lands."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderTab(QWidget):
    def __init__(self, title: str, plan: str, parent: QWidget | None = None):
        super().__init__(parent)
        note = QLabel(f"<h2>{title}</h2><p>{plan}</p><p><i>This tab is not built yet.</i></p>")
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(note)

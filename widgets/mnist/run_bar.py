"""Train and Stop, the run's progress bar and status, and the run's message line beneath them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from widgets.shared.message_line import MessageLine
from widgets.shared.status_text import StatusText

PROGRESS_STEPS = 1000


class RunBar(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.train_button = QPushButton("Train")
        self.train_button.setObjectName("trainButton")
        self.train_button.setToolTip(
            "Build a fresh model from the settings and fit it (Ctrl+Enter)"
        )
        self.train_button.setDefault(True)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setToolTip(
            "Stop training (Esc). It takes effect after the current chunk of up to 32 batches "
            "(steps_per_execution); the model keeps what it learned."
        )
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("trainingProgress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress.setFormat("%p%")
        self.progress.setAccessibleName("Training progress")
        # Shrinks (and elides) rather than forcing a wide window, and never relayouts.
        self.progress_label = StatusText("Ready to train")
        self.progress_label.setObjectName("progressLabel")
        self.progress_label.setAccessibleName("Run status")
        row = QHBoxLayout()
        row.addWidget(self.train_button)
        row.addWidget(self.stop_button)
        row.addWidget(self.progress, 2)
        row.addWidget(self.progress_label, 3)

        self.run_message = MessageLine()
        self.run_message.setObjectName("runMessage")
        # Always shown at a fixed height: a message appearing must not resize the live plot
        # (a resize means a full matplotlib redraw, which stalls the GUI while training).
        line = self.run_message.fontMetrics().lineSpacing()
        self.run_message.setFixedHeight(2 * line + 12)
        self.run_message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.run_message)

    def set_running(self, running: bool) -> None:
        self.train_button.setEnabled(not running)
        self.stop_button.setEnabled(running)

    def show_updates(self, done: int, planned: int) -> None:
        """The bar at ``done`` of ``planned`` gradient updates."""
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setValue(int(PROGRESS_STEPS * done / max(1, planned)))

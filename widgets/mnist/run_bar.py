"""Train and Stop, the run's progress bar and status, Train more with its epochs, and the run's
message line beneath them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

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
        self.has_model = False  # Train more needs a model to continue
        more = self._more_row()

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
        layout.addLayout(more)
        layout.addWidget(self.run_message)

    def _more_row(self) -> QHBoxLayout:
        self.more_button = QPushButton("Train more")
        self.more_button.setObjectName("trainMoreButton")
        self.more_button.setToolTip(
            "Go on training the model on screen for this many more epochs: its weights, its "
            "optimizer's state, the epoch count and the curves continue (Ctrl+Shift+Enter)"
        )
        self.more_button.setEnabled(False)  # until there is a model
        self.more_edit = QLineEdit("2")
        self.more_edit.setObjectName("moreEpochsEdit")
        self.more_edit.setAccessibleName("Train more epochs")
        self.more_edit.setToolTip("How many more epochs Train more adds (at least 1)")
        self.more_edit.setMaximumWidth(self.more_edit.fontMetrics().horizontalAdvance("0000") + 16)
        unit = QLabel("more epochs")
        unit.setBuddy(self.more_edit)
        # Beside the field: a refused count is said where it was typed. A fixed height, as the
        # run message's: a message appearing must not resize the live plot.
        self.more_message = MessageLine()
        self.more_message.setObjectName("moreMessage")
        self.more_message.setWordWrap(False)
        self.more_message.setFixedHeight(self.more_message.fontMetrics().lineSpacing() + 10)
        row = QHBoxLayout()
        row.addWidget(self.more_button)
        row.addWidget(self.more_edit)
        row.addWidget(unit)
        row.addWidget(self.more_message, 1)
        row.addStretch(0)
        return row

    def set_running(self, running: bool) -> None:
        self.train_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.more_button.setEnabled(not running and self.has_model)

    def set_has_model(self, has_model: bool) -> None:
        self.has_model = has_model
        self.more_button.setEnabled(has_model and not self.stop_button.isEnabled())

    def show_updates(self, done: int, planned: int) -> None:
        """The bar at ``done`` of ``planned`` gradient updates."""
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setValue(int(PROGRESS_STEPS * done / max(1, planned)))

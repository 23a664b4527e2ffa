"""The descent's settings and player: a row of settings per run (the second one optional, to
compare), Step / Play / Pause / Reset, and the runs' notes. Layout and rendering only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from engine.gradients.descent import MAX_LEARNING_RATE, MAX_STEPS
from widgets.gradients.colours import run_colour, swatch
from widgets.gradients.descent_controller import DescentFrame
from widgets.gradients.descent_inputs import OPTIMIZER_TITLES, RUN_NAMES, RunForm
from widgets.shared.message_line import MessageLine, Severity
from widgets.shared.status_text import StatusText

FIELDS = ("learning_rate", "momentum", "steps")


class RunRow:
    """One run's widgets in the settings grid, and the message line under each field."""

    def __init__(self, grid: QGridLayout, row: int, name: QWidget, run: str):
        self.optimizer = QComboBox()
        for key, title in OPTIMIZER_TITLES.items():
            self.optimizer.addItem(title, key)
        self.optimizer.setToolTip("keras.optimizers: SGD (with momentum), RMSprop or Adam")
        self.learning_rate = QLineEdit()
        self.learning_rate.setToolTip(f"Greater than 0, at most {MAX_LEARNING_RATE:g}")
        self.momentum = QLineEdit()
        self.momentum.setToolTip("SGD's momentum: at least 0 and below 1 (0: plain SGD)")
        self.steps = QLineEdit()
        self.steps.setToolTip(f"How many optimizer steps: 1 to {MAX_STEPS:,}")
        self.edits = {"learning_rate": self.learning_rate, "momentum": self.momentum}
        self.edits["steps"] = self.steps
        grid.addWidget(name, row, 0)
        fields: tuple[tuple[QWidget, str], ...] = (
            (self.optimizer, "optimizer"),
            (self.learning_rate, "learning rate"),
            (self.momentum, "momentum"),
            (self.steps, "steps"),
        )
        for column, (widget, what) in enumerate(fields, start=1):
            widget.setAccessibleName(f"Run {run} {what}")
            grid.addWidget(widget, row, column)
        self.active = True
        self.messages: dict[str, MessageLine] = {}
        for offset, field in enumerate(FIELDS, start=1):
            line = MessageLine()
            line.setObjectName(f"{field}Message")
            grid.addWidget(line, row + offset, 0, 1, 5)
            self.messages[field] = line
        self.optimizer.currentIndexChanged.connect(self._update_momentum)

    def set_active(self, active: bool) -> None:
        self.active = active
        for widget in (self.optimizer, self.learning_rate, self.steps):
            widget.setEnabled(active)
        self._update_momentum()
        if not active:
            self.show_errors({})

    def form(self) -> RunForm:
        return RunForm(
            self.optimizer.currentData(),
            self.learning_rate.text(),
            self.momentum.text(),
            self.steps.text(),
        )

    def set_form(self, form: RunForm) -> None:
        index = self.optimizer.findData(form.optimizer)
        self.optimizer.setCurrentIndex(max(index, 0))
        self.learning_rate.setText(form.learning_rate)
        self.momentum.setText(form.momentum)
        self.steps.setText(form.steps)

    def show_errors(self, errors: dict[str, str]) -> None:
        for field, line in self.messages.items():
            if field in errors:
                line.show_error(errors[field])
            else:
                line.clear_message()

    def _update_momentum(self) -> None:
        """Momentum is a setting of SGD only."""
        self.momentum.setEnabled(self.active and self.optimizer.currentData() == "sgd")


class DescentControls(QGroupBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("Descent from the point", parent)
        column = QVBoxLayout(self)
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        for i, title in enumerate(("Optimizer", "Learning rate", "Momentum", "Steps"), start=1):
            grid.addWidget(QLabel(f"<small>{title}</small>"), 0, i)
        # The name in the palette's text colour, the run's colour in a square beside it (as
        # text, vermillion and bluish green fall short of 4.5:1 on a light window).
        label_a = QLabel(f"<span style='color:{run_colour(0)}'>■</span>&nbsp;<b>{RUN_NAMES[0]}</b>")
        label_a.setToolTip(f"Run {RUN_NAMES[0]}, drawn in this colour")
        self.run_a = RunRow(grid, 1, label_a, RUN_NAMES[0])
        self.compare_check = QCheckBox(RUN_NAMES[1])
        self.compare_check.setIcon(swatch(run_colour(1)))
        self.compare_check.setToolTip(
            f"Compare: a second run {RUN_NAMES[1]} from the same point, in this colour"
        )
        self.compare_check.setAccessibleName(f"Compare with a second run, {RUN_NAMES[1]}")
        self.run_b = RunRow(grid, 1 + len(FIELDS) + 1, self.compare_check, RUN_NAMES[1])
        grid.setColumnStretch(2, 1)
        column.addLayout(grid)

        buttons = QHBoxLayout()
        style = self.style()
        self.step_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward), "Step"
        )
        self.step_button.setToolTip("Reveal the next step")
        self.play_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay), "Play"
        )
        self.play_button.setToolTip("Play the path step by step (from the start once it ended)")
        self.pause_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_MediaPause), "Pause"
        )
        self.reset_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward), "Reset"
        )
        self.reset_button.setToolTip("Back to the start: the path is hidden")
        for button in (self.step_button, self.play_button, self.pause_button, self.reset_button):
            button.setAccessibleName(f"{button.text()} the descent")
            buttons.addWidget(button)
        column.addLayout(buttons)
        self.progress = StatusText("")  # changes every frame: no relayout (see StatusText)
        self.progress.setObjectName("descentProgress")
        column.addWidget(self.progress)
        self.notes = [MessageLine(), MessageLine()]
        self._notes_shown = ["", ""]
        for line in self.notes:
            column.addWidget(line)
        self.compare_check.toggled.connect(self._update_compare)
        self._update_compare()

    def rows(self) -> tuple[RunRow, RunRow]:
        return self.run_a, self.run_b

    def run_forms(self) -> tuple[RunForm, ...]:
        """Run A's fields, and run B's when comparing."""
        if self.compare_check.isChecked():
            return (self.run_a.form(), self.run_b.form())
        return (self.run_a.form(),)

    def _update_compare(self) -> None:
        self.run_b.set_active(self.compare_check.isChecked())

    def show_frame(self, frame: DescentFrame, waiting: bool) -> None:
        """The buttons, the step reached and the notes of the runs shown to their end."""
        results = frame.results
        self.pause_button.setEnabled(frame.playing)
        self.play_button.setEnabled(not frame.playing)
        self.step_button.setEnabled(not frame.finished or waiting)
        self.reset_button.setEnabled(bool(results) or frame.playing)
        if waiting and not results:
            self.progress.setText("Computing the path…")
        elif results:
            self.progress.setText(f"Step {frame.revealed} of {frame.last_step}")
        else:
            self.progress.setText("")
        for run, line in enumerate(self.notes):
            note = run_note(frame, run)
            if note != self._notes_shown[run]:  # a label's relayout costs a frame: only changes
                self._notes_shown[run] = note
                if note:
                    line.show_message(note, Severity.WARNING)
                else:
                    line.clear_message()


def run_note(frame: DescentFrame, run: int) -> str:
    """Why run ``run`` stopped early, or how it went, once it is shown to its end."""
    if run >= len(frame.results) or not frame.ended(run):
        return ""
    result, name = frame.results[run], RUN_NAMES[run]
    if result.stopped:
        return f"Run {name} stopped: {result.stopped}"
    if result.notes:
        return f"Run {name}: " + " ".join(result.notes)
    return ""

"""The row that picks how the tensor is held: a NumPy array, a tf.constant or a tf.Variable, with
a hint of what an edit does in that mode. Layout and rendering only; the tab asks the engine."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from engine.editor.document import Mode

MODE_LABELS = {
    Mode.NUMPY: ("NumPy array", "x = np.array(...): mutable, cells change in place (x[i, j] = v)"),
    Mode.CONSTANT: (
        "tf.constant",
        "t = tf.constant(...): immutable, TensorFlow refuses every edit",
    ),
    Mode.VARIABLE: ("tf.Variable", "v = tf.Variable(...): changes only through v[i, j].assign(v)"),
}
HINTS = {
    Mode.NUMPY: "Edit a cell: x[i, j] = value changes the array in place.",
    Mode.CONSTANT: "Try to edit a cell: a tf.constant refuses item assignment.",
    Mode.VARIABLE: "Edit a cell: v[i, j].assign(value) changes the variable.",
}
MODE_STYLE = (
    "QToolButton { padding: 3px 10px; }"
    "QToolButton:checked { background: #1f5fa8; color: white; border: 1px solid #174a85;"
    " border-radius: 3px; font-weight: bold; }"
)


class ModeBar(QWidget):
    mode_chosen = Signal(Mode)  # a button of another mode than the one held was clicked

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._shown = Mode.NUMPY
        self.group = QButtonGroup(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("<b>Hold it as</b>"))
        self.buttons: dict[Mode, QToolButton] = {}
        for mode, (text, tip) in MODE_LABELS.items():
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setCheckable(True)
            button.setMinimumWidth(96)
            button.setStyleSheet(MODE_STYLE)
            self.group.addButton(button)
            self.buttons[mode] = button
            row.addWidget(button)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #555;")
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addSpacing(8)
        row.addWidget(self.hint, 1)
        self.group.buttonClicked.connect(self._clicked)
        self.show_mode(Mode.NUMPY)

    def show_mode(self, mode: Mode) -> None:
        self._shown = mode
        for each, button in self.buttons.items():
            button.setChecked(each is mode)
        self.hint.setText(HINTS[mode])

    @Slot()
    def _clicked(self) -> None:
        for mode, button in self.buttons.items():
            if button.isChecked() and mode is not self._shown:
                self.mode_chosen.emit(mode)

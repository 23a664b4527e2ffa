"""The row that picks how the tensor is held: a NumPy array, a tf.constant or a tf.Variable, with
a hint of what an edit does in that mode, spelled at the tensor's own rank (``x[i] = value`` for
a vector, ``v.assign(value)`` for a scalar). Layout and rendering only; the tab asks the engine.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from engine.editor.document import Mode
from engine.editor.spelling import cell_statement

TITLES = {Mode.NUMPY: "NumPy array", Mode.CONSTANT: "tf.constant", Mode.VARIABLE: "tf.Variable"}


def tooltip(mode: Mode, rank: int) -> str:
    statement = cell_statement(mode, rank)
    if mode is Mode.NUMPY:
        return f"x = np.array(...): mutable, cells change in place ({statement})"
    if mode is Mode.CONSTANT:
        return "t = tf.constant(...): immutable, TensorFlow refuses every edit"
    return f"v = tf.Variable(...): changes only through {statement}"


def hint(mode: Mode, rank: int) -> str:
    statement = cell_statement(mode, rank)
    if mode is Mode.NUMPY:
        return f"Edit a cell: {statement} changes the array in place."
    if mode is Mode.CONSTANT:
        return f"Try to edit a cell: a tf.constant refuses {statement} (item assignment)."
    return f"Edit a cell: {statement} changes the variable."


MODE_STYLE = (
    "QToolButton { padding: 3px 10px; }"
    "QToolButton:checked { background: #1f5fa8; color: white; border: 1px solid #174a85;"
    " border-radius: 3px; font-weight: bold; }"
)


class ModeBar(QWidget):
    mode_chosen = Signal(Mode)  # a button of another mode than the one held was clicked

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._shown = (Mode.NUMPY, 2)
        self.group = QButtonGroup(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("<b>Hold it as</b>"))
        self.buttons: dict[Mode, QToolButton] = {}
        for mode, text in TITLES.items():
            button = QToolButton()
            button.setText(text)
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
        self.show_mode(Mode.NUMPY, 2)

    def show_mode(self, mode: Mode, rank: int) -> None:
        self._shown = (mode, rank)
        for each, button in self.buttons.items():
            button.setChecked(each is mode)
            button.setToolTip(tooltip(each, rank))
        self.hint.setText(hint(mode, rank))

    @Slot()
    def _clicked(self) -> None:
        for mode, button in self.buttons.items():
            if button.isChecked() and mode is not self._shown[0]:
                self.mode_chosen.emit(mode)

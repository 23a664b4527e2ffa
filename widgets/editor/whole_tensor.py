"""The "Change the whole tensor" box: a value (ones, zeros, random normal or a literal) and the
two ways to put it in, spelled as the held mode spells them. Layout and rendering only."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from engine.editor.document import NAMES, Mode
from widgets.editor.settings import MAX_SEED, VALUE_KINDS
from widgets.shared.message_line import MessageLine


class WholeTensorPanel(QGroupBox):
    inputs_edited = Signal()  # the value, its seed or the literal changed

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Change the whole tensor", parent)
        self.value_combo = QComboBox()
        self.value_combo.addItems(VALUE_KINDS)
        self.value_combo.setToolTip("The value to assign (or add), shaped like the tensor")
        self.value_seed = QSpinBox()
        self.value_seed.setRange(0, MAX_SEED)
        self.value_seed.setToolTip("Seed of np.random.default_rng for random normal values")
        self.literal_edit = QLineEdit("1.5")
        self.literal_edit.setPlaceholderText("2.5, or a nested list of the tensor's shape")
        self.literal_edit.setToolTip("One number fills every cell; a nested list gives each cell")
        self.assign_button = QPushButton()
        self.assign_add_button = QPushButton()
        self.message = MessageLine()
        self.message.setAccessibleName("Whole-tensor message")
        for widget, name in (
            (self.value_combo, "Value to assign"),
            (self.value_seed, "Seed of the random value"),
            (self.literal_edit, "Literal value"),
        ):
            widget.setAccessibleName(name)
        self.message.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        form = QFormLayout(self)
        form.addRow("Value", self.value_combo)
        form.addRow("Seed", self.value_seed)
        form.addRow("Literal", self.literal_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.assign_button)
        buttons.addWidget(self.assign_add_button)
        form.addRow(buttons)
        form.addRow(self.message)
        self.value_combo.currentTextChanged.connect(self._update_value_inputs)
        self.value_combo.currentTextChanged.connect(self.inputs_edited)
        self.value_seed.valueChanged.connect(self.inputs_edited)
        self.literal_edit.textEdited.connect(self.inputs_edited)
        self._update_value_inputs()
        self.show_mode(Mode.NUMPY)

    @Slot()
    def _update_value_inputs(self) -> None:
        kind = self.value_combo.currentText()
        self.value_seed.setEnabled(kind == "random normal")
        self.literal_edit.setEnabled(kind == "literal")

    def show_mode(self, mode: Mode) -> None:
        """The buttons say the statement they run in this mode."""
        if mode is Mode.NUMPY:
            self.assign_button.setText("x[...] = value")
            self.assign_add_button.setText("x += value")
        else:
            name = NAMES[mode]
            self.assign_button.setText(f"{name}.assign(value)")
            self.assign_add_button.setText(f"{name}.assign_add(value)")
        for button, what in ((self.assign_button, "Assign"), (self.assign_add_button, "Add")):
            button.setAccessibleName(f"{what} the value to the whole tensor: {button.text()}")
        refused = " (a tf.constant refuses: try it)" if mode is Mode.CONSTANT else ""
        self.assign_button.setToolTip(f"Replace every element in place{refused}")
        self.assign_add_button.setToolTip(f"Add the value to every element in place{refused}")

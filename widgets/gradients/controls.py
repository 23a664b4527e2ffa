"""The Gradients tab's left column: presets, the function and its point and range, what to
differentiate, and the values at the point. Layout and rendering only; the tab wires it up."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from engine.gradients.derivatives import GradientResult
from engine.gradients.grammar import DTYPE
from engine.gradients.tape import derivative_names
from widgets.gradients.inputs import CURVE_POINTS, PRESETS, FormText, curve_labels, format_number
from widgets.shared.message_line import MessageLine

SLIDER_STEPS = 1000
ABOUT = (
    "<b>How it works</b><br>"
    "While a <code>tf.GradientTape</code> is open it keeps a log of the operations "
    "applied to the tensors it watches. <code>tape.gradient(y, x)</code> replays that "
    "log backwards to get dy/dx. A <code>tf.Variable</code> is watched without being "
    "asked; a <code>tf.constant</code> only after <code>tape.watch()</code>, and with "
    "an empty log the answer is <code>None</code>. Opening one tape inside another "
    "lets the outer one log the inner gradient too, so it can differentiate it again: "
    "that is f″, and with three tapes f‴."
)


class GradientControls(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 6, 0)
        column.addWidget(self._presets())
        column.addWidget(self._function())
        column.addWidget(self._source())
        column.addWidget(self._values())
        about = QLabel(ABOUT)
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.RichText)
        about.setStyleSheet("color: #444444;")
        column.addWidget(about)
        self.status = QLabel()
        self.status.setObjectName("gradientsStatus")
        self.status.setStyleSheet("color: #555555;")
        column.addWidget(self.status)
        column.addStretch(1)
        self.variable_radio.toggled.connect(self._update_watch_enabled)
        self._update_watch_enabled()

    # --- building -------------------------------------------------------------------------
    def _presets(self) -> QGroupBox:
        box = QGroupBox("Presets")
        grid = QGridLayout(box)
        self.preset_buttons: list[QPushButton] = []
        for i, preset in enumerate(PRESETS):
            button = QPushButton(preset.title)
            button.setToolTip(f"{preset.expression} at {preset.point:g}: {preset.tip}")
            grid.addWidget(button, i // 4, i % 4)
            self.preset_buttons.append(button)
        return box

    def _function(self) -> QGroupBox:
        box = QGroupBox("Function")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.expression_edit = QLineEdit()
        self.expression_edit.setObjectName("expressionEdit")
        self.expression_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.expression_edit.setClearButtonEnabled(True)
        self.expression_edit.setPlaceholderText("e.g. sin(x) * exp(-x)")
        self.expression_edit.setToolTip(
            "One variable (x, t, …), numbers, + - * / **, parentheses, pi, e and\n"
            "sin cos tan exp log sqrt tanh sigmoid relu abs square softplus.\n"
            "Read safely with Python's ast: nothing is executed. (Ctrl+L)"
        )
        self.expression_label = QLabel("f(x) =")
        form.addRow(self.expression_label, self.expression_edit)
        self.expression_message = MessageLine()
        form.addRow(self.expression_message)

        self.point_edit = QLineEdit()
        self.point_edit.setObjectName("pointEdit")
        self.point_edit.setToolTip("The point where the values, marker and tangents are shown")
        self.point_label = QLabel("x₀ =")
        form.addRow(self.point_label, self.point_edit)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setToolTip("Move the point across the plotted range (or drag on the plot)")
        form.addRow("", self.slider)
        self.point_message = MessageLine()
        form.addRow(self.point_message)

        range_row = QHBoxLayout()
        self.low_edit = QLineEdit()
        self.high_edit = QLineEdit()
        for edit, tip in ((self.low_edit, "Left end"), (self.high_edit, "Right end")):
            edit.setToolTip(f"{tip} of the plotted range ({CURVE_POINTS} points)")
            edit.setMaximumWidth(110)
        range_row.addWidget(self.low_edit)
        range_row.addWidget(QLabel("to"))
        range_row.addWidget(self.high_edit)
        range_row.addStretch(1)
        form.addRow("Range:", range_row)
        self.range_message = MessageLine()
        form.addRow(self.range_message)
        return box

    def _source(self) -> QGroupBox:
        box = QGroupBox("Differentiate with respect to")
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.variable_radio = QRadioButton("tf.&Variable")
        self.variable_radio.setToolTip(
            "A trainable tf.Variable: every tape watches it automatically"
        )
        self.constant_radio = QRadioButton("tf.&constant")
        self.constant_radio.setToolTip(
            "A tf.constant: a tape records its ops only after tape.watch(x)"
        )
        self.source_group = QButtonGroup(self)
        self.source_group.addButton(self.variable_radio)
        self.source_group.addButton(self.constant_radio)
        self.variable_radio.setChecked(True)
        self.watch_check = QCheckBox("tape.&watch(x)")
        self.watch_check.setChecked(True)
        self.watch_check.setToolTip(
            "Only for a constant: without watch() the tape records nothing, so the gradient is None"
        )
        for widget in (self.variable_radio, self.constant_radio, self.watch_check):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)

        order_row = QHBoxLayout()
        order_row.addWidget(QLabel("Order:"))
        self.order_group = QButtonGroup(self)
        self.order_buttons: dict[int, QRadioButton] = {}
        for order, text in ((1, "&1  f′"), (2, "&2  f″"), (3, "&3  f‴")):
            button = QRadioButton(text)
            button.setToolTip(
                f"{order} nested GradientTape{'s' if order > 1 else ''}: derivatives up to {order}"
            )
            self.order_group.addButton(button, order)
            self.order_buttons[order] = button
            order_row.addWidget(button)
        self.order_buttons[2].setChecked(True)
        order_row.addStretch(1)
        layout.addLayout(order_row)
        return box

    def _values(self) -> QGroupBox:
        self.values_box = QGroupBox("Values at the point")
        grid = QGridLayout(self.values_box)
        self.value_names: list[QLabel] = []
        self.value_labels: list[QLabel] = []
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for k in range(4):
            name = QLabel()
            value = QLabel("…")
            value.setFont(mono)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            grid.addWidget(name, k, 0)
            grid.addWidget(value, k, 1)
            self.value_names.append(name)
            self.value_labels.append(value)
        self.why_none = QLabel()
        self.why_none.setWordWrap(True)
        self.why_none.setStyleSheet("color: #7a4f01;")
        self.why_none.hide()
        grid.addWidget(self.why_none, 4, 0, 1, 2)
        note = QLabel(
            f"<small>All tensors are {DTYPE}; values are shown to full precision.</small>"
        )
        grid.addWidget(note, 5, 0, 1, 2)
        return self.values_box

    # --- reading and showing ----------------------------------------------------------------
    def form_text(self) -> FormText:
        return FormText(
            expression=self.expression_edit.text(),
            point=self.point_edit.text(),
            low=self.low_edit.text(),
            high=self.high_edit.text(),
            order=self.order_group.checkedId(),
            source="constant" if self.constant_radio.isChecked() else "variable",
            watch=self.watch_check.isChecked(),
        )

    def set_form_text(self, form: FormText) -> None:
        self.expression_edit.setText(form.expression)
        self.point_edit.setText(form.point)
        self.low_edit.setText(form.low)
        self.high_edit.setText(form.high)
        self.order_buttons.get(form.order, self.order_buttons[2]).setChecked(True)
        radio = self.constant_radio if form.source == "constant" else self.variable_radio
        radio.setChecked(True)
        self.watch_check.setChecked(form.watch)

    def show_variable(self, variable: str) -> None:
        self.expression_label.setText(f"f({variable}) =")
        self.point_label.setText(f"{variable}₀ =")
        self.watch_check.setText(f"tape.&watch({variable})")

    def place_slider(self, point: float, low: float, high: float) -> None:
        fraction = (point - low) / (high - low)
        step = round(min(max(fraction, 0.0), 1.0) * SLIDER_STEPS)
        if step != self.slider.value():
            self.slider.blockSignals(True)
            self.slider.setValue(step)
            self.slider.blockSignals(False)

    def show_values(self, result: GradientResult) -> None:
        names = curve_labels(result.expression, result.variable, result.order)
        code_names = derivative_names(result.variable, result.order)
        point = format_number(float(result.at))
        self.values_box.setTitle(f"Values at {result.variable} = {point}  ({result.dtype})")
        for k in range(4):
            shown = k < len(result.values)
            self.value_names[k].setVisible(shown)
            self.value_labels[k].setVisible(shown)
            if not shown:
                continue
            value = result.values[k]
            self.value_names[k].setText(f"{names[k]}:")
            self.value_names[k].setToolTip(f"{code_names[k]} in the code")
            if value is None:
                self.value_labels[k].setText("None")
                self.value_labels[k].setStyleSheet("color: #8a8a8a; font-style: italic;")
            else:
                self.value_labels[k].setText(value_text(float(value)))
                self.value_labels[k].setStyleSheet("")
        reason = result.none_reason
        self.why_none.setText(f"None because {reason[0].lower()}{reason[1:]}" if reason else "")
        self.why_none.setVisible(bool(reason))

    def _update_watch_enabled(self) -> None:
        self.watch_check.setEnabled(self.constant_radio.isChecked())


def value_text(value: float) -> str:
    """Full precision (repr); NaN says it is undefined, and -0.0 shows as 0.0 (the sign of a
    zero is an artefact of the arithmetic, not something the lesson is about)."""
    if math.isnan(value):
        return "nan (undefined here)"
    return repr(value + 0.0)

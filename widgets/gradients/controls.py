"""The Gradients tab's left column: presets, the function and its point and range (x₀ and y₀ and
two ranges for f of two inputs), what to differentiate, the values at the point and the descent.
Layout and rendering only; the tab wires it up."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QPalette
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
from engine.gradients.two_inputs import PointResult, hessian_name
from widgets.gradients.descent_controls import DescentControls
from widgets.gradients.inputs import (
    CURVE_POINTS,
    GRID_POINTS,
    PRESETS,
    FormText,
    curve_labels,
    format_number,
)
from widgets.shared.message_line import MessageLine, Severity

SLIDER_STEPS = 1000
PRIMES_NAMED = {1: "f′", 2: "f″", 3: "f‴"}
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
        self.descent = DescentControls()
        column.addWidget(self.descent)
        # Text in the palette's colours (the roles follow a theme switch by themselves).
        self.about = QLabel(ABOUT)
        self.about.setObjectName("howItWorks")
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.RichText)
        column.addWidget(self.about)
        self.status = QLabel()
        self.status.setObjectName("gradientsStatus")
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        column.addWidget(self.status)
        column.addStretch(1)
        self.variable_radio.toggled.connect(self._update_watch_enabled)
        self._update_watch_enabled()
        self.show_variables(("x",))  # names the fields

    # --- building -------------------------------------------------------------------------
    def _presets(self) -> QGroupBox:
        box = QGroupBox("Presets")
        grid = QGridLayout(box)
        self.preset_buttons: list[QPushButton] = []
        for i, preset in enumerate(PRESETS):
            button = QPushButton(preset.title)
            button.setToolTip(f"{preset.expression} at {preset.point:g}: {preset.tip}")
            button.setAccessibleName(f"Preset: {preset.title}")
            grid.addWidget(button, i // 4, i % 4)
            self.preset_buttons.append(button)
        return box

    def _function(self) -> QGroupBox:
        box = QGroupBox("Function")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.expression_edit = QLineEdit()
        self.expression_edit.setObjectName("expressionEdit")
        self.expression_edit.setAccessibleName("Expression f")
        self.expression_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.expression_edit.setClearButtonEnabled(True)
        self.expression_edit.setPlaceholderText("e.g. sin(x) * exp(-x)")
        self.expression_edit.setToolTip(
            "One or two variables (x, t, … or x and y), numbers, + - * / **, parentheses, pi, e\n"
            "and "
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
        self.slider.setAccessibleName("Point across the plotted range")
        self.slider.setToolTip("Move the point across the plotted range (or drag on the plot)")
        form.addRow("", self.slider)
        self.point_message = MessageLine()
        form.addRow(self.point_message)
        self.point_y_edit = QLineEdit()
        self.point_y_edit.setObjectName("pointYEdit")
        self.point_y_edit.setToolTip("The point's second coordinate (drag on the map to move it)")
        self.point_y_label = QLabel("y₀ =")
        form.addRow(self.point_y_label, self.point_y_edit)
        self.point_y_message = MessageLine()
        form.addRow(self.point_y_message)

        self.low_edit, self.high_edit = QLineEdit(), QLineEdit()
        self.range_label = QLabel("Range:")
        form.addRow(self.range_label, self._range_row(self.low_edit, self.high_edit))
        self.range_message = MessageLine()
        form.addRow(self.range_message)
        self.low_y_edit, self.high_y_edit = QLineEdit(), QLineEdit()
        self.range_y_label = QLabel("y range:")
        self.range_y_row = self._range_row(self.low_y_edit, self.high_y_edit)
        form.addRow(self.range_y_label, self.range_y_row)
        self.range_y_message = MessageLine()
        form.addRow(self.range_y_message)
        self._function_form = form
        return box

    @staticmethod
    def _range_row(low: QLineEdit, high: QLineEdit) -> QHBoxLayout:
        row = QHBoxLayout()
        for edit, tip in ((low, "Start"), (high, "End")):
            edit.setToolTip(
                f"{tip} of the plotted range ({CURVE_POINTS} points; "
                f"{GRID_POINTS} × {GRID_POINTS} on a contour map)"
            )
            edit.setMaximumWidth(110)
        row.addWidget(low)
        row.addWidget(QLabel("to"))
        row.addWidget(high)
        row.addStretch(1)
        return row

    def _source(self) -> QGroupBox:
        box = QGroupBox("Differentiate with respect to")
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.variable_radio = QRadioButton("tf.&Variable")
        self.variable_radio.setAccessibleName("Differentiate with respect to a tf.Variable")
        self.variable_radio.setToolTip(
            "A trainable tf.Variable: every tape watches it automatically"
        )
        self.constant_radio = QRadioButton("tf.&constant")
        self.constant_radio.setAccessibleName("Differentiate with respect to a tf.constant")
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
            button.setAccessibleName(f"Order {order}: derivatives up to {PRIMES_NAMED[order]}")
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
        self.why_none = MessageLine()
        self.why_none.setObjectName("whyNone")
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
            point_y=self.point_y_edit.text(),
            low_y=self.low_y_edit.text(),
            high_y=self.high_y_edit.text(),
        )

    def set_form_text(self, form: FormText) -> None:
        self.expression_edit.setText(form.expression)
        self.point_edit.setText(form.point)
        self.low_edit.setText(form.low)
        self.high_edit.setText(form.high)
        self.point_y_edit.setText(form.point_y)
        self.low_y_edit.setText(form.low_y)
        self.high_y_edit.setText(form.high_y)
        self.order_buttons.get(form.order, self.order_buttons[2]).setChecked(True)
        radio = self.constant_radio if form.source == "constant" else self.variable_radio
        radio.setChecked(True)
        self.watch_check.setChecked(form.watch)

    def show_variables(self, variables: tuple[str, ...]) -> None:
        """Name the fields after f's inputs; the y fields and the map's limits for two."""
        listed = ", ".join(variables)
        two = len(variables) == 2
        self.expression_label.setText(f"f({listed}) =")
        self.point_label.setText(f"{variables[0]}₀ =")
        self.watch_check.setText(f"tape.&watch({listed})")
        self.watch_check.setAccessibleName(f"Call tape.watch({listed}) on the constant")
        first = variables[0]
        self.point_edit.setAccessibleName(f"Point {first}₀")
        self.low_edit.setAccessibleName(f"{first} range start" if two else "Range start")
        self.high_edit.setAccessibleName(f"{first} range end" if two else "Range end")
        second = variables[1] if two else "y"
        self.point_y_edit.setAccessibleName(f"Point {second}₀")
        self.low_y_edit.setAccessibleName(f"{second} range start")
        self.high_y_edit.setAccessibleName(f"{second} range end")
        self.range_label.setText(f"{variables[0]} range:" if two else "Range:")
        form = self._function_form
        form.setRowVisible(self.point_y_edit, two)
        form.setRowVisible(self.range_y_row, two)
        if two:
            self.point_y_label.setText(f"{variables[1]}₀ =")
            self.range_y_label.setText(f"{variables[1]} range:")
        else:
            self.point_y_message.clear_message()
            self.range_y_message.clear_message()
        form.setRowVisible(self.slider, not two)  # the map is the slider for two inputs
        self.order_buttons[3].setEnabled(not two)  # the engine stops at the Hessian
        if two and self.order_buttons[3].isChecked():
            self.order_buttons[2].setChecked(True)

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
            show_value(self.value_labels[k], None if value is None else value_text(float(value)))
        reason = result.none_reason
        self._show_why_none(f"None because {reason[0].lower()}{reason[1:]}" if reason else "")

    def show_point_values(self, result: PointResult) -> None:
        """f, ∂f/∂x and ∂f/∂y, and the Hessian for order 2, at a point of f(x, y)."""
        first, second = result.variables
        x0, y0 = (format_number(float(v)) for v in result.at)
        self.values_box.setTitle(f"Values at ({first}, {second}) = ({x0}, {y0})  ({DTYPE})")
        rows: list[tuple[str, str]] = [(f"f({first}, {second})", "f")]
        values = list(result.values)
        shown = [values[0]]
        if len(values) > 1:
            for k, name in enumerate(result.variables):
                rows.append((f"∂f/∂{name}", f"df_d{name}"))
                shown.append(None if values[1] is None else values[1][k])
        if len(values) > 2:
            names = [[hessian_name(a, b) for b in result.variables] for a in result.variables]
            rows.append(("Hessian", f"[[{', '.join(names[0])}], [{', '.join(names[1])}]]"))
            shown.append(values[2])
        for k in range(4):
            visible = k < len(rows)
            self.value_names[k].setVisible(visible)
            self.value_labels[k].setVisible(visible)
            if not visible:
                continue
            self.value_names[k].setText(f"{rows[k][0]}:")
            self.value_names[k].setToolTip(f"{rows[k][1]} in the code")
            value = shown[k]
            show_value(self.value_labels[k], None if value is None else matrix_text(value))
        unwatched = len(values) > 1 and values[1] is None
        self._show_why_none(
            f"None because {first} and {second} are tf.constants that no tape watches: "
            "nothing was recorded"
            if unwatched
            else ""
        )

    def _show_why_none(self, text: str) -> None:
        if text:
            self.why_none.show_message(text, Severity.WARNING)
        else:
            self.why_none.clear_message()

    def _update_watch_enabled(self) -> None:
        self.watch_check.setEnabled(self.constant_radio.isChecked())


def show_value(label: QLabel, text: str | None) -> None:
    """A number in the palette's text colour; TensorFlow's None muted and in italics."""
    font = label.font()
    font.setItalic(text is None)
    label.setFont(font)
    label.setForegroundRole(
        QPalette.ColorRole.PlaceholderText if text is None else QPalette.ColorRole.WindowText
    )
    label.setText("None" if text is None else text)


def matrix_text(value: np.ndarray) -> str:
    """A number, or a 2 × 2 matrix as two rows, each entry as value_text shows it."""
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return value_text(float(array))
    rows = [", ".join(value_text(float(v)) for v in row) for row in array]
    return "[[" + "],\n [".join(rows) + "]]"


def value_text(value: float) -> str:
    """Full precision (repr); NaN says it is undefined, and -0.0 shows as 0.0 (the sign of a
    zero is an artefact of the arithmetic, not something the lesson is about)."""
    if math.isnan(value):
        return "nan (undefined here)"
    return repr(value + 0.0)

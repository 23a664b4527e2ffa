"""The Gradients tab: differentiate an expression with tf.GradientTape, see watch() and None.

Inputs are checked on the GUI thread by the ast-only parser (no TensorFlow); every TensorFlow
call runs on the engine worker. Two LatestOnlyRunners keep it live: one for the curves over the
range (once per expression, range and settings) and one for the exact values at the point, so
dragging the point asks TensorFlow for one number set at a time and never builds a backlog.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

import numpy as np
from PySide6.QtCore import QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut, QShowEvent
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
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.gradients.derivatives import derivative_names, derivatives
from engine.gradients.expressions import DTYPE, ExpressionError, compile_expression, free_variable
from engine.worker import Worker
from widgets.gradients.tape_view import TapeView
from widgets.shared.code_pane import CodePane
from widgets.shared.latest_only import LatestOnlyRunner
from widgets.shared.lazy import LazyWidget
from widgets.shared.message_line import MessageLine

DEBOUNCE_MS = 250
CURVE_POINTS = 1000
SLIDER_STEPS = 1000
MAX_RANGE = 1e6  # wider plots only show float noise; keeps the slider's steps meaningful
PRIMES = ("", "′", "″", "‴")


@dataclass(frozen=True)
class Preset:
    title: str
    expression: str
    point: float
    low: float
    high: float
    tip: str


PRESETS = (
    Preset("x² at 3", "x**2", 3.0, -4.0, 4.0, "f(x) = x², whose gradient at x = 3 is 6"),
    Preset(
        "Falling body",
        "4.9*t**2",
        2.0,
        0.0,
        5.0,
        "position = 4.9·t² (metres, free fall): speed 9.8·t, acceleration 9.8",
    ),
    Preset("sin", "sin(x)", 1.0, -2 * math.pi, 2 * math.pi, "sin′ = cos, sin″ = −sin"),
    Preset("exp", "exp(x)", 1.0, -2.0, 2.0, "exp is its own derivative"),
    Preset("tanh", "tanh(x)", 0.5, -4.0, 4.0, "tanh′ = 1 − tanh²"),
    Preset("sigmoid", "sigmoid(x)", 0.0, -6.0, 6.0, "σ′ = σ(1 − σ)"),
    Preset("relu", "relu(x)", 1.0, -3.0, 3.0, "relu′ is 0 or 1 and relu″ is 0 (TF uses 0 at 0)"),
    Preset("x³", "x**3", 2.0, -3.0, 3.0, "x³: 3x², 6x, then the constant 6"),
)
# Names the physics preset gives to its curves instead of f, f′, f″.
PHYSICS_LABELS = ("position (m)", "speed (m/s)", "acceleration (m/s²)", "jerk (m/s³)")
PHYSICS_EXPRESSION = "4.9*t**2"


@dataclass(frozen=True)
class Inputs:
    """A validated snapshot of the controls."""

    text: str
    variable: str
    point: float
    low: float
    high: float
    order: int
    source: str
    watch: bool

    @property
    def curve_key(self) -> tuple:
        return (self.text, self.variable, self.low, self.high, self.order, self.source, self.watch)

    @property
    def settings_key(self) -> tuple:
        return (self.text, self.variable, self.order, self.source, self.watch)


def format_number(value: float) -> str:
    """Short text for a slider/drag position (the computed x is exactly this text's value)."""
    text = f"{value:.6g}"
    return "0" if text in ("-0", "0") else text


def parse_number(text: str, what: str) -> float:
    try:
        value = float(text.strip().replace("−", "-"))
    except ValueError:
        raise ValueError(f"{what}: '{text.strip()}' is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number")
    if abs(value) > MAX_RANGE:
        raise ValueError(f"{what} must be between -{MAX_RANGE:g} and {MAX_RANGE:g}")
    return value


def curve_labels(text: str, variable: str, order: int) -> tuple[str, ...]:
    if text.replace(" ", "") == PHYSICS_EXPRESSION:
        return PHYSICS_LABELS[: order + 1]
    return tuple(f"f{PRIMES[k]}({variable})" for k in range(order + 1))


def plot_labels(labels: tuple[str, ...], variable: str) -> tuple[str, ...]:
    """Matplotlib mathtext for f′, f″ (the Unicode primes are hard to see on a rotated label)."""
    if labels[0] == PHYSICS_LABELS[0]:
        return labels
    return tuple(f"$f{chr(39) * k}({variable})$" for k in range(len(labels)))


class GradientsTab(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.curves_runner = LatestOnlyRunner(worker, "Gradient curves", self)
        self.point_runner = LatestOnlyRunner(worker, "Gradient at a point", self)
        self.curves_runner.result.connect(self._show_curves)
        self.curves_runner.failed.connect(self._show_failure)
        self.point_runner.result.connect(self._show_point)
        self.point_runner.failed.connect(self._show_failure)
        self.curves_runner.busy_changed.connect(self._update_status)
        self.point_runner.busy_changed.connect(self._update_status)
        worker.state_changed.connect(self._on_engine_state)

        self.inputs: Inputs | None = None  # the last valid inputs
        self._curve_key_sent: tuple | None = None
        self._point_sent: tuple | None = None
        self.last_point = None  # GradientResult at the point, as last shown
        self.last_curves = None  # GradientResult over the range, as last plotted
        self._started = False

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.recompute)

        controls = self._build_controls()
        scroll = QScrollArea()
        scroll.setWidget(controls)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(300)

        self.plot_area = LazyWidget(self._make_plot)
        self.code_pane = CodePane("TensorFlow code at the point")
        self.code_pane.setToolTip("Paste into Python: it prints the same numbers")
        self.tape_view = TapeView()
        self.details = QTabWidget()
        self.details.addTab(self.code_pane, "Code")
        self.details.addTab(self.tape_view, "Tape")
        self.details.setTabToolTip(1, "What the GradientTape recorded")

        self.right_splitter = QSplitter(Qt.Orientation.Vertical)
        self.right_splitter.setObjectName("gradientsPlotSplitter")
        self.right_splitter.addWidget(self.plot_area)
        self.right_splitter.addWidget(self.details)
        self.right_splitter.setStretchFactor(0, 3)
        self.right_splitter.setStretchFactor(1, 2)
        self.right_splitter.setSizes([600, 240])

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("gradientsSplitter")
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(self.right_splitter)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        QShortcut(QKeySequence("Ctrl+L"), self, self.focus_expression)
        self.load_preset(PRESETS[0], compute=False)

    # --- building the controls -----------------------------------------------------------
    def _build_controls(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 6, 0)

        presets = QGroupBox("Presets")
        grid = QGridLayout(presets)
        self.preset_buttons: list[QPushButton] = []
        for i, preset in enumerate(PRESETS):
            button = QPushButton(preset.title)
            button.setToolTip(f"{preset.expression} at {preset.point:g}: {preset.tip}")
            button.clicked.connect(partial(self.load_preset, preset))
            grid.addWidget(button, i // 4, i % 4)
            self.preset_buttons.append(button)
        column.addWidget(presets)

        function = QGroupBox("Function")
        form = QFormLayout(function)
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
        column.addWidget(function)

        source = QGroupBox("Differentiate with respect to")
        source_layout = QVBoxLayout(source)
        source_row = QHBoxLayout()
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
        source_row.addWidget(self.variable_radio)
        source_row.addWidget(self.constant_radio)
        source_row.addWidget(self.watch_check)
        source_row.addStretch(1)
        source_layout.addLayout(source_row)

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
        source_layout.addLayout(order_row)
        column.addWidget(source)

        self.values_box = QGroupBox("Values at the point")
        self.values_grid = QGridLayout(self.values_box)
        self.value_names: list[QLabel] = []
        self.value_labels: list[QLabel] = []
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for k in range(4):
            name = QLabel()
            value = QLabel("…")
            value.setFont(mono)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            self.values_grid.addWidget(name, k, 0)
            self.values_grid.addWidget(value, k, 1)
            self.value_names.append(name)
            self.value_labels.append(value)
        self.why_none = QLabel()
        self.why_none.setWordWrap(True)
        self.why_none.setStyleSheet("color: #7a4f01;")
        self.why_none.hide()
        self.values_grid.addWidget(self.why_none, 4, 0, 1, 2)
        self.dtype_note = QLabel(
            f"<small>All tensors are {DTYPE}; values are shown to full precision.</small>"
        )
        self.values_grid.addWidget(self.dtype_note, 5, 0, 1, 2)
        column.addWidget(self.values_box)

        about = QLabel(
            "<b>How it works</b><br>"
            "While a <code>tf.GradientTape</code> is open it keeps a log of the operations "
            "applied to the tensors it watches. <code>tape.gradient(y, x)</code> replays that "
            "log backwards to get dy/dx. A <code>tf.Variable</code> is watched without being "
            "asked; a <code>tf.constant</code> only after <code>tape.watch()</code>, and with "
            "an empty log the answer is <code>None</code>. Opening one tape inside another "
            "lets the outer one log the inner gradient too, so it can differentiate it again: "
            "that is f″, and with three tapes f‴."
        )
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.RichText)
        about.setStyleSheet("color: #444444;")
        column.addWidget(about)

        self.status = QLabel()
        self.status.setObjectName("gradientsStatus")
        self.status.setStyleSheet("color: #555555;")
        column.addWidget(self.status)
        column.addStretch(1)

        self.expression_edit.textEdited.connect(self._schedule)
        self.point_edit.textEdited.connect(self._schedule)
        self.low_edit.textEdited.connect(self._schedule)
        self.high_edit.textEdited.connect(self._schedule)
        for edit in (self.expression_edit, self.point_edit, self.low_edit, self.high_edit):
            edit.returnPressed.connect(self.recompute)
        self.slider.valueChanged.connect(self._on_slider)
        self.source_group.buttonToggled.connect(self._on_source_changed)
        self.watch_check.toggled.connect(self._schedule_now)
        self.order_group.idToggled.connect(self._on_order_toggled)
        self._update_watch_enabled()
        return panel

    def _make_plot(self) -> QWidget:
        from widgets.gradients.plot import GradientPlot  # loads matplotlib: only when first shown

        plot = GradientPlot()
        plot.point_dragged.connect(self.set_point)
        if self.last_curves is not None:
            QTimer.singleShot(0, self._redraw_curves)
        return plot

    @property
    def plot(self):
        """The GradientPlot, or None while it has not been built."""
        return self.plot_area.content if self.plot_area.is_built else None

    # --- user actions --------------------------------------------------------------------
    def focus_expression(self) -> None:
        self.expression_edit.setFocus()
        self.expression_edit.selectAll()

    def load_preset(self, preset: Preset, compute: bool = True) -> None:
        self.expression_edit.setText(preset.expression)
        self.low_edit.setText(format_number(preset.low))
        self.high_edit.setText(format_number(preset.high))
        self.point_edit.setText(format_number(preset.point))
        if compute:
            self.recompute()
        else:
            self._refresh_names()

    def set_point(self, value: float) -> None:
        """Move the point (from the slider or a drag): only the values at the point recompute."""
        self.point_edit.setText(format_number(value))
        if self.plot is not None:
            self.plot.move_cursor(float(format_number(value)))
        self.recompute()

    @Slot()
    def _schedule(self) -> None:
        self._debounce.start()

    @Slot()
    def _schedule_now(self) -> None:
        self._debounce.stop()
        self.recompute()

    @Slot(int)
    def _on_slider(self, step: int) -> None:
        if self.inputs is None:
            return
        low, high = self.inputs.low, self.inputs.high
        self.set_point(low + (high - low) * step / SLIDER_STEPS)

    def _on_source_changed(self, _button, checked: bool) -> None:
        if checked:
            self._update_watch_enabled()
            self._schedule_now()

    def _on_order_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._schedule_now()

    def _update_watch_enabled(self) -> None:
        self.watch_check.setEnabled(self.constant_radio.isChecked())

    # --- reading the inputs --------------------------------------------------------------
    def read_inputs(self) -> Inputs | None:
        """Validate every field; show each problem beside its field. None if any is bad."""
        text = self.expression_edit.text()
        ok = True
        variable = "x"
        try:
            variable = free_variable(text)
            compile_expression(text, (variable,))
        except ExpressionError as error:
            self.expression_message.show_error(str(error))
            ok = False
        else:
            shown = self.last_curves.expression if self.last_curves is not None else None
            if self.expression_message.kind != "warning" or text.strip() != shown:
                self.expression_message.clear_message()  # a domain note outlives point moves
        self._refresh_names(variable)

        try:
            low = parse_number(self.low_edit.text(), "range start")
            high = parse_number(self.high_edit.text(), "range end")
            if not low < high:
                raise ValueError("the range start must be smaller than its end")
        except ValueError as error:
            self.range_message.show_error(str(error))
            ok = False
            low = high = None
        else:
            self.range_message.clear_message()

        try:
            point = parse_number(self.point_edit.text(), f"{variable}₀")
        except ValueError as error:
            self.point_message.show_error(str(error))
            ok = False
        else:
            if low is not None and not low <= point <= high:
                self.point_message.show_message(
                    f"{variable}₀ = {point:g} lies outside the plotted range", "info"
                )
            else:
                self.point_message.clear_message()
        if not ok:
            return None
        order = self.order_group.checkedId()
        source = "constant" if self.constant_radio.isChecked() else "variable"
        watch = self.watch_check.isChecked() if source == "constant" else True
        return Inputs(text.strip(), variable, point, low, high, order, source, watch)

    def _refresh_names(self, variable: str | None = None) -> None:
        if variable is None:
            try:
                variable = free_variable(self.expression_edit.text())
            except ExpressionError:
                variable = "x"
        self.expression_label.setText(f"f({variable}) =")
        self.point_label.setText(f"{variable}₀ =")
        self.watch_check.setText(f"tape.&watch({variable})")

    # --- computing -----------------------------------------------------------------------
    @Slot()
    def recompute(self) -> None:
        """Validate, then ask the worker for what changed: the curves and/or the point."""
        self._debounce.stop()
        inputs = self.read_inputs()
        if inputs is None:
            return  # the messages say why; the last good plot and values stay
        self.inputs = inputs
        self._sync_slider()
        if not self._started:
            return  # computed on first show, so an unseen tab costs no TensorFlow time
        common = {
            "variable": inputs.variable,
            "order": inputs.order,
            "source": inputs.source,
            "watch": inputs.watch,
        }
        if inputs.curve_key != self._curve_key_sent:
            self._curve_key_sent = inputs.curve_key
            self.curves_runner.request(
                partial(derivatives, inputs.text, curve_range(inputs), **common)
            )
        point_key = (*inputs.settings_key, inputs.point)
        if point_key != self._point_sent:
            self._point_sent = point_key
            self.point_runner.request(partial(derivatives, inputs.text, inputs.point, **common))
        self._update_status()

    def _sync_slider(self) -> None:
        inputs = self.inputs
        fraction = (inputs.point - inputs.low) / (inputs.high - inputs.low)
        step = round(min(max(fraction, 0.0), 1.0) * SLIDER_STEPS)
        if step != self.slider.value():
            self.slider.blockSignals(True)
            self.slider.setValue(step)
            self.slider.blockSignals(False)

    def _current(self, result) -> bool:
        inputs = self.inputs
        return inputs is not None and (
            result.expression,
            result.variable,
            result.order,
            result.source,
            result.watch,
        ) == (inputs.text, inputs.variable, inputs.order, inputs.source, inputs.watch)

    @Slot(object)
    def _show_curves(self, result) -> None:
        if not self._current(result):
            return  # superseded while it ran; the newer request is on its way
        self.last_curves = result
        self._redraw_curves()
        if self.expression_message.kind == "error":
            return  # the field holds a newer, broken text: its error message stays
        if result.notes:
            self.expression_message.show_message(
                "Outside the domain (NaN/inf, drawn as gaps): " + "; ".join(result.notes),
                "warning",
            )
        elif self.expression_message.kind == "warning":
            self.expression_message.clear_message()

    def _redraw_curves(self) -> None:
        result, plot = self.last_curves, self.plot
        if result is None or plot is None:
            return
        labels = curve_labels(result.expression, result.variable, result.order)
        physics = labels[0] == PHYSICS_LABELS[0]
        kind = "tf.Variable" if result.source == "variable" else "tf.constant"
        if result.source == "constant":
            kind += " + watch()" if result.watch else ", not watched"
        plot.set_curves(
            result.at,
            result.values,
            plot_labels(labels, result.variable),
            f"time {result.variable} (s)" if physics else result.variable,
            title=f"f({result.variable}) = {result.expression}    [{kind}, {result.dtype}]",
            none_note="tape.gradient returned None\n(unwatched tf.constant)",
        )
        if self.last_point is not None and self.last_point.order == result.order:
            self._place_marker(self.last_point)

    @Slot(object)
    def _show_point(self, result) -> None:
        if not self._current(result):
            return
        self.last_point = result
        names = curve_labels(result.expression, result.variable, result.order)
        code_names = derivative_names(result.variable, result.order)
        point = format_number(float(result.at))
        self.values_box.setTitle(f"Values at {result.variable} = {point!s}  ({result.dtype})")
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
                self.value_labels[k].setText(repr(float(value)))
                self.value_labels[k].setStyleSheet("")
        reason = result.none_reason
        self.why_none.setText(f"None because {reason[0].lower()}{reason[1:]}" if reason else "")
        self.why_none.setVisible(bool(reason))
        self.code_pane.set_code(result.code)
        self.tape_view.show_record(result.tape, result.variable)
        self._place_marker(result)

    def _place_marker(self, result) -> None:
        plot = self.plot
        if plot is None or self.last_curves is None:
            return
        values = [None if v is None else float(v) for v in result.values]
        plot.set_point(float(result.at), values)

    @Slot(str, str)
    def _show_failure(self, message: str, _details: str) -> None:
        self.expression_message.show_error(f"TensorFlow could not compute this: {message}")

    @Slot(str)
    def _on_engine_state(self, _state: str) -> None:
        self._update_status()

    @Slot()
    def _update_status(self) -> None:
        if not (self.curves_runner.busy or self.point_runner.busy):
            self.status.setText("")
        elif not self.worker.is_ready:
            self.status.setText("Waiting for TensorFlow…")
        else:
            self.status.setText("Computing…")

    # --- main-window hooks ---------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._started:
            self._started = True
            QTimer.singleShot(0, self.recompute)

    def prepare_screenshot(self) -> None:
        self.load_preset(PRESETS[1], compute=False)
        self.details.setCurrentWidget(self.code_pane)
        self.recompute()

    def shutdown(self) -> None:
        self._debounce.stop()
        self.curves_runner.cancel()
        self.point_runner.cancel()

    def save_state(self, settings: QSettings) -> None:
        settings.beginGroup("gradients")
        settings.setValue("expression", self.expression_edit.text())
        settings.setValue("point", self.point_edit.text())
        settings.setValue("low", self.low_edit.text())
        settings.setValue("high", self.high_edit.text())
        settings.setValue("source", "constant" if self.constant_radio.isChecked() else "variable")
        settings.setValue("watch", "true" if self.watch_check.isChecked() else "false")
        settings.setValue("order", self.order_group.checkedId())
        settings.endGroup()

    def restore_state(self, settings: QSettings) -> None:
        """Bad or missing stored values fall back to the defaults (the x² preset)."""
        settings.beginGroup("gradients")
        try:
            for key, edit in (
                ("expression", self.expression_edit),
                ("point", self.point_edit),
                ("low", self.low_edit),
                ("high", self.high_edit),
            ):
                value = settings.value(key)
                if isinstance(value, str) and len(value) <= 1000:
                    edit.setText(value)
            if settings.value("source") == "constant":
                self.constant_radio.setChecked(True)
            else:
                self.variable_radio.setChecked(True)
            self.watch_check.setChecked(str(settings.value("watch", "true")).lower() != "false")
            try:
                order = int(settings.value("order", 2))
            except (TypeError, ValueError):
                order = 2
            self.order_buttons.get(order, self.order_buttons[2]).setChecked(True)
        finally:
            settings.endGroup()
        if self.read_inputs() is None:  # stored text that no longer parses: start clean
            self.load_preset(PRESETS[0], compute=False)
            for message in (self.expression_message, self.point_message, self.range_message):
                message.clear_message()
        self._update_watch_enabled()


def curve_range(inputs: Inputs) -> np.ndarray:
    return np.linspace(inputs.low, inputs.high, CURVE_POINTS)

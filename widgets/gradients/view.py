"""The Gradients tab: differentiate an expression with tf.GradientTape, see watch() and None.

The view lays out the controls, the plot and the code/tape panes, validates what is typed (the
ast-only parser, no TensorFlow) and shows what the controller delivers; the controller decides
what the engine computes.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget

from engine.gradients.derivatives import GradientResult
from engine.shared.notebook import Section
from engine.worker import Worker
from widgets.gradients.controller import GradientsController
from widgets.gradients.controls import SLIDER_STEPS, GradientControls
from widgets.gradients.inputs import (
    PHYSICS_LABELS,
    PRESETS,
    FormText,
    GradientsSettings,
    Preset,
    curve_labels,
    format_number,
    plot_labels,
    validate,
)
from widgets.gradients.tape_view import TapeView
from widgets.shared.code_pane import CodePane
from widgets.shared.debounce import Debouncer
from widgets.shared.lazy import LazyWidget
from widgets.shared.message_line import Severity

if TYPE_CHECKING:
    from widgets.gradients.plot import GradientPlot

DEBOUNCE_MS = 250


class GradientsTab(QWidget):
    settings_group = "gradients"

    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = GradientsController(worker, self)
        self.controls = GradientControls()
        self._errors: dict[str, str] = {}  # the fields' problems, as last validated
        self._debounce = Debouncer(self.recompute, DEBOUNCE_MS, self)

        scroll = QScrollArea()
        scroll.setWidget(self.controls)
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

        self._wire()
        self.load_preset(PRESETS[0], compute=False)

    def _wire(self) -> None:
        c = self.controls
        for button, preset in zip(c.preset_buttons, PRESETS, strict=True):
            button.clicked.connect(partial(self.load_preset, preset))
        for edit in (c.expression_edit, c.point_edit, c.low_edit, c.high_edit):
            edit.textEdited.connect(self._debounce.trigger)
            edit.returnPressed.connect(self.recompute)
        c.slider.valueChanged.connect(self._on_slider)
        c.source_group.buttonToggled.connect(self._on_toggled)
        c.order_group.buttonToggled.connect(self._on_toggled)
        c.watch_check.toggled.connect(self.recompute)
        self.controller.curves_ready.connect(self._show_curves)
        self.controller.point_ready.connect(self._show_point)
        self.controller.failed.connect(self._show_failure)
        self.controller.status_changed.connect(c.status.setText)
        QShortcut(QKeySequence("Ctrl+L"), self, self.focus_expression)

    def _make_plot(self) -> QWidget:
        from widgets.gradients.plot import GradientPlot  # loads matplotlib: only when first shown

        plot = GradientPlot()
        plot.point_dragged.connect(self.set_point)
        if self.controller.last_curves is not None:
            QTimer.singleShot(0, self._redraw_curves)
        return plot

    @property
    def plot(self) -> GradientPlot | None:
        """The plot, or None while it has not been built."""
        return self.plot_area.content if self.plot_area.is_built else None  # type: ignore[return-value]

    # --- user actions ------------------------------------------------------------------------
    def focus_expression(self) -> None:
        self.controls.expression_edit.setFocus()
        self.controls.expression_edit.selectAll()

    def load_preset(self, preset: Preset, compute: bool = True) -> None:
        c = self.controls
        c.expression_edit.setText(preset.expression)
        c.low_edit.setText(format_number(preset.low))
        c.high_edit.setText(format_number(preset.high))
        c.point_edit.setText(format_number(preset.point))
        if compute:
            self.recompute()
        else:
            self.controls.show_variable(validate(c.form_text()).variable)

    def set_point(self, value: float) -> None:
        """Move the point (from the slider or a drag): only the values at the point recompute."""
        self.controls.point_edit.setText(format_number(value))
        if self.plot is not None:
            self.plot.move_cursor(float(format_number(value)))
        self.recompute()

    @Slot(int)
    def _on_slider(self, step: int) -> None:
        inputs = self.controller.inputs
        if inputs is not None:
            self.set_point(inputs.low + (inputs.high - inputs.low) * step / SLIDER_STEPS)

    def _on_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self.recompute()

    # --- validating and asking -----------------------------------------------------------------
    @Slot()
    def recompute(self) -> None:
        """Validate every field (each problem beside its field), then hand valid inputs on. With
        a problem, the last good plot and values stay."""
        self._debounce.cancel()
        c = self.controls
        checked = validate(c.form_text())
        self._errors = checked.errors
        c.show_variable(checked.variable)
        for field, line in (
            ("range", c.range_message),
            ("point", c.point_message),
        ):
            if field in checked.errors:
                line.show_error(checked.errors[field])
            elif field in checked.notes:
                line.show_message(checked.notes[field], Severity.INFO)
            else:
                line.clear_message()
        if "expression" in checked.errors:
            c.expression_message.show_error(checked.errors["expression"])
        elif not self._notes_still_apply():
            c.expression_message.clear_message()
        if checked.inputs is None:
            return
        c.place_slider(checked.inputs.point, checked.inputs.low, checked.inputs.high)
        self.controller.update(checked.inputs)

    def _notes_still_apply(self) -> bool:
        """A domain note about the curves outlives point moves, not a change of expression."""
        curves = self.controller.last_curves
        text = self.controls.expression_edit.text().strip()
        return curves is not None and bool(curves.notes) and curves.expression == text

    # --- showing results -----------------------------------------------------------------------
    @Slot(object)
    def _show_curves(self, result: GradientResult) -> None:
        self._redraw_curves()
        if "expression" in self._errors:
            return  # the field holds a newer, broken text: its error stays
        if result.notes:
            self.controls.expression_message.show_message(
                "Outside the domain (NaN/inf, drawn as gaps): " + "; ".join(result.notes),
                Severity.WARNING,
            )
        else:
            self.controls.expression_message.clear_message()

    def _redraw_curves(self) -> None:
        result, plot = self.controller.last_curves, self.plot
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
        point = self.controller.last_point
        if point is not None and point.order == result.order:
            self._place_marker(point)

    @Slot(object)
    def _show_point(self, result: GradientResult) -> None:
        self.controls.show_values(result)
        self.code_pane.set_code(result.code)
        self.tape_view.show_record(result.tape, result.variable)
        self._place_marker(result)

    def _place_marker(self, result: GradientResult) -> None:
        plot = self.plot
        if plot is None or self.controller.last_curves is None:
            return
        values = [None if v is None else float(v) for v in result.values]
        plot.set_point(float(result.at), values)

    @Slot(str)
    def _show_failure(self, message: str) -> None:
        self.controls.expression_message.show_error(f"TensorFlow could not compute this: {message}")

    # --- the main window's hooks (TabPage) ---------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self.controller.started:
            QTimer.singleShot(0, self._start)

    def _start(self) -> None:
        if not self.controller.started:
            self.recompute()
            self.controller.start()

    def shutdown(self) -> None:
        self._debounce.cancel()
        self.controller.shutdown()

    def settings(self) -> GradientsSettings:
        form = self.controls.form_text()
        return GradientsSettings(
            form.expression, form.point, form.low, form.high, form.source, form.watch, form.order
        )

    def apply_settings(self, settings: GradientsSettings) -> None:
        """Stored text that no longer reads (a hand-edited file) starts from the first preset."""
        s = settings
        form = FormText(s.expression, s.point, s.low, s.high, s.order, s.source, s.watch)
        self.controls.set_form_text(form)
        if validate(self.controls.form_text()).inputs is None:
            self.load_preset(PRESETS[0], compute=False)
        self.controls.show_variable(validate(self.controls.form_text()).variable)

    def notebook_section(self) -> Section:
        busy = "A newer computation was still running." if self.controller.busy else ""
        return Section(
            "Gradients",
            "f and its derivatives at the point, with nested tf.GradientTapes.",
            (self.code_pane.code(),),
            busy,
        )

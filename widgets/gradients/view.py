"""The Gradients tab: differentiate an expression with tf.GradientTape, see watch() and None,
follow the gradient downhill with Keras's optimizers, and ask why a gradient is None.

The view lays out the controls, the plots and the detail tabs (code, tape, descent, why None),
validates what is typed (the ast-only parser, no TensorFlow) and shows what the controller
delivers; the controller decides what the engine computes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget

from engine.gradients.derivatives import GradientResult
from engine.gradients.two_inputs import PointResult, Surface
from engine.shared.notebook import Section
from engine.worker import Worker
from widgets.gradients.controller import GradientsController
from widgets.gradients.controls import SLIDER_STEPS, GradientControls
from widgets.gradients.descent_controller import DescentFrame
from widgets.gradients.descent_inputs import DescentPlan, RunSettings, check_run
from widgets.gradients.descent_panel import DescentPanel
from widgets.gradients.inputs import (
    PRESETS,
    GradientsSettings,
    Inputs,
    Preset,
    format_number,
    validate,
)
from widgets.gradients.notebook import ShownValues, gradients_section
from widgets.gradients.rendering import curve_notes, draw_curves, draw_paths, place_marker
from widgets.gradients.settings_io import form_of, runs_of, settings_of
from widgets.gradients.tape_view import TapeView
from widgets.gradients.why_none_panel import WhyNonePanel
from widgets.shared.code_pane import CodePane
from widgets.shared.debounce import Debouncer
from widgets.shared.lazy import LazyWidget
from widgets.shared.message_line import Severity

if TYPE_CHECKING:
    from widgets.gradients.contour_plot import ContourPlot
    from widgets.gradients.plot import GradientPlot
    from widgets.gradients.plot_stack import PlotStack

DEBOUNCE_MS = 250


class GradientsTab(QWidget):
    settings_group = "gradients"

    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = GradientsController(worker, self)
        self.controls = GradientControls()
        self._errors: dict[str, str] = {}  # the fields' problems, as last validated
        self._descent_ready = False  # every field a descent needs is valid
        self._debounce = Debouncer(self.recompute, DEBOUNCE_MS, self)

        scroll = QScrollArea()
        scroll.setAccessibleName("Function, point, order and descent")
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # As narrow as the column's content allows: past that it would be cut off on the right.
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(self.controls.minimumSizeHint().width() + bar)

        self.plot_area = LazyWidget(self._make_plot)
        self.code_pane = CodePane("TensorFlow code at the point")
        self.code_pane.setToolTip("Paste into Python: it prints the same numbers")
        self.tape_view = TapeView()
        self.descent_panel = DescentPanel()
        self.why_none_panel = WhyNonePanel()
        self.details = QTabWidget()
        self.details.setAccessibleName("Details")
        self.details.tabBar().setAccessibleName("Details: code, tape, descent and why None")
        self.details.addTab(self.code_pane, "Code")
        self.details.addTab(self.tape_view, "Tape")
        self.details.addTab(self.descent_panel, "Descent")
        self.details.addTab(self.why_none_panel, "Why None?")
        self.details.setTabToolTip(1, "What the GradientTape recorded")
        self.details.setTabToolTip(2, "Each step of the descent, and the loop that takes them")
        self.details.setTabToolTip(3, "TensorFlow's cases of a None gradient, each run for real")

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
        self._set_runs(GradientsSettings())
        self.load_preset(PRESETS[0], compute=False)

    def _wire(self) -> None:
        c = self.controls
        for button, preset in zip(c.preset_buttons, PRESETS, strict=True):
            button.clicked.connect(partial(self.load_preset, preset))
        edits = [c.expression_edit, c.point_edit, c.low_edit, c.high_edit]
        edits += [c.point_y_edit, c.low_y_edit, c.high_y_edit]
        for row in c.descent.rows():
            edits += list(row.edits.values())
            row.optimizer.currentIndexChanged.connect(self.recompute)
        for edit in edits:
            edit.textEdited.connect(self._debounce.trigger)
            edit.returnPressed.connect(self.recompute)
        c.slider.valueChanged.connect(self._on_slider)
        c.source_group.buttonToggled.connect(self._on_toggled)
        c.order_group.buttonToggled.connect(self._on_toggled)
        c.watch_check.toggled.connect(self.recompute)
        d, descent = c.descent, self.controller.descent
        d.compare_check.toggled.connect(self.recompute)
        d.step_button.clicked.connect(partial(self._run_descent, descent.step))
        d.play_button.clicked.connect(partial(self._run_descent, descent.play))
        d.pause_button.clicked.connect(descent.pause)
        d.reset_button.clicked.connect(descent.reset)
        descent.frame_changed.connect(self._show_descent)
        descent.channel.busy_changed.connect(self._descent_busy)
        descent.failed.connect(self._show_descent_refused)
        self.why_none_panel.case_clicked.connect(self.controller.why_none.choose)
        self.controller.why_none.case_chosen.connect(self.why_none_panel.show_case)
        self.controller.why_none.case_ran.connect(self.why_none_panel.show_outcome)
        self.controller.curves_ready.connect(self._show_curves)
        self.controller.point_ready.connect(self._show_point)
        self.controller.failed.connect(self._show_failure)
        self.controller.status_changed.connect(c.status.setText)
        QShortcut(QKeySequence("Ctrl+L"), self, self.focus_expression)
        self._show_descent(descent.frame)

    def _make_plot(self) -> QWidget:
        from widgets.gradients.plot_stack import PlotStack  # loads matplotlib: on first show

        stack = PlotStack()
        stack.curves.point_dragged.connect(self.set_point)
        stack.contour.point_dragged.connect(self.set_point_2d)
        QTimer.singleShot(0, self, partial(self._order_tabs, stack))  # once it is placed
        if self.controller.last_curves is not None:
            QTimer.singleShot(0, self._redraw_curves)
        return stack

    def _order_tabs(self, stack: PlotStack) -> None:
        """Built on first show, the plots would come last in the Tab order: put them after the
        left column's last control, before the code and the other details."""
        QWidget.setTabOrder(self.controls.descent.reset_button, stack.curves.plot.canvas)
        QWidget.setTabOrder(stack.curves.plot.canvas, stack.contour.plot.canvas)

    @property
    def plots(self) -> PlotStack | None:
        """Both plots, or None while they have not been built."""
        return self.plot_area.content if self.plot_area.is_built else None  # type: ignore[return-value]

    @property
    def plot(self) -> GradientPlot | None:
        """The curves of f of one input, or None while the plots have not been built."""
        return None if self.plots is None else self.plots.curves

    @property
    def contour(self) -> ContourPlot | None:
        """The contour map of f of two inputs, or None while the plots have not been built."""
        return None if self.plots is None else self.plots.contour

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
        if len(validate(c.form_text()).variables) == 2:
            c.point_y_edit.setText(format_number(preset.point_y))
            c.low_y_edit.setText(format_number(preset.low_y))
            c.high_y_edit.setText(format_number(preset.high_y))
        if compute:
            self.recompute()
        else:
            self.controls.show_variables(validate(c.form_text()).variables)

    def set_point(self, value: float) -> None:
        """Move the point (from the slider or a drag): only the values at the point recompute."""
        self.controls.point_edit.setText(format_number(value))
        if self.plot is not None:
            self.plot.move_cursor(float(format_number(value)))
        self.recompute()

    def set_point_2d(self, x: float, y: float) -> None:
        """Move the point of f(x, y) (a click or drag on the map)."""
        self.controls.point_edit.setText(format_number(x))
        self.controls.point_y_edit.setText(format_number(y))
        if self.contour is not None:
            self.contour.move_marker((float(format_number(x)), float(format_number(y))))
        self.recompute()

    @Slot(int)
    def _on_slider(self, step: int) -> None:
        inputs = self.controller.inputs
        if inputs is not None:
            self.set_point(inputs.low + (inputs.high - inputs.low) * step / SLIDER_STEPS)

    def _on_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self.recompute()

    def _run_descent(self, action: Callable[[], None]) -> None:
        """Step or Play: with the fields as they are now (a pending edit counts)."""
        self.recompute()
        if self._descent_ready:  # otherwise the fields say what is wrong, and the path stays
            action()
            self.details.setCurrentWidget(self.descent_panel)

    # --- validating and asking -----------------------------------------------------------------
    @Slot()
    def recompute(self) -> None:
        """Validate every field (each problem beside its field), then hand valid inputs on. With
        a problem, the last good plot, values and path stay."""
        self._debounce.cancel()
        c = self.controls
        checked = validate(c.form_text())
        self._errors = checked.errors
        c.show_variables(checked.variables)
        for field, line in (
            ("range", c.range_message),
            ("point", c.point_message),
            ("range_y", c.range_y_message),
            ("point_y", c.point_y_message),
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
        plan_runs = self._check_runs()
        self._descent_ready = checked.inputs is not None and plan_runs is not None
        if checked.inputs is None:
            return
        if not checked.inputs.two_inputs:
            c.place_slider(checked.inputs.point, checked.inputs.low, checked.inputs.high)
        self.controller.update(checked.inputs)
        if plan_runs is not None:
            self.controller.descent.set_plan(self._plan(checked.inputs, plan_runs))

    def _check_runs(self) -> tuple[RunSettings, ...] | None:
        """Each run's fields, problems beside them; the runs' settings when all are good."""
        rows = self.controls.descent.rows()
        runs: list[RunSettings | None] = []
        for row, form in zip(rows, self.controls.descent.run_forms(), strict=False):
            check = check_run(form)
            row.show_errors(check.errors)
            runs.append(check.settings)
        settings = tuple(run for run in runs if run is not None)
        return settings if len(settings) == len(runs) else None

    @staticmethod
    def _plan(inputs: Inputs, runs: tuple[RunSettings, ...]) -> DescentPlan:
        return DescentPlan(inputs.text, inputs.variables, inputs.start, runs)

    def _notes_still_apply(self) -> bool:
        """A domain note about the curves outlives point moves, not a change of expression."""
        curves = self.controller.last_curves
        text = self.controls.expression_edit.text().strip()
        return curves is not None and bool(curve_notes(curves)) and curves.expression == text

    # --- showing results -----------------------------------------------------------------------
    @Slot(object)
    def _show_curves(self, result: GradientResult | Surface) -> None:
        self._redraw_curves()
        if "expression" in self._errors:
            return  # the field holds a newer, broken text: its error stays
        notes = curve_notes(result)
        if notes:
            gaps = "blank on the map" if isinstance(result, Surface) else "drawn as gaps"
            self.controls.expression_message.show_message(
                f"Outside the domain (NaN/inf, {gaps}): " + "; ".join(notes), Severity.WARNING
            )
        else:
            self.controls.expression_message.clear_message()

    def _redraw_curves(self) -> None:
        result, plots = self.controller.last_curves, self.plots
        if result is None or plots is None:
            return
        draw_curves(plots, result)
        if self.controller.last_point is not None:
            place_marker(plots, result, self.controller.last_point)
        draw_paths(plots, self.controller.descent.frame)

    @Slot(object)
    def _show_point(self, result: GradientResult | PointResult) -> None:
        if isinstance(result, PointResult):
            self.controls.show_point_values(result)
            self.tape_view.show_point(result)
        else:
            self.controls.show_values(result)
            self.tape_view.show_record(result.tape, result.variable)
        self.code_pane.set_code(result.code)
        self._place_marker(result)

    def _place_marker(self, result: GradientResult | PointResult) -> None:
        curves = self.controller.last_curves
        if self.plots is not None and curves is not None:
            place_marker(self.plots, curves, result)

    @Slot(object)
    def _show_descent(self, frame: DescentFrame) -> None:
        self.controls.descent.show_frame(frame, waiting=self.controller.descent.busy)
        self.descent_panel.show_frame(frame)
        if self.plots is not None:
            draw_paths(self.plots, frame)

    @Slot(bool)
    def _descent_busy(self, _busy: bool) -> None:
        self._show_descent(self.controller.descent.frame)

    @Slot(str)
    def _show_descent_refused(self, message: str) -> None:
        self.controls.point_message.show_error(f"The descent cannot start here: {message}")

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
        d = self.controls.descent
        runs = (d.run_a.form(), d.run_b.form())
        return settings_of(self.controls.form_text(), runs, d.compare_check.isChecked())

    def apply_settings(self, settings: GradientsSettings) -> None:
        """Stored text that no longer reads (a hand-edited file) starts from the first preset."""
        self.controls.set_form_text(form_of(settings))
        self._set_runs(settings)
        if validate(self.controls.form_text()).inputs is None:
            self.load_preset(PRESETS[0], compute=False)
        self.controls.show_variables(validate(self.controls.form_text()).variables)

    def _set_runs(self, settings: GradientsSettings) -> None:
        d = self.controls.descent
        for row, form in zip(d.rows(), runs_of(settings), strict=True):
            row.set_form(form)
        d.compare_check.setChecked(settings.compare)

    def notebook_section(self) -> Section:
        """The values at the point and the descent on show, as cells that print them."""
        c = self.controls
        rows = tuple(
            (name.text(), value.text())
            for name, value in zip(c.value_names, c.value_labels, strict=True)
            if value.isVisibleTo(c)
        )
        point = self.controller.last_point
        return gradients_section(
            "" if point is None else point.code,
            ShownValues(c.values_box.title(), rows),
            self.controller.descent.frame,
            self.controller.busy,
        )

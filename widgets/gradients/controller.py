"""The Gradients tab's state and engine work, with no layout: what to compute, and when.

Two LATEST channels keep it live: one for the curves over the range (once per expression, range
and settings) and one for the exact values at the point, so dragging the point asks TensorFlow
for one set of numbers at a time and never builds a backlog. A point result stays useful while
the point moves (it is drawn where it was computed), so point requests supersede each other only
when what the numbers mean changes.

With two inputs the curves channel computes the contour grid (f and its gradient) and the point
channel the gradient vector and Hessian. The descent and the "why None?" cases have controllers
of their own, owned here so the tab has one controller and one status.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Signal

from engine.gradients.derivatives import GradientResult, derivatives
from engine.gradients.expressions import compile_expression
from engine.gradients.two_inputs import PointResult, Surface, surface
from engine.shared.jobs import JobFailure
from engine.worker import Worker
from widgets.gradients.descent_controller import DescentController
from widgets.gradients.inputs import Inputs
from widgets.gradients.why_none_controller import WhyNoneController
from widgets.shared.jobs import JobChannel, Policy

OWNER = "Gradients"


class GradientsController(QObject):
    curves_ready = Signal(object)  # GradientResult over the range, or a Surface over the grid
    point_ready = Signal(object)  # GradientResult (one input) or PointResult (two) at the point
    failed = Signal(str)  # why TensorFlow could not compute
    status_changed = Signal(str)  # "", "Computing…", or what the work waits for

    def __init__(self, worker: Worker, parent: QObject | None = None):
        super().__init__(parent)
        self.worker = worker
        self.curves = JobChannel(worker, OWNER, Policy.LATEST, self)
        self.point = JobChannel(worker, OWNER, Policy.LATEST, self)
        self.descent = DescentController(worker, self)
        self.why_none = WhyNoneController(worker, self)
        self.channels = (self.curves, self.point, self.descent.channel, self.why_none.channel)
        for channel in self.channels:
            channel.busy_changed.connect(self._emit_status)
        worker.state_changed.connect(self._emit_status)
        self.inputs: Inputs | None = None  # the last valid inputs
        self.last_curves: GradientResult | Surface | None = None
        self.last_point: GradientResult | PointResult | None = None
        self.started = False  # nothing is computed until the tab is first shown
        self._curve_key_sent: tuple[object, ...] | None = None
        self._point_key_sent: tuple[object, ...] | None = None

    # --- requests ---------------------------------------------------------------------------
    def update(self, inputs: Inputs) -> None:
        """Valid new inputs: ask the engine for whatever they change."""
        self.inputs = inputs
        if self.started:
            self._send()

    def start(self) -> None:
        """The tab is on screen: compute what it shows."""
        self.started = True
        if self.inputs is not None:
            self._send()

    def _send(self) -> None:
        inputs = self.inputs
        assert inputs is not None
        point_job: Callable[[], object]
        curves_job: Callable[[], object]
        if inputs.two_inputs:
            point_job = partial(
                derivatives,
                inputs.text,
                inputs.start,
                variables=inputs.variables,
                order=inputs.order,
                source=inputs.source,
                watch=inputs.watch,
            )
            curves_job = partial(
                surface, compile_expression(inputs.text, inputs.variables), *inputs.grid()
            )
        else:
            common = partial(
                derivatives,
                inputs.text,
                variable=inputs.variable,
                order=inputs.order,
                source=inputs.source,
                watch=inputs.watch,
            )
            point_job = partial(common, inputs.point)
            curves_job = partial(common, inputs.curve_points())
        if inputs.curve_key != self._curve_key_sent:
            self._curve_key_sent = inputs.curve_key
            self.curves.submit(
                "Contour map" if inputs.two_inputs else "Gradient curves",
                curves_job,
                on_result=self._curves_done,
                on_failed=self._failed,
            )
        point_key = (*inputs.settings_key, inputs.start)
        if point_key != self._point_key_sent:
            meaning_changed = (
                self._point_key_sent is None or self._point_key_sent[:-1] != inputs.settings_key
            )
            self._point_key_sent = point_key
            self.point.submit(
                "Gradient at a point",
                point_job,
                on_result=self._point_done,
                on_failed=self._failed,
                supersede=meaning_changed,
            )
        self._emit_status()

    def shutdown(self) -> None:
        self.curves.cancel()
        self.point.cancel()
        self.descent.shutdown()
        self.why_none.shutdown()

    # --- results ----------------------------------------------------------------------------
    def _curves_done(self, result: GradientResult | Surface) -> None:
        self.last_curves = result
        self.curves_ready.emit(result)

    def _point_done(self, result: GradientResult | PointResult) -> None:
        self.last_point = result
        self.point_ready.emit(result)

    def _failed(self, failure: JobFailure) -> None:
        self.failed.emit(failure.message)

    @property
    def busy(self) -> bool:
        return any(channel.busy for channel in self.channels)

    def status(self) -> str:
        if not self.busy:
            return ""
        waiting = next(filter(None, (channel.blocked_by() for channel in self.channels)), None)
        return f"Waiting {waiting}…" if waiting else "Computing…"

    def _emit_status(self, *_args: object) -> None:
        self.status_changed.emit(self.status())

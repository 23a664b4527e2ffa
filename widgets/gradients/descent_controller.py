"""Gradient descent from the point: one engine job computes every run's whole path, then a QTimer
reveals it step by step on the GUI side, so playing never waits for TensorFlow.

While a path is on show it follows its plan: moving the start or editing a run's settings
computes the paths again (latest request only) and keeps the step reached. A new f starts over
(Reset): its first descent traces a new tf.function (~2 s on the engine thread), which would
hold up the curves of every expression typed on the way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal

from engine.gradients.descent import DescentResult
from engine.shared.jobs import JobFailure
from engine.worker import Worker
from widgets.gradients.descent_inputs import DescentPlan, run_descents
from widgets.shared.jobs import JobChannel, Policy

OWNER = "Gradients"
TICK_MS = 30
PLAY_TICKS = 150  # a long path plays in about 4.5 s: longer ones take bigger strides


@dataclass(frozen=True)
class DescentFrame:
    """What the descent shows now: the runs' paths and how many steps of them are revealed."""

    plan: DescentPlan | None  # what ``results`` were computed for
    results: tuple[DescentResult, ...]  # empty: no path on show
    revealed: int  # steps shown (0: only the start)
    playing: bool

    @property
    def last_step(self) -> int:
        return max((len(r.path) - 1 for r in self.results), default=0)

    @property
    def finished(self) -> bool:
        return bool(self.results) and self.revealed >= self.last_step

    def shown_steps(self, run: int) -> int:
        """Steps of one run on show (a run that stopped early shows all it has)."""
        return min(self.revealed, len(self.results[run].path) - 1)

    def ended(self, run: int) -> bool:
        """Has run ``run`` been shown to its last step (where its notes apply)?"""
        return self.shown_steps(run) >= len(self.results[run].path) - 1


class DescentController(QObject):
    frame_changed = Signal(object)  # DescentFrame
    failed = Signal(str)  # the engine refused the plan (f is undefined at the start)

    def __init__(self, worker: Worker, parent: QObject | None = None):
        super().__init__(parent)
        self.channel = JobChannel(worker, OWNER, Policy.LATEST, self)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.plan: DescentPlan | None = None  # the latest valid plan
        self.frame = DescentFrame(None, (), 0, False)
        self._on_show = False  # a path is wanted (Play or Step pressed since the last Reset)
        self._sent: DescentPlan | None = None
        self._step_when_ready = False

    # --- what to compute --------------------------------------------------------------------
    def set_plan(self, plan: DescentPlan) -> None:
        shown = self.frame.plan
        self.plan = plan
        if shown is not None and (plan.expression, plan.variables) != (
            shown.expression,
            shown.variables,
        ):
            self.reset()
        elif self._on_show:
            self._ensure_computed()

    def _ensure_computed(self) -> bool:
        """True when the paths on hand are the plan's; otherwise ask for them."""
        plan = self.plan
        if plan is None or plan == self.frame.plan:
            return plan is not None
        if plan != self._sent:
            self._sent = plan
            self.channel.submit(
                "Gradient descent",
                partial(run_descents, plan),
                on_result=partial(self._computed, plan),
                on_failed=self._failed,
            )
        return False

    def _computed(self, plan: DescentPlan, results: tuple[DescentResult, ...]) -> None:
        self._sent = None
        if not self._on_show:
            return
        last_step = max(len(r.path) - 1 for r in results)
        revealed = min(self.frame.revealed, last_step)
        self._show(DescentFrame(plan, results, revealed, self.frame.playing))
        if self._step_when_ready:
            self._step_when_ready = False
            self._advance(1)
        elif self.frame.playing and not self.frame.finished:
            self.timer.start()
        elif self.frame.finished:
            self._stop_playing()

    def _failed(self, failure: JobFailure) -> None:
        self._sent = None
        self._step_when_ready = False
        self._stop_playing()
        self.failed.emit(failure.message)

    # --- the player -------------------------------------------------------------------------
    def play(self) -> None:
        if self.plan is None:
            return
        self._on_show = True
        revealed = 0 if self.frame.finished else self.frame.revealed
        self._show(DescentFrame(self.frame.plan, self.frame.results, revealed, True))
        if self._ensure_computed():
            self.timer.start()

    def pause(self) -> None:
        self._stop_playing()

    def step(self) -> None:
        """Reveal the next step (computing the paths first if they are not the plan's)."""
        if self.plan is None:
            return
        self._on_show = True
        self.timer.stop()
        if self.frame.playing:
            self._show(
                DescentFrame(self.frame.plan, self.frame.results, self.frame.revealed, False)
            )
        if self._ensure_computed():
            self._advance(1)
        else:
            self._step_when_ready = True

    def reset(self) -> None:
        """Back to the start: no path on show until Play or Step."""
        self.timer.stop()
        self._on_show = False
        self._step_when_ready = False
        self._show(DescentFrame(None, (), 0, False))

    def shutdown(self) -> None:
        self.timer.stop()
        self.channel.cancel()

    def _tick(self) -> None:
        stride = max(1, math.ceil(self.frame.last_step / PLAY_TICKS))
        self._advance(stride)

    def _advance(self, steps: int) -> None:
        frame = self.frame
        revealed = min(frame.revealed + steps, frame.last_step)
        playing = frame.playing and revealed < frame.last_step
        if not playing:
            self.timer.stop()
        self._show(DescentFrame(frame.plan, frame.results, revealed, playing))

    def _stop_playing(self) -> None:
        self.timer.stop()
        if self.frame.playing:
            self._show(
                DescentFrame(self.frame.plan, self.frame.results, self.frame.revealed, False)
            )

    def _show(self, frame: DescentFrame) -> None:
        self.frame = frame
        self.frame_changed.emit(frame)

    @property
    def busy(self) -> bool:
        return self.channel.busy

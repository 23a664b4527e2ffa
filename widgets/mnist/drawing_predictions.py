"""The model's answer for the digit on the canvas: asked once drawing pauses, latest request only,
and known to be current when it was made for the strokes as they are now."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
from PySide6.QtCore import QObject, Signal

from engine.mnist.results import Prediction
from engine.mnist.training import TrainingSession
from engine.shared.jobs import JobFailure
from engine.worker import Worker
from widgets.shared.debounce import Debouncer
from widgets.shared.jobs import JobChannel, Policy

PREDICT_DELAY_MS = 60  # coalesce mouse moves into one prediction job
NO_DRAWING = Prediction(None, None)


class DrawingPredictions(QObject):
    predicted = Signal(Prediction)  # NO_DRAWING for a blank canvas
    status = Signal(str)  # why there is no new prediction (yet)

    def __init__(
        self,
        worker: Worker,
        session: TrainingSession,
        owner: str,
        blocked: Callable[[], str | None],
        parent: QObject | None = None,
    ):
        """``blocked()`` says why no prediction can be made now (no model, training), or None."""
        super().__init__(parent)
        self.session = session
        self.blocked = blocked
        self.jobs = JobChannel(worker, owner, Policy.LATEST, self)
        self.drawing: np.ndarray | None = None  # None while the canvas is blank
        self.prediction: Prediction | None = None
        # Versions: a prediction is current when it was made for the latest strokes.
        self.version = 0
        self.prediction_version = -1
        self.debounce = Debouncer(self.request, PREDICT_DELAY_MS, self)

    @property
    def current(self) -> bool:
        return self.prediction_version == self.version

    def set_drawing(self, drawing: np.ndarray | None) -> None:
        """The strokes changed (None: the canvas is blank); predict once drawing pauses."""
        self.drawing = drawing
        self.version += 1
        self.debounce.trigger()

    def request(self) -> None:
        if self.drawing is None:
            self.show(NO_DRAWING, self.version)
            return
        reason = self.blocked()
        if reason is not None:
            self.status.emit(reason)
            return
        self.jobs.submit(
            "Predict drawn digit",
            self.session.predict_drawing,
            self.drawing,
            on_result=partial(self.show, version=self.version),
            on_failed=self._failed,
        )

    def show(self, prediction: Prediction, version: int) -> None:
        """``prediction`` was made for the strokes of ``version``."""
        self.prediction_version = version
        self.prediction = prediction
        self.predicted.emit(prediction)

    def model_changed(self) -> None:
        """A new model: the drawing needs a new answer."""
        self.prediction_version = -1
        if self.drawing is not None:
            self.request()

    def _failed(self, failure: JobFailure) -> None:
        self.status.emit(f"Prediction failed: {failure.message}")

    def shutdown(self) -> None:
        self.debounce.cancel()
        self.jobs.cancel()

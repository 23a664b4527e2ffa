"""Every training run of the tab goes into the run history as it happens: the settings when it
starts, each epoch as it ends, the result and how it ended (finished, stopped, diverged,
failed), and, with "keep each run's model", the model beside the history."""

from __future__ import annotations

from pathlib import Path

from engine.mnist.model import TrainSettings
from engine.mnist.progress import TrainingProgress
from engine.mnist.recording import TrainingRecord
from engine.mnist.results import RunResult
from engine.shared.mnist_data import MnistData
from widgets.mnist.runs_controller import RunsController
from widgets.shared.message_line import Severity

MODELS = "models"


class RunRecording:
    def __init__(self, history: RunsController):
        self.history = history
        self.record: TrainingRecord | None = None

    @property
    def run_id(self) -> int | None:
        """The history's id of the run being recorded (None when it is not)."""
        return self.record.run_id if self.record is not None else None

    def start(
        self,
        settings: TrainSettings,
        data: MnistData,
        limit: int | None,
        parent: int | None = None,
    ) -> str | None:
        """A run begins (``parent``: the run it continues); returns where to keep its model, or
        None."""
        store = self.history.store
        self.record = TrainingRecord(store if store.available else None, "gui")
        run_id = self.record.start(settings, data, limit, parent)
        self._say_problem()
        if run_id is None or not self.history.keep_models:
            return None
        return str(Path(store.folder) / MODELS / f"run-{run_id}.keras")

    def progress(self, progress: TrainingProgress) -> None:
        if self.record is not None:
            self.record.progress(progress)

    def finish(self, result: RunResult) -> None:
        record, self.record = self.record, None
        if record is None:
            return
        evaluation = result.evaluation
        record.finish(
            result.report,
            evaluation.test_accuracy if evaluation else None,
            evaluation.test_loss if evaluation else None,
            result.kept_model,
        )
        if result.keep_problem:
            self.history.message.emit(result.keep_problem, Severity.WARNING)
        self._say_problem(record)
        self.history.refresh()

    def fail(self) -> None:
        self._end("failed")

    def cancelled(self) -> None:
        """Stopped before its first batch."""
        self._end("stopped")

    def _end(self, status: str) -> None:
        record, self.record = self.record, None
        if record is not None:
            record.recorder.finish(status)
            self.history.refresh()

    def _say_problem(self, record: TrainingRecord | None = None) -> None:
        record = record or self.record
        if record is not None and record.problem:
            self.history.message.emit(record.problem, Severity.WARNING)

"""What the run history keeps of a training run, in one place for the app and the command line:
the settings as plain data, each finished epoch's metrics, and how the run ended."""

from __future__ import annotations

from typing import Any

from engine.mnist.architecture import model_kind
from engine.mnist.layer_spec import format_layers
from engine.mnist.model import TrainSettings
from engine.mnist.progress import TrainingProgress
from engine.mnist.results import TrainReport
from engine.runs.record import RunRecorder
from engine.runs.store import RunStore
from engine.shared.mnist_data import MnistData


def run_settings(settings: TrainSettings, data: MnistData, limit: int | None) -> dict[str, Any]:
    """The settings a run is recorded with (the Runs panel compares runs on these)."""
    return {
        "model": model_kind(settings.layers),
        "layers": format_layers(settings.layers),
        "optimizer": settings.optimizer,
        "learning_rate": settings.learning_rate,
        "loss": settings.loss,
        "epochs": settings.epochs,
        "batch_size": settings.batch_size,
        "validation_split": settings.validation_split,
        "seed": settings.seed,
        "strategy": settings.strategy,
        "limit": limit,
        "data": data.source,
    }


def epoch_metrics(progress: TrainingProgress) -> dict[str, float]:
    values = {
        "loss": progress.loss,
        "accuracy": progress.accuracy,
        "val_loss": progress.val_loss,
        "val_accuracy": progress.val_accuracy,
    }
    return {name: value for name, value in values.items() if value is not None}


def status_of(report: TrainReport) -> str:
    if report.diverged:
        return "diverged"
    return "stopped" if report.stopped else "finished"


class TrainingRecord:
    """Feeds one training run into the history: ``epoch`` for each epoch's progress report,
    then ``finish`` or ``fail``. Never raises: a history that cannot be written leaves
    ``problem`` set and the training untouched."""

    def __init__(self, store: RunStore | None, source: str):
        self.recorder = RunRecorder(store, source)
        self._elapsed = 0.0  # when the last epoch ended, in seconds since fit() began

    @property
    def run_id(self) -> int | None:
        return self.recorder.run_id

    @property
    def problem(self) -> str | None:
        return self.recorder.problem

    @property
    def notice(self) -> str | None:
        """What happened to an unusable history file (moved aside), to be said once."""
        store = self.recorder.store
        return store.notice if store is not None else None

    def start(
        self,
        settings: TrainSettings,
        data: MnistData,
        limit: int | None,
        parent: int | None = None,
    ) -> int | None:
        return self.recorder.start(run_settings(settings, data, limit), parent)

    def progress(self, progress: TrainingProgress) -> None:
        if progress.kind == "epoch":
            seconds = progress.elapsed - self._elapsed
            self._elapsed = progress.elapsed
            self.recorder.epoch(progress.epoch, epoch_metrics(progress), seconds)

    def finish(
        self,
        report: TrainReport,
        test_accuracy: float | None,
        test_loss: float | None,
        model_path: str | None = None,
    ) -> None:
        self.recorder.finish(
            status_of(report),
            test_accuracy=test_accuracy,
            test_loss=test_loss,
            gradient_updates=report.updates_done,
            seconds=report.seconds,
            model_path=model_path,
        )

    def fail(self) -> None:
        self.recorder.finish("failed")

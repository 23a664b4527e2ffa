"""The MNIST Trainer's state and engine work, with no layout: the checked settings, the run, the
test-set evaluation, the prediction for the drawing, and model files (the data: DataSource).

Every TensorFlow call (load and convert the data, fit, evaluate, predict, save, load) is a job on
the engine's thread through a JobChannel; the session's Keras model is only touched inside those
jobs. Training, data, files and evaluation each run one at a time (a second request while one
runs is refused); predictions are latest-only, so drawing never builds a backlog.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal

from engine.mnist.model import TrainSettings
from engine.mnist.progress import TrainingProgress
from engine.mnist.results import Evaluation, LoadedModel, Prediction, RunResult
from engine.mnist.training import TrainingSession, train_and_evaluate
from engine.shared.jobs import JobFailure
from engine.shared.mnist_data import MnistData
from engine.worker import Worker
from widgets.mnist.data_source import DataSource
from widgets.mnist.inputs import MNIST_CLASSES, MNIST_TRAIN_SAMPLES, FormText, SettingsCheck, check
from widgets.mnist.messages import (
    READY,
    Notice,
    done_status,
    outcome_notice,
    progress_status,
)
from widgets.shared.debounce import Debouncer
from widgets.shared.jobs import JobChannel, Policy, Request
from widgets.shared.message_line import Severity

OWNER = "MNIST Trainer"
PREDICT_DELAY_MS = 60  # coalesce mouse moves into one prediction job
NO_DRAWING = Prediction(None, None)


@dataclass(frozen=True)
class RunPlan:
    """A run about to start: what the curves and the progress bar are reset for."""

    settings: TrainSettings
    classes: int


class MnistController(QObject):
    # The settings.
    settings_checked = Signal(SettingsCheck)
    # A training run.
    running_changed = Signal(bool)
    run_started = Signal(RunPlan)
    progressed = Signal(TrainingProgress)
    trained = Signal(RunResult)
    stopping = Signal()  # Stop was asked for: the run ends after its current chunk
    run_status = Signal(str)  # the line beside the progress bar
    run_notice_changed = Signal(Notice)
    # The test set.
    test_status = Signal(str)  # words in place of results: evaluating, no model yet
    evaluated = Signal(Evaluation)
    evaluation_failed = Signal(str)
    # The drawing.
    predicted = Signal(Prediction)  # NO_DRAWING for a blank canvas
    prediction_status = Signal(str)  # why there is no new prediction (yet)
    # Model files.
    file_notice = Signal(Notice)
    model_loaded = Signal(LoadedModel)

    def __init__(self, worker: Worker, parent: QObject | None = None):
        super().__init__(parent)
        self.worker = worker
        self.session = TrainingSession()  # its model is only touched inside worker jobs
        self.data_source = DataSource(worker, self.session, OWNER, self)
        self.data_source.loaded.connect(self._data_loaded)
        self.training_jobs = JobChannel(worker, OWNER, Policy.EXCLUSIVE, self)
        self.file_jobs = JobChannel(worker, OWNER, Policy.EXCLUSIVE, self)
        self.evaluation_jobs = JobChannel(worker, OWNER, Policy.EXCLUSIVE, self)
        self.prediction_jobs = JobChannel(worker, OWNER, Policy.LATEST, self)
        self.started = False  # the data loads when the tab is first shown
        # Settings, as the form last showed them.
        self.form_text: FormText | None = None
        self.settings_check: SettingsCheck | None = None
        # The model and what it gave.
        self.has_model = False
        self.run_plan: RunPlan | None = None
        self.run_notice = READY
        self.train_request: Request | None = None  # what Stop asks to end
        self.result: RunResult | None = None
        self.evaluation: Evaluation | None = None
        self.prediction: Prediction | None = None
        # Drawing versions: a prediction is current when it was made for the latest strokes.
        self.drawing: np.ndarray | None = None  # None while the canvas is blank
        self.drawing_version = 0
        self.prediction_version = -1
        self._trained_drawing_version = -1  # the drawing a running training job predicts
        self.predict_debounce = Debouncer(self.request_prediction, PREDICT_DELAY_MS, self)

    # --- state -------------------------------------------------------------------------------
    @property
    def training(self) -> bool:
        return self.training_jobs.busy

    @property
    def prediction_current(self) -> bool:
        return self.prediction_version == self.drawing_version

    def current_data(self) -> MnistData | None:
        """The data a run uses: all of it, or its first N samples."""
        checked = self.settings_check
        return self.data_source.subset(checked.limit if checked is not None else None)

    # --- settings ------------------------------------------------------------------------------
    def set_form(self, form: FormText) -> None:
        """The form changed: check it again."""
        self.form_text = form
        self._check()

    def _check(self) -> None:
        if self.form_text is None:
            return
        data = self.data_source.data
        total = len(data.x_train) if data is not None else MNIST_TRAIN_SAMPLES
        classes = data.num_classes if data is not None else MNIST_CLASSES
        checked = check(self.form_text, total, classes)
        self.settings_check = checked
        self.settings_checked.emit(checked)
        if checked.settings is not None and self.run_notice.is_error and not self.training:
            self._set_run_notice(READY)  # the problem it named is fixed

    def _set_run_notice(self, notice: Notice) -> None:
        self.run_notice = notice
        self.run_notice_changed.emit(notice)

    # --- data ----------------------------------------------------------------------------------
    def start(self) -> None:
        """The tab is on screen for the first time: load the data."""
        if self.started:
            return
        self.started = True
        source = self.data_source
        if source.data is None and not source.jobs.busy:
            source.load(source.path)

    def _data_loaded(self, _data: MnistData) -> None:
        self._check()  # the samples and classes the settings are checked against

    # --- training ------------------------------------------------------------------------------
    def start_training(self) -> None:
        if self.training:
            self._set_run_notice(
                Notice(
                    "A training run is already going: press Stop (Esc) to end it first.",
                    Severity.ERROR,
                )
            )
            return
        if self.data_source.data is None:
            self._set_run_notice(
                Notice("The data has not loaded yet (see the Data box).", Severity.ERROR)
            )
            return
        checked = self.settings_check
        if checked is None or checked.settings is None:
            self._check()  # every field shows its problem
            errors = checked.errors.values() if checked is not None else ()
            self._set_run_notice(Notice("Cannot train yet: " + " ".join(errors), Severity.ERROR))
            return
        settings = checked.settings
        data = self.current_data()
        assert data is not None  # loaded, checked above
        self._trained_drawing_version = self.drawing_version
        self.run_plan = RunPlan(settings, data.num_classes)
        self.run_started.emit(self.run_plan)
        waiting = "" if self.worker.is_ready else " (waiting for TensorFlow to load)"
        self.run_status.emit(f"Starting{waiting}…")
        samples = len(data.x_train)
        self._set_run_notice(
            Notice(
                f"Training on {settings.train_count(samples):,} samples: "
                f"{settings.updates_text(samples)} gradient updates."
            )
        )
        self.train_request = self.training_jobs.submit(
            "Train MNIST model",
            partial(train_and_evaluate, self.session, data, settings, self.drawing),
            pass_control=True,
            on_progress=self._progressed,
            on_result=self._trained,
            on_failed=self._training_failed,
            on_cancelled=self._training_cancelled,
            on_finished=self._training_finished,
        )
        self.running_changed.emit(True)

    def stop_training(self) -> None:
        if self.train_request is None:
            return
        self.train_request.cancel()  # the run ends at the next chunk and still reports
        self.stopping.emit()
        self.run_status.emit("Stopping after the current chunk of batches…")

    def _progressed(self, progress: TrainingProgress) -> None:
        self.progressed.emit(progress)
        self.run_status.emit(progress_status(progress))

    def _trained(self, result: RunResult) -> None:
        self.result = result
        self.has_model = True
        self._set_run_notice(outcome_notice(result.report))
        self.trained.emit(result)
        assert self.run_plan is not None  # set when the run started
        self.run_status.emit(done_status(result.report, self.run_plan.settings.epochs))
        if result.evaluation is not None:
            self._show_evaluation(result.evaluation)
        if result.prediction is not None:
            self.prediction_version = self._trained_drawing_version
            self._show_prediction(result.prediction)

    def _training_failed(self, failure: JobFailure) -> None:
        self._set_run_notice(Notice(f"Training failed: {failure.message}", Severity.ERROR))
        self.run_status.emit("Training failed")

    def _training_cancelled(self) -> None:
        self._set_run_notice(Notice("Stopped before training began.", Severity.WARNING))
        self.run_status.emit("Stopped")

    def _training_finished(self) -> None:
        self.train_request = None
        self.running_changed.emit(False)
        if self.has_model and not self.prediction_current:
            self.request_prediction()  # the drawing changed while training ran

    # --- the test set --------------------------------------------------------------------------
    def evaluate(self) -> None:
        if self.training or self.evaluation_jobs.busy:
            return
        if not self.has_model:
            self.test_status.emit("There is no model yet: train one or load a .keras file.")
            return
        data = self.current_data()
        if data is None:
            return
        self.test_status.emit("Evaluating on the test set…")
        self.evaluation_jobs.submit(
            "Evaluate MNIST model",
            self.session.evaluate,
            data,
            on_result=self._show_evaluation,
            on_failed=self._evaluation_failed,
        )

    def _show_evaluation(self, evaluation: Evaluation) -> None:
        self.evaluation = evaluation
        self.evaluated.emit(evaluation)

    def _evaluation_failed(self, failure: JobFailure) -> None:
        self.evaluation_failed.emit(failure.message)

    # --- the drawing ---------------------------------------------------------------------------
    def set_drawing(self, drawing: np.ndarray | None) -> None:
        """The strokes changed (None: the canvas is blank); predict once drawing pauses."""
        self.drawing = drawing
        self.drawing_version += 1
        self.predict_debounce.trigger()

    def request_prediction(self) -> None:
        if self.drawing is None:
            self.prediction_version = self.drawing_version
            self._show_prediction(NO_DRAWING)
            return
        if not self.has_model:
            self.prediction_status.emit("Train or load a model to get a prediction.")
            return
        if self.training:
            self.prediction_status.emit("The prediction updates when training ends.")
            return
        self.prediction_jobs.submit(
            "Predict drawn digit",
            self.session.predict_drawing,
            self.drawing,
            on_result=partial(self._predicted, self.drawing_version),
            on_failed=self._prediction_failed,
        )

    def _predicted(self, version: int, prediction: Prediction) -> None:
        self.prediction_version = version
        self._show_prediction(prediction)

    def _show_prediction(self, prediction: Prediction) -> None:
        self.prediction = prediction
        self.predicted.emit(prediction)

    def _prediction_failed(self, failure: JobFailure) -> None:
        self.prediction_status.emit(f"Prediction failed: {failure.message}")

    # --- model files ---------------------------------------------------------------------------
    def file_action_allowed(self, *, saving: bool) -> bool:
        """Whether a save (or load) may start now; if not, the file line says why."""
        if self.training or self.file_jobs.busy:
            self.file_notice.emit(
                Notice("Wait for the current run to end (or Stop it) first.", Severity.ERROR)
            )
            return False
        if saving and not self.has_model:
            self.file_notice.emit(
                Notice("There is no model to save yet: train one first.", Severity.ERROR)
            )
            return False
        return True

    def save_model(self, path: str) -> None:
        if not self.file_action_allowed(saving=True):
            return
        self.file_notice.emit(Notice(f"Saving {path}…"))
        self.file_jobs.submit(
            "Save MNIST model",
            self.session.save,
            path,
            on_result=self._saved,
            on_failed=self._file_failed,
        )

    def load_model(self, path: str) -> None:
        if not self.file_action_allowed(saving=False):
            return
        self.file_notice.emit(Notice(f"Loading {path}…"))
        self.file_jobs.submit(
            "Load MNIST model",
            self.session.load,
            path,
            on_result=self._loaded,
            on_failed=self._file_failed,
        )

    def _saved(self, path: Path) -> None:
        self.file_notice.emit(Notice(f"Saved {path}"))

    def _loaded(self, loaded: LoadedModel) -> None:
        self.has_model = True
        self.model_loaded.emit(loaded)  # the form shows its layers
        self.file_notice.emit(
            Notice(
                f"Loaded {loaded.path} ({loaded.parameters:,} parameters). The builder now "
                "shows its layers; Train would start a fresh model from them."
            )
        )
        self.evaluate()
        self.prediction_version = -1  # a new model: the drawing needs a new answer
        if self.drawing is not None:
            self.request_prediction()

    def _file_failed(self, failure: JobFailure) -> None:
        self.file_notice.emit(
            Notice(f"{failure.message} The current model is unchanged.", Severity.ERROR)
        )

    # --- closing -------------------------------------------------------------------------------
    def shutdown(self) -> None:
        self.predict_debounce.cancel()
        for channel in (
            self.training_jobs,
            self.data_source.jobs,
            self.file_jobs,
            self.evaluation_jobs,
            self.prediction_jobs,
        ):
            channel.cancel()

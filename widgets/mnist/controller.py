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

from PySide6.QtCore import QObject, Signal

from engine.mnist.architecture import input_shape_for
from engine.mnist.code import DataRecipe, RunRecipe
from engine.mnist.model import TrainSettings
from engine.mnist.progress import TrainingProgress
from engine.mnist.results import Evaluation, LoadedModel, RunResult
from engine.mnist.training import TrainingSession, train_and_evaluate
from engine.shared.jobs import JobFailure
from engine.shared.mnist_data import MnistData
from engine.worker import Worker
from widgets.mnist.continuation import RunStart
from widgets.mnist.data_source import DataSource
from widgets.mnist.device_lookup import DeviceLookup
from widgets.mnist.drawing_predictions import DrawingPredictions
from widgets.mnist.inputs import MNIST_CLASSES, MNIST_TRAIN_SAMPLES, FormText, SettingsCheck, check
from widgets.mnist.inspection_controller import InspectionController
from widgets.mnist.messages import (
    READY,
    Notice,
    done_status,
    loaded_notice,
    outcome_notice,
    progress_status,
    start_notice,
)
from widgets.mnist.reproduction import ExportedCode, Reproduction
from widgets.mnist.run_recording import RunRecording
from widgets.mnist.runs_controller import RunsController
from widgets.mnist.train_more import TrainMore
from widgets.shared.jobs import JobChannel, Policy, Request
from widgets.shared.message_line import Severity

OWNER = "MNIST Trainer"


@dataclass(frozen=True)
class RunPlan:
    """A run about to start: what the curves and the progress bar are reset for."""

    settings: TrainSettings
    classes: int
    recipe: RunRecipe  # what code repeats it
    start: RunStart  # a new model, or the model on screen trained more


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
    # The code that repeats what the tab shows (or what Train does next).
    code_changed = Signal(str)
    # Model files.
    file_notice = Signal(Notice)
    model_loaded = Signal(LoadedModel)
    model_saved = Signal(str)

    def __init__(self, worker: Worker, parent: QObject | None = None):
        super().__init__(parent)
        self.worker = worker
        self.session = TrainingSession()  # its model is only touched inside worker jobs
        self.data_source = DataSource(worker, self.session, OWNER, self)
        self.data_source.loaded.connect(self._data_loaded)
        self.training_jobs = JobChannel(worker, OWNER, Policy.EXCLUSIVE, self)
        self.file_jobs = JobChannel(worker, OWNER, Policy.EXCLUSIVE, self)
        self.evaluation_jobs = JobChannel(worker, OWNER, Policy.EXCLUSIVE, self)
        self.drawing = DrawingPredictions(
            worker, self.session, OWNER, self._prediction_blocked, self
        )
        self.reproduction = Reproduction()
        self.inspection = inspection = InspectionController(
            worker, self.session, self.drawing, self.reproduction, OWNER, self
        )
        self.evaluated.connect(inspection.evaluated)
        self.trained.connect(inspection.trained)
        self.model_loaded.connect(inspection.loaded)
        self.model_saved.connect(inspection.saved)
        self.running_changed.connect(inspection.set_training)
        self.history = RunsController(worker, parent=self)
        self.recording = RunRecording(self.history)
        self.more = TrainMore(self)  # Train more: its epochs, and the model it continues
        self.devices = DeviceLookup(worker, OWNER, self)
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
        self._trained_drawing_version = -1  # the drawing a running training job predicts

    # --- state -------------------------------------------------------------------------------
    @property
    def training(self) -> bool:
        return self.training_jobs.busy

    def _limit(self) -> int | None:
        checked = self.settings_check
        return checked.limit if checked is not None else None

    def current_data(self) -> MnistData | None:
        """The data a run uses: all of it, or its first N samples."""
        return self.data_source.subset(self._limit())

    def current_recipe(self) -> DataRecipe:
        """The data a run uses, as code reads it."""
        return self.data_source.recipe(self._limit())

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
        form = None
        if checked.settings is not None:
            form = RunRecipe(checked.settings, self.current_recipe(), checked.samples)
        self.reproduction.set_form(form)
        self._code_changed()

    def _code_changed(self) -> None:
        self.code_changed.emit(self.reproduction.pane_code())

    def exported_code(self) -> ExportedCode:
        """What File > Export writes for this tab: the code of what it shows."""
        return self.reproduction.exported(busy=self.training)

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
        self.devices.look()

    def _data_loaded(self, _data: MnistData) -> None:
        self._check()  # the samples and classes the settings are checked against

    # --- training ------------------------------------------------------------------------------
    def train_more(self) -> None:
        self.start_training(more=True)

    def start_training(self, more: bool = False) -> None:
        """Train a new model, or with ``more`` the model on screen for more epochs."""
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
        data = self.current_data()
        assert data is not None  # loaded, checked above
        start = self.more.plan(checked.settings, self.current_recipe(), data.num_classes, more)
        if start is None or start.refusal:  # the epochs field, or the model, says why
            if start is not None:
                self._set_run_notice(Notice(start.refusal, Severity.ERROR))
            return
        settings = start.settings
        self._trained_drawing_version = self.drawing.version
        recipe = RunRecipe(settings, self.current_recipe(), checked.samples)
        self.run_plan = RunPlan(settings, data.num_classes, recipe, start)
        self.run_started.emit(self.run_plan)
        waiting = "" if self.worker.is_ready else " (waiting for TensorFlow to load)"
        self.run_status.emit(f"Starting{waiting}…")
        self._set_run_notice(start_notice(start, len(data.x_train), self.devices.replicas))
        keep = self.recording.start(settings, data, self._limit(), start.parent)
        self.train_request = self.training_jobs.submit(
            "Train MNIST model",
            partial(
                train_and_evaluate,
                self.session,
                data,
                settings,
                self.drawing.drawing,
                keep_path=keep,
                more=start.continues,
                run_id=self.recording.run_id,
            ),
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
        self.recording.progress(progress)
        self.progressed.emit(progress)
        self.run_status.emit(progress_status(progress))

    def _trained(self, result: RunResult) -> None:
        self.recording.finish(result)
        self.result = result
        self.has_model = True
        report = result.report
        self._set_run_notice(outcome_notice(report))
        self.trained.emit(result)
        plan = self.run_plan
        assert plan is not None  # set when the run started
        self.run_status.emit(done_status(report, plan.settings.epochs))
        stop_after = report.updates_done if report.updates_done < report.planned_updates else None
        run = RunRecipe(plan.settings, plan.recipe.data, plan.recipe.samples, stop_after)
        self.reproduction.trained(run, bool(report.diverged), plan.start.continues)
        self.more.trained(plan.start, run.data, plan.classes, result)
        if result.evaluation is not None:
            self._show_evaluation(result.evaluation, run.data)
        if result.prediction is not None:
            self.drawing.show(result.prediction, self._trained_drawing_version)

    def _training_failed(self, failure: JobFailure) -> None:
        self.recording.fail()
        self._set_run_notice(Notice(f"Training failed: {failure.message}", Severity.ERROR))
        self.run_status.emit("Training failed")

    def _training_cancelled(self) -> None:
        self.recording.cancelled()
        self._set_run_notice(Notice("Stopped before training began.", Severity.WARNING))
        self.run_status.emit("Stopped")

    def _training_finished(self) -> None:
        self.train_request = None
        self.running_changed.emit(False)
        if self.has_model and not self.drawing.current:
            self.drawing.request()  # the drawing changed while training ran

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
            on_result=partial(self._show_evaluation, tested=self.current_recipe()),
            on_failed=self._evaluation_failed,
        )

    def _show_evaluation(self, evaluation: Evaluation, tested: DataRecipe) -> None:
        self.evaluation = evaluation
        self.evaluated.emit(evaluation)
        self.reproduction.evaluated(evaluation, tested)
        self._code_changed()

    def _evaluation_failed(self, failure: JobFailure) -> None:
        self.evaluation_failed.emit(failure.message)

    # --- the drawing ---------------------------------------------------------------------------
    def _prediction_blocked(self) -> str | None:
        if not self.has_model:
            return "Train or load a model to get a prediction."
        if self.training:
            return "The prediction updates when training ends."
        return None

    # --- model files ---------------------------------------------------------------------------
    def file_action_allowed(self, *, saving: bool) -> bool:
        """Whether a save (or load) may start now; if not, the file line says why."""
        if self.training or self.file_jobs.busy:
            return self._refuse_file("Wait for the current run to end (or Stop it) first.")
        if saving and not self.has_model:
            return self._refuse_file("There is no model to save yet: train one first.")
        return True

    def _refuse_file(self, text: str) -> bool:
        self.file_notice.emit(Notice(text, Severity.ERROR))
        return False

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
        self.model_saved.emit(str(path))

    def _loaded(self, loaded: LoadedModel) -> None:
        self.has_model = True
        shape = input_shape_for(loaded.layers) if loaded.layers else None
        self.reproduction.loaded(loaded.path, shape, loaded.stages.epochs)
        self.more.loaded(loaded)
        self.model_loaded.emit(loaded)  # the form shows its layers
        self.file_notice.emit(loaded_notice(loaded))
        self.evaluate()
        self.drawing.model_changed()

    def _file_failed(self, failure: JobFailure) -> None:
        self.file_notice.emit(
            Notice(f"{failure.message} The current model is unchanged.", Severity.ERROR)
        )

    # --- closing -------------------------------------------------------------------------------
    def shutdown(self) -> None:
        self.drawing.shutdown()
        self.inspection.shutdown()
        self.history.shutdown()
        for channel in (
            self.training_jobs,
            self.data_source.jobs,
            self.file_jobs,
            self.evaluation_jobs,
            self.devices.jobs,
        ):
            channel.cancel()

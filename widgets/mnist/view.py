"""The MNIST Trainer tab: build, compile and fit Dense layers on MNIST and watch them learn.

All TensorFlow work (fit, evaluate, predict, save, load) runs as worker jobs on the engine's
thread; this module only reads settings, shows progress and renders plain NumPy results.
"""

from __future__ import annotations

import functools

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.mnist import MnistData
from engine.mnist.model import (
    TrainSettings,
    keras_code,
)
from engine.mnist.progress import TrainingProgress
from engine.mnist.results import LoadedModel, RunResult
from engine.mnist.training import TrainingSession, load_and_prepare, train_and_evaluate
from engine.shared.jobs import JobFailure
from engine.worker import Worker
from widgets.mnist.curves import TrainingCurves
from widgets.mnist.digit_panel import DigitPanel
from widgets.mnist.image_grid import ImageGrid, gray_image
from widgets.mnist.results import DetailTabs, TestResults, model_summary_text
from widgets.mnist.settings import MnistSettings
from widgets.mnist.settings_form import SettingsForm
from widgets.shared.file_dialogs import ask_folder, ask_open_file, ask_save_file
from widgets.shared.jobs import JobChannel, Policy, Request
from widgets.shared.message_line import MessageLine, Severity
from widgets.shared.status_text import StatusText

PREDICT_DELAY_MS = 60  # coalesce mouse moves into one prediction job
OWNER = "MNIST Trainer"


def _fmt_time(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d}"


class MnistTrainerTab(QWidget):
    settings_group = "mnist"

    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.session = TrainingSession()  # its model is only touched inside worker jobs
        self.data: MnistData | None = None
        self.data_path: str | None = None  # None: the default lookup (Keras cache, bundled)
        self.result: RunResult | None = None
        self.evaluation = None
        self.prediction = None
        self.has_model = False
        self.train_jobs = JobChannel(worker, OWNER, Policy.EXCLUSIVE, self)
        self.data_jobs = JobChannel(worker, OWNER, Policy.EXCLUSIVE, self)
        self.file_jobs = JobChannel(worker, OWNER, Policy.EXCLUSIVE, self)
        self.eval_jobs = JobChannel(worker, OWNER, Policy.EXCLUSIVE, self)
        self.predict_jobs = JobChannel(worker, OWNER, Policy.LATEST, self)
        self.train_request: Request | None = None  # what Stop asks to end
        self._progress_count = 0
        # Drawing versions: a prediction is current when it was made for the latest strokes.
        self.drawing_version = 0
        self.prediction_version = -1
        self._train_drawing_version = -1
        self._first_show = True
        self._subset = None
        self._fall_back = False
        self._build()
        self._wire()
        self._settings_changed()

    # ===================================================================== layout
    def _build(self) -> None:
        self.form = SettingsForm()
        form = self.form
        self.fields, self.field_messages = form.fields, form.field_messages
        self.layer_list, self.layers_message = form.layer_list, form.layers_message
        self.optimizer_combo, self.loss_combo = form.optimizer_combo, form.loss_combo
        self.updates_label, self.params_label = form.updates_label, form.params_label

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self._data_group())
        left_layout.addWidget(self.form)
        left_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(180)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 4, 4, 4)
        right_layout.addLayout(self._run_row())
        self.run_message = MessageLine()
        self.run_message.setObjectName("runMessage")
        # Always shown at a fixed height: a message appearing must not resize the live plot
        # (a resize means a full matplotlib redraw, which stalls the GUI while training).
        line = self.run_message.fontMetrics().lineSpacing()
        self.run_message.setFixedHeight(2 * line + 12)
        self.run_message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._run_ready()
        right_layout.addWidget(self.run_message)

        self.curves = TrainingCurves()
        self.curves.setMinimumHeight(120)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.setObjectName("mnistTopSplitter")
        top.addWidget(self._framed("Loss and accuracy (live)", self.curves))
        self.results = TestResults()
        for name in ("test_label", "evaluate_button", "save_button", "load_button"):
            setattr(self, name, getattr(self.results, name))
        self.file_message, self.confusion = self.results.file_message, self.results.confusion
        top.addWidget(self.results)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        top.setSizes([560, 420])

        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.setObjectName("mnistBottomSplitter")
        self.detail_tabs = DetailTabs()
        tabs = self.detail_tabs
        self.wrong_grid, self.weights_grid = tabs.wrong_grid, tabs.weights_grid
        self.sample_grid, self.summary_text, self.code_pane = (
            tabs.sample_grid,
            tabs.summary_text,
            tabs.code_pane,
        )
        self.digit_panel = DigitPanel()
        panel = self.digit_panel
        self.canvas, self.bars, self.prediction_label = (
            panel.canvas,
            panel.bars,
            panel.prediction_label,
        )
        bottom.addWidget(self.detail_tabs)
        bottom.addWidget(self.digit_panel)
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 2)
        bottom.setSizes([560, 420])

        vertical = QSplitter(Qt.Orientation.Vertical)
        vertical.setObjectName("mnistRightSplitter")
        vertical.addWidget(top)
        vertical.addWidget(bottom)
        vertical.setStretchFactor(0, 1)
        vertical.setStretchFactor(1, 1)
        right_layout.addWidget(vertical, 1)

        main = QSplitter(Qt.Orientation.Horizontal)
        main.setObjectName("mnistMainSplitter")
        main.addWidget(scroll)
        main.addWidget(right)
        main.setStretchFactor(1, 1)
        main.setSizes([410, 990])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(main)

    @staticmethod
    def _framed(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(widget)
        return box

    def _data_group(self) -> QGroupBox:
        box = QGroupBox("Data")
        layout = QVBoxLayout(box)
        self.source_label = QLabel("Not loaded yet")
        self.source_label.setWordWrap(True)
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        self.open_npz_button = QPushButton("Open .npz…")
        self.open_npz_button.setToolTip(
            "Open an .npz with x_train, y_train, x_test, y_test (Keras's layout), e.g. "
            "Fashion-MNIST (Ctrl+O)"
        )
        self.open_idx_button = QPushButton("IDX folder…")
        self.open_idx_button.setToolTip(
            "Open a folder holding the four IDX files (train-images-idx3-ubyte, …), gzipped or not"
        )
        self.bundled_button = QPushButton("MNIST")
        self.bundled_button.setToolTip(
            "Back to MNIST: Keras's cache ~/.keras/datasets/mnist.npz, else the bundled copy"
        )
        for b in (self.open_npz_button, self.open_idx_button, self.bundled_button):
            buttons.addWidget(b)
        self.data_message = MessageLine()
        self.data_message.setObjectName("dataMessage")
        self.data_summary = QLabel()
        self.data_summary.setWordWrap(True)
        self.data_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preprocess_label = QLabel()
        self.preprocess_label.setWordWrap(True)
        self.preprocess_label.setToolTip("What the model is fed: flattened, float32, scaled to 0–1")
        layout.addWidget(self.source_label)
        layout.addLayout(buttons)
        layout.addWidget(self.data_message)
        self.sample_strip = ImageGrid(cell=24)
        self.sample_strip.setObjectName("sampleStrip")
        self.sample_strip.setToolTip(
            "The first training images; the Samples tab shows their labels"
        )
        self.sample_strip.setFixedHeight(32)
        layout.addWidget(self.data_summary)
        layout.addWidget(self.sample_strip)
        layout.addWidget(self.preprocess_label)
        return box

    def _run_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.train_button = QPushButton("Train")
        self.train_button.setObjectName("trainButton")
        self.train_button.setToolTip(
            "Build a fresh model from the settings and fit it (Ctrl+Enter)"
        )
        self.train_button.setDefault(True)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setToolTip(
            "Stop training (Esc). It takes effect after the current chunk of up to 32 batches "
            "(steps_per_execution); the model keeps what it learned."
        )
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("trainingProgress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress.setFormat("%p%")
        # Shrinks (and elides) rather than forcing a wide window, and never relayouts.
        self.progress_label = StatusText("Ready to train")
        self.progress_label.setObjectName("progressLabel")
        row.addWidget(self.train_button)
        row.addWidget(self.stop_button)
        row.addWidget(self.progress, 2)
        row.addWidget(self.progress_label, 3)
        return row

    # ===================================================================== wiring
    def _wire(self) -> None:
        self.form.changed.connect(self._settings_changed)
        self.train_button.clicked.connect(self.start_training)
        self.stop_button.clicked.connect(self.stop_training)
        self.evaluate_button.clicked.connect(self.evaluate)
        self.open_npz_button.clicked.connect(self._choose_npz)
        self.open_idx_button.clicked.connect(self._choose_idx)
        self.bundled_button.clicked.connect(self._use_default_data)
        self.save_button.clicked.connect(self._choose_save)
        self.load_button.clicked.connect(self._choose_load)
        self.canvas.changed.connect(self._drawing_changed)
        self.predict_timer = QTimer(self)
        self.predict_timer.setSingleShot(True)
        self.predict_timer.setInterval(PREDICT_DELAY_MS)
        self.predict_timer.timeout.connect(self.request_prediction)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Ctrl+Return", self.start_training),
            ("Ctrl+Enter", self.start_training),
            ("Escape", self.stop_training),
            ("Ctrl+S", self._choose_save),
            ("Ctrl+L", self._choose_load),
            ("Ctrl+O", self._choose_npz),
            ("Delete", self.canvas.clear),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._first_show:
            self._first_show = False
            if self.data is None and not self.data_jobs.busy:
                self.load_data(self.data_path)

    def _run_ready(self) -> None:
        self.run_message.show_message(
            "Set up the data, model, compile and fit settings, then press Train (Ctrl+Enter). "
            "Stop (Esc) acts within one chunk of up to 32 batches.",
            Severity.INFO,
        )

    @property
    def training(self) -> bool:
        return self.train_jobs.busy

    # ===================================================================== settings
    def read_settings(self) -> tuple[TrainSettings | None, dict[str, str]]:
        """The settings in the form, and a message per field that is wrong."""
        total = len(self.data.x_train) if self.data is not None else 60000
        classes = self.data.num_classes if self.data is not None else 10
        settings, errors, self.samples = self.form.read(total, classes)
        return settings, errors

    def current_data(self) -> MnistData | None:
        if self.data is None:
            return None
        limit = self.form.limit()
        if not limit or limit >= len(self.data.x_train):
            return self.data
        # The same subset object each time, so the engine's float32 cache is reused.
        cached = self._subset
        if cached is None or cached[0] is not self.data or cached[1] != limit:
            self._subset = (self.data, limit, self.data.subset(limit))
        return self._subset[2]

    def _settings_changed(self, *_args) -> None:
        settings, errors = self.read_settings()
        samples = self.samples
        self.form.show_state(settings, errors, samples)
        self.summary_text.setPlainText(model_summary_text(self.layer_list.layers()))
        if settings is not None:
            path = self.data_path if self.data_path and self.data_path.endswith(".npz") else None
            self.code_pane.set_code(keras_code(settings, path, samples))
            if self.run_message.severity is Severity.ERROR and not self.training:
                self._run_ready()

    # ===================================================================== data
    def load_data(self, path: str | None) -> None:
        request = self.data_jobs.submit(
            "Load MNIST data",
            functools.partial(load_and_prepare, self.session, path),
            on_result=self._data_loaded,
            on_failed=self._data_failed,
            on_finished=self._data_finished,
        )
        if request is None:
            return
        self._pending_path = path
        waiting = self.data_jobs.blocked_by()
        self.data_message.show_message(
            f"Waiting {waiting}…" if waiting else "Loading the data…", Severity.INFO
        )

    def _data_loaded(self, data: MnistData) -> None:
        fell_back = self.data is None and self.data_message.severity is Severity.ERROR
        self.data = data
        self.data_path = self._pending_path
        if not fell_back:
            self.data_message.clear_message()
        self._show_data_summary()
        self._settings_changed()

    def _data_failed(self, failure: JobFailure) -> None:
        message = failure.message
        kept = " The previous data stays loaded." if self.data is not None else ""
        self._fall_back = self.data is None and self._pending_path is not None
        if self._fall_back:  # e.g. a remembered file that has gone: use MNIST meanwhile
            kept = " Using MNIST instead."
        self.data_message.show_error(f"Could not open the data: {message}.{kept}")

    def _data_finished(self) -> None:
        if self._fall_back:
            self._fall_back = False
            message = self.data_message.text()
            self.load_data(None)
            self.data_message.show_error(message)  # keep saying why

    def _show_data_summary(self) -> None:
        d = self.data
        counts = np.bincount(d.y_train, minlength=d.num_classes)
        self.source_label.setText(f"<b>Source:</b> {d.source}")
        count_text = " ".join(f"{i}:{c:,}" for i, c in enumerate(counts))
        self.data_summary.setText(
            f"<b>Train</b> x {d.x_train.shape} {d.x_train.dtype} · y {d.y_train.shape} "
            f"{d.y_train.dtype}<br><b>Test</b> x {d.x_test.shape} {d.x_test.dtype} · "
            f"y {d.y_test.shape} {d.y_test.dtype}<br><b>{d.num_classes} classes</b>, "
            f"train images per class:<br><span style='font-size:small'>{count_text}</span>"
        )
        self.data_summary.setToolTip(
            "Images per class in the training set: "
            + ", ".join(f"{i}: {c:,}" for i, c in enumerate(counts))
        )
        n = len(d.x_train)
        self.preprocess_label.setText(
            "<b>Preprocessing</b><br><code style='white-space:pre'>"
            "x.reshape((n, 784)).astype('float32') / 255</code><br>"
            f"({n:,}, 28, 28) uint8 0–255 → ({n:,}, 784) float32 0–1"
        )
        self.sample_strip.set_images([gray_image(d.x_train[i]) for i in range(min(12, n))])
        self.detail_tabs.show_samples(d.x_train, d.y_train)

    def _choose_npz(self) -> None:
        path = ask_open_file(
            self, "Open an MNIST-style .npz", "mnist_data", "NumPy archives (*.npz);;All files (*)"
        )
        if path:
            self.load_data(path)

    def _choose_idx(self) -> None:
        path = ask_folder(self, "Folder with the four IDX files", "mnist_data")
        if path:
            self.load_data(path)

    def _use_default_data(self) -> None:
        self.load_data(None)

    # ===================================================================== training
    def start_training(self) -> None:
        if self.training:
            self.run_message.show_error(
                "A training run is already going: press Stop (Esc) to end it first."
            )
            return
        if self.data is None:
            self.run_message.show_error("The data has not loaded yet (see the Data box).")
            return
        settings, errors = self.read_settings()
        if settings is None:
            self._settings_changed()
            self.run_message.show_error("Cannot train yet: " + " ".join(errors.values()))
            return
        data = self.current_data()
        drawing = None if self.canvas.is_blank() else self.canvas.to_array()
        self._train_drawing_version = self.drawing_version
        self.run_settings = settings
        self.curves.reset(settings.epochs, data.num_classes)
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self._progress_count = 0
        waiting = "" if self.worker.is_ready else " (waiting for TensorFlow to load)"
        self.progress_label.setText(f"Starting{waiting}…")
        self.run_message.show_message(
            f"Training on {settings.train_count(len(data.x_train)):,} samples: "
            f"{settings.updates_text(len(data.x_train))} gradient updates.",
            Severity.INFO,
        )
        self.train_request = self.train_jobs.submit(
            "Train MNIST model",
            functools.partial(train_and_evaluate, self.session, data, settings, drawing),
            pass_control=True,
            on_progress=self._on_progress,
            on_result=self._on_trained,
            on_failed=self._on_train_failed,
            on_cancelled=self._on_train_cancelled,
            on_finished=self._on_train_finished,
        )
        self._set_running(True)

    def stop_training(self) -> None:
        if self.train_request is None:
            return
        self.train_request.cancel()  # the run ends at the next chunk and still reports
        self.stop_button.setEnabled(False)
        self.progress_label.setText("Stopping after the current chunk of batches…")

    def _set_running(self, running: bool) -> None:
        self.train_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        for w in (self.save_button, self.load_button, self.evaluate_button):
            w.setEnabled(not running)
        for b in (self.open_npz_button, self.open_idx_button, self.bundled_button):
            b.setEnabled(not running)

    def _on_progress(self, progress: TrainingProgress) -> None:
        self._progress_count += 1
        self.curves.add_progress(progress)
        planned = max(1, progress.planned_updates)
        updates = progress.updates
        self.progress.setValue(int(1000 * updates / planned))
        eta = progress.elapsed / updates * (planned - updates) if updates else 0.0
        loss = progress.loss if progress.loss is not None else float("nan")
        self.progress_label.setText(
            f"Epoch {progress.epoch}/{progress.epochs} · batch {progress.step}/{progress.steps} · "
            f"{updates:,}/{planned:,} updates · loss {loss:.4f} · ETA {_fmt_time(eta)}"
        )

    def _on_trained(self, result: RunResult) -> None:
        self.result = result
        self.has_model = True
        r = result.report
        if r.diverged:
            self.run_message.show_error(r.diverged)
        elif r.stopped:
            self.run_message.show_message(
                f"Stopped after {r.updates_done:,} of {r.planned_updates:,} updates "
                f"({r.epochs_done} full epochs). The model keeps what it learned so far.",
                Severity.WARNING,
            )
        else:
            per_epoch = sum(r.epoch_seconds) / max(1, len(r.epoch_seconds))
            self.run_message.show_message(
                f"Trained: {r.updates_done:,} gradient updates in {r.seconds:.1f} s "
                f"({per_epoch:.2f} s per epoch).",
                Severity.INFO,
            )
        self.progress.setValue(int(1000 * r.updates_done / max(1, r.planned_updates)))
        self.progress_label.setText(
            f"Done: {r.epochs_done}/{self.run_settings.epochs} epochs, "
            f"{r.updates_done:,} updates, {r.seconds:.1f} s"
        )
        if result.evaluation is not None:
            self._show_evaluation(result.evaluation)
        if result.prediction is not None:
            self.prediction_version = self._train_drawing_version
            self._show_prediction(result.prediction)

    def _on_train_failed(self, failure: JobFailure) -> None:
        self.run_message.show_error(f"Training failed: {failure.message}")
        self.progress_label.setText("Training failed")

    def _on_train_cancelled(self) -> None:
        self.run_message.show_message("Stopped before training began.", Severity.WARNING)
        self.progress_label.setText("Stopped")

    def _on_train_finished(self) -> None:
        self.train_request = None
        self.curves.finish()
        self._set_running(False)
        if self.has_model and self.prediction_version != self.drawing_version:
            self.request_prediction()  # the drawing changed while training ran

    # ===================================================================== evaluation
    def evaluate(self) -> None:
        if self.training or self.eval_jobs.busy:
            return
        if not self.has_model:
            self.test_label.setText("There is no model yet: train one or load a .keras file.")
            return
        data = self.current_data()
        if data is None:
            return
        self.test_label.setText("Evaluating on the test set…")
        self.eval_jobs.submit(
            "Evaluate MNIST model",
            self.session.evaluate,
            data,
            on_result=self._show_evaluation,
            on_failed=self._on_eval_failed,
        )

    def _on_eval_failed(self, failure: JobFailure) -> None:
        self.results.show_failure(failure.message)

    def _show_evaluation(self, ev) -> None:
        self.evaluation = ev
        self.results.show_evaluation(ev)
        self.detail_tabs.show_evaluation(ev)

    # ===================================================================== drawing
    def _drawing_changed(self) -> None:
        self.drawing_version += 1
        self.predict_timer.start()

    def request_prediction(self) -> None:
        if self.canvas.is_blank():
            self.prediction_version = self.drawing_version
            self._show_prediction(None)
            return
        if not self.has_model:
            self.prediction_label.setText("Train or load a model to get a prediction.")
            return
        if self.training:
            self.prediction_label.setText("The prediction updates when training ends.")
            return
        self.predict_jobs.submit(
            "Predict drawn digit",
            self.session.predict_drawing,
            self.canvas.to_array(),
            on_result=functools.partial(self._predicted, self.drawing_version),
            on_failed=self._on_predict_failed,
        )

    def _predicted(self, version: int, prediction) -> None:
        self.prediction_version = version
        self._show_prediction(prediction)

    def _on_predict_failed(self, failure: JobFailure) -> None:
        self.prediction_label.setText(f"Prediction failed: {failure.message}")

    def _show_prediction(self, prediction) -> None:
        self.prediction = prediction
        self.digit_panel.show_prediction(prediction)

    # ===================================================================== files
    def _choose_save(self) -> None:
        if not self._file_action_allowed(saving=True):
            return
        path, _ = ask_save_file(
            self, "Save the model", "model", "mnist_dense.keras", "Keras models (*.keras)"
        )
        if path:
            self.save_model(path if path.endswith(".keras") else path + ".keras")

    def _choose_load(self) -> None:
        if not self._file_action_allowed(saving=False):
            return
        path = ask_open_file(self, "Load a model", "model", "Keras models (*.keras);;All files (*)")
        if path:
            self.load_model(path)

    def _file_action_allowed(self, *, saving: bool) -> bool:
        if self.training or self.file_jobs.busy:
            self.file_message.show_error("Wait for the current run to end (or Stop it) first.")
            return False
        if saving and not self.has_model:
            self.file_message.show_error("There is no model to save yet: train one first.")
            return False
        return True

    def save_model(self, path: str) -> None:
        if not self._file_action_allowed(saving=True):
            return
        self.file_message.show_message(f"Saving {path}…", Severity.INFO)
        self.file_jobs.submit(
            "Save MNIST model",
            self.session.save,
            path,
            on_result=self._saved,
            on_failed=self._file_failed,
        )

    def load_model(self, path: str) -> None:
        if not self._file_action_allowed(saving=False):
            return
        self.file_message.show_message(f"Loading {path}…", Severity.INFO)
        self.file_jobs.submit(
            "Load MNIST model",
            self.session.load,
            path,
            on_result=self._loaded,
            on_failed=self._file_failed,
        )

    def _saved(self, path) -> None:
        self.file_message.show_message(f"Saved {path}", Severity.INFO)

    def _loaded(self, loaded: LoadedModel) -> None:
        self.has_model = True
        if loaded.layers:
            self.layer_list.set_layers(loaded.layers)
        self.file_message.show_message(
            f"Loaded {loaded.path} ({loaded.parameters:,} parameters). The builder now shows "
            "its layers; Train would start a fresh model from them.",
            Severity.INFO,
        )
        self.evaluate()
        self.prediction_version = -1  # a new model: the drawing needs a new answer
        if not self.canvas.is_blank():
            self.request_prediction()

    def _file_failed(self, failure: JobFailure) -> None:
        self.file_message.show_error(f"{failure.message} The current model is unchanged.")

    # ===================================================================== app hooks
    def settings(self) -> MnistSettings:
        return self.form.store_into(MnistSettings(data_path=self.data_path or ""))

    def apply_settings(self, settings: MnistSettings) -> None:
        self.form.apply(settings)
        if settings.data_path:
            self.data_path = settings.data_path
        self._settings_changed()

    def shutdown(self) -> None:
        for channel in (
            self.train_jobs,
            self.data_jobs,
            self.file_jobs,
            self.eval_jobs,
            self.predict_jobs,
        ):
            channel.cancel()

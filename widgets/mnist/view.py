"""The MNIST Trainer tab: build, compile and fit Dense layers on MNIST and watch them learn.

The view lays out the panels, hands what the user does to the controller, and shows what the
controller reports; the controller owns the state and runs every TensorFlow job.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QFrame, QGroupBox, QScrollArea, QSplitter, QVBoxLayout, QWidget

from engine.mnist.devices import Devices
from engine.mnist.progress import TrainingProgress
from engine.mnist.results import LoadedModel, RunResult
from engine.shared.mnist_data import MnistData
from engine.shared.notebook import Section
from engine.worker import Worker
from widgets.mnist.controller import MnistController, RunPlan
from widgets.mnist.curve_panel import Marker
from widgets.mnist.curves import TrainingCurves
from widgets.mnist.data_box import DataBox
from widgets.mnist.digit_panel import DigitPanel
from widgets.mnist.file_choices import DATA_FILTERS, LOAD_FILTERS, SAVE_FILTERS, data_location
from widgets.mnist.inputs import SettingsCheck
from widgets.mnist.inspection_controller import SALIENCY_TEXT
from widgets.mnist.inspection_wiring import wire_inspection
from widgets.mnist.messages import Notice, show_notice
from widgets.mnist.model_summary import model_summary_text
from widgets.mnist.results import DetailTabs, TestResults
from widgets.mnist.run_bar import RunBar
from widgets.mnist.runs_panel import RunsPanel
from widgets.mnist.settings import MnistSettings
from widgets.mnist.settings_form import SettingsForm
from widgets.shared.file_dialogs import ask_folder, ask_open_file, ask_save_file


def _framed(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(widget)
    return box


def _splitter(name: str, orientation: Qt.Orientation, *widgets: QWidget) -> QSplitter:
    """A splitter the main window remembers by ``name``."""
    splitter = QSplitter(orientation)
    splitter.setObjectName(name)
    for widget in widgets:
        splitter.addWidget(widget)
    return splitter


class MnistTrainerTab(QWidget):
    settings_group = "mnist"

    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = MnistController(worker, self)
        self.data_box = DataBox()
        self.form = SettingsForm()
        self.run_bar = RunBar()
        self.curves = TrainingCurves()
        self.curves.setMinimumHeight(120)
        self.results = TestResults()
        self.details = DetailTabs()
        self.runs_panel = RunsPanel(self.controller.history)
        self.details.addTab(self.runs_panel, "Runs")
        self.details.setTabToolTip(
            self.details.count() - 1, "Every training run, kept in the run history"
        )
        self.digit_panel = DigitPanel()
        self._lay_out()
        self._wire()
        show_notice(self.run_bar.run_message, self.controller.run_notice)
        self.controller.set_form(self.form.form_text())

    def _lay_out(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.data_box)
        left_layout.addWidget(self.form)
        left_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setAccessibleName("Data and settings")
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(160)
        # Narrow windows scroll the settings sideways rather than cut them off.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

        horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        curves = _framed("Loss and accuracy (live)", self.curves)
        # In a short window the stacked test tables scroll rather than set the window's height.
        results = QScrollArea()
        results.setAccessibleName("Test results")
        results.setWidget(self.results)
        results.setWidgetResizable(True)
        results.setFrameShape(QFrame.Shape.NoFrame)
        top = _splitter("mnistTopSplitter", horizontal, curves, results)
        bottom = _splitter("mnistBottomSplitter", horizontal, self.details, self.digit_panel)
        for pair in (top, bottom):
            pair.setStretchFactor(0, 3)
            pair.setStretchFactor(1, 2)
            pair.setSizes([560, 420])
        top.setSizes([470, 510])  # the test set's two tables, side by side
        panels = _splitter("mnistRightSplitter", vertical, top, bottom)
        panels.setStretchFactor(0, 1)
        panels.setStretchFactor(1, 1)
        panels.setSizes([480, 420])  # the curves and the whole confusion matrix come first

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 4, 4, 4)
        right_layout.addWidget(self.run_bar)
        right_layout.addWidget(panels, 1)

        main = _splitter("mnistMainSplitter", horizontal, scroll, right)
        main.setStretchFactor(0, 1)  # a smaller window takes a quarter of the loss from the
        main.setStretchFactor(1, 3)  # settings (they scroll) and the rest from the results
        main.setSizes([410, 990])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(main)

    def _wire(self) -> None:
        c = self.controller
        self.form.changed.connect(self._form_changed)
        self.run_bar.train_button.clicked.connect(c.start_training)
        self.run_bar.stop_button.clicked.connect(c.stop_training)
        self.run_bar.more_button.clicked.connect(c.train_more)
        self.run_bar.more_edit.textChanged.connect(c.more.set_text)
        c.more.notice_changed.connect(partial(show_notice, self.run_bar.more_message))
        c.more.available_changed.connect(self.run_bar.set_has_model)
        c.devices.found.connect(self._show_devices)
        self.results.evaluate_button.clicked.connect(c.evaluate)
        self.results.save_button.clicked.connect(self._choose_save)
        self.results.load_button.clicked.connect(self._choose_load)
        self.data_box.open_npz_button.clicked.connect(self._choose_npz)
        self.data_box.open_idx_button.clicked.connect(self._choose_idx)
        self.data_box.bundled_button.clicked.connect(self._use_default_data)
        self.digit_panel.canvas.changed.connect(self._drawing_changed)

        c.data_source.loaded.connect(self._show_data)
        c.data_source.notice_changed.connect(self._show_data_notice)
        c.settings_checked.connect(self._show_check)
        c.running_changed.connect(self._set_running)
        c.run_started.connect(self._run_started)
        c.progressed.connect(self._show_progress)
        c.trained.connect(self._show_trained)
        c.stopping.connect(self._stopping)
        c.run_status.connect(self.run_bar.progress_label.setText)
        c.run_notice_changed.connect(self._show_run_notice)
        c.test_status.connect(self.results.test_label.setText)
        c.evaluated.connect(self.results.show_evaluation)
        c.evaluated.connect(self.details.show_evaluation)
        c.evaluation_failed.connect(self.results.show_failure)
        c.drawing.predicted.connect(self.digit_panel.show_prediction)
        c.drawing.status.connect(self.digit_panel.prediction_label.setText)
        c.code_changed.connect(self.details.code_pane.set_code)
        c.file_notice.connect(self._show_file_notice)
        c.model_loaded.connect(self._show_loaded_layers)
        self.runs_panel.reopen_requested.connect(c.load_model)
        self.details.currentChanged.connect(self._detail_shown)
        wire_inspection(c.inspection, self.results.confusion, self.details)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Ctrl+Return", c.start_training),
            ("Ctrl+Enter", c.start_training),
            ("Ctrl+Shift+Return", c.train_more),
            ("Ctrl+Shift+Enter", c.train_more),
            ("Escape", c.stop_training),
            ("Ctrl+S", self._choose_save),
            ("Ctrl+L", self._choose_load),
            ("Ctrl+O", self._choose_npz),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        # Delete belongs to the drawing only: a tab-wide Delete would be ambiguous with the Runs
        # table's, and Qt runs neither shortcut of an ambiguous key.
        erase = QShortcut(QKeySequence("Delete"), self.digit_panel, self.digit_panel.canvas.clear)
        erase.setContext(context)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.controller.start()

    def _detail_shown(self, index: int) -> None:
        if self.details.widget(index) is self.runs_panel:
            self.runs_panel.refresh()  # the command line may have recorded runs meanwhile

    # --- what the user does ----------------------------------------------------------------
    def _form_changed(self) -> None:
        self.controller.set_form(self.form.form_text())

    def _drawing_changed(self) -> None:
        canvas = self.digit_panel.canvas
        self.controller.drawing.set_drawing(None if canvas.is_blank() else canvas.to_array())

    def _choose_npz(self) -> None:
        path = ask_open_file(self, "Open an MNIST-style .npz", "mnist_data", DATA_FILTERS)
        if path:
            self.controller.data_source.load(data_location(path))

    def _choose_idx(self) -> None:
        path = ask_folder(self, "Folder with the four IDX files", "mnist_data")
        if path:
            self.controller.data_source.load(path)

    def _use_default_data(self) -> None:
        self.controller.data_source.load(None)

    def _choose_save(self) -> None:
        if not self.controller.file_action_allowed(saving=True):
            return
        path, _ = ask_save_file(self, "Save the model", "model", "mnist_dense.keras", SAVE_FILTERS)
        if path:
            self.controller.save_model(path if path.endswith(".keras") else path + ".keras")

    def _choose_load(self) -> None:
        if not self.controller.file_action_allowed(saving=False):
            return
        path = ask_open_file(self, "Load a model", "model", LOAD_FILTERS)
        if path:
            self.controller.load_model(path)

    # --- what the controller reports -----------------------------------------------------------
    def _show_data(self, data: MnistData) -> None:
        self.data_box.show_data(data)
        self.details.show_samples(data.x_train, data.y_train)

    def _show_data_notice(self, notice: Notice | None) -> None:
        show_notice(self.data_box.data_message, notice)

    def _show_check(self, check: SettingsCheck) -> None:
        self.form.show_check(check)
        self.details.summary_text.setPlainText(model_summary_text(check.description))
        self.data_box.show_input(check.description.input_shape)

    def _show_run_notice(self, notice: Notice) -> None:
        show_notice(self.run_bar.run_message, notice)

    def _show_file_notice(self, notice: Notice) -> None:
        show_notice(self.results.file_message, notice)

    def _set_running(self, running: bool) -> None:
        self.run_bar.set_running(running)
        for button in (*self.results.buttons(), *self.data_box.buttons()):
            button.setEnabled(not running)
        if not running:
            self.curves.finish()

    def _run_started(self, plan: RunPlan) -> None:
        start = plan.start
        if start.continues:  # the same curves go on, marked where the optimizer changes
            marker = Marker(start.stages.epochs_run, start.marker) if start.marker else None
            self.curves.extend(start.stages.epochs + plan.settings.epochs, marker)
        else:
            self.curves.reset(plan.settings.epochs, plan.classes)
        self.run_bar.show_updates(0, 1)

    def _show_progress(self, progress: TrainingProgress) -> None:
        self.curves.add_progress(progress)
        self.run_bar.show_updates(progress.updates, progress.planned_updates)

    def _show_trained(self, result: RunResult) -> None:
        report = result.report
        self.run_bar.show_updates(report.updates_done, report.planned_updates)

    def _stopping(self) -> None:
        self.run_bar.stop_button.setEnabled(False)

    def _show_loaded_layers(self, loaded: LoadedModel) -> None:
        if loaded.layers:
            self.form.layer_list.set_layers(loaded.layers)
        self.curves.show_history(loaded.stages, loaded.classes)

    def _show_devices(self, devices: Devices) -> None:
        self.form.set_devices(devices.replicas, devices.status_text())

    # --- the main window's hooks (TabPage) -----------------------------------------------------
    def settings(self) -> MnistSettings:
        kept = MnistSettings(
            data_path=self.controller.data_source.path or "",
            keep_models=self.runs_panel.keep_box.isChecked(),
            more_epochs=self.run_bar.more_edit.text(),
        )
        return self.form.store_into(kept)

    def apply_settings(self, settings: MnistSettings) -> None:
        self.form.apply(settings)
        self.runs_panel.keep_box.setChecked(settings.keep_models)
        self.run_bar.more_edit.setText(settings.more_epochs[:8])
        if settings.data_path:
            self.controller.data_source.path = settings.data_path
        self._form_changed()

    def shutdown(self) -> None:
        self.controller.shutdown()

    def notebook_section(self) -> Section:
        exported = self.controller.exported_code()
        saliency = self.controller.inspection.notebook_cells()
        return Section(
            "MNIST Trainer",
            "The data, the model, compile and fit with the trainer's settings and seed, and the "
            "test accuracy and loss computed as the trainer does: the same numbers it shows."
            + (SALIENCY_TEXT if saliency else ""),
            (exported.code, *saliency),
            exported.note,
        )

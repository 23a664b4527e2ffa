"""The Runs panel: every recorded training run in a table, the selected ones overlaid (loss and
accuracy, one colour each) and compared setting by setting. Layout and rendering only; the
RunsController holds the history and does the work."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.runs import Run
from widgets.mnist.curve_panel import CurvePanel, Series
from widgets.mnist.plot_scale import zoomed
from widgets.mnist.runs_controller import RunsController, differing_settings
from widgets.mnist.runs_table import STARTED, WIDTHS, RunsModel
from widgets.shared.file_dialogs import ask_folder, ask_save_file
from widgets.shared.message_line import MessageLine, Severity

METRICS = (("loss", "Loss (dots: validation)"), ("accuracy", "Accuracy (dots: validation)"))


class RunsPanel(QWidget):
    reopen_requested = Signal(str)  # the kept model's path

    def __init__(self, controller: RunsController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.model = RunsModel(self)
        self._build()
        self._wire()

    def _build(self) -> None:
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter runs: a name, an optimizer, a status…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter runs")
        self.differs_box = QCheckBox("Only what differs")
        self.differs_box.setChecked(True)
        self.differs_box.setToolTip("Hide the settings that are the same in every selected run")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected runs (Ctrl+Z brings them back)")
        # One Export button with a menu keeps the panel narrow enough for a 1024-pixel window.
        self.export_button = QPushButton("Export")
        self.export_button.setToolTip("The selected runs as CSV or as TensorBoard event files")
        export_menu = QMenu(self.export_button)
        self.csv_action = export_menu.addAction("CSV… (one row per epoch and run)")
        self.tensorboard_action = export_menu.addAction(
            "TensorBoard… (a folder per run, for tensorboard --logdir)"
        )
        self.export_button.setMenu(export_menu)
        self.keep_box = QCheckBox("Keep each run's model")
        self.keep_box.setToolTip(
            "Save every trained model beside the history, so a run's model can be opened "
            "again; deleting the run deletes its model"
        )
        self.keep_box.setAccessibleName("Keep each run's model")
        self.reopen_button = QPushButton("Open model")
        self.reopen_button.setToolTip("Load the model this run kept into the trainer")
        top = QHBoxLayout()
        self.filter_edit.setMinimumWidth(140)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.keep_box)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(STARTED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setAccessibleName("Recorded runs")
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        row_height = self.fontMetrics().height() + 8  # one line of text: more runs in view
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        self.table.setMinimumHeight(row_height * 2 + 6)  # the header and a run at least
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # nothing measured per row
        header.setStretchLastSection(True)
        for column, width in WIDTHS.items():
            self.table.setColumnWidth(column, width)

        self.charts = {key: CurvePanel(title, []) for key, title in METRICS}
        for chart in self.charts.values():
            chart.setMinimumSize(90, 70)  # three panes side by side in a 1024×700 window
        self.comparison = QTableWidget()
        self.comparison.setAccessibleName("Settings of the selected runs")
        self.comparison.setTabKeyNavigation(False)
        self.comparison.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.comparison.verticalHeader().setDefaultSectionSize(row_height)
        self.comparison.setMinimumHeight(row_height * 2 + 6)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("Note on the selected run")
        self.note_edit.setAccessibleName("Note on the selected run")
        self.message = MessageLine()

        # The table takes the panel's whole width (its columns need it); the curves and the
        # settings that tell the selected runs apart share the space under it.
        top_half = QWidget()
        top_layout = QVBoxLayout(top_half)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        note_row = QHBoxLayout()  # no "Note:" label: the placeholder says it, in less width
        note_row.addWidget(self.note_edit, 1)
        for button in (self.reopen_button, self.delete_button, self.export_button):
            button.setAccessibleName(button.text())
            note_row.addWidget(button)
        top_layout.addLayout(note_row)
        comparison = QWidget()
        comparison_layout = QVBoxLayout(comparison)
        comparison_layout.setContentsMargins(0, 0, 0, 0)
        comparison_layout.addWidget(self.differs_box)
        comparison_layout.addWidget(self.comparison, 1)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        for chart in self.charts.values():
            bottom.addWidget(chart)
        bottom.addWidget(comparison)
        bottom.setChildrenCollapsible(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("runsSplitter")
        split.addWidget(top_half)
        split.addWidget(bottom)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        # As the trainer's other detail tabs ask: a taller hint would take the window's first
        # layout from the curves and the confusion matrix above.
        return QSize(480, 200)

    def _wire(self) -> None:
        c = self.controller
        c.runs_changed.connect(self._show_runs)
        c.message.connect(self._show_message)
        self.model.rename_requested.connect(c.rename)
        self.filter_edit.textChanged.connect(self.model.set_filter)
        self.keep_box.toggled.connect(self._keep_models)
        self.differs_box.toggled.connect(self._show_selection)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(self._show_selection)
        self.note_edit.editingFinished.connect(self._save_note)
        self.delete_button.clicked.connect(self.delete_selected)
        self.csv_action.triggered.connect(self._ask_csv)
        self.tensorboard_action.triggered.connect(self._ask_tensorboard)
        self.reopen_button.clicked.connect(self._reopen)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            (QKeySequence.StandardKey.Delete, self.delete_selected),
            (QKeySequence.StandardKey.Undo, c.undo_stack.undo),
            (QKeySequence.StandardKey.Redo, c.undo_stack.redo),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        self._show_selection()

    # --- what is shown ------------------------------------------------------------------------
    def _show_runs(self, runs: list[Run]) -> None:
        chosen = self.selected_ids()
        self.model.set_runs(runs)
        self.select_ids(chosen)

    def select_ids(self, ids: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for run_id in ids:
            row = self.model.row_of(run_id)
            if row is not None:
                selection.select(self.model.index(row, 0), flags)
        self._show_selection()

    def selected_ids(self) -> list[int]:
        """The selected runs, oldest first (the order of the overlay's colours and columns)."""
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return sorted(self.model.run_at(row).id for row in rows)

    def selected_runs(self) -> list[Run]:
        return self.controller.by_ids(self.selected_ids())

    def _show_selection(self, *_args: object) -> None:
        runs = self.selected_runs()
        for key, chart in self.charts.items():
            series = []
            for i, run in enumerate(runs):
                epochs = [float(n) for n in range(1, len(run.epochs) + 1)]
                for metric, measured, suffix in ((key, False, ""), (f"val_{key}", True, " (val)")):
                    values = [float(e.get(metric, float("nan"))) for e in run.epochs]
                    if any(v == v for v in values):  # skip a metric the run never had
                        label = run.name + suffix
                        series.append(
                            Series(label, label, i, measured, epochs, values, not measured)
                        )
            chart.series = series
            limits = zoomed([y for s in series for y in s.ys])
            chart.set_limits(max((len(r.epochs) for r in runs), default=1), limits or (0.0, 1.0))
            chart.update()
        rows = differing_settings(runs, self.differs_box.isChecked())
        self.comparison.clear()
        self.comparison.setColumnCount(len(runs))
        self.comparison.setRowCount(len(rows))
        self.comparison.setHorizontalHeaderLabels([run.name for run in runs])
        self.comparison.setVerticalHeaderLabels([key for key, _ in rows])
        for r, (_key, shown) in enumerate(rows):
            for c, text in enumerate(shown):
                self.comparison.setItem(r, c, QTableWidgetItem(text))
        self.comparison.resizeColumnsToContents()  # a few short values: cheap, and no clipping
        single = runs[0] if len(runs) == 1 else None
        self.note_edit.setEnabled(single is not None)
        self.note_edit.setText(single.note if single else "")
        self.reopen_button.setEnabled(bool(single and single.model_path))
        for button in (self.delete_button, self.export_button):
            button.setEnabled(bool(runs))

    def _show_message(self, text: str, severity: Severity) -> None:
        self.message.show_message(text, severity)

    # --- actions ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.controller.refresh()

    def delete_selected(self) -> None:
        self.controller.delete(self.selected_ids())

    def _save_note(self) -> None:
        runs = self.selected_runs()
        if len(runs) == 1 and runs[0].note != self.note_edit.text():
            self.controller.set_note(runs[0].id, self.note_edit.text())

    def _ask_csv(self) -> None:
        path, _ = ask_save_file(self, "Export runs as CSV", "export", "runs.csv", "CSV (*.csv)")
        if path:
            self.controller.export_csv(self.selected_ids(), path)

    def _ask_tensorboard(self) -> None:
        folder = ask_folder(self, "Folder for the TensorBoard files", "export")
        if folder:
            self.controller.export_tensorboard(self.selected_ids(), folder)

    def _reopen(self) -> None:
        runs = self.selected_runs()
        if len(runs) == 1 and runs[0].model_path:
            self.reopen_requested.emit(runs[0].model_path)

    def _keep_models(self, keep: bool) -> None:
        self.controller.keep_models = keep

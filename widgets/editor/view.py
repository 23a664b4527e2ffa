"""The Tensor Editor tab: edit a NumPy array, a tf.constant or a tf.Variable cell by cell.

The TensorDocument lives on the engine side: every operation on it runs as a worker job. The grid
shows a NumPy snapshot that job results update (a cell edit brings back one value, not the array).
"""

from __future__ import annotations

import html
import re
from functools import partial
from pathlib import Path

import numpy as np
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStyle,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.editor import operations as tensors
from engine.editor.document import NAMES, Mode, TensorDocument
from engine.editor.files import FILE_FILTER
from engine.editor.values import EDITOR_DTYPES, FILLS, make_operand, parse_new_shape, parse_value
from engine.shared.code import code_header
from engine.shared.jobs import JobFailure
from engine.worker import Worker
from widgets.editor.commands import CellsCommand, ValueCommand
from widgets.editor.settings import VALUE_KINDS, EditorSettings
from widgets.editor.table_model import TensorTableModel
from widgets.shared.code_pane import CodePane
from widgets.shared.file_dialogs import ask_open_file, ask_save_file
from widgets.shared.jobs import JobChannel, Policy
from widgets.shared.message_line import MessageLine, Severity

OWNER = "Tensor Editor"
WAITING = "Waiting for TensorFlow… the change runs as soon as it has loaded."
MAX_PASTE = 100_000
UNDO_BUDGET_BYTES = 512 * 2**20  # old whole tensors kept for undo; past this, history is folded
BUSY_NOTICE_MS = 400  # a job of another tab that keeps ours waiting this long gets a notice
MODE_LABELS = {
    Mode.NUMPY: ("NumPy array", "x = np.array(...): mutable, cells change in place (x[i, j] = v)"),
    Mode.CONSTANT: (
        "tf.constant",
        "t = tf.constant(...): immutable, TensorFlow refuses every edit",
    ),
    Mode.VARIABLE: ("tf.Variable", "v = tf.Variable(...): changes only through v[i, j].assign(v)"),
}
MODE_STYLE = (
    "QToolButton { padding: 3px 10px; }"
    "QToolButton:checked { background: #1f5fa8; color: white; border: 1px solid #174a85;"
    " border-radius: 3px; font-weight: bold; }"
)


class TensorEditorTab(QWidget):
    settings_group = "editor"
    # Emitted once the result of an edit, assign, new tensor, load or mode change is shown
    # (applied or refused): what a test or a benchmark waits for.
    operation_done = Signal()

    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.jobs = JobChannel(worker, OWNER, Policy.QUEUE, self)
        self.undo_stack = QUndoStack(self)
        self._pending = 0  # jobs whose result pushes an undo command
        self._deferred: list[str] = []  # undo/redo asked while such a job was running
        self._base_notes: list[str] = []
        self._waiting_label = None
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_NOTICE_MS)
        self._busy_timer.timeout.connect(self._say_if_queued)
        self._python_type = "numpy.ndarray"
        self.mode = Mode.NUMPY

        start = make_operand("range", (4, 6), "float32")
        # Plain NumPy (no TensorFlow), so building it here is cheap; from now on it is only
        # touched inside worker jobs.
        self.document = TensorDocument(start.array)
        self._base_code = f"x = {start.code}"

        self.model = TensorTableModel(self)
        self.model.set_array(start.array.copy())
        self._build()
        self._wire()
        self._show_info()
        self._rebuild_slice_bar()
        self._rebuild_code()

    # --- layout ----------
    def _build(self) -> None:
        self.shape_edit = QLineEdit("4, 6")
        self.shape_edit.setPlaceholderText("e.g. 6, 8   (empty = scalar)")
        self.shape_edit.setToolTip(
            "Axis lengths separated by commas; 2, 3, 4 makes a rank-3 tensor"
        )
        self.shape_edit.setMaximumWidth(140)
        self.dtype_combo = QComboBox()
        self.dtype_combo.addItems(EDITOR_DTYPES)
        self.dtype_combo.setToolTip("The new tensor's dtype")
        self.fill_combo = QComboBox()
        self.fill_combo.addItems(FILLS)
        self.fill_combo.setToolTip("What the new tensor holds: range counts 0, 1, 2, … in order")
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setPrefix("seed ")
        self.seed_spin.setToolTip("Seed of np.random.default_rng for random normal values")
        self.new_button = QPushButton("New tensor")
        self.new_button.setToolTip("Replace the tensor with a new one of this shape and dtype")
        self.new_message = MessageLine()

        self.open_action = QAction("Open…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.setToolTip("Load a .npy, .npz or CSV file (Ctrl+O)")
        self.save_action = QAction("Save as…", self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setToolTip("Save the tensor as .npy, .npz or CSV (Ctrl+S)")
        self.undo_action = QAction("Undo", self)
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = QAction("Redo", self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        style = self.style()
        for action, icon in (
            (self.open_action, QStyle.StandardPixmap.SP_DialogOpenButton),
            (self.save_action, QStyle.StandardPixmap.SP_DialogSaveButton),
            (self.undo_action, QStyle.StandardPixmap.SP_ArrowBack),
            (self.redo_action, QStyle.StandardPixmap.SP_ArrowForward),
        ):
            action.setIcon(style.standardIcon(icon))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

        # A tool bar, so a narrow window folds the rest into its » menu instead of growing.
        self.toolbar = QToolBar("Tensor")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.open_action, self.save_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        for action in (self.undo_action, self.redo_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        shape_label = QLabel(" New: shape ")
        for widget in (shape_label, self.shape_edit, self.dtype_combo, self.fill_combo):
            self.toolbar.addWidget(widget)
        self.toolbar.addWidget(self.seed_spin)
        self.toolbar.addWidget(self.new_button)

        self.mode_group = QButtonGroup(self)
        mode_row = QHBoxLayout()
        mode_row.addWidget(QLabel("<b>Hold it as</b>"))
        self.mode_buttons: dict[Mode, QToolButton] = {}
        for mode, (text, tip) in MODE_LABELS.items():
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setCheckable(True)
            button.setMinimumWidth(96)
            button.setStyleSheet(MODE_STYLE)
            self.mode_group.addButton(button)
            self.mode_buttons[mode] = button
            mode_row.addWidget(button)
        self.mode_buttons[Mode.NUMPY].setChecked(True)
        self.mode_hint = QLabel()
        self.mode_hint.setStyleSheet("color: #555;")
        self.mode_hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        mode_row.addSpacing(8)
        mode_row.addWidget(self.mode_hint, 1)

        self.info_label = QLabel()
        self.info_label.setObjectName("tensorInfo")
        self.info_label.setToolTip("The held object's Python type changes with the mode")
        self.info_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.slice_bar = QWidget()
        self.slice_layout = QHBoxLayout(self.slice_bar)
        self.slice_layout.setContentsMargins(0, 0, 0, 0)
        self.row_axis_combo = QComboBox()
        self.row_axis_combo.setToolTip("The axis that runs down the grid's rows")
        self.col_axis_combo = QComboBox()
        self.col_axis_combo.setToolTip("The axis that runs along the grid's columns")
        self.axis_spins: dict[int, QSpinBox] = {}

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(False)
        # Fixed section sizes: nothing is measured per row or column, so 1000×1000 opens fast.
        for header, size in (
            (self.table.horizontalHeader(), 88),
            (self.table.verticalHeader(), 24),
        ):
            header.setDefaultSectionSize(size)
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setMinimumSectionSize(20)
        self.copy_action = QAction("Copy as tab-separated text", self.table)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.paste_action = QAction("Paste tab-separated text", self.table)
        self.paste_action.setShortcut(QKeySequence.StandardKey.Paste)
        for action in (self.copy_action, self.paste_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.table.addAction(action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.grid_message = MessageLine()
        self.grid_message.setObjectName("gridMessage")
        self.grid_message.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )

        grid_panel = QWidget()
        grid_layout = QVBoxLayout(grid_panel)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addWidget(self.slice_bar)
        grid_layout.addWidget(self.table, 1)
        grid_layout.addWidget(self.grid_message)
        keys = QLabel(
            "Double-click or start typing to edit a cell · Ctrl+C / Ctrl+V copy and paste "
            "tab-separated values (a spreadsheet's) · Ctrl+Z / Ctrl+Shift+Z undo and redo"
        )
        keys.setWordWrap(True)
        keys.setStyleSheet("color: #555;")
        grid_layout.addWidget(keys)

        self.value_combo = QComboBox()
        self.value_combo.addItems(VALUE_KINDS)
        self.value_combo.setToolTip("The value to assign (or add), shaped like the tensor")
        self.value_seed = QSpinBox()
        self.value_seed.setRange(0, 2**31 - 1)
        self.value_seed.setToolTip("Seed of np.random.default_rng for random normal values")
        self.literal_edit = QLineEdit("1.5")
        self.literal_edit.setPlaceholderText("2.5, or a nested list of the tensor's shape")
        self.literal_edit.setToolTip("One number fills every cell; a nested list gives each cell")
        self.assign_button = QPushButton()
        self.assign_add_button = QPushButton()
        self.assign_message = MessageLine()
        self.assign_message.setTextInteractionFlags(self.grid_message.textInteractionFlags())
        whole = QGroupBox("Change the whole tensor")
        form = QFormLayout(whole)
        form.addRow("Value", self.value_combo)
        form.addRow("Seed", self.value_seed)
        form.addRow("Literal", self.literal_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.assign_button)
        buttons.addWidget(self.assign_add_button)
        form.addRow(buttons)
        form.addRow(self.assign_message)

        self.code_pane = CodePane("Python: the code that rebuilds this tensor")
        self.code_pane.setToolTip(
            "Every change as a Python statement; undo removes it again. Paste it into Python "
            "or a notebook to get the same tensor."
        )
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(whole)
        side_layout.addWidget(self.code_pane, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("tensorEditorSplitter")
        self.splitter.addWidget(grid_panel)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([740, 620])

        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.new_message)
        layout.addLayout(mode_row)
        layout.addWidget(self.info_label)
        layout.addWidget(self.splitter, 1)
        self.new_message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._update_value_inputs()

    def _wire(self) -> None:
        self.new_button.clicked.connect(self.new_tensor)
        self.shape_edit.returnPressed.connect(self.new_tensor)
        self.fill_combo.currentTextChanged.connect(self._update_fill_inputs)
        self.open_action.triggered.connect(self.open_file)
        self.save_action.triggered.connect(self.save_file)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action.triggered.connect(self.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo_stack.undoTextChanged.connect(self._undo_text)
        self.undo_stack.redoTextChanged.connect(self._redo_text)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.mode_group.buttonClicked.connect(self._mode_clicked)
        self.copy_action.triggered.connect(self.copy_selection)
        self.paste_action.triggered.connect(self.paste)
        self.model.edit_requested.connect(self.request_cell)
        self.model.edit_rejected.connect(self.grid_message.show_error)
        self.grid_message.linkActivated.connect(self._link)
        self.assign_message.linkActivated.connect(self._link)
        self.value_combo.currentTextChanged.connect(self._update_value_inputs)
        self.assign_button.clicked.connect(partial(self.assign, "assign"))
        self.assign_add_button.clicked.connect(partial(self.assign, "assign_add"))
        self.row_axis_combo.activated.connect(self._axes_chosen)
        self.col_axis_combo.activated.connect(self._axes_chosen)
        self._update_fill_inputs()

    def _update_fill_inputs(self) -> None:
        self.seed_spin.setEnabled(self.fill_combo.currentText() == "random normal")

    def _update_value_inputs(self) -> None:
        kind = self.value_combo.currentText()
        self.value_seed.setEnabled(kind == "random normal")
        self.literal_edit.setEnabled(kind == "literal")

    @Slot(str)
    def _undo_text(self, text: str) -> None:
        self.undo_action.setToolTip(f"Undo {text} (Ctrl+Z)" if text else "Undo (Ctrl+Z)")

    @Slot(str)
    def _redo_text(self, text: str) -> None:
        self.redo_action.setToolTip(f"Redo {text} (Ctrl+Shift+Z)" if text else "Redo")

    # --- info, mode and slice display --------------------------------------------------------
    @property
    def name(self) -> str:
        return NAMES[self.mode]

    def _show_info(self) -> None:
        a = self.model.array
        self.info_label.setText(
            f"rank <b>{a.ndim}</b> · shape <b>{tuple(a.shape)}</b> · dtype <b>{a.dtype.name}</b>"
            f" · size <b>{a.size:,}</b> · Python type <b><code>{self._python_type}</code></b>"
        )
        name = self.name
        self.model.mutable = self.mode is not Mode.CONSTANT
        for mode, button in self.mode_buttons.items():
            button.setChecked(mode is self.mode)
        hints = {
            Mode.NUMPY: "Edit a cell: x[i, j] = value changes the array in place.",
            Mode.CONSTANT: "Try to edit a cell: a tf.constant refuses item assignment.",
            Mode.VARIABLE: "Edit a cell: v[i, j].assign(value) changes the variable.",
        }
        self.mode_hint.setText(hints[self.mode])
        if self.mode is Mode.NUMPY:
            self.assign_button.setText("x[...] = value")
            self.assign_add_button.setText("x += value")
        else:
            self.assign_button.setText(f"{name}.assign(value)")
            self.assign_add_button.setText(f"{name}.assign_add(value)")
        refused = " (a tf.constant refuses: try it)" if self.mode is Mode.CONSTANT else ""
        self.assign_button.setToolTip(f"Replace every element in place{refused}")
        self.assign_add_button.setToolTip(f"Add the value to every element in place{refused}")

    def _rebuild_slice_bar(self) -> None:
        """Axis selectors and one position spin box per hidden axis, for rank >= 3."""
        a = self.model.array
        while self.slice_layout.count():
            item = self.slice_layout.takeAt(0)
            if item.widget() is not None and item.widget() not in (
                self.row_axis_combo,
                self.col_axis_combo,
            ):
                item.widget().deleteLater()
        self.axis_spins = {}
        self.slice_bar.setVisible(a.ndim >= 3)
        if a.ndim < 3:
            return
        for combo, axis in (
            (self.row_axis_combo, self.model.row_axis),
            (self.col_axis_combo, self.model.col_axis),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([f"axis {i} ({n})" for i, n in enumerate(a.shape)])
            combo.setCurrentIndex(axis)
            combo.blockSignals(False)
        self.slice_layout.addWidget(QLabel("Rows:"))
        self.slice_layout.addWidget(self.row_axis_combo)
        self.slice_layout.addWidget(QLabel("Columns:"))
        self.slice_layout.addWidget(self.col_axis_combo)
        for axis, position in sorted(self.model.fixed.items()):
            spin = QSpinBox()
            spin.setRange(0, a.shape[axis] - 1)
            spin.setValue(position)
            spin.setPrefix(f"axis {axis} = ")
            spin.setToolTip(f"Which position along axis {axis} the grid shows")
            spin.valueChanged.connect(self._slice_moved)
            self.axis_spins[axis] = spin
            self.slice_layout.addWidget(spin)
        self.slice_layout.addStretch(1)

    @Slot()
    def _axes_chosen(self) -> None:
        rows, cols = self.row_axis_combo.currentIndex(), self.col_axis_combo.currentIndex()
        if rows == cols:  # picking an axis that the other selector holds swaps the two
            if self.sender() is self.row_axis_combo:
                cols = self.model.row_axis
            else:
                rows = self.model.col_axis
        fixed = {a: self.model.fixed.get(a, 0) for a in range(self.model.array.ndim)}
        fixed = {a: p for a, p in fixed.items() if a not in (rows, cols)}
        self.model.set_slice(rows, cols, fixed)
        self._rebuild_slice_bar()

    @Slot()
    def _slice_moved(self) -> None:
        fixed = {axis: spin.value() for axis, spin in self.axis_spins.items()}
        self.model.set_slice(self.model.row_axis, self.model.col_axis, fixed)

    # --- submitting jobs ----------
    def _submit(self, name: str, fn, on_result, *, counts: bool = True, message=None) -> None:
        label = message or self.grid_message
        if not self.worker.is_ready:
            label.show_message(WAITING, Severity.WARNING)
        else:  # another tab's long job (training) may run first: say so if it takes a while
            self._waiting_label = label
            self._busy_timer.start()
        if counts:
            self._pending += 1
            self.jobs.submit(name, fn, on_result=on_result, on_failed=self._job_failed)
        else:
            self.jobs.submit(name, fn, on_result=on_result, on_failed=self._engine_failed)

    @Slot()
    def _say_if_queued(self) -> None:
        waiting = self.jobs.blocked_by()
        if self._pending and waiting:
            self._waiting_label.show_message(
                f"Waiting {waiting}; the change runs next.", Severity.WARNING
            )

    @Slot(tuple, str)
    def request_cell(self, index: tuple, text: str) -> None:
        """An edit typed into the grid (already checked against the dtype by the model)."""
        self._submit(
            "Edit a cell", partial(tensors.edit_cell, self.document, index, text), self._cell_done
        )

    def set_mode(self, mode) -> None:
        mode = Mode(mode)
        self._submit(
            "Change the mode", partial(tensors.change_mode, self.document, mode), self._mode_done
        )

    @Slot(str)
    def _link(self, target: str) -> None:
        if target == "variable":
            self.set_mode(Mode.VARIABLE)

    @Slot()
    def _mode_clicked(self) -> None:
        for mode, button in self.mode_buttons.items():
            if button.isChecked() and mode is not self.mode:
                self.set_mode(mode)

    def new_tensor(self) -> None:
        try:
            shape = parse_new_shape(self.shape_edit.text())
        except ValueError as exc:
            self.new_message.show_error(f"Shape: {exc}")
            return
        self.new_message.clear_message()
        job = partial(
            tensors.new_value,
            self.document,
            self.fill_combo.currentText(),
            shape,
            self.dtype_combo.currentText(),
            self.seed_spin.value(),
        )
        self._submit("New tensor", job, self._new_done, message=self.new_message)

    def assign(self, method: str) -> None:
        job = partial(
            tensors.assign_value,
            self.document,
            method,
            self.value_combo.currentText(),
            self.value_seed.value(),
            self.literal_edit.text(),
        )
        self._submit(method, job, self._assign_done, message=self.assign_message)

    def load_path(self, path: str) -> None:
        self._submit(
            "Load a tensor", partial(tensors.load_file, self.document, str(path)), self._value_done
        )

    def save_path(self, path: str) -> None:
        self._submit(
            "Save the tensor",
            partial(tensors.save_file, self.document, str(path)),
            self._save_done,
            counts=False,
        )

    def open_file(self) -> None:
        path = ask_open_file(self, "Open a tensor", "tensor", FILE_FILTER)
        if path:
            self.load_path(path)

    def save_file(self) -> None:
        path, chosen = ask_save_file(self, "Save the tensor", "tensor", "tensor.npy", FILE_FILTER)
        if not path:
            return
        if not Path(path).suffix:
            path += ".csv" if "csv" in chosen else ".npz" if "npz" in chosen else ".npy"
        self.save_path(path)

    # --- results ----------
    def _finish(self) -> None:
        """A counted job is done (its command pushed): run undo/redo asked for meanwhile."""
        self._pending = max(0, self._pending - 1)
        while self._pending == 0 and self._deferred:
            self._later_or_now(self._deferred.pop(0))
        self.operation_done.emit()

    def _refused(self, outcome: tensors.Outcome, label: MessageLine) -> bool:
        """Show why nothing changed, beside where the user acted. True if refused."""
        if not outcome.error:
            return False
        if outcome.immutable:
            suggestion = _variable_spelling(outcome.code)
            example = (
                f", e.g. <code>{html.escape(suggestion, quote=False)}</code>" if suggestion else ""
            )
            label.show_error(
                f"<b>TypeError:</b> {html.escape(outcome.error, quote=False)}<br>"
                "A tf.constant is immutable: nothing changed. "
                "<a href='variable'>Hold it as tf.Variable</a> to change it"
                f"{example}."
            )
            self._add_note(
                f"# {outcome.code}  <- refused, a tf.constant cannot change:\n"
                f"#   TypeError: {outcome.error}"
            )
        else:
            label.show_error(outcome.error)
        return True

    @Slot(object)
    def _cell_done(self, outcome: tensors.Outcome) -> None:
        try:
            self._apply_cells(outcome)
        finally:
            self._finish()

    def _apply_cells(self, outcome: tensors.Outcome) -> None:
        if self._refused(outcome, self.grid_message):
            return
        self.grid_message.clear_message()
        old = self.model.array[outcome.index]
        old = old.copy() if isinstance(old, np.ndarray) else old
        self.model.cell_changed(outcome.index, outcome.value)
        self._push(CellsCommand(self, outcome.code, outcome.index, old, outcome.value))

    @Slot(object)
    def _mode_done(self, outcome: tensors.Outcome) -> None:
        try:
            self._apply_mode(outcome)
        finally:
            self._finish()

    def _apply_mode(self, outcome: tensors.Outcome) -> None:
        if self._refused(outcome, self.grid_message):
            self._show_info()
            return
        self.grid_message.clear_message()
        array = self.model.array
        before = (array, self.mode, self._python_type)
        self.mode, self._python_type = outcome.mode, outcome.python_type
        self._show_info()
        self._push(ValueCommand(self, outcome.code, before, (array, self.mode, self._python_type)))

    @Slot(object)
    def _new_done(self, outcome: tensors.Outcome) -> None:
        self._value_result(outcome, self.new_message)

    @Slot(object)
    def _assign_done(self, outcome: tensors.Outcome) -> None:
        self._value_result(outcome, self.assign_message)

    @Slot(object)
    def _value_done(self, outcome: tensors.Outcome) -> None:
        self._value_result(outcome, self.grid_message)

    def _value_result(self, outcome: tensors.Outcome, label: MessageLine) -> None:
        try:
            self._apply_value(outcome, label)
        finally:
            self._finish()

    def _apply_value(self, outcome: tensors.Outcome, label: MessageLine) -> None:
        if self._refused(outcome, label):
            return
        label.clear_message()
        if label is not self.grid_message:
            self.grid_message.clear_message()
        before = (self.model.array, self.mode, self._python_type)
        after = (outcome.array, outcome.mode, outcome.python_type)
        self._show_value(*after)
        self._push(ValueCommand(self, outcome.code, before, after))

    @Slot(object)
    def _save_done(self, outcome: tensors.Outcome) -> None:
        if self._refused(outcome, self.grid_message):
            return
        self.grid_message.show_message(f"Saved: {outcome.code}", Severity.INFO)
        self._add_note(outcome.code)

    @Slot(object)
    def _restored(self, outcome: tensors.Outcome) -> None:
        if outcome.error:  # undo must not fail; say so plainly if it ever does
            self.grid_message.show_error(f"Undo/redo failed in the engine: {outcome.error}")

    def _job_failed(self, failure: JobFailure) -> None:
        self._finish()
        self._engine_failed(failure)

    def _engine_failed(self, failure: JobFailure) -> None:
        self.grid_message.show_error(f"The engine failed: {failure.message}")

    def _show_value(self, array: np.ndarray, mode: Mode, python_type: str) -> None:
        reshaped = array.shape != self.model.array.shape or array.dtype != self.model.array.dtype
        if array is not self.model.array:
            self.model.set_array(array)
        self.mode, self._python_type = Mode(mode), python_type
        self._show_info()
        if reshaped:
            self._rebuild_slice_bar()

    # --- undo / redo (called by the commands) ---------------------------------------------------
    def _push(self, command) -> None:
        if isinstance(command, ValueCommand) and self._history_bytes(command) > UNDO_BUDGET_BYTES:
            self._fold_history()
        self.undo_stack.push(command)
        self.code_pane.append_code(command.code)

    def _history_bytes(self, extra: ValueCommand) -> int:
        """Bytes of earlier whole tensors that undo keeps alive (each array counted once)."""
        arrays = {id(a): a for a in (extra.before[0], extra.after[0])}
        for i in range(self.undo_stack.count()):
            command = self.undo_stack.command(i)
            if isinstance(command, ValueCommand):
                arrays.update({id(a): a for a in (command.before[0], command.after[0])})
        arrays.pop(id(self.model.array), None)
        return sum(a.nbytes for a in arrays.values())

    def _fold_history(self) -> None:
        """Keep memory bounded: forget the undo history, but keep its code as the script's start,
        so the code pane still rebuilds the tensor."""
        lines = [self._base_code, *self._base_notes]
        for i in range(self.undo_stack.index()):
            command = self.undo_stack.command(i)
            lines += [command.code, *command.notes]
        self._base_code, self._base_notes = "\n".join(lines), []
        self.undo_stack.clear()
        self.grid_message.show_message(
            "Earlier undo steps were dropped: together they held more than "
            f"{UNDO_BUDGET_BYTES // 2**20} MB of old tensors.",
            Severity.INFO,
        )

    def undo(self) -> None:
        self._later_or_now("undo")

    def redo(self) -> None:
        self._later_or_now("redo")

    def _later_or_now(self, which: str) -> None:
        if self._pending:  # a result still to come would otherwise land on the wrong state
            self._deferred.append(which)
            return
        getattr(self.undo_stack, which)()
        self._rebuild_code()

    def restore_cells(self, index: tuple, values) -> None:
        self.model.cell_changed(index, values)
        job = partial(tensors.restore_cells, self.document, index, values)
        self.jobs.submit("Undo", job, on_result=self._restored, on_failed=self._engine_failed)
        self.grid_message.clear_message()

    def restore_value(self, array: np.ndarray, mode: Mode, python_type: str) -> None:
        self._show_value(array, mode, python_type)
        job = partial(tensors.restore, self.document, array, mode)
        self.jobs.submit("Undo", job, on_result=self._restored, on_failed=self._engine_failed)
        self.grid_message.clear_message()

    # --- code pane ----------
    def _add_note(self, note: str) -> None:
        index = self.undo_stack.index()
        notes = self._base_notes if index == 0 else self.undo_stack.command(index - 1).notes
        notes.append(note)
        self.code_pane.append_code(note)

    def _rebuild_code(self) -> None:
        lines = [code_header(), self._base_code, *self._base_notes]
        for i in range(self.undo_stack.index()):
            command = self.undo_stack.command(i)
            lines += [command.code, *command.notes]
        self.code_pane.set_code("\n".join(lines))

    # --- clipboard ----------
    def _selection_box(self) -> tuple[int, int, int, int] | None:
        indexes = self.table.selectionModel().selectedIndexes()
        if not indexes:
            current = self.table.currentIndex()
            if not current.isValid():
                return None
            indexes = [current]
        rows = [i.row() for i in indexes]
        cols = [i.column() for i in indexes]
        return min(rows), min(cols), max(rows) - min(rows) + 1, max(cols) - min(cols) + 1

    def copy_selection(self) -> str:
        """Copy the selected rectangle as tab-separated text, at full precision."""
        box = self._selection_box()
        if box is None:
            return ""
        block = self.model.grid_block(*box)
        # str() of a NumPy scalar is its shortest exact text (what exact_text gives), and
        # map(str) keeps a select-all of a million cells near a second.
        text = "\n".join("\t".join(map(str, row)) for row in block) + "\n"
        QGuiApplication.clipboard().setText(text)
        return text

    def paste(self) -> None:
        """Paste tab-separated text (e.g. from a spreadsheet) at the selection's top-left cell."""
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> None:
        box = self._selection_box()
        top, left = (box[0], box[1]) if box else (0, 0)
        lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
        cells = [line.split("\t") for line in lines]
        rows, cols = len(cells), max(len(row) for row in cells)
        if not text.strip():
            self.grid_message.show_error("The clipboard holds no text to paste")
            return
        if rows * cols > MAX_PASTE:
            self.grid_message.show_error(
                f"Paste at most {MAX_PASTE:,} values at once; load a file for more"
            )
            return
        if any(len(row) != cols for row in cells):
            self.grid_message.show_error("Every pasted row needs the same number of values")
            return
        grid_rows, grid_cols = self.model.rowCount(), self.model.columnCount()
        if top + rows > grid_rows or left + cols > grid_cols:
            self.grid_message.show_error(
                f"{rows}×{cols} values do not fit at row {top}, column {left} of the "
                f"{grid_rows}×{grid_cols} grid; nothing was pasted"
            )
            return
        dtype = self.model.array.dtype
        block = np.empty((rows, cols), dtype)
        for r, row in enumerate(cells):
            for c, cell in enumerate(row):
                try:
                    block[r, c] = parse_value(cell, dtype)
                except ValueError as exc:
                    self.grid_message.show_error(
                        f"Pasted row {r + 1}, column {c + 1}: {exc}; nothing was pasted"
                    )
                    return
        if rows == cols == 1:
            self.request_cell(self.model.tensor_index(top, left), cells[0][0])
            return
        index, transpose = self.model.block_index(top, left, rows, cols)
        values = block.T if transpose else block
        if self.model.array.ndim == 1:
            values = values[:, 0]
        job = partial(tensors.edit_block, self.document, index, values)
        self._submit("Paste", job, self._cell_done)

    def select_block(self, top: int, left: int, rows: int = 1, cols: int = 1) -> None:
        """Select a rectangle of the grid (for scripted use and tests)."""
        selection = self.table.selectionModel()
        selection.clearSelection()
        corner = self.model.index(top, left)
        self.table.setCurrentIndex(corner)
        for r in range(top, top + rows):
            for c in range(left, left + cols):
                selection.select(self.model.index(r, c), QItemSelectionModel.SelectionFlag.Select)

    # --- main-window hooks (TabPage) ----------
    def settings(self) -> EditorSettings:
        return EditorSettings(
            shape=self.shape_edit.text(),
            dtype=self.dtype_combo.currentText(),
            fill=self.fill_combo.currentText(),
            seed=self.seed_spin.value(),
            value=self.value_combo.currentText(),
            value_seed=self.value_seed.value(),
            literal=self.literal_edit.text(),
        )

    def apply_settings(self, settings: EditorSettings) -> None:
        """Values the controls cannot take (a hand-edited file) fall back to the defaults."""
        s = settings.checked()
        self.shape_edit.setText(s.shape)
        self.dtype_combo.setCurrentText(s.dtype)
        self.fill_combo.setCurrentText(s.fill)
        self.seed_spin.setValue(s.seed)
        self.value_combo.setCurrentText(s.value)
        self.value_seed.setValue(s.value_seed)
        self.literal_edit.setText(s.literal)

    def shutdown(self) -> None:
        """Window closing: no late notice; queued edits end with the worker."""
        self._busy_timer.stop()
        self._deferred.clear()
        self.jobs.cancel()


def _variable_spelling(code: str) -> str:
    """``t[0, 0] = 3.`` -> ``v[0, 0].assign(3.)``; ``t.assign(...)`` -> ``v.assign(...)``."""
    item = re.fullmatch(r"t\[(.*?)\] = (.*)", code)
    if item:
        return f"v[{item.group(1)}].assign({item.group(2)})"
    if code.startswith("t."):
        return "v" + code[1:]
    return ""

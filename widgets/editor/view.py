"""The Tensor Editor tab: edit a NumPy array, a tf.constant or a tf.Variable cell by cell.

The view composes the tool bar, the mode row, the grid and the whole-tensor box, hands what the
user does to the controller, and shows what the controller reports: the held value, messages
beside where the user acted, and the code that rebuilds the tensor.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QSizePolicy, QSplitter, QVBoxLayout, QWidget

from engine.editor.document import Mode, WholeMethod
from engine.editor.files import OPEN_FILTER, SAVE_FILTER, save_suffix
from engine.shared.notebook import Section
from engine.worker import Worker
from widgets.editor.commands import Held
from widgets.editor.controller import EditorController
from widgets.editor.grid_panel import GridPanel
from widgets.editor.messages import Place
from widgets.editor.mode_bar import ModeBar
from widgets.editor.settings import EditorSettings
from widgets.editor.toolbar import EditorToolbar
from widgets.editor.whole_tensor import WholeTensorPanel
from widgets.shared.code_pane import CodePane
from widgets.shared.file_dialogs import ask_open_file, ask_save_file
from widgets.shared.message_line import MessageLine, Severity


class TensorEditorTab(QWidget):
    settings_group = "editor"
    # Emitted once the result of an edit, assign, new tensor, load or mode change is shown
    # (applied or refused): what a test or a benchmark waits for.
    operation_done = Signal()

    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = EditorController(worker, self)
        self.model = self.controller.model
        self.toolbar = EditorToolbar()
        self.addActions(self.toolbar.actions_for_tab())
        self.new_message = MessageLine()
        self.new_message.setAccessibleName("New tensor message")
        self.new_message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.mode_bar = ModeBar()
        self.info_label = QLabel()
        self.info_label.setObjectName("tensorInfo")
        self.info_label.setToolTip("The held object's Python type changes with the mode")
        self.info_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info_label.setWordWrap(True)
        self.info_label.setAccessibleName("Rank, shape, dtype, size and Python type")
        self.grid = GridPanel(self.model)
        self.table = self.grid.table
        self.whole = WholeTensorPanel()
        self.code_pane = CodePane("Python: the code that rebuilds this tensor")
        self.code_pane.setToolTip(
            "Every change as a Python statement; undo removes it again. Paste it into Python "
            "or a notebook to get the same tensor."
        )
        code = self.code_pane.editor
        code.setAccessibleName("Python code that rebuilds this tensor")
        code.setTabChangesFocus(True)  # read-only: Tab moves on instead of staying inside
        self.code_pane.copy_button.setAccessibleName("Copy the code")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.whole)
        side_layout.addWidget(self.code_pane, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("tensorEditorSplitter")
        self.splitter.addWidget(self.grid)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([740, 620])

        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.new_message)
        layout.addWidget(self.mode_bar)
        layout.addWidget(self.info_label)
        layout.addWidget(self.splitter, 1)
        self._messages = {
            Place.NEW: self.new_message,
            Place.ASSIGN: self.whole.message,
            Place.GRID: self.grid.message,
        }
        self._wire()
        self._show_held(self.controller.held)
        self.code_pane.set_code(self.controller.history.script())

    def _wire(self) -> None:
        bar, whole, c = self.toolbar, self.whole, self.controller
        bar.new_button.clicked.connect(self.new_tensor)
        bar.shape_edit.returnPressed.connect(self.new_tensor)
        bar.open_action.triggered.connect(self.open_file)
        bar.save_action.triggered.connect(self.save_file)
        bar.undo_action.triggered.connect(c.undo)
        bar.redo_action.triggered.connect(c.redo)
        c.history.canUndoChanged.connect(bar.undo_action.setEnabled)
        c.history.canRedoChanged.connect(bar.redo_action.setEnabled)
        c.history.undoTextChanged.connect(bar.show_undo_text)
        c.history.redoTextChanged.connect(bar.show_redo_text)
        self.mode_bar.mode_chosen.connect(self.set_mode)
        self.grid.paste_action.triggered.connect(self.paste)
        for line in (self.grid.message, whole.message):
            line.linkActivated.connect(self._link)
        whole.assign_button.clicked.connect(self._assign_clicked)
        whole.assign_add_button.clicked.connect(self._assign_add_clicked)
        c.held_changed.connect(self._show_held)
        c.messages.refused.connect(self._show_refusal)
        c.messages.notice.connect(self._show_notice)
        c.messages.cleared.connect(self._clear_message)
        bar.inputs_edited.connect(self._new_inputs_edited)
        whole.inputs_edited.connect(self._whole_inputs_edited)
        c.code_changed.connect(self.code_pane.set_code)
        c.code_added.connect(self.code_pane.append_code)
        c.operation_done.connect(self.operation_done)

    # --- what the user does -----------------------------------------------------------------
    def new_tensor(self) -> None:
        bar = self.toolbar
        self.controller.new_tensor(
            bar.shape_edit.text(),
            bar.dtype_combo.currentText(),
            bar.fill_combo.currentText(),
            bar.seed_spin.value(),
        )

    def assign(self, method: WholeMethod) -> None:
        whole = self.whole
        self.controller.assign(
            method,
            whole.value_combo.currentText(),
            whole.value_seed.value(),
            whole.literal_edit.text(),
        )

    # Slots are methods, not partials or lambdas: a connection holds those, and with them the
    # tab, strongly. Measured: the tab then outlived its owner, was torn down after the
    # QApplication, and Qt reported a malformed delete ("shared QObject was deleted directly").
    @Slot()
    def _assign_clicked(self) -> None:
        self.assign("assign")

    @Slot()
    def _assign_add_clicked(self) -> None:
        self.assign("assign_add")

    @Slot()
    def _new_inputs_edited(self) -> None:
        self.controller.messages.input_edited(Place.NEW)

    @Slot()
    def _whole_inputs_edited(self) -> None:
        self.controller.messages.input_edited(Place.ASSIGN)

    def set_mode(self, mode: Mode) -> None:
        self.controller.set_mode(mode)

    @Slot(str)
    def _link(self, target: str) -> None:
        if target == "variable":
            self.set_mode(Mode.VARIABLE)

    def load_path(self, path: str | Path) -> None:
        self.controller.load(str(path))

    def save_path(self, path: str | Path) -> None:
        self.controller.save(str(path))

    def open_file(self) -> None:
        path = ask_open_file(self, "Open a tensor", "tensor", OPEN_FILTER)
        if path:
            self.load_path(path)

    def save_file(self) -> None:
        path, chosen = ask_save_file(self, "Save the tensor", "tensor", "tensor.npy", SAVE_FILTER)
        if path:
            self.save_path(save_suffix(path, chosen))

    def paste(self) -> None:
        """Paste tab-separated text (e.g. from a spreadsheet) at the selection's top-left cell."""
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> None:
        self.controller.paste(text, *self.grid.top_left())

    # --- showing what the controller reports ------------------------------------------------
    @property
    def mode(self) -> Mode:
        return self.controller.mode

    @Slot(Held)
    def _show_held(self, held: Held) -> None:
        a = held.array
        self.info_label.setText(
            f"rank <b>{a.ndim}</b> · shape <b>{tuple(a.shape)}</b> · dtype <b>{a.dtype.name}</b>"
            f" · size <b>{a.size:,}</b> · Python type <b><code>{held.python_type}</code></b>"
        )
        self.mode_bar.show_mode(held.mode, a.ndim)
        self.whole.show_mode(held.mode)

    @Slot(Place, str)
    def _show_refusal(self, place: Place, text: str) -> None:
        self._messages[place].show_error(text)

    @Slot(Place, str, Severity)
    def _show_notice(self, place: Place, text: str, severity: Severity) -> None:
        self._messages[place].show_message(text, severity)

    @Slot(Place)
    def _clear_message(self, place: Place) -> None:
        self._messages[place].clear_message()

    # --- the main window's hooks (TabPage) --------------------------------------------------
    def settings(self) -> EditorSettings:
        bar, whole = self.toolbar, self.whole
        return EditorSettings(
            shape=bar.shape_edit.text(),
            dtype=bar.dtype_combo.currentText(),
            fill=bar.fill_combo.currentText(),
            seed=bar.seed_spin.value(),
            value=whole.value_combo.currentText(),
            value_seed=whole.value_seed.value(),
            literal=whole.literal_edit.text(),
        )

    def apply_settings(self, settings: EditorSettings) -> None:
        """Values the controls cannot take (a hand-edited file) fall back to the defaults."""
        s, bar, whole = settings.checked(), self.toolbar, self.whole
        bar.shape_edit.setText(s.shape)
        bar.dtype_combo.setCurrentText(s.dtype)
        bar.fill_combo.setCurrentText(s.fill)
        bar.seed_spin.setValue(s.seed)
        whole.value_combo.setCurrentText(s.value)
        whole.value_seed.setValue(s.value_seed)
        whole.literal_edit.setText(s.literal)

    def shutdown(self) -> None:
        self.controller.shutdown()

    def notebook_section(self) -> Section:
        running = self.controller.jobs.busy
        busy = "An edit was still running; this is the tensor as it last was." if running else ""
        return Section(
            "Tensor Editor",
            "The tensor as the editor holds it, rebuilt step by step: each change is the "
            "statement that made it, and TensorFlow's refusals are comments that name the "
            "exception it raised. The last line prints the tensor: its type, dtype, shape and "
            "values.",
            (self.controller.notebook_code(),),
            busy,
        )

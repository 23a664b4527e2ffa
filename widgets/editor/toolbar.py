"""The editor's tool bar: open, save, undo, redo, and the inputs of a new tensor. Layout only; the
tab wires it up. A tool bar, so a narrow window folds the rest into its » menu instead of growing;
before that, its buttons drop their text (icons with tooltips), which keeps "New tensor" in
sight down to an 800-pixel window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyle,
    QToolBar,
    QToolButton,
    QWidget,
)

from engine.editor.values import EDITOR_DTYPES, FILLS
from widgets.editor.settings import MAX_SEED

SEED_WIDTH = 110  # wide enough for "seed 123456"; longer seeds scroll inside the box


class EditorToolbar(QToolBar):
    inputs_edited = Signal()  # a New tensor input changed

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Tensor", parent)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
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
            # the tab adds them as well: the keys work wherever the focus is inside the tab
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)

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
        self.seed_spin.setRange(0, MAX_SEED)
        self.seed_spin.setPrefix("seed ")
        self.seed_spin.setToolTip("Seed of np.random.default_rng for random normal values")
        self.seed_spin.setMaximumWidth(SEED_WIDTH)
        self.new_button = QPushButton("New tensor")
        self.new_button.setToolTip("Replace the tensor with a new one of this shape and dtype")

        for group in ((self.open_action, self.save_action), (self.undo_action, self.redo_action)):
            for action in group:
                self.addAction(action)
            self.addSeparator()
        for widget in (
            QLabel(" New: shape "),
            self.shape_edit,
            self.dtype_combo,
            self.fill_combo,
            self.seed_spin,
            self.new_button,
        ):
            self.addWidget(widget)
        self.fill_combo.currentTextChanged.connect(self._update_fill_inputs)
        self._update_fill_inputs()
        for action in (self.open_action, self.save_action, self.undo_action, self.redo_action):
            self.widgetForAction(action).setAccessibleName(action.text().rstrip("…"))
        for widget, name in (
            (self.shape_edit, "Shape of the new tensor"),
            (self.dtype_combo, "Dtype of the new tensor"),
            (self.fill_combo, "Fill of the new tensor"),
            (self.seed_spin, "Seed of the new random tensor"),
            (self.new_button, "New tensor"),
        ):
            widget.setAccessibleName(name)
        more = self.findChild(QToolButton, "qt_toolbar_ext_button")
        if more is not None:
            more.setAccessibleName("More tools")
        self.shape_edit.textEdited.connect(self.inputs_edited)
        self.dtype_combo.currentTextChanged.connect(self.inputs_edited)
        self.fill_combo.currentTextChanged.connect(self.inputs_edited)
        self._wide_width = 0  # the width that shows every button with its text

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if not self._wide_width:
            self._wide_width = self.sizeHint().width()
        text = self.width() >= self._wide_width
        self.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            if text
            else Qt.ToolButtonStyle.ToolButtonIconOnly
        )

    def actions_for_tab(self) -> list[QAction]:
        return [self.open_action, self.save_action, self.undo_action, self.redo_action]

    @Slot()
    def _update_fill_inputs(self) -> None:
        self.seed_spin.setEnabled(self.fill_combo.currentText() == "random normal")

    @Slot(str)
    def show_undo_text(self, text: str) -> None:
        self.undo_action.setToolTip(f"Undo {text} (Ctrl+Z)" if text else "Undo (Ctrl+Z)")

    @Slot(str)
    def show_redo_text(self, text: str) -> None:
        self.redo_action.setToolTip(f"Redo {text} (Ctrl+Shift+Z)" if text else "Redo")

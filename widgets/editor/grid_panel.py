"""The grid: the slice bar, the table of cells with copy and paste, the message line under it and
a line of key hints. Layout and the table's selection only; the tab wires it up."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from widgets.editor.clipboard import copy_text
from widgets.editor.slice_bar import SliceBar
from widgets.editor.table_model import TensorTableModel
from widgets.shared.message_line import MessageLine

KEYS = (
    "Double-click or start typing to edit a cell · arrow keys move · Tab leaves the grid · "
    "Ctrl+C / Ctrl+V copy and paste tab-separated values (a spreadsheet's) · "
    "Ctrl+Z / Ctrl+Shift+Z undo and redo"
)


class GridPanel(QWidget):
    def __init__(self, model: TensorTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.slice_bar = SliceBar(model)
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(False)
        # Tab and Shift+Tab leave the grid (arrow keys move inside): a grid that kept Tab for
        # itself trapped keyboard users, who could reach nothing after it.
        self.table.setTabKeyNavigation(False)
        self.table.setAccessibleName("Tensor cells")
        self.table.setAccessibleDescription(
            "The held tensor, one cell per element; type to edit the current cell"
        )
        self.table.horizontalHeader().setAccessibleName("Column positions")
        self.table.verticalHeader().setAccessibleName("Row positions")
        corner = self.table.findChild(QAbstractButton)  # the view's own select-all button
        if corner is not None:
            corner.setAccessibleName("Select every cell")
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
        self.message = MessageLine()
        self.message.setObjectName("gridMessage")
        self.message.setAccessibleName("Grid message")
        self.message.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        keys = QLabel(KEYS)
        keys.setObjectName("keyHints")
        keys.setWordWrap(True)
        # Secondary text from the palette's role for it: it follows every theme switch.
        keys.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slice_bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(keys)
        self.copy_action.triggered.connect(self.copy_selection)

    def selection_box(self) -> tuple[int, int, int, int] | None:
        """The selected rectangle (top, left, rows, columns), or the current cell alone."""
        indexes = self.table.selectionModel().selectedIndexes()
        if not indexes:
            current = self.table.currentIndex()
            if not current.isValid():
                return None
            indexes = [current]
        rows = [i.row() for i in indexes]
        cols = [i.column() for i in indexes]
        return min(rows), min(cols), max(rows) - min(rows) + 1, max(cols) - min(cols) + 1

    def top_left(self) -> tuple[int, int]:
        """Where a paste starts: the selection's top-left cell, or the grid's first."""
        box = self.selection_box()
        return (box[0], box[1]) if box else (0, 0)

    def copy_selection(self) -> str:
        """Copy the selected rectangle as tab-separated text, at full precision."""
        box = self.selection_box()
        if box is None:
            return ""
        text = copy_text(self.model.grid_block(*box))
        QGuiApplication.clipboard().setText(text)
        return text

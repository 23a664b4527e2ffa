"""The model builder: an editable list of layers (Dense, Conv2D, MaxPooling2D, Flatten, Dropout),
each row with its output shape for one sample and its parameter count beneath its settings (the
arithmetic is in the tooltip; beneath rather than in a column of its own, so that the list fits the
settings column of a 1024-pixel window). A layer that cannot build gets its message in a row of its
own right beneath it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from engine.mnist.architecture import CLASSES, Description, LayerRow, describe
from engine.mnist.layers import Dense, Layer
from engine.mnist.model import DEFAULT_LAYERS
from engine.shared.limits import shape_text
from widgets.mnist.layer_editors import NEW_LAYERS, LayerEditor, kind_box, kind_of
from widgets.shared.message_line import MessageLine

COLUMNS = ("Layer", "Settings → output")
VISIBLE_ROWS = 9  # the table grows with its rows up to this many, then scrolls


@dataclass
class _Row:
    kind: QComboBox
    editor: LayerEditor
    output: QLabel  # the output shape and parameter count, beneath the editor
    cell: QVBoxLayout  # the editor above the output, in the Settings column
    message: MessageLine | None = None  # the row beneath, while the layer cannot build


class _Table(QTableWidget):
    """Rows of layers; a message row's height follows the table's width (it word-wraps)."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.resized.emit()


class LayerList(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: list[_Row] = []
        self.classes = CLASSES
        self.table = _Table(0, len(COLUMNS))
        self.table.setObjectName("layerTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next control
        self.table.setWordWrap(True)
        self.table.setAccessibleName("Model layers")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.resized.connect(self._fit_height)
        self.add_button = QPushButton("Add layer")
        self.add_button.setToolTip(
            "Insert a Dense(128, relu) layer after the selected one (or before the output "
            "layer); change its kind in the Layer column"
        )
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected layer")
        self.up_button = QPushButton("Up")
        self.up_button.setToolTip("Move the selected layer up (Alt+Up)")
        self.up_button.setAccessibleName("Move the selected layer up")
        self.down_button = QPushButton("Down")
        self.down_button.setToolTip("Move the selected layer down (Alt+Down)")
        self.down_button.setAccessibleName("Move the selected layer down")
        self.add_button.clicked.connect(self.add_layer)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(partial(self.move_selected, -1))
        self.down_button.clicked.connect(partial(self.move_selected, 1))
        for keys, step in (("Alt+Up", -1), ("Alt+Down", 1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(partial(self.move_selected, step))
        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.set_layers(DEFAULT_LAYERS)

    # --- model ---------------------------------------------------------------------------
    def layers(self) -> tuple[Layer, ...]:
        return tuple(row.editor.layer() for row in self._rows)

    def set_layers(self, layers: Iterable[Layer]) -> None:
        self.table.setRowCount(0)
        self._rows = []
        for layer in layers:
            self._append(layer)
        self._refresh()

    def add_layer(self) -> None:
        layers = list(self.layers())
        selected = self.selected_layer()
        at = selected + 1 if selected is not None else max(0, len(layers) - 1)
        layers.insert(at, Dense(128, "relu"))
        self.set_layers(layers)
        self.select_layer(at)

    def remove_selected(self) -> None:
        selected = self.selected_layer()
        index = selected if selected is not None else len(self._rows) - 2
        if 0 <= index < len(self._rows) and len(self._rows) > 1:
            layers = list(self.layers())
            del layers[index]
            self.set_layers(layers)

    def move_selected(self, step: int) -> None:
        index = self.selected_layer()
        if index is None or not 0 <= index + step < len(self._rows):
            return
        layers = list(self.layers())
        layers[index], layers[index + step] = layers[index + step], layers[index]
        self.set_layers(layers)
        self.select_layer(index + step)

    def selected_layer(self) -> int | None:
        """The layer of the selected row (a message row stands for the layer above it)."""
        rows = {i.row() for i in self.table.selectedIndexes()}
        if not rows:
            return None
        return self._layer_at(min(rows))

    def select_layer(self, index: int) -> None:
        self.table.selectRow(self._table_row(index))

    # --- rows ----------------------------------------------------------------------------
    def _table_row(self, index: int) -> int:
        """The table row of layer ``index``: message rows come between layers."""
        return index + sum(1 for row in self._rows[:index] if row.message is not None)

    def _layer_at(self, table_row: int) -> int | None:
        for index in range(len(self._rows)):
            if self._table_row(index) <= table_row < self._table_row(index + 1):
                return index
        return None

    def editor(self, index: int) -> LayerEditor:
        """The controls of layer ``index``."""
        return self._rows[index].editor

    def kind(self, index: int) -> QComboBox:
        return self._rows[index].kind

    def message(self, index: int) -> MessageLine | None:
        """The message beneath layer ``index``; None while it can build."""
        return self._rows[index].message

    def output(self, index: int) -> QLabel:
        """The output shape and parameter count of layer ``index``."""
        return self._rows[index].output

    def _append(self, layer: Layer) -> None:
        index = len(self._rows)
        at = self.table.rowCount()
        self.table.insertRow(at)
        cell = QWidget()
        row = _Row(
            kind_box(kind_of(layer), index), LayerEditor(layer, index), QLabel(), QVBoxLayout(cell)
        )
        row.kind.currentTextChanged.connect(partial(self._kind_changed, row))
        row.editor.changed.connect(self._refresh)
        row.output.setContentsMargins(4, 0, 2, 0)
        row.output.setWordWrap(True)  # in two lines where the settings column is narrow
        row.cell.setContentsMargins(0, 2, 0, 2)
        row.cell.setSpacing(1)
        row.cell.addWidget(row.editor)
        row.cell.addWidget(row.output)
        self.table.setCellWidget(at, 0, _top(row.kind))
        self.table.setCellWidget(at, 1, cell)
        self._rows.append(row)

    def _kind_changed(self, row: _Row, kind: str) -> None:
        """Another kind for a row: it becomes that kind's usual layer; focus stays on the kind."""
        index = self._rows.index(row)
        editor = LayerEditor(NEW_LAYERS[kind], index)
        editor.changed.connect(self._refresh)
        row.cell.replaceWidget(row.editor, editor)
        row.editor.deleteLater()
        row.editor = editor
        row.kind.setToolTip(row.kind.itemData(row.kind.currentIndex(), Qt.ItemDataRole.ToolTipRole))
        self._refresh()

    def _refresh(self, *_args: object) -> None:
        self.show_description(describe(self.layers(), classes=self.classes))
        self.remove_button.setEnabled(len(self._rows) > 1)
        self.changed.emit()

    def show_description(self, description: Description) -> None:
        """Each row's output shape, parameters and problem, as ``description`` has them."""
        for index, (row, info) in enumerate(zip(self._rows, description.rows, strict=False)):
            row.output.setText(_output_text(info))
            row.output.setToolTip(_output_tip(info))
            self._show_problem(index, row, info.problem)
        self._fit_height()

    def _show_problem(self, index: int, row: _Row, problem: str) -> None:
        at = self._table_row(index) + 1
        if problem and row.message is None:
            self.table.insertRow(at)
            row.message = MessageLine()
            self.table.setSpan(at, 0, 1, len(COLUMNS))
            self.table.setCellWidget(at, 0, row.message)
        elif not problem and row.message is not None:
            self.table.removeRow(at)
            row.message = None
        if row.message is not None:
            row.message.show_error(f"Layer {index + 1} cannot build: {problem}.")

    def _fit_messages(self) -> None:
        width = self.table.viewport().width()
        for index, row in enumerate(self._rows):
            if row.message is not None:
                height = row.message.heightForWidth(max(50, width - 4)) + 4
                self.table.setRowHeight(self._table_row(index) + 1, max(height, 24))

    def _fit_height(self) -> None:
        # Every layer in sight without a half-empty table: the list grows with its layers.
        line = self.table.fontMetrics().lineSpacing()
        for index, row in enumerate(self._rows):
            output = row.output.heightForWidth(max(50, self.table.columnWidth(1) - 2))
            cell = row.editor.sizeHint().height() + max(line, output) + 5  # editor, then output
            height = max(cell, row.kind.sizeHint().height(), 2 * line)
            self.table.setRowHeight(self._table_row(index), height + 4)
        self._fit_messages()
        shown = min(self.table.rowCount(), VISIBLE_ROWS)
        rows = sum(self.table.rowHeight(r) for r in range(shown))
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(header + max(rows, 2 * line) + 2 * self.table.frameWidth() + 2)


def _top(widget: QWidget) -> QWidget:
    """``widget`` at the top of its cell, its own height, however tall the row is."""
    cell = QWidget()
    layout = QVBoxLayout(cell)
    layout.setContentsMargins(0, 2, 0, 2)
    layout.addWidget(widget)
    layout.addStretch(1)
    return cell


def _output_text(row: LayerRow) -> str:
    if row.output_shape is None:
        return "—"
    # Non-breaking spaces inside the shape and the count: a narrow column breaks between them.
    shape, params = shape_text(row.output_shape), f"{row.params:,} params"
    return f"→ {shape} · {params}".replace(" ", NBSP).replace(f"{NBSP}·{NBSP}", " · ")


NBSP = "\u00a0"


def _output_tip(row: LayerRow) -> str:
    if row.output_shape is None:
        return row.problem or "The layer before this one cannot build."
    lines = [
        f"{row.name}: {row.layer.label()}",
        f"output = {row.layer.formula()}",
        f"shape {shape_text(row.input_shape or ())} → {shape_text(row.output_shape)}: "
        f"{row.shape_arithmetic}",
        f"params: {row.params_arithmetic}" + (f" = {row.params:,}" if row.params else ""),
    ]
    return "\n".join(lines)

"""The Rank Explorer's operation box: pick an operation, type its argument, Apply or Undo, and
see what it does to the shape (before → after, and the NumPy and TensorFlow lines). Layout and
rendering only; the tab wires it up."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFontDatabase, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from engine.ranks.operations import OpResult
from engine.shared.limits import shape_text
from widgets.shared.message_line import MessageLine

SHAPES_HINT = (
    "<i>Pick an operation, type its argument and press Enter: the shapes before and after, "
    "and the code for NumPy and TensorFlow, appear here.</i>"
)
REDUCTIONS = ("sum", "mean")  # the operations keepdims applies to


@dataclass(frozen=True)
class Choice:
    key: str  # the operation, as engine.ranks.operations names it
    label: str
    placeholder: str  # an example argument
    tip: str


CHOICES = (
    Choice("reshape", "Reshape", "2, 9  or  -1, 3", "New shape; one -1 means 'whatever is left'."),
    Choice(
        "expand_dims", "Expand dims", "axis, e.g. 0 or -1", "Insert a new axis of length 1 here."
    ),
    Choice("squeeze", "Squeeze", "axis, or empty for all", "Remove axes of length 1."),
    Choice("transpose", "Transpose", "axes, e.g. 2, 0, 1 (empty: reverse)", "Reorder the axes."),
    Choice("slice", "Slice / index", "x[0]  or  x[:, 1]  or  ..., 0", "Pick part of the tensor."),
    Choice(
        "sum", "Sum over axis", "axis, e.g. 0 (empty: all)", "Add along an axis; it disappears."
    ),
    Choice("mean", "Mean over axis", "axis, e.g. -1 (empty: all)", "Average along an axis."),
)


@dataclass(frozen=True)
class OperationForm:
    """The operation as the box holds it now."""

    kind: str
    argument: str
    keepdims: bool


def shapes_html(result: OpResult, note: str) -> str:
    """Before → after, the ranks, a note, and the NumPy and TensorFlow statements."""
    return (
        f"<span style='font-size:13pt'><b>{shape_text(result.before)}</b> → "
        f"<b>{shape_text(result.after)}</b></span>&nbsp;&nbsp;rank {len(result.before)} → "
        f"{len(result.after)}&nbsp;&nbsp;<i>{note}</i>"
        f"<pre style='margin:4px 0 0 0'>NumPy:      x = {html.escape(result.code)}\n"
        f"TensorFlow: t = {html.escape(result.tf_code)}</pre>"
    )


def problem_html(problem: str) -> str:
    """Why Apply would fail, in the text colour (a sign, not a colour, says it is a problem, so
    it reads the same in either theme)."""
    return f"⚠ {html.escape(problem)}"


class OperationsPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("Change the rank or shape", parent)
        self.operation = QComboBox()
        self.operation.setObjectName("rankOperation")
        self.operation.setAccessibleName("Operation")
        for choice in CHOICES:
            self.operation.addItem(choice.label, choice.key)
            self.operation.setItemData(
                self.operation.count() - 1, choice.tip, Qt.ItemDataRole.ToolTipRole
            )
        self.argument = QLineEdit()
        self.argument.setObjectName("rankArgument")
        self.argument.setAccessibleName("Operation argument")
        self.argument.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.keepdims = QCheckBox("keepdims")
        self.keepdims.setAccessibleName("Keep the reduced axes (keepdims)")
        self.keepdims.setToolTip("Keep the reduced axis with length 1 instead of removing it")
        self.apply_button = QPushButton("Apply")
        self.apply_button.setDefault(True)
        self.apply_button.setToolTip("Apply the operation to x (Enter)")
        self.apply_button.setAccessibleName("Apply the operation")
        self.undo_button = QPushButton("Undo")
        self.undo_button.setToolTip("Go back to the tensor before the last change (Ctrl+Z)")
        self.undo_button.setAccessibleName("Undo the last change")
        self.message = MessageLine()
        self.message.setObjectName("operationMessage")
        self.shapes = QLabel(SHAPES_HINT)
        self.shapes.setWordWrap(True)
        self.shapes.setObjectName("rankShapes")
        self.shapes.setAccessibleName("Shapes before and after")
        self.shapes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # two rows, so the argument keeps room for what is typed even in a narrow window
        self.argument.setMinimumWidth(self.argument.fontMetrics().horizontalAdvance("x" * 18))
        grid = QGridLayout(self)
        grid.addWidget(self.operation, 0, 0)
        grid.addWidget(self.argument, 0, 1, 1, 3)
        grid.addWidget(self.keepdims, 1, 0)
        grid.addWidget(self.apply_button, 1, 2)
        grid.addWidget(self.undo_button, 1, 3)
        grid.addWidget(self.message, 2, 0, 1, 4)
        grid.addWidget(self.shapes, 3, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        self.operation.currentIndexChanged.connect(self._show_choice)
        self._show_choice()
        self.argument.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Ctrl+Z in the argument field undoes the operation, as the Undo button says, not the
        field's typing: the field claims the key for itself unless its claim is filtered out,
        which hands the key to the tab's Undo shortcut."""
        claims_undo = (
            watched is self.argument
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
        )
        return claims_undo or super().eventFilter(watched, event)

    def _show_choice(self) -> None:
        """The argument field's example and tip, and keepdims only where it means something."""
        choice = CHOICES[self.operation.currentIndex()]
        self.argument.setPlaceholderText(choice.placeholder)
        self.argument.setToolTip(choice.tip)
        self.keepdims.setVisible(choice.key in REDUCTIONS)

    def form(self) -> OperationForm:
        return OperationForm(
            self.operation.currentData(), self.argument.text(), self.keepdims.isChecked()
        )

    def select(self, kind: str) -> None:
        """Pick the operation ``kind``; an unknown one picks the first."""
        self.operation.setCurrentIndex(max(0, self.operation.findData(kind)))

"""The Rank Explorer's top row: pick an example or type x as a Python literal, with the line
that says what became of the text. Layout only; the tab wires it up."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from engine.ranks.examples import CUSTOM, EXAMPLES
from widgets.shared.message_line import MessageLine

CUSTOM_TITLE = "Your own tensor"
LITERAL_HINT = "A number or nested list, e.g. [[2, 3], [4, 5]]"


class TensorInput(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.examples = QComboBox()
        self.examples.setObjectName("rankExamples")
        self.examples.setAccessibleName("Example tensor")
        for item in EXAMPLES:
            self.examples.addItem(item.title, item.key)
            self.examples.setItemData(
                self.examples.count() - 1, item.about, Qt.ItemDataRole.ToolTipRole
            )
        self.examples.addItem(CUSTOM_TITLE, CUSTOM)
        self.examples.setToolTip("Load an example tensor, from a scalar to a rank-5 video batch")
        self.examples.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.examples.setMinimumContentsLength(22)  # long titles elide; the window can shrink
        self.literal = QLineEdit()
        self.literal.setObjectName("rankLiteral")
        self.literal.setAccessibleName("Tensor x as a Python literal")
        self.literal.setFont(mono)
        self.literal.setClearButtonEnabled(True)
        self.literal.setPlaceholderText(LITERAL_HINT)
        self.literal.setToolTip(
            "Type a Python literal: a number, a nested list of numbers, np.array(..., dtype=...), "
            "np.zeros(shape), np.arange(n).reshape(shape). Read safely, never run as code. "
            "(Ctrl+L)"
        )
        self.message = MessageLine()
        self.message.setObjectName("literalMessage")

        row = QHBoxLayout()
        row.addWidget(QLabel("Example"))
        row.addWidget(self.examples)
        x_label = QLabel("x =")
        x_label.setFont(mono)
        row.addSpacing(8)
        row.addWidget(x_label)
        row.addWidget(self.literal, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.message)

    def select_example(self, key: str) -> None:
        """Show which example x is (or "Your own tensor")."""
        index = self.examples.findData(key)
        self.examples.setCurrentIndex(index if index >= 0 else self.examples.findData(CUSTOM))

    def set_literal(self, text: str, placeholder: str = "") -> None:
        """Replace the field's text; ``placeholder`` (or the usual hint) shows when it is empty."""
        self.literal.setText(text)
        self.literal.setPlaceholderText(placeholder or LITERAL_HINT)
        self.literal.setCursorPosition(0)

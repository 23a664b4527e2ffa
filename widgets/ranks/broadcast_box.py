"""Two shapes and the shape they broadcast to, checked as you type, with the rule laid out."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from engine.ranks.broadcasting import broadcast
from engine.shared.shapes import parse_shape
from widgets.shared.message_line import MessageLine


class BroadcastBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("Broadcasting two shapes", parent)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.shape_a = QLineEdit("3, 2, 3")
        self.shape_b = QLineEdit("2, 1")
        for field, name in ((self.shape_a, "a"), (self.shape_b, "b")):
            field.setObjectName(f"broadcastShape{name.upper()}")
            field.setAccessibleName(f"Shape {name}")
            field.setFont(mono)
            field.setPlaceholderText("e.g. 8, 1, 6")
            field.setToolTip(
                f"Shape {name}: lengths separated by commas. Shapes are compared from the right; "
                "each pair must be equal or contain a 1."
            )
            field.textChanged.connect(self.update_result)
        self.table = QLabel()
        self.table.setObjectName("broadcastTable")
        self.table.setFont(mono)
        self.code = QLabel()
        self.code.setFont(mono)
        self.code.setWordWrap(True)
        self.message = MessageLine()
        form = QFormLayout(self)
        form.addRow("Shape a", self.shape_a)
        form.addRow("Shape b", self.shape_b)
        form.addRow(self.message)
        form.addRow(self.table)
        form.addRow(self.code)
        self.result: tuple[int, ...] | None = None
        self.update_result()

    def set_shape_a(self, shape) -> None:
        """Follow the tensor on screen; a shape b that no longer fits becomes its last axis (a
        bias vector, as a Dense layer adds), so the box opens on a working example."""
        self.shape_a.setText(", ".join(str(n) for n in shape) or "()")
        if self.result is None:
            self.shape_b.setText(f"{shape[-1]}" if len(shape) else "3")

    def update_result(self) -> None:
        try:
            found = broadcast(parse_shape(self.shape_a.text()), parse_shape(self.shape_b.text()))
        except ValueError as exc:
            self.message.show_error(str(exc))
            self.result = None
            self.table.setText("")
            self.code.setText("")
            return
        self.message.clear_message()
        self.result = found.shape
        self.table.setText(found.table)
        self.code.setText(f"{found.code}\n{found.tf_code}")

"""What a GradientTape recorded: watched sources, the forward ops, and the gradient calls.

Shows at a glance why an unwatched tf.constant yields None: the watched list is empty and no
operation is marked as recorded. The marks are the palette's, so they read in either theme:
what is on the tape in the text colour, what is not in the muted one (in italics), and what is
missing (the reason for a None) in bold.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from functools import partial

import numpy as np
from PySide6.QtCore import Slot
from PySide6.QtGui import QBrush, QFontDatabase
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from engine.gradients.tape import TapeRecord
from engine.gradients.two_inputs import PointResult
from widgets.shared import theme


class Mark(Enum):
    RECORDED = "recorded"
    NOT_RECORDED = "not recorded"
    MISSING = "missing"


def mark(item: QTreeWidgetItem, columns: range | tuple[int, ...], kind: Mark) -> None:
    for column in columns:
        font = item.font(column)
        font.setItalic(kind is Mark.NOT_RECORDED)
        font.setBold(kind is Mark.MISSING)
        item.setFont(column, font)
        if kind is Mark.NOT_RECORDED:
            item.setForeground(column, QBrush(theme.muted_text()))


class TapeView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel("Nothing computed yet.")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Step", "TensorFlow", "On the tape?"])
        self.tree.setAccessibleName("What the tape recorded")
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self._shown: Callable[[], None] | None = None  # draws what is on show again
        theme.notifier().changed.connect(self._restyle)

    @Slot(bool)
    def _restyle(self, _dark: bool) -> None:
        if self._shown is not None:
            self._shown()  # the muted colour is the new palette's

    def show_record(self, record: TapeRecord, variable: str) -> None:
        self._shown = partial(self._draw_record, record, variable)
        self._shown()

    def show_point(self, result: PointResult) -> None:
        """The short story for f of two inputs: what was watched, and each gradient call."""
        self._shown = partial(self._draw_point, result)
        self._shown()

    def _draw_record(self, record: TapeRecord, variable: str) -> None:
        self.summary.setText(record.summary)
        self.tree.clear()

        sources = QTreeWidgetItem(self.tree, ["Watched sources"])
        if record.watched:
            for line in record.watched:
                name, _, detail = line.partition(": ")
                item = QTreeWidgetItem(sources, [name, detail, "watched"])
                mark(item, (2,), Mark.RECORDED)
        else:
            item = QTreeWidgetItem(
                sources, ["(none)", f"no tape.watch({variable}) on a tf.constant", "nothing"]
            )
            mark(item, range(3), Mark.MISSING)

        forward = QTreeWidgetItem(self.tree, [f"Forward pass: y = f({variable})"])
        if not record.operations:
            QTreeWidgetItem(forward, ["(no ops)", f"y does not use {variable}", ""])
        for op, recorded in zip(record.operations, record.recorded, strict=True):
            item = QTreeWidgetItem(
                forward, [op.op_type, op.code, "recorded" if recorded else "not recorded"]
            )
            item.setToolTip(1, op.code)
            mark(item, (2,), Mark.RECORDED if recorded else Mark.NOT_RECORDED)
            if not op.uses_variable:
                item.setToolTip(2, f"does not depend on {variable}: nothing to record")

        calls = QTreeWidgetItem(self.tree, ["Gradient calls"])
        if not record.gradient_calls:
            QTreeWidgetItem(calls, ["(order 0)", "no gradient asked for", ""])
        for line in record.gradient_calls:
            call, _, outcome = line.partition(" -> ")
            QTreeWidgetItem(calls, [call.split(".")[0] if "." in call else "", call, outcome])
        self.tree.expandAll()
        for column in range(3):
            self.tree.resizeColumnToContents(column)

    def _draw_point(self, result: PointResult) -> None:
        names = ", ".join(result.variables)
        watched = result.source == "variable" or result.watch
        self.summary.setText(
            f"Two inputs: the inner tape records f({names}) and inner.gradient gives the gradient "
            "vector; the persistent outer tape records that too, and one outer.gradient call per "
            "component gives a row of the Hessian."
            if watched
            else f"{names} are tf.constants and no tape watches them: nothing is recorded, so "
            "every gradient is None."
        )
        self.tree.clear()
        sources = QTreeWidgetItem(self.tree, ["Watched sources"])
        kind = "tf.Variable" if result.source == "variable" else "tf.constant"
        for name, value in zip(result.variables, result.at, strict=True):
            item = QTreeWidgetItem(
                sources,
                [name, f"{kind}({float(value)!r})", "watched" if watched else "not watched"],
            )
            mark(item, (2,), Mark.RECORDED if watched else Mark.MISSING)
        forward = QTreeWidgetItem(self.tree, [f"Forward pass: f({names})"])
        item = QTreeWidgetItem(
            forward, ["f", result.expression, "recorded" if watched else "not recorded"]
        )
        mark(item, (2,), Mark.RECORDED if watched else Mark.NOT_RECORDED)
        calls = QTreeWidgetItem(self.tree, ["Gradient calls"])
        gradient_names = [f"df_d{name}" for name in result.variables]
        targets = [("inner", "f", result.values[1])] if len(result.values) > 1 else []
        if len(result.values) > 2:
            hessian = result.values[2]
            for k, target in enumerate(gradient_names):
                targets.append(("outer", target, None if hessian is None else hessian[k]))
        for tape, target, value in targets:
            shown = "None" if value is None else str(np.asarray(value).tolist())
            QTreeWidgetItem(calls, [tape, f"{tape}.gradient({target}, [{names}])", shown])
        self.tree.expandAll()
        for column in range(3):
            self.tree.resizeColumnToContents(column)

    def rows(self) -> list[tuple[str, str, str]]:
        """Every child row as text, for tests and copying."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            assert top is not None
            for j in range(top.childCount()):
                child = top.child(j)
                assert child is not None
                out.append((child.text(0), child.text(1), child.text(2)))
        return out

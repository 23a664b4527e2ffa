"""Rank, shape, dtype, size and one line per axis, as NumPy and as TensorFlow see them. Rendered
as rich text in the palette's colours; rendered again when the theme changes."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from engine.ranks.describe import TensorInfo
from engine.ranks.tf_view import TensorFlowView
from engine.ranks.wording import counted
from engine.shared.limits import shape_text
from widgets.ranks.colours import AGREES, NOTE, REFUSED, axis_color, muted, series
from widgets.shared import theme


def _code(text: str) -> str:
    return f"<span style='font-family: monospace; color: {muted()}'>{html.escape(text)}</span>"


def _in(colour_index: int, text: str) -> str:
    return f"<span style='color:{series(colour_index).name()}'>{text}</span>"


class TensorInfoPanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setObjectName("tensorInfo")
        self.label.setAccessibleName("What NumPy and TensorFlow say")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        self.info: TensorInfo | None = None
        self.tf_view: TensorFlowView | None = None
        self.tf_status = ""
        theme.notifier().changed.connect(self._restyle)

    def _restyle(self, _dark: bool) -> None:
        self._render()

    def set_numpy(self, info: TensorInfo) -> None:
        self.info = info
        self._render()

    def set_tensorflow(self, view: TensorFlowView | None, status: str = "") -> None:
        """``view`` None shows ``status`` (e.g. "Waiting for TensorFlow…") in its column."""
        self.tf_view, self.tf_status = view, status
        self._render()

    def text(self) -> str:
        return self.label.text()

    def _tf_cells(self, info: TensorInfo) -> list[str]:
        """TensorFlow's column: rank, shape, dtype, size, then one length per axis."""
        view = self.tf_view
        rows = 4 + info.rank
        if view is None or view.error:
            return [""] * rows
        cells = [
            str(view.rank),
            html.escape(view.shape),
            html.escape(view.dtype),
            str(view.size),
        ]
        dims = list(view.dims) + [""] * info.rank
        cells += [str(dims[i]) for i in range(info.rank)]
        return cells

    def _render(self) -> None:
        info = self.info
        if info is None:
            self.label.clear()
            return
        tf_cells = self._tf_cells(info)
        rows = [
            ("rank", "x.ndim", str(info.rank), "tf.rank(t)"),
            ("shape", "x.shape", shape_text(info.shape), "t.shape"),
            ("dtype", "x.dtype", info.dtype, "t.dtype"),
            ("size", "x.size", f"{info.size:,}", "tf.size(t)"),
        ]
        out = [
            "<table cellspacing='0' cellpadding='3' width='100%'>",
            "<tr><th></th><th align='left'>NumPy <span style='font-weight:normal'>"
            "(x)</span></th><th align='left'>TensorFlow <span style='font-weight:normal'>"
            "(t)</span></th></tr>",
        ]
        for (title, np_code, np_value, tf_code), tf_value in zip(rows, tf_cells, strict=False):
            out.append(
                f"<tr><td><b>{title}</b></td><td>{_code(np_code)} {html.escape(np_value)}</td>"
                f"<td>{_code(tf_code)} {tf_value}</td></tr>"
            )
        for axis, text in enumerate(info.axes):
            color = axis_color(axis)
            tf_value = tf_cells[4 + axis] if len(tf_cells) > 4 + axis else ""
            out.append(
                f"<tr><td style='color:{color}'><b>axis {axis}</b></td>"
                f"<td style='color:{color}'>{_code(f'x.shape[{axis}]')} "
                f"{html.escape(text.split(': ', 1)[1])}</td>"
                f"<td>{_code(f't.shape[{axis}]')} {tf_value}</td></tr>"
            )
        if info.rank == 0:
            out.append("<tr><td></td><td colspan='2'><i>A scalar has no axes.</i></td></tr>")
        out.append("</table>")
        out.append(self._tf_notes())
        self.label.setText("".join(out))

    def _tf_notes(self) -> str:
        view = self.tf_view
        if view is None:
            status = self.tf_status or "Asking TensorFlow…"
            return f"<p style='color:{muted()}'>{html.escape(status)}</p>"
        notes = [] if view.error else [self._how_t_was_built(view)]
        if view.error:
            notes.append(_in(REFUSED, f"✗ TensorFlow refused: {html.escape(view.error)}"))
        if view.agrees is True:
            notes.append(_in(AGREES, "✓ TensorFlow's result has the same values."))
        if view.note:
            notes.append(_in(NOTE, f"⚠ {html.escape(view.note)}."))
        if view.list_dtype:
            notes.append(
                f"From the Python list itself, {_code('tf.constant([...])')} would pick "
                f"<b>{html.escape(view.list_dtype)}</b>: TensorFlow defaults to 32 bits, "
                "NumPy to 64."
            )
        return "<p>" + "<br>".join(notes) + "</p>" if notes else ""

    @staticmethod
    def _how_t_was_built(view: TensorFlowView) -> str:
        """What t is, as the code pane's script builds it, and that tf.rank gives a tensor."""
        if view.operations:
            steps = counted(view.operations, "operation")
            built = (
                f"t is built as in the code: {_code('tf.constant')}, then {steps} in TensorFlow."
            )
        else:
            built = f"As in the code, {_code('t = tf.constant(x)')}."
        if view.rank_repr:
            built += f"<br>{_code('tf.rank(t)')} is a tensor too: {_code(view.rank_repr)}"
        return built

"""Ten horizontal bars: the model's probability for each class, the winner highlighted in the
theme's first series colour; the others and the empty tracks come from the palette."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QWidget

from widgets.shared import theme


class ProbabilityBars(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("probabilityBars")
        self.probabilities: np.ndarray | None = None
        self.labels = [str(i) for i in range(10)]
        self.setMinimumSize(120, 80)
        self.setToolTip("The model's softmax output: one probability per class")
        self.setAccessibleName("Class probabilities")
        theme.notifier().changed.connect(self._restyle)

    def _restyle(self, _dark: bool) -> None:
        self.update()

    def bar_colours(self) -> tuple[QColor, QColor]:
        """The winner's bar colour and the others': the theme's first series colour, and the
        muted text colour made opaque over the window (bars of equal colour, however drawn)."""
        muted = theme.muted_text()
        under = self.palette().color(QPalette.ColorRole.Window)
        a = muted.alphaF()
        other = QColor(
            round(muted.red() * a + under.red() * (1 - a)),
            round(muted.green() * a + under.green() * (1 - a)),
            round(muted.blue() * a + under.blue() * (1 - a)),
        )
        return QColor(theme.series_colour(0)), other

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(220, 220)

    def set_probabilities(self, values: np.ndarray | None) -> None:
        self.probabilities = None if values is None else np.asarray(values, dtype=float)
        if self.probabilities is not None and len(self.probabilities) != len(self.labels):
            self.labels = [str(i) for i in range(len(self.probabilities))]
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        n = len(self.labels)
        row = self.height() / n
        label_w = metrics.horizontalAdvance("00") + 6
        value_w = metrics.horizontalAdvance("100.0%") + 6
        span = max(1.0, self.width() - label_w - value_w)
        p = self.probabilities
        best = int(np.argmax(p)) if p is not None else -1
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        empty = palette.color(QPalette.ColorRole.Base)  # the tracks: set off from the window
        winner, other = self.bar_colours()
        for i, label in enumerate(self.labels):
            y = i * row
            painter.setPen(text)
            text_rect = QRectF(0, y, label_w - 4, row)
            painter.drawText(
                text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label
            )
            track = QRectF(label_w, y + row * 0.18, span, row * 0.64)
            painter.fillRect(track, empty)
            if p is None:
                continue
            bar = QRectF(track.x(), track.y(), span * float(np.clip(p[i], 0, 1)), track.height())
            painter.fillRect(bar, winner if i == best else other)
            value_rect = QRectF(label_w + span + 4, y, value_w, row)
            painter.drawText(value_rect, Qt.AlignmentFlag.AlignVCenter, f"{100 * p[i]:.1f}%")
        painter.end()

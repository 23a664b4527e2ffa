"""A small line chart painted with QPainter: several series, axes with round ticks, and a legend
in its own strip above the plot, so it never covers the data.

matplotlib draws a figure in ~0.1 s on the reference CPU, which stalls the event loop; this
paints in a few milliseconds, so it suits charts that change with every click (the run history's
overlay). matplotlib stays for the plots people zoom and save.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from widgets.shared import theme

MARGIN = 6
TICK = 4


@dataclass(frozen=True)
class Series:
    label: str
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    colour: str
    dashed: bool = False


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values (1, 2 or 5 × 10^k apart) covering [low, high]."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low]
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 12))
        value += step
    return ticks


def tick_text(value: float) -> str:
    return f"{value:.6g}"


class LineChart(QWidget):
    def __init__(self, title: str = "", x_label: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.x_label = x_label
        self.series: list[Series] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 120)
        theme.notifier().changed.connect(self.update)

    def set_series(self, series: Sequence[Series]) -> None:
        self.series = list(series)
        self.setAccessibleDescription(
            f"{self.title}: " + ", ".join(s.label for s in self.series) if self.series else ""
        )
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(360, 240)

    def limits(self) -> tuple[float, float, float, float] | None:
        xs = [x for s in self.series for x, y in zip(s.xs, s.ys, strict=True) if math.isfinite(y)]
        ys = [y for s in self.series for y in s.ys if math.isfinite(y)]
        if not xs:
            return None
        x0, x1 = min(xs), max(xs)
        y0, y1 = min(ys), max(ys)
        if x1 == x0:
            x0, x1 = x0 - 1, x1 + 1
        pad = (y1 - y0) * 0.06 or max(abs(y1) * 0.1, 1e-3)
        return x0, x1, y0 - pad, y1 + pad

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        metrics = self.fontMetrics()
        line = metrics.height()
        legend_rows = self._legend_rows(self.width() - 2 * MARGIN)
        top = MARGIN + line + MARGIN + len(legend_rows) * line
        limits = self.limits()
        painter.setPen(text)
        painter.drawText(
            QRectF(MARGIN, MARGIN, self.width() - 2 * MARGIN, line),
            Qt.AlignmentFlag.AlignHCenter,
            self.title,
        )
        self._draw_legend(painter, legend_rows, MARGIN + line + MARGIN // 2)
        if limits is None:
            painter.setPen(theme.muted_text())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Select runs to compare")
            return
        x0, x1, y0, y1 = limits
        y_ticks = nice_ticks(y0, y1)
        left = MARGIN + max(metrics.horizontalAdvance(tick_text(t)) for t in y_ticks) + TICK + 2
        bottom = self.height() - MARGIN - 2 * line - TICK
        plot = QRectF(left, top, max(self.width() - left - MARGIN, 10), max(bottom - top, 10))

        def to_screen(x: float, y: float) -> QPointF:
            return QPointF(
                plot.left() + (x - x0) / (x1 - x0) * plot.width(),
                plot.bottom() - (y - y0) / (y1 - y0) * plot.height(),
            )

        grid = QColor(text)
        grid.setAlpha(40)
        for value in y_ticks:
            point = to_screen(x0, value)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), point.y()), QPointF(plot.right(), point.y()))
            painter.setPen(text)
            painter.drawText(
                QRectF(MARGIN, point.y() - line / 2, left - MARGIN - TICK - 2, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                tick_text(value),
            )
        for value in nice_ticks(x0, x1):
            point = to_screen(value, y0)
            painter.setPen(text)
            painter.drawLine(point, QPointF(point.x(), point.y() + TICK))
            painter.drawText(
                QRectF(point.x() - 40, plot.bottom() + TICK, 80, line),
                Qt.AlignmentFlag.AlignHCenter,
                tick_text(value),
            )
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + TICK + line, plot.width(), line),
            Qt.AlignmentFlag.AlignHCenter,
            self.x_label,
        )
        painter.setPen(QPen(text, 1))
        painter.drawRect(plot)
        painter.setClipRect(plot)
        for series in self.series:
            path = QPainterPath()
            started = False
            for x, y in zip(series.xs, series.ys, strict=True):
                if not math.isfinite(y):
                    started = False
                    continue
                point = to_screen(x, y)
                if started:
                    path.lineTo(point)
                else:
                    path.moveTo(point)
                    started = True
            pen = QPen(QColor(series.colour), 2)
            if series.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawPath(path)

    def _legend_rows(self, width: float) -> list[list[Series]]:
        metrics = self.fontMetrics()
        rows: list[list[Series]] = [[]]
        used = 0.0
        for series in self.series:
            item = 22 + metrics.horizontalAdvance(series.label) + 12
            if rows[-1] and used + item > width:
                rows.append([])
                used = 0.0
            rows[-1].append(series)
            used += item
        return rows if self.series else []

    def _draw_legend(self, painter: QPainter, rows: list[list[Series]], top: float) -> None:
        metrics = self.fontMetrics()
        line = metrics.height()
        text = self.palette().color(QPalette.ColorRole.WindowText)
        for r, row in enumerate(rows):
            x = float(MARGIN)
            y = top + r * line
            for series in row:
                pen = QPen(QColor(series.colour), 2)
                if series.dashed:
                    pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.drawLine(QPointF(x, y + line / 2), QPointF(x + 18, y + line / 2))
                painter.setPen(text)
                advance = metrics.horizontalAdvance(series.label)
                painter.drawText(QRectF(x + 22, y, advance + 2, line), series.label)
                x += 22 + advance + 12

"""One live plot (loss or accuracy over epochs), painted with QPainter.

matplotlib drew these at ~0.1 s a full redraw on the GUI thread, twice a run (at the Train click
and when the results arrive), and its import and first layout held up the window's first show
by ~0.9 s. A few hundred points painted by Qt cost about a millisecond, follow the palette as
it changes, and lay themselves out for any size. The legend sits in the title row, above the
data, so it never covers a curve; the validation entry is there only when there is validation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from widgets.mnist.plot_scale import epoch_ticks, nice_ticks, tick_text
from widgets.shared import theme

MARGIN = 6
TICK = 4
LEGEND_SAMPLE = 18  # the width of the line drawn beside a legend label


@dataclass
class Series:
    label: str
    short_label: str  # for a legend with little room
    colour_index: int  # into theme.series_colour
    markers: bool  # validation points are measured once per epoch: show each
    xs: list[float]
    ys: list[float]
    in_legend: bool = True  # False: drawn, but explained elsewhere (the run history's dots)


@dataclass(frozen=True)
class Marker:
    """A vertical line where something changed between two runs of one model."""

    x: float  # on the epoch axis
    label: str  # what changed: "adam, 0.001", "learning rate 0.0005"


@dataclass(frozen=True)
class PanelGeometry:
    title: QRectF
    legend: QRectF  # empty when there is nothing to list
    labels: tuple[str, ...]  # the legend's labels, full or short as the room allows
    sample: int  # the length of the line drawn before each label
    plot: QRectF  # the data area


class CurvePanel(QWidget):
    def __init__(self, title: str, series: Sequence[Series], parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.series = list(series)
        self.markers: list[Marker] = []  # shared with the owner, which adds to it
        self.x_max = 1.0
        self.y_range = (0.0, 1.0)
        self.setAccessibleName(f"{title} curve")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(110, 100)
        theme.notifier().changed.connect(self._restyle)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(320, 220)

    def set_limits(self, x_max: float, y_range: tuple[float, float]) -> None:
        self.x_max = max(1e-9, x_max)
        low, high = y_range
        self.y_range = (low, high if high > low else low + 1.0)

    def _restyle(self, _dark: bool) -> None:
        self.update()

    # --- geometry ---------------------------------------------------------------------------
    def legend_entries(self) -> list[Series]:
        """The series the legend lists: those with a point to show."""
        return [s for s in self.series if s.xs and s.in_legend]

    def _legend_width(self, labels: Sequence[str], sample: int) -> int:
        metrics = self.fontMetrics()
        return sum(sample + 4 + metrics.horizontalAdvance(t) + 8 for t in labels) - 8

    def geometry_for(self, width: int, height: int) -> PanelGeometry:
        metrics = self.fontMetrics()
        line = metrics.height()
        title_w = self._title_font_metrics_width()
        entries = self.legend_entries()
        title = QRectF(MARGIN, MARGIN, title_w, line)
        top = MARGIN + line + 4
        # Beside the title if it fits, else in a row of its own; full labels and long samples
        # first, then shorter ones: never over the data, never cut off.
        full, short = tuple(s.label for s in entries), tuple(s.short_label for s in entries)
        choices = ((full, LEGEND_SAMPLE), (short, LEGEND_SAMPLE), (short, LEGEND_SAMPLE // 2))
        beside = width - 2 * MARGIN - title_w - 12
        fits = [c for c in choices if self._legend_width(*c) <= beside]
        if fits:
            labels, sample = fits[0]
            legend_w = self._legend_width(labels, sample)
            legend = QRectF(width - MARGIN - legend_w, MARGIN, legend_w, line)
        else:
            row = width - 2 * MARGIN
            labels, sample = next(
                (c for c in choices if self._legend_width(*c) <= row), choices[-1]
            )
            legend = QRectF(MARGIN, top, self._legend_width(labels, sample), line)
            top += line + 2
        if not entries:
            legend = QRectF()
        bottom_rows = line + TICK + 2 + (line if height >= 160 else 0)
        plot_height = max(10.0, height - top - line / 2 - bottom_rows - MARGIN)
        ticks = self._y_ticks(plot_height)  # their labels' width decides where the plot starts
        y_labels = max((metrics.horizontalAdvance(tick_text(t, ticks)) for t in ticks), default=0)
        y_labels += TICK + 4
        plot = QRectF(
            MARGIN + y_labels,
            top + line / 2,
            max(10.0, width - 2 * MARGIN - y_labels - metrics.horizontalAdvance("0") / 2),
            plot_height,
        )
        return PanelGeometry(title, legend, labels, sample, plot)

    def _title_font_metrics_width(self) -> int:
        font = QFont(self.font())
        font.setBold(True)
        return QFontMetrics(font).horizontalAdvance(self.title)

    def _y_ticks(self, plot_height: float) -> list[float]:
        most = max(2, min(6, int(plot_height // (self.fontMetrics().height() * 2))))
        return nice_ticks(*self.y_range, most)

    def to_pixel(self, x: float, y: float, plot: QRectF | None = None) -> QPointF:
        """Where the data point (x, y) is painted (``plot``: the data area, if known)."""
        if plot is None:
            plot = self.geometry_for(self.width(), self.height()).plot
        low, high = self.y_range
        return QPointF(
            plot.left() + plot.width() * x / self.x_max,
            plot.bottom() - plot.height() * (y - low) / (high - low),
        )

    # --- painting ----------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        geometry = self.geometry_for(self.width(), self.height())
        plot = geometry.plot
        self._paint_title_and_legend(painter, geometry, text)
        self._paint_axes(painter, plot, text)
        painter.save()
        painter.setClipRect(plot.adjusted(-4, -4, 4, 4))
        self._paint_markers(painter, plot, text)
        self._paint_series(painter, plot)
        painter.restore()
        painter.end()

    def _paint_markers(self, painter: QPainter, plot: QRectF, text: QColor) -> None:
        """A dashed line where the optimizer or its learning rate changed, labelled at the top
        of the plot (in the text colour, muted: it explains, the data stands out)."""
        colour = QColor(text)
        colour.setAlpha(150)
        pen = QPen(colour, 1, Qt.PenStyle.DashLine)
        metrics = self.fontMetrics()
        for marker in self.markers:
            x = plot.left() + plot.width() * marker.x / self.x_max
            painter.setPen(pen)
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(colour)
            rect, align, label = _marker_label(marker.label, x, plot, metrics)
            painter.drawText(rect, align | Qt.AlignmentFlag.AlignTop, label)

    def _paint_title_and_legend(self, painter: QPainter, g: PanelGeometry, text: QColor) -> None:
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(text)
        painter.drawText(
            g.title, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title
        )
        painter.setFont(self.font())
        x = g.legend.left()
        for series, text_label in zip(self.legend_entries(), g.labels, strict=True):
            y = g.legend.center().y()
            painter.setPen(self._pen(series))
            painter.drawLine(QPointF(x, y), QPointF(x + g.sample, y))
            if series.markers:
                self._marker(painter, QPointF(x + g.sample / 2, y), series)
            painter.setPen(text)
            width = self.fontMetrics().horizontalAdvance(text_label)
            label = QRectF(x + g.sample + 4, g.legend.top(), width + 2, g.legend.height())
            painter.drawText(label, Qt.AlignmentFlag.AlignVCenter, text_label)
            x = label.right() + 6

    def _paint_axes(self, painter: QPainter, plot: QRectF, text: QColor) -> None:
        grid = QColor(text)
        grid.setAlpha(40)
        frame = QColor(text)
        frame.setAlpha(140)
        metrics = self.fontMetrics()
        low, high = self.y_range
        ticks = self._y_ticks(plot.height())
        for value in ticks:
            y = plot.bottom() - plot.height() * (value - low) / (high - low)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            label = QRectF(0, y - metrics.height() / 2, plot.left() - TICK - 2, metrics.height())
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(label, align, tick_text(value, ticks))
        most = max(2, int(plot.width() // (metrics.horizontalAdvance("000") + 12)))
        for epoch in epoch_ticks(max(1, round(self.x_max)), most):
            x = plot.left() + plot.width() * epoch / self.x_max
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(text)
            label = QRectF(x - 30, plot.bottom() + TICK, 60, metrics.height())
            painter.drawText(label, Qt.AlignmentFlag.AlignHCenter, str(epoch))
        if self.height() >= 160:
            row = QRectF(plot.left(), plot.bottom() + TICK + metrics.height(), plot.width(), 0)
            row.setHeight(metrics.height() + 2)
            painter.drawText(row, Qt.AlignmentFlag.AlignHCenter, "epoch")
        painter.setPen(QPen(frame, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(plot)

    def _pen(self, series: Series) -> QPen:
        pen = QPen(QColor(theme.series_colour(series.colour_index)), 1.5 if series.markers else 2)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def _marker(self, painter: QPainter, at: QPointF, series: Series) -> None:
        painter.setBrush(QColor(theme.series_colour(series.colour_index)))
        painter.drawEllipse(at, 3, 3)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_series(self, painter: QPainter, plot: QRectF) -> None:
        """Lines of measured points (validation) first, the dense train curve over them, and
        the measured points' markers on top: every point stays in sight."""
        ordered = sorted(self.series, key=lambda s: not s.markers)
        pixels = {
            id(s): [self.to_pixel(x, y, plot) for x, y in zip(s.xs, s.ys, strict=True)]
            for s in ordered
        }
        for series in ordered:
            points = pixels[id(series)]
            painter.setPen(self._pen(series))
            painter.drawPolyline(QPolygonF(points))
            if len(points) == 1 and not series.markers:  # a one-point polyline paints nothing
                self._marker(painter, points[0], series)
        for series in ordered:
            if series.markers:
                painter.setPen(self._pen(series))
                for point in pixels[id(series)]:
                    self._marker(painter, point, series)


def _marker_label(
    label: str, x: float, plot: QRectF, metrics: QFontMetrics
) -> tuple[QRectF, Qt.AlignmentFlag, str]:
    """Where a marker's label goes: right of its line, on one line, in two at its last space or a
    word a line, else left of the line; cut short only when nothing fits."""
    lines = [label]
    if " " in label:
        lines.append("\n".join(label.rsplit(" ", 1)))
    if label.count(" ") > 1:
        lines.append(label.replace(" ", "\n"))  # a word a line, in a narrow plot
    right, left = plot.right() - x - 4, x - plot.left() - 4
    for room, side in ((right, 1), (left, -1)):
        for text in lines:
            width = max(metrics.horizontalAdvance(part) for part in text.split("\n"))
            if width <= room:
                height = metrics.height() * (text.count("\n") + 1)
                if side > 0:
                    return QRectF(x + 3, plot.top() + 1, room, height), _LEFT, text
                return QRectF(x - 3 - room, plot.top() + 1, room, height), _RIGHT, text
    cut = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(max(20.0, right)))
    return QRectF(x + 3, plot.top() + 1, max(20.0, right), metrics.height()), _LEFT, cut


_LEFT, _RIGHT = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight

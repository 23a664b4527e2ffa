"""A square canvas to draw a digit on with the mouse: white ink on black, like MNIST.

The drawing itself is the model's input, so it stays white on black in either theme; the frame,
the space around it and the hint come from the palette and follow the theme."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from widgets.shared import theme

SIZE = 280  # drawing resolution: 10× MNIST's 28 px, so strokes downsample smoothly
PEN_WIDTH = 22


class DigitCanvas(QWidget):
    """Draw with the left button, erase with the right; ``changed`` fires as strokes grow."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("digitCanvas")
        self._image = QImage(SIZE, SIZE, QImage.Format.Format_Grayscale8)
        self._image.fill(0)
        self._last: QPointF | None = None
        self._erasing = False
        self.setMinimumSize(100, 100)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip("Draw a digit with the left mouse button; the right button erases")
        self.setAccessibleName("Digit drawing canvas")
        self.setAccessibleDescription(
            "Draw a digit with the mouse; the model's guess is shown beside it. Delete clears it."
        )
        theme.notifier().changed.connect(self._restyle)

    def _restyle(self, _dark: bool) -> None:
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(220, 220)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return width

    # --- content ---------------------------------------------------------------------------
    def clear(self) -> None:
        self._image.fill(0)
        self.update()
        self.changed.emit()

    def is_blank(self) -> bool:
        return not self.to_array().any()

    def to_array(self) -> np.ndarray:
        """The drawing as a (280, 280) uint8 array (a copy)."""
        ptr = self._image.constBits()
        rows = np.frombuffer(ptr, np.uint8).reshape(SIZE, self._image.bytesPerLine())
        return rows[:, :SIZE].copy()

    def draw_stroke(self, points: list[tuple[float, float]]) -> None:
        """Draw a polyline in canvas coordinates (0–280): for scripts, tests and screenshots."""
        for a, b in zip(points, points[1:], strict=False):
            self._line(QPointF(*a), QPointF(*b), erase=False)
        self.update()
        self.changed.emit()

    # --- painting ---------------------------------------------------------------------------
    def _square(self) -> tuple[float, float, int]:
        side = min(self.width(), self.height())
        return (self.width() - side) / 2, (self.height() - side) / 2, side

    def _to_image(self, pos: QPointF) -> QPointF:
        x0, y0, side = self._square()
        return QPointF((pos.x() - x0) * SIZE / side, (pos.y() - y0) * SIZE / side)

    def _line(self, a: QPointF, b: QPointF, *, erase: bool) -> None:
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = Qt.GlobalColor.black if erase else Qt.GlobalColor.white
        width = PEN_WIDTH * 2 if erase else PEN_WIDTH
        painter.setPen(
            QPen(
                color,
                width,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        if a == b:  # a click: Qt draws nothing for a zero-length line, so paint a dot
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawEllipse(a, width / 2, width / 2)
        else:
            painter.drawLine(a, b)
        painter.end()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        x0, y0, side = self._square()
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = self.rect().adjusted(int(x0), int(y0), -int(x0), -int(y0))
        painter.drawImage(target, self._image)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.drawRect(target.adjusted(0, 0, -1, -1))
        if self.is_blank():
            hint = QColor(Qt.GlobalColor.white)  # the ink's colour, faint: on the black field
            hint.setAlphaF(0.55)
            painter.setPen(hint)
            painter.drawText(target, Qt.AlignmentFlag.AlignCenter, "draw a digit here")
        painter.end()

    # --- mouse ------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            self._erasing = event.button() == Qt.MouseButton.RightButton
            self._last = self._to_image(event.position())
            self._line(self._last, self._last, erase=self._erasing)
            self.update()
            self.changed.emit()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._last is None:
            return
        point = self._to_image(event.position())
        self._line(self._last, point, erase=self._erasing)
        self._last = point
        self.update()
        self.changed.emit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._last = None

"""Signed maps in the theme's colours: a saliency map laid over the digit it was computed for,
and the colour scale that reads them.

Zero is the palette's base colour (the background of the map), positive values grow towards the
second Okabe–Ito colour (vermillion, "orange"), negative ones towards the first (blue): the same
code as the first-layer weights, told apart with any colour vision, in either theme. Everything
is asked of the palette when drawn, so a theme switch only needs a redraw.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from widgets.shared import theme

INK_SHARE = 0.4  # how strongly the digit's own ink shows under the map


def map_colours(palette: QPalette) -> tuple[QColor, QColor, QColor]:
    """(negative, zero, positive) for signed maps drawn on ``palette``."""
    zero = palette.color(QPalette.ColorRole.Base)
    return QColor(theme.series_colour(0)), zero, QColor(theme.series_colour(1))


def _rgb(colour: QColor) -> np.ndarray:
    return np.array([colour.red(), colour.green(), colour.blue()], np.float32)


def _image(rgb: np.ndarray) -> QImage:
    pixels = np.ascontiguousarray(np.clip(rgb, 0, 255).astype(np.uint8))
    h, w, _ = pixels.shape
    return QImage(pixels.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def saliency_overlay(
    image: np.ndarray, gradient: np.ndarray, scale: float, palette: QPalette
) -> QImage:
    """``gradient`` over ``image`` (both (h, w); pixels in [0, 1]): the digit in a faint shade of
    the text colour on the base colour, each pixel then tinted by the sign of its gradient, as
    opaque as its size is a share of ``scale``."""
    negative, zero, positive = map_colours(palette)
    base, ink = _rgb(zero), _rgb(palette.color(QPalette.ColorRole.Text))
    pixels = np.clip(np.asarray(image, np.float32), 0, 1)[..., None]
    under = base + (ink - base) * INK_SHARE * pixels
    t = np.clip(np.asarray(gradient, np.float32) / (scale or 1.0), -1, 1)[..., None]
    tint = np.where(t >= 0, _rgb(positive), _rgb(negative))
    return _image(under + (tint - under) * np.abs(t))


def signed_text(value: float) -> str:
    """A scale's end, in a few significant digits: +0.0123, −4.5e-05."""
    sign = "−" if value < 0 else "+" if value > 0 else ""
    return f"{sign}{abs(value):.3g}"


class ColourScale(QWidget):
    """A horizontal bar from −limit (blue) through 0 (base) to +limit (orange), or from 0 to
    +limit for maps that are never negative, with its numbers under the ends."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.limit = 0.0
        self.signed = True
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(80)
        self.setMaximumWidth(360)  # a scale, not a rule across the page
        theme.notifier().changed.connect(self._restyle)

    def _restyle(self, _dark: bool) -> None:
        self.update()

    def set_scale(self, limit: float, signed: bool = True) -> None:
        self.limit, self.signed = float(limit), signed
        self.setAccessibleName(
            f"Colour scale from {signed_text(-limit) if signed else '0'} to {signed_text(limit)}"
        )
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(160, 14 + self.fontMetrics().height() + 4)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        negative, zero, positive = map_colours(self.palette())
        bar = QRectF(1, 1, self.width() - 2, 12)
        gradient = QLinearGradient(bar.left(), 0, bar.right(), 0)
        if self.signed:
            gradient.setColorAt(0.0, negative)
            gradient.setColorAt(0.5, zero)
        else:
            gradient.setColorAt(0.0, zero)
        gradient.setColorAt(1.0, positive)
        painter.fillRect(bar, gradient)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRect(bar)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        text = QRectF(0, bar.bottom() + 2, self.width(), self.fontMetrics().height() + 2)
        align = Qt.AlignmentFlag
        painter.drawText(text, align.AlignLeft, signed_text(-self.limit) if self.signed else "0")
        if self.signed:
            painter.drawText(text, align.AlignHCenter, "0")
        painter.drawText(text, align.AlignRight, signed_text(self.limit))
        painter.end()

"""A grid of small grayscale or signed images with captions, painted directly (no matplotlib),
so hundreds of thumbnails cost one cheap paint."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from widgets.shared import theme


def gray_image(array: np.ndarray) -> QImage:
    """uint8 (h, w) -> a QImage that owns a copy of the pixels."""
    a = np.ascontiguousarray(array, dtype=np.uint8)
    h, w = a.shape
    return QImage(a.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


def _rgb(colour: QColor) -> np.ndarray:
    return np.array([colour.red(), colour.green(), colour.blue()], np.float32)


def signed_image(array: np.ndarray, negative: QColor, zero: QColor, positive: QColor) -> QImage:
    """Signed weights -> ``negative`` … ``zero`` … ``positive``, scaled per image."""
    a = np.asarray(array, dtype=np.float32)
    scale = float(np.abs(a).max()) or 1.0
    t = np.clip(a / scale, -1, 1)[..., None]
    mid, high, low = _rgb(zero), _rgb(positive), _rgb(negative)
    rgb = np.where(t >= 0, mid + t * (high - mid), mid - t * (low - mid))
    rgb = np.ascontiguousarray(rgb.astype(np.uint8))
    h, w = a.shape
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class ImageGrid(QWidget):
    def __init__(self, cell: int = 56, parent: QWidget | None = None):
        super().__init__(parent)
        self.cell = cell
        self.images: list[QImage] = []
        self.captions: list[str] = []
        self.marked: list[bool] = []  # captions shown in the theme's colour for mistakes
        self.placeholder = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(cell + 20)
        theme.notifier().changed.connect(self._restyle)

    def _restyle(self, _dark: bool) -> None:
        self.update()

    def set_images(
        self,
        images: list[QImage],
        captions: list[str] | None = None,
        marked: list[bool] | None = None,
    ) -> None:
        self.images = list(images)
        self.captions = list(captions or [""] * len(self.images))
        self.marked = list(marked or [False] * len(self.images))
        self.updateGeometry()
        self.update()

    def set_placeholder(self, text: str) -> None:
        self.placeholder = text
        self.update()

    def _layout(self) -> tuple[int, int, int]:
        caption = self.fontMetrics().height() + 2 if any(self.captions) else 0
        columns = max(1, self.width() // (self.cell + 6))
        return columns, self.cell + caption + 6, caption

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(8 * (self.cell + 6), 2 * (self.cell + 24))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        columns = max(1, width // (self.cell + 6))
        caption = self.fontMetrics().height() + 2 if any(self.captions) else 0
        rows = -(-len(self.images) // columns) if self.images else 1
        return rows * (self.cell + caption + 6)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        if not self.images:
            painter.setPen(theme.muted_text())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
            return
        columns, row_h, caption = self._layout()
        text, mistake = self.palette().text().color(), QColor(theme.series_colour(1))
        for i, image in enumerate(self.images):
            r, c = divmod(i, columns)
            x, y = c * (self.cell + 6) + 3, r * row_h + 3
            painter.drawImage(QRect(x, y, self.cell, self.cell), image)
            if caption and self.captions[i]:
                painter.setPen(mistake if self.marked[i] else text)
                rect = QRect(x - 3, y + self.cell, self.cell + 6, caption)
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.captions[i])
        painter.end()

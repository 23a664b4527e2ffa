"""A grid of small grayscale or signed images with captions, painted directly (no matplotlib),
so hundreds of thumbnails cost one cheap paint.

A grid made ``choosable`` lets the user pick a thumbnail: a click, or the arrow keys then Enter or
Space, emits ``chosen(index)``; the current one is framed in the palette's highlight colour.
Tab and Shift+Tab leave the grid."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QWidget

from widgets.shared import theme


def gray_image(array: np.ndarray) -> QImage:
    """uint8 (h, w) -> a QImage that owns a copy of the pixels."""
    a = np.ascontiguousarray(array, dtype=np.uint8)
    h, w = a.shape
    return QImage(a.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


def _rgb(colour: QColor) -> np.ndarray:
    return np.array([colour.red(), colour.green(), colour.blue()], np.float32)


def signed_image(
    array: np.ndarray,
    negative: QColor,
    zero: QColor,
    positive: QColor,
    scale: float | None = None,
) -> QImage:
    """Signed values -> ``negative`` … ``zero`` … ``positive``: ±``scale`` are the full
    colours (by default the image's own largest magnitude)."""
    a = np.asarray(array, dtype=np.float32)
    scale = (float(np.abs(a).max()) if scale is None else scale) or 1.0
    t = np.clip(a / scale, -1, 1)[..., None]
    mid, high, low = _rgb(zero), _rgb(positive), _rgb(negative)
    rgb = np.where(t >= 0, mid + t * (high - mid), mid - t * (low - mid))
    rgb = np.ascontiguousarray(rgb.astype(np.uint8))
    h, w = a.shape
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


ARROWS = {  # key: (rows, columns) it moves by
    Qt.Key.Key_Left: (0, -1),
    Qt.Key.Key_Right: (0, 1),
    Qt.Key.Key_Up: (-1, 0),
    Qt.Key.Key_Down: (1, 0),
}
CHOOSING_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class ImageGrid(QWidget):
    chosen = Signal(int)  # the index of the thumbnail clicked (or Enter/Space on it)

    def __init__(
        self,
        cell: int = 56,
        parent: QWidget | None = None,
        choosable: bool = False,
        framed: bool = False,
    ):
        """``framed``: a thin line around each image, for images whose edges fade into the
        background (a filter's zero weights are the background colour)."""
        super().__init__(parent)
        self.cell = cell
        self.framed = framed
        self.images: list[QImage] = []
        self.captions: list[str] = []
        self.marked: list[bool] = []  # captions shown in the theme's colour for mistakes
        self.placeholder = ""
        self.choosable = choosable
        self.current = -1  # the framed thumbnail, which the keys move
        if choosable:
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
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
        self.current = 0 if self.choosable and self.images else -1
        self._describe()
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

    def _rect(self, index: int) -> QRect:
        """Where thumbnail ``index`` is painted."""
        columns, row_h, _ = self._layout()
        r, c = divmod(index, columns)
        return QRect(c * (self.cell + 6) + 3, r * row_h + 3, self.cell, self.cell)

    def index_at(self, point: QPoint) -> int:
        """The thumbnail (or its caption) at ``point``, or -1."""
        columns, row_h, _ = self._layout()
        column, row = point.x() // (self.cell + 6), point.y() // row_h
        index = row * columns + column
        inside = 0 <= column < columns and point.x() >= 0 and point.y() >= 0
        return index if inside and index < len(self.images) else -1

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        if not self.images:
            painter.setPen(theme.muted_text())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
            return
        _, _, caption = self._layout()
        text, mistake = self.palette().text().color(), QColor(theme.series_colour(1))
        for i, image in enumerate(self.images):
            rect = self._rect(i)
            painter.drawImage(rect, image)
            if self.framed:
                painter.setPen(self.palette().mid().color())
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect.adjusted(-1, -1, 0, 0))
            if caption and self.captions[i]:
                painter.setPen(mistake if self.marked[i] else text)
                below = QRect(rect.x() - 3, rect.bottom() + 1, self.cell + 6, caption)
                painter.drawText(below, Qt.AlignmentFlag.AlignCenter, self.captions[i])
        if 0 <= self.current < len(self.images):
            pen = QPen(self.palette().highlight().color(), 3 if self.hasFocus() else 1)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self._rect(self.current).adjusted(-2, -2, 1, 1))
        painter.end()

    # --- choosing ----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        index = self.index_at(event.position().toPoint()) if self.choosable else -1
        if index < 0:
            super().mousePressEvent(event)
            return
        self._move_to(index)
        self.chosen.emit(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = Qt.Key(event.key())
        if not self.choosable or not self.images:
            super().keyPressEvent(event)
        elif key in CHOOSING_KEYS and self.current >= 0:
            self.chosen.emit(self.current)
        elif key in ARROWS:
            columns = self._layout()[0]
            rows, steps = ARROWS[key]
            moved = self.current + rows * columns + steps
            self._move_to(min(max(moved, 0), len(self.images) - 1))
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self._move_to(0 if key == Qt.Key.Key_Home else len(self.images) - 1)
        else:
            super().keyPressEvent(event)

    def _move_to(self, index: int) -> None:
        self.current = index
        self._describe()
        rect = self._rect(index)
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureVisible(rect.center().x(), rect.center().y(), rect.width(), rect.height())
        self.update()

    def _describe(self) -> None:
        """Tell a screen reader which thumbnail is current."""
        if not self.choosable:
            return
        if self.current < 0:
            self.setAccessibleDescription(self.placeholder)
            return
        where = f"{self.current + 1} of {len(self.images)}"
        self.setAccessibleDescription(
            f"{where}: {self.captions[self.current]}. Arrow keys move; Enter or Space chooses."
        )

"""A painted picture of a tensor that makes its axes visible.

Rank 0 is one cell, rank 1 a row, rank 2 a grid, rank 3 a stack of grids drawn like offset cards,
rank 4 a row of stacks and rank 5 a grid of stacks. Only the front card of a stack shows its
values, so the stack axis (and any axis beyond the five drawn) is chosen with a dims slider, as in
napari. Long axes are elided with "…" so big tensors stay readable and fast to paint. Hovering a
cell shows its full index and value; clicking a card behind (or Page Down / Page Up) brings
it to the front.

The layout is a PicturePlan (picture_plan.py, no Qt) made again whenever the tensor or a slider
changes; painting (picture_paint.py) and hit-testing both read it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from widgets.ranks.colours import picture_style
from widgets.ranks.picture_paint import PlanPainter
from widgets.ranks.picture_plan import (
    IMAGE_CELL,
    MARGIN,
    CardPlan,
    PicturePlan,
    picture_content,
    plan_picture,
    slider_axes,
)
from widgets.ranks.picture_text import cell_text, sample_texts
from widgets.shared import theme

MAX_ZOOM = 2.0
MIN_CELL_WIDTH, MAX_CELL_WIDTH = 30, 90  # px: short values stay clickable, long ones are cut


class TensorPicture(QWidget):
    card_requested = Signal(int, int)  # axis, index: a card behind was clicked

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Page Up/Down flip through the cards
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip("")
        self._small = QFont(self.font())
        self._small.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.8))
        self._content = picture_content(np.zeros(()))
        self._indices: dict[int, int] = {}
        self._plan = self._make_plan()
        theme.notifier().changed.connect(self._restyle)

    # --- model ---------------------------------------------------------------------------------
    def set_tensor(
        self,
        array: np.ndarray,
        names: Sequence[str | None] | None = None,
        captions: Sequence[str] = (),
        image: bool = False,
    ) -> None:
        """Show ``array``. ``captions`` label positions along axis 0 (e.g. digit labels)."""
        self._content = picture_content(np.asarray(array), names, captions, image)
        self._indices = {axis: 0 for axis in slider_axes(self._content.array.ndim)}
        self._changed()

    @property
    def array(self) -> np.ndarray:
        return self._content.array

    @property
    def image_mode(self) -> bool:
        return self._content.image

    def slider_axes(self) -> list[int]:
        """Axes picked with a slider: the stack axis and every axis before the five drawn."""
        return slider_axes(self.array.ndim)

    @property
    def plan(self) -> PicturePlan:
        """Where everything is drawn, in drawing coordinates (see ``origin`` and ``zoom``)."""
        return self._plan

    def index_of(self, axis: int) -> int:
        return self._indices.get(axis, 0)

    def set_index(self, axis: int, index: int) -> None:
        valid = axis in self._indices and 0 <= index < self.array.shape[axis]
        if valid and self._indices[axis] != index:
            self._indices[axis] = index
            self._changed()

    def _changed(self) -> None:
        self._plan = self._make_plan()
        size = QSize(self._plan.width, self._plan.height)
        self.setMinimumSize(size)
        self.updateGeometry()
        self.update()

    # --- geometry ------------------------------------------------------------------------------
    def _make_plan(self) -> PicturePlan:
        content = self._content
        empty = content.array.size == 0
        metrics = QFontMetrics(self.font())
        return plan_picture(
            content.array.shape,
            self._indices,
            image=content.image,
            captions=content.captions,
            cell=self._cell_size(metrics),
            label_height=QFontMetrics(self._small).height(),
            text_width=QFontMetrics(self._small).horizontalAdvance,
            names=content.names,
            min_width=metrics.horizontalAdvance(self._empty_text()) + 2 * MARGIN if empty else 0.0,
        )

    def _cell_size(self, metrics: QFontMetrics) -> tuple[float, float]:
        if self._content.image:
            return IMAGE_CELL, IMAGE_CELL
        texts = sample_texts(self._content.array)
        width = max([metrics.horizontalAdvance(t) for t in texts] + [12]) + 12
        return float(min(max(width, MIN_CELL_WIDTH), MAX_CELL_WIDTH)), float(metrics.height() + 10)

    def _empty_text(self) -> str:
        return f"This tensor has shape {tuple(self.array.shape)}: no elements to draw."

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(self._plan.width, self._plan.height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def zoom(self) -> float:
        """Small tensors are drawn larger, to fill the space they have (never smaller than 1)."""
        w, h = self._plan.width, self._plan.height
        if w <= 0 or h <= 0:
            return 1.0
        return max(1.0, min(MAX_ZOOM, self.width() / w, self.height() / h))

    def origin(self) -> QPointF:
        """Where the drawing's (0, 0) is in the widget: centred when the widget is bigger."""
        z = self.zoom()
        return QPointF(
            max(0.0, (self.width() - self._plan.width * z) / 2),
            max(0.0, (self.height() - self._plan.height * z) / 3),
        )

    def _to_drawing(self, pos: QPointF) -> QPointF:
        return (pos - self.origin()) / self.zoom()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Painted in the palette in use, so the picture follows a switch of theme."""
        painter = QPainter(self)
        style = picture_style(self.palette())
        painter.fillRect(self.rect(), style.background)
        if self.array.size == 0:
            painter.setPen(style.value_text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._empty_text())
            return
        painter.translate(self.origin())
        painter.scale(self.zoom(), self.zoom())
        PlanPainter(painter, self._plan, self._content, self.font(), self._small, style).paint()
        painter.end()

    def _restyle(self, _dark: bool) -> None:
        self.update()

    # --- hover and click ------------------------------------------------------------------------
    def cell_at(self, pos: QPointF) -> tuple[tuple[int, ...], np.generic, str] | None:
        """(full index, value, caption) of the cell under ``pos``, or None."""
        point = self._to_drawing(pos)
        hit = self._plan.cell_at(point.x(), point.y())
        if hit is None:
            return None
        grid, index = hit
        return index, self.array[index], grid.caption

    def card_at(self, pos: QPointF) -> CardPlan | None:
        point = self._to_drawing(pos)
        return self._plan.card_at(point.x(), point.y())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position()
        hit = self.cell_at(pos)
        if hit is not None:
            index, value, caption = hit
            text = cell_text(index, value, self._content.names, caption)
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            card = self.card_at(pos)
            if card is not None:
                where = ", ".join(str(i) for i in (*card.prefix, card.index))
                QToolTip.showText(
                    event.globalPosition().toPoint(),
                    f"x[{where}] (axis {card.axis} = {card.index})\n"
                    "Click to bring this card to the front",
                    self,
                )
            else:
                QToolTip.hideText()
        super().mouseMoveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        rank = self.array.ndim
        step = {Qt.Key.Key_PageDown: 1, Qt.Key.Key_PageUp: -1}.get(event.keyCombination().key())
        if step is None or rank < 3:
            super().keyPressEvent(event)
            return
        axis = rank - 3
        index = min(max(self.index_of(axis) + step, 0), self.array.shape[axis] - 1)
        self.card_requested.emit(axis, index)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        card = self.card_at(event.position())
        if card is not None and event.button() == Qt.MouseButton.LeftButton:
            self.card_requested.emit(card.axis, card.index)
        super().mousePressEvent(event)

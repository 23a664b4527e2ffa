"""Painting a PicturePlan: the front cards' values (or grayscale pixels), the cards behind, index
labels, captions, and one arrow per axis in that axis's colour. Works on any QPainter (the
widget, or an image in a test); every colour comes from a PictureStyle (the palette in use) or
the axis colours, so the picture follows the light or dark theme."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPainterPath, QPen

from widgets.ranks.colours import PictureStyle, axis_qcolor
from widgets.ranks.picture_plan import (
    CARD_STEP,
    ELIDED,
    MARGIN,
    Box,
    CardPlan,
    GridPlan,
    PictureContent,
    PicturePlan,
    Position,
)
from widgets.ranks.picture_text import (
    axis_label,
    caption_text,
    card_axis_text,
    col_axis_text,
    format_value,
)

ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft
ALIGN_CENTER = Qt.AlignmentFlag.AlignCenter
IMAGE_LABEL_STEP = 4  # pixel rows are too thin to number every one


def qrect(box: Box) -> QRectF:
    return QRectF(box.x, box.y, box.width, box.height)


class PlanPainter:
    def __init__(
        self,
        painter: QPainter,
        plan: PicturePlan,
        content: PictureContent,
        font: QFont,
        small: QFont,
        style: PictureStyle,
    ):
        self.painter = painter
        self.style = style
        self.plan = plan
        self.content = content
        self.font = font
        self.small = small
        self.small_height = QFontMetrics(small).height()

    def paint(self) -> None:
        self.painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for n, grid in enumerate(self.plan.grids):
            self._draw_stack(grid, first=n == 0)
        for box, vertical in self.plan.elided_stacks:
            self.painter.setPen(self.style.elided_text)
            self.painter.setFont(self.font)
            self.painter.drawText(qrect(box), ALIGN_CENTER, "⋮" if vertical else "…")
        self._draw_outer_axes()

    # --- one stack ------------------------------------------------------------------------------
    def _draw_stack(self, grid: GridPlan, first: bool) -> None:
        for card in grid.behind:
            self._draw_back_card(card)
        rect = qrect(grid.box)
        self._draw_grid(rect, grid.prefix)
        self._draw_index_labels(rect)
        self._draw_caption(grid)
        if first:
            self._draw_grid_axes(rect)

    def _draw_back_card(self, card: CardPlan) -> None:
        p, rect = self.painter, qrect(card.box)
        p.setPen(QPen(axis_qcolor(card.axis), 1.2))
        p.setBrush(self.style.card_fill)
        p.drawRect(rect)
        p.setFont(self.small)
        p.setPen(axis_qcolor(card.axis))
        label = QRectF(rect.left() + 4, rect.top(), 60, CARD_STEP)
        p.drawText(label, ALIGN_LEFT | Qt.AlignmentFlag.AlignVCenter, f"[{card.index}]")

    def _value_color(self, value: float) -> QColor:
        t = self.content.fraction(value)
        if self.content.image:
            gray = int(round(255 * t))
            return QColor(gray, gray, gray)
        return self.style.value_fill(t)  # the numbers stay readable on every cell

    def _draw_grid(self, rect: QRectF, prefix: tuple[int, ...]) -> None:
        p, plan = self.painter, self.plan
        array = self.content.array
        block = array[prefix] if prefix else array
        if self.content.image:
            self._draw_image(rect, block)
        else:
            cw, ch = plan.cell_width, plan.cell_height
            p.setFont(self.font)
            p.setBrush(Qt.BrushStyle.NoBrush)  # a card's fill would cover each cell's colour
            for r, row in enumerate(plan.rows):
                for c, col in enumerate(plan.cols):
                    cell = QRectF(rect.left() + c * cw, rect.top() + r * ch, cw, ch)
                    if row is ELIDED or col is ELIDED:
                        p.fillRect(cell, self.style.elided_fill)
                        p.setPen(self.style.elided_text)
                        dots = "⋮" if row is ELIDED and col is not ELIDED else "…"
                        p.drawText(cell, ALIGN_CENTER, dots)
                        continue
                    value = _value_at(block, row, col)
                    p.fillRect(cell, self._value_color(float(value)))
                    p.setPen(self.style.cell_border)
                    p.drawRect(cell)
                    p.setPen(self.style.value_text)
                    p.drawText(cell, ALIGN_CENTER, format_value(value))
        p.setPen(QPen(self.style.grid_border, 1.4))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(rect)

    def _draw_image(self, rect: QRectF, block: np.ndarray) -> None:
        rows = [r if r is not ELIDED else 0 for r in self.plan.rows]
        cols = [c if c is not ELIDED else 0 for c in self.plan.cols]
        data = np.nan_to_num(block[np.ix_(rows, cols)].astype(np.float64))
        content = self.content
        span = (content.high - content.low) or 1.0
        gray = np.clip((data - content.low) / span * 255, 0, 255).astype(np.uint8)
        gray = np.ascontiguousarray(gray)
        image = QImage(
            gray.data,
            gray.shape[1],
            gray.shape[0],
            gray.strides[0],
            QImage.Format.Format_Grayscale8,
        )
        self.painter.drawImage(rect, image)

    def _draw_index_labels(self, rect: QRectF) -> None:
        p, plan = self.painter, self.plan
        cw, ch = plan.cell_width, plan.cell_height
        p.setFont(self.small)
        step = IMAGE_LABEL_STEP if self.content.image else 1
        if plan.roles.col is not None:
            p.setPen(axis_qcolor(plan.roles.col))
            for c, col in enumerate(plan.cols):
                if _labelled(col, step, plan.cols[-1]):
                    cell = QRectF(rect.left() + c * cw - 10, rect.bottom() + 2, cw + 20, 14)
                    p.drawText(cell, ALIGN_CENTER, str(col))
        if plan.roles.row is not None:
            p.setPen(axis_qcolor(plan.roles.row))
            for r, row in enumerate(plan.rows):
                if _labelled(row, step, plan.rows[-1]):
                    cell = QRectF(rect.left() - 30, rect.top() + r * ch - 6, 26, ch + 12)
                    p.drawText(
                        cell, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(row)
                    )

    def _draw_caption(self, grid: GridPlan) -> None:
        height, rank = self.small_height, self.content.array.ndim
        text = caption_text(grid.prefix, rank, grid.caption)
        self.painter.setFont(self.small)
        self.painter.setPen(self.style.caption_text)
        top = grid.box.bottom + (height * 2 + 10 if rank else 6)
        width = self.plan.stack_width
        self.painter.drawText(QRectF(grid.box.x, top, width, height + 4), ALIGN_LEFT, text)

    # --- axes -----------------------------------------------------------------------------------
    def _label(self, axis: int) -> str:
        return axis_label(axis, self.content.names)

    def _arrow(self, start: QPointF, end: QPointF, axis: int) -> None:
        color = axis_qcolor(axis)
        self.painter.setPen(QPen(color, 1.6))
        self.painter.drawLine(start, end)
        direction = end - start
        length = max((direction.x() ** 2 + direction.y() ** 2) ** 0.5, 1e-6)
        ux, uy = direction.x() / length, direction.y() / length
        head = QPainterPath(end)
        head.lineTo(end - QPointF(ux * 8 - uy * 4, uy * 8 + ux * 4))
        head.lineTo(end - QPointF(ux * 8 + uy * 4, uy * 8 - ux * 4))
        head.closeSubpath()
        self.painter.fillPath(head, color)

    def _draw_grid_axes(self, rect: QRectF) -> None:
        p, roles, height = self.painter, self.plan.roles, self.small_height
        p.setFont(self.small)
        if roles.col is not None:
            y = rect.bottom() + height + 8
            self._arrow(QPointF(rect.left(), y), QPointF(rect.right(), y), roles.col)
            p.setPen(axis_qcolor(roles.col))
            p.drawText(
                QRectF(rect.left(), y + 2, rect.width() + 200, height + 2),
                ALIGN_LEFT,
                col_axis_text(roles.col, self.content.names),
            )
        if roles.row is not None:
            x = rect.left() - 36
            self._arrow(QPointF(x, rect.top()), QPointF(x, rect.bottom()), roles.row)
            p.save()
            p.translate(x - 6, rect.top())
            p.rotate(90)
            p.setPen(axis_qcolor(roles.row))
            p.drawText(
                QRectF(0, 0, max(rect.height(), 140), height + 2),
                ALIGN_LEFT,
                self._label(roles.row),
            )
            p.restore()
        if roles.card is not None:
            axis, cards = roles.card, self.plan.cards
            back = len(cards) - 1
            depth = max(back, 1) * CARD_STEP
            start = QPointF(rect.right() + 3, rect.top() - 3)
            end = QPointF(rect.right() + depth + 6, rect.top() - depth - 6)
            self._arrow(start, end, axis)
            p.setPen(axis_qcolor(axis))
            length = self.content.array.shape[axis]
            text = card_axis_text(axis, self.content.names, cards[0], length)
            top = rect.top() - back * CARD_STEP - height - 8
            p.drawText(QRectF(rect.left(), top, rect.width() + 400, height + 2), ALIGN_LEFT, text)

    def _draw_outer_axes(self) -> None:
        p, plan, height = self.painter, self.plan, self.small_height
        roles = plan.roles
        p.setFont(self.small)
        if roles.outer_h is not None:
            axis = roles.outer_h
            y = MARGIN + height + 6
            left = plan.col_x[0] + plan.stack_left
            right = plan.col_x[-1] + plan.stack_width * 0.6
            self._arrow(QPointF(left, y), QPointF(right, y), axis)
            p.setPen(axis_qcolor(axis))
            p.drawText(QRectF(left, MARGIN, 600, height + 2), ALIGN_LEFT, self._label(axis) + " →")
            for j, col in enumerate(plan.outer_cols):
                if col is not ELIDED:
                    label_x = plan.col_x[j] + plan.stack_left
                    p.drawText(QRectF(label_x, y + 3, 80, height + 2), ALIGN_LEFT, f"[{col}]")
        if roles.outer_v is not None:
            axis = roles.outer_v
            x = MARGIN + height + 6
            top = plan.row_y[0] + plan.stack_top
            bottom = plan.row_y[-1] + plan.stack_height * 0.6
            self._arrow(QPointF(x, top), QPointF(x, bottom), axis)
            p.setPen(axis_qcolor(axis))
            p.save()
            p.translate(MARGIN + height, top)
            p.rotate(90)
            p.drawText(QRectF(0, 0, 600, height + 2), ALIGN_LEFT, self._label(axis))
            p.restore()
            for i, row in enumerate(plan.outer_rows):
                if row is not ELIDED:
                    label_y = plan.row_y[i] + plan.stack_top
                    p.drawText(
                        QRectF(x + 4, label_y, plan.outer_left, height + 2), ALIGN_LEFT, f"[{row}]"
                    )


def _value_at(block: np.ndarray, row: Position, col: Position) -> Any:
    """The NumPy scalar drawn in one cell (NumPy's stubs type any indexing as an array)."""
    if block.ndim == 0:
        return block[()]
    if block.ndim == 1:
        return block[col]
    return block[row, col]


def _labelled(position: Position, step: int, last: Position) -> bool:
    """Every index is numbered, except "…" and, for pixels, all but every step-th and the last."""
    return position is not ELIDED and (position % step == 0 or position == last)

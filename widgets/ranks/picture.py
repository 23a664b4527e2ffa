"""A painted picture of a tensor that makes its axes visible.

Rank 0 is one cell, rank 1 a row, rank 2 a grid, rank 3 a stack of grids drawn like offset cards,
rank 4 a row of stacks and rank 5 a grid of stacks. Only the front card of a stack shows its
values, so the stack axis (and any axis beyond the five drawn) is chosen with a dims slider, as in
napari. Long axes are elided with "…" so big tensors stay readable and fast to paint. Hovering a
cell shows its full index and value; clicking a card behind (or Page Down / Page Up) brings
it to the front.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from widgets.ranks.axis_colors import axis_qcolor

SHOWN_AXES = 5  # drawn at once; axes before these get sliders
MAX_CELLS = 10  # per grid axis before "…" (images: MAX_PIXELS)
MAX_PIXELS = 64
MAX_OUTER = (3, 4)  # stacks per outer row / column before "…"
BACK_CARDS = 3  # cards drawn behind the front one
CARD_STEP = 14  # px each card sits up and right of the one in front
IMAGE_CELL = 6  # px per pixel when drawing images
GAP = 22  # between stacks
MARGIN = 14
MAX_ZOOM = 2.0
ELIDED = None  # a "…" position in an axis


def visible_positions(length: int, limit: int) -> list[int | None]:
    """Indices drawn along an axis: all of them, or the first few, "…", and the last."""
    if length <= limit:
        return list(range(length))
    return [*range(limit - 2), ELIDED, length - 1]


def format_value(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "T" if value else "F"
    if isinstance(value, (float, np.floating)):
        return f"{value:.3g}"
    return str(value)


@dataclass
class _Grid:
    """Where one front card's cells are, to find the cell under the mouse by arithmetic."""

    rect: QRectF
    prefix: tuple  # the index of the card (every axis before the rows)
    rows: list  # row index per drawn row (or None for "…"); [None-free [0]] for rank < 2
    cols: list
    cell_w: float
    cell_h: float
    caption: str


@dataclass
class _Card:
    rect: QRectF
    axis: int
    index: int
    prefix: tuple


class TensorPicture(QWidget):
    card_requested = Signal(int, int)  # axis, index: a card behind was clicked

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Page Up/Down flip through the cards
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip("")
        self._array = np.zeros(())
        self._names: tuple = ()
        self._captions: tuple = ()
        self._image = False
        self._indices: dict[int, int] = {}
        self._lo = self._hi = 0.0
        self._grids: list[_Grid] = []
        self._cards: list[_Card] = []
        self._size = QSize(200, 120)
        self._small = QFont(self.font())
        self._small.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.8))
        self._relayout = True
        self._hits_valid = False

    # --- model ---------------------------------------------------------------------------------
    def set_tensor(self, array, names=None, captions=None, image: bool = False) -> None:
        """Show ``array``. ``captions`` label positions along axis 0 (e.g. digit labels)."""
        self._array = np.asarray(array)
        rank = self._array.ndim
        self._names = tuple(names) if names is not None and len(names) == rank else (None,) * rank
        self._captions = tuple(captions or ())
        self._image = bool(image) and rank >= 2
        self._indices = {axis: 0 for axis in self.slider_axes()}
        finite = self._array
        if self._array.size and self._array.dtype.kind in "biuf":
            finite = (
                self._array[np.isfinite(self._array)] if self._array.dtype.kind == "f" else finite
            )
        if finite.size and self._array.dtype.kind in "biuf":
            self._lo, self._hi = float(finite.min()), float(finite.max())
        else:
            self._lo = self._hi = 0.0
        if self._image and self._array.dtype == np.uint8:
            self._lo, self._hi = 0.0, 255.0
        self._changed()

    @property
    def array(self) -> np.ndarray:
        return self._array

    @property
    def image_mode(self) -> bool:
        return self._image

    def slider_axes(self) -> list[int]:
        """Axes whose position is picked with a slider: the stack axis (only its front card is
        visible) and every axis before the five that are drawn."""
        rank = self._array.ndim
        axes = list(range(max(0, rank - SHOWN_AXES)))
        if rank >= 3:
            axes.append(rank - 3)
        return axes

    def index_of(self, axis: int) -> int:
        return self._indices.get(axis, 0)

    def set_index(self, axis: int, index: int) -> None:
        valid = axis in self._indices and 0 <= index < self._array.shape[axis]
        if valid and self._indices[axis] != index:
            self._indices[axis] = index
            self._changed()

    def _changed(self) -> None:
        self._relayout = True
        self._hits_valid = False
        self._layout()
        self.updateGeometry()
        self.update()

    # --- geometry ------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self._size

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self._size

    def _cell_size(self) -> tuple[float, float]:
        if self._image:
            return IMAGE_CELL, IMAGE_CELL
        metrics = QFontMetrics(self.font())
        sample = self._sample_texts()
        width = max([metrics.horizontalAdvance(t) for t in sample] + [12]) + 12
        return float(min(max(width, 30), 90)), float(metrics.height() + 10)

    def _sample_texts(self) -> list[str]:
        a = self._array
        if a.size == 0:
            return []
        flat = a.reshape(-1)
        picks = flat if flat.size <= 400 else flat[np.linspace(0, flat.size - 1, 400).astype(int)]
        return [format_value(v) for v in picks.tolist()]

    def _plan(self) -> dict:
        """Which axis goes where on screen, and which of its positions are drawn."""
        a, rank = self._array, self._array.ndim
        limit = MAX_PIXELS if self._image else MAX_CELLS
        plan = {
            "col": rank - 1 if rank >= 1 else None,
            "row": rank - 2 if rank >= 2 else None,
            "card": rank - 3 if rank >= 3 else None,
            "outer_h": None,
            "outer_v": None,
        }
        if rank == 4:
            plan["outer_h"] = 0
        elif rank >= 5:
            plan["outer_v"], plan["outer_h"] = rank - 5, rank - 4
        plan["cols"] = visible_positions(a.shape[plan["col"]], limit) if rank >= 1 else [0]
        plan["rows"] = visible_positions(a.shape[plan["row"]], limit) if rank >= 2 else [0]
        ov, oh = plan["outer_v"], plan["outer_h"]
        plan["outer_rows"] = visible_positions(a.shape[ov], MAX_OUTER[0]) if ov is not None else [0]
        plan["outer_cols"] = visible_positions(a.shape[oh], MAX_OUTER[1]) if oh is not None else [0]
        if plan["card"] is not None:
            length = a.shape[plan["card"]]
            front = self._indices.get(plan["card"], 0)
            plan["cards"] = list(range(front, min(length, front + BACK_CARDS + 1)))
        else:
            plan["cards"] = [None]
        return plan

    def _layout(self) -> None:
        if not self._relayout:
            return
        self._relayout = False
        self._plan_cache = plan = self._plan()
        cw, ch = self._cell_size()
        self._cell = (cw, ch)
        grid_w = len(plan["cols"]) * cw
        grid_h = len(plan["rows"]) * ch
        back = max(0, len(plan["cards"]) - 1)
        depth = back * CARD_STEP
        small = QFontMetrics(self._small)
        # row labels (30 px), the row arrow, then its rotated label
        self._left = (small.height() + 46) if plan["row"] is not None else 8
        self._top = depth + (small.height() + 10 if plan["card"] is not None else 6)
        # index labels, the column arrow and its label, then the caption (rank 0: caption only)
        self._bottom = small.height() * 3 + 18 if plan["col"] is not None else small.height() + 12
        stack_w = self._left + grid_w + depth + 18
        stack_h = self._top + grid_h + self._bottom
        outer_left = small.height() + 44 if plan["outer_v"] is not None else 0
        outer_top = small.height() * 2 + 14 if plan["outer_h"] is not None else 0
        self._stack = (stack_w, stack_h, grid_w, grid_h, depth)
        self._outer = (outer_left, outer_top)
        elided_w = 36
        widths = [stack_w if c is not None else elided_w for c in plan["outer_cols"]]
        heights = [stack_h if r is not None else elided_w for r in plan["outer_rows"]]
        self._col_x = np.cumsum([0] + [w + GAP for w in widths])[:-1] + MARGIN + outer_left
        self._row_y = np.cumsum([0] + [h + GAP for h in heights])[:-1] + MARGIN + outer_top
        total_w = MARGIN * 2 + outer_left + sum(widths) + GAP * (len(widths) - 1)
        total_h = MARGIN * 2 + outer_top + sum(heights) + GAP * (len(heights) - 1)
        hint = QFontMetrics(self.font()).horizontalAdvance(self._empty_text()) + 2 * MARGIN
        self._size = QSize(int(max(total_w, hint if self._array.size == 0 else 0)), int(total_h))
        self.setMinimumSize(self._size)

    def _empty_text(self) -> str:
        return f"This tensor has shape {tuple(self._array.shape)}: no elements to draw."

    def zoom(self) -> float:
        """Small tensors are drawn larger, to fill the space they have (never smaller than 1)."""
        w, h = self._size.width(), self._size.height()
        if w <= 0 or h <= 0:
            return 1.0
        return max(1.0, min(MAX_ZOOM, self.width() / w, self.height() / h))

    def _origin(self) -> QPointF:
        """Centre the drawing when the widget is bigger than it needs."""
        z = self.zoom()
        return QPointF(
            max(0.0, (self.width() - self._size.width() * z) / 2),
            max(0.0, (self.height() - self._size.height() * z) / 3),
        )

    def _to_drawing(self, pos: QPointF) -> QPointF:
        return (pos - self._origin()) / self.zoom()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        if self._array.size == 0:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._empty_text())
            return
        painter.translate(self._origin())
        painter.scale(self.zoom(), self.zoom())
        self._paint(painter)
        painter.end()

    def _ensure_hits(self) -> None:
        """Hover may come before the first paint (or a test may ask): paint off screen once."""
        if self._hits_valid or self._array.size == 0:
            return
        image = QImage(
            max(1, self._size.width()), max(1, self._size.height()), QImage.Format.Format_ARGB32
        )
        painter = QPainter(image)
        self._paint(painter)
        painter.end()

    def _paint(self, painter: QPainter) -> None:
        self._layout()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._grids, self._cards = [], []
        plan = self._plan_cache
        for i, outer_r in enumerate(plan["outer_rows"]):
            for j, outer_c in enumerate(plan["outer_cols"]):
                x, y = float(self._col_x[j]), float(self._row_y[i])
                if outer_r is ELIDED or outer_c is ELIDED:
                    self._draw_elided_stack(painter, x, y, outer_r is ELIDED)
                    continue
                first = i == 0 and j == 0
                self._draw_stack(painter, x, y, outer_r, outer_c, first)
        self._draw_outer_axes(painter)
        self._hits_valid = True

    def _prefix(self, outer_r, outer_c) -> list:
        """Index positions for every axis before the card axis of this stack."""
        rank, plan = self._array.ndim, self._plan_cache
        index = [self._indices.get(axis, 0) for axis in range(max(0, rank - SHOWN_AXES))]
        if plan["outer_v"] is not None:
            index.append(outer_r)
        if plan["outer_h"] is not None:
            index.append(outer_c)
        return index

    def _draw_stack(self, painter: QPainter, x, y, outer_r, outer_c, first: bool) -> None:
        plan = self._plan_cache
        stack_w, stack_h, grid_w, grid_h, depth = self._stack
        prefix = self._prefix(outer_r, outer_c)
        gx, gy = x + self._left, y + self._top
        cards = plan["cards"]
        for k in reversed(range(1, len(cards))):
            rect = QRectF(gx + k * CARD_STEP, gy - k * CARD_STEP, grid_w, grid_h)
            self._draw_back_card(painter, rect, plan["card"], cards[k], prefix)
        card_index = [] if cards[0] is None else [cards[0]]
        grid_rect = QRectF(gx, gy, grid_w, grid_h)
        full_prefix = tuple(prefix + card_index)
        caption = self._caption(full_prefix)
        self._draw_grid(painter, grid_rect, full_prefix)
        self._grids.append(
            _Grid(grid_rect, full_prefix, plan["rows"], plan["cols"], *self._cell, caption)
        )
        self._draw_index_labels(painter, grid_rect)
        self._draw_caption(painter, x, gy + grid_h, stack_w, full_prefix, caption)
        if first:
            self._draw_grid_axes(painter, grid_rect, len(cards) - 1)

    def _caption(self, prefix: tuple) -> str:
        if self._captions and prefix and prefix[0] < len(self._captions):
            return str(self._captions[prefix[0]])
        return ""

    def _draw_back_card(self, painter, rect: QRectF, axis: int, index: int, prefix) -> None:
        painter.setPen(QPen(axis_qcolor(axis), 1.2))
        painter.setBrush(QColor("#f4f6f8"))
        painter.drawRect(rect)
        painter.setFont(self._small)
        painter.setPen(axis_qcolor(axis))
        label = QRectF(rect.left() + 4, rect.top(), 60, CARD_STEP)
        painter.drawText(
            label, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"[{index}]"
        )
        self._cards.append(_Card(rect, axis, index, tuple(prefix)))

    def _value_color(self, value: float) -> QColor:
        span = self._hi - self._lo
        t = 0.0 if span <= 0 or not np.isfinite(value) else (value - self._lo) / span
        if self._image:
            gray = int(round(255 * t))
            return QColor(gray, gray, gray)
        # white to a soft blue: the numbers stay readable on every cell
        return QColor(int(255 - 80 * t), int(255 - 50 * t), 255)

    def _draw_grid(self, painter: QPainter, rect: QRectF, prefix: tuple) -> None:
        plan, (cw, ch) = self._plan_cache, self._cell
        a = self._array
        block = a[prefix] if prefix else a
        rows, cols = plan["rows"], plan["cols"]
        if self._image:
            self._draw_image(painter, rect, block, rows, cols)
        else:
            painter.setFont(self.font())
            for r, row in enumerate(rows):
                for c, col in enumerate(cols):
                    cell = QRectF(rect.left() + c * cw, rect.top() + r * ch, cw, ch)
                    if row is ELIDED or col is ELIDED:
                        painter.fillRect(cell, QColor("#eceff1"))
                        painter.setPen(QColor("#78909c"))
                        dots = "⋮" if row is ELIDED and col is not ELIDED else "…"
                        painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, dots)
                        continue
                    value = self._value_at(block, row, col)
                    painter.fillRect(cell, self._value_color(float(value)))
                    painter.setPen(QColor("#cfd8dc"))
                    painter.drawRect(cell)
                    painter.setPen(QColor("#17202a"))
                    painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, format_value(value))
        painter.setPen(QPen(QColor("#455a64"), 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)

    def _value_at(self, block: np.ndarray, row, col):
        if block.ndim == 0:
            return block[()]
        if block.ndim == 1:
            return block[col]
        return block[row, col]

    def _draw_image(self, painter, rect: QRectF, block, rows, cols) -> None:
        rows_i = [r if r is not ELIDED else 0 for r in rows]
        cols_i = [c if c is not ELIDED else 0 for c in cols]
        data = np.nan_to_num(block[np.ix_(rows_i, cols_i)].astype(np.float64))
        span = (self._hi - self._lo) or 1.0
        gray = np.clip((data - self._lo) / span * 255, 0, 255).astype(np.uint8)
        gray = np.ascontiguousarray(gray)
        image = QImage(
            gray.data,
            gray.shape[1],
            gray.shape[0],
            gray.strides[0],
            QImage.Format.Format_Grayscale8,
        )
        painter.drawImage(rect, image)

    def _draw_index_labels(self, painter: QPainter, rect: QRectF) -> None:
        plan, (cw, ch) = self._plan_cache, self._cell
        painter.setFont(self._small)
        step = 1 if not self._image else 4  # pixel rows are too thin for every number
        if plan["col"] is not None:
            painter.setPen(axis_qcolor(plan["col"]))
            for c, col in enumerate(plan["cols"]):
                if col is ELIDED or (col % step and col != plan["cols"][-1]):
                    continue
                cell = QRectF(rect.left() + c * cw - 10, rect.bottom() + 2, cw + 20, 14)
                painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, str(col))
        if plan["row"] is not None:
            painter.setPen(axis_qcolor(plan["row"]))
            for r, row in enumerate(plan["rows"]):
                if row is ELIDED or (row % step and row != plan["rows"][-1]):
                    continue
                cell = QRectF(rect.left() - 30, rect.top() + r * ch - 6, 26, ch + 12)
                painter.drawText(
                    cell, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(row)
                )

    def _draw_caption(self, painter, x, grid_bottom, width, prefix: tuple, caption: str) -> None:
        small = QFontMetrics(self._small)
        text = "x" if not prefix else f"x[{', '.join(str(i) for i in prefix)}]"
        if self._array.ndim == 0:
            text = "x · a scalar: no axes"
        if caption:
            text += f" · {caption}"
        painter.setFont(self._small)
        painter.setPen(QColor("#37474f"))
        top = grid_bottom + (small.height() * 2 + 10 if self._array.ndim else 6)
        painter.drawText(
            QRectF(x + self._left, top, width, small.height() + 4), Qt.AlignmentFlag.AlignLeft, text
        )

    # --- axes -----------------------------------------------------------------------------------
    def _axis_label(self, axis: int) -> str:
        name = self._names[axis] if axis < len(self._names) else None
        return f"axis {axis}" + (f" · {name}" if name else "")

    def _arrow(self, painter, start: QPointF, end: QPointF, axis: int) -> None:
        color = axis_qcolor(axis)
        painter.setPen(QPen(color, 1.6))
        painter.drawLine(start, end)
        direction = end - start
        length = max((direction.x() ** 2 + direction.y() ** 2) ** 0.5, 1e-6)
        ux, uy = direction.x() / length, direction.y() / length
        head = QPainterPath(end)
        head.lineTo(end - QPointF(ux * 8 - uy * 4, uy * 8 + ux * 4))
        head.lineTo(end - QPointF(ux * 8 + uy * 4, uy * 8 - ux * 4))
        head.closeSubpath()
        painter.fillPath(head, color)

    def _draw_grid_axes(self, painter: QPainter, rect: QRectF, back: int) -> None:
        plan = self._plan_cache
        small = QFontMetrics(self._small)
        painter.setFont(self._small)
        if plan["col"] is not None:
            y = rect.bottom() + small.height() + 8
            self._arrow(painter, QPointF(rect.left(), y), QPointF(rect.right(), y), plan["col"])
            painter.setPen(axis_qcolor(plan["col"]))
            painter.drawText(
                QRectF(rect.left(), y + 2, rect.width() + 200, small.height() + 2),
                Qt.AlignmentFlag.AlignLeft,
                self._axis_label(plan["col"]) + " →",
            )
        if plan["row"] is not None:
            x = rect.left() - 36
            self._arrow(painter, QPointF(x, rect.top()), QPointF(x, rect.bottom()), plan["row"])
            painter.save()
            painter.translate(x - 6, rect.top())
            painter.rotate(90)
            painter.setPen(axis_qcolor(plan["row"]))
            painter.drawText(
                QRectF(0, 0, max(rect.height(), 140), small.height() + 2),
                Qt.AlignmentFlag.AlignLeft,
                self._axis_label(plan["row"]),
            )
            painter.restore()
        if plan["card"] is not None:
            axis = plan["card"]
            depth = max(back, 1) * CARD_STEP
            start = QPointF(rect.right() + 3, rect.top() - 3)
            end = QPointF(rect.right() + depth + 6, rect.top() - depth - 6)
            self._arrow(painter, start, end, axis)
            painter.setPen(axis_qcolor(axis))
            length = self._array.shape[axis]
            front = self._indices.get(axis, 0)
            text = f"{self._axis_label(axis)} ↗  front card [{front}] of {length}"
            top = rect.top() - back * CARD_STEP - small.height() - 8
            painter.drawText(
                QRectF(rect.left(), top, rect.width() + 400, small.height() + 2),
                Qt.AlignmentFlag.AlignLeft,
                text,
            )

    def _draw_elided_stack(self, painter: QPainter, x, y, vertical: bool) -> None:
        _, stack_h, _, grid_h, _ = self._stack
        painter.setPen(QColor("#78909c"))
        painter.setFont(self.font())
        h = stack_h if not vertical else 36
        w = 36 if not vertical else self._stack[0]
        painter.drawText(QRectF(x, y, w, h), Qt.AlignmentFlag.AlignCenter, "⋮" if vertical else "…")

    def _draw_outer_axes(self, painter: QPainter) -> None:
        plan = self._plan_cache
        outer_left, outer_top = self._outer
        small = QFontMetrics(self._small)
        painter.setFont(self._small)
        stack_w, stack_h = self._stack[0], self._stack[1]
        if plan["outer_h"] is not None:
            axis = plan["outer_h"]
            y = MARGIN + small.height() + 6
            left = float(self._col_x[0]) + self._left
            right = float(self._col_x[-1]) + stack_w * 0.6
            self._arrow(painter, QPointF(left, y), QPointF(right, y), axis)
            painter.setPen(axis_qcolor(axis))
            painter.drawText(
                QRectF(left, MARGIN, 600, small.height() + 2),
                Qt.AlignmentFlag.AlignLeft,
                self._axis_label(axis) + " →",
            )
            for j, col in enumerate(plan["outer_cols"]):
                if col is not ELIDED:
                    label_x = float(self._col_x[j]) + self._left
                    painter.drawText(
                        QRectF(label_x, y + 3, 80, small.height() + 2),
                        Qt.AlignmentFlag.AlignLeft,
                        f"[{col}]",
                    )
        if plan["outer_v"] is not None:
            axis = plan["outer_v"]
            x = MARGIN + small.height() + 6
            top = float(self._row_y[0]) + self._top
            bottom = float(self._row_y[-1]) + stack_h * 0.6
            self._arrow(painter, QPointF(x, top), QPointF(x, bottom), axis)
            painter.setPen(axis_qcolor(axis))
            painter.save()
            painter.translate(MARGIN + small.height(), top)
            painter.rotate(90)
            painter.drawText(
                QRectF(0, 0, 600, small.height() + 2),
                Qt.AlignmentFlag.AlignLeft,
                self._axis_label(axis),
            )
            painter.restore()
            for i, row in enumerate(plan["outer_rows"]):
                if row is not ELIDED:
                    label_y = float(self._row_y[i]) + self._top
                    painter.drawText(
                        QRectF(x + 4, label_y, outer_left, small.height() + 2),
                        Qt.AlignmentFlag.AlignLeft,
                        f"[{row}]",
                    )

    # --- hover and click ------------------------------------------------------------------------
    def cell_at(self, pos: QPointF) -> tuple | None:
        """(full index, value, caption) of the cell under ``pos``, or None."""
        self._ensure_hits()
        point = self._to_drawing(pos)
        for grid in reversed(self._grids):
            if not grid.rect.contains(point):
                continue
            c = int((point.x() - grid.rect.left()) // grid.cell_w)
            r = int((point.y() - grid.rect.top()) // grid.cell_h)
            if not (0 <= r < len(grid.rows) and 0 <= c < len(grid.cols)):
                return None
            row, col = grid.rows[r], grid.cols[c]
            if row is ELIDED or col is ELIDED:
                return None
            rank = self._array.ndim
            index = grid.prefix + ((row,) if rank >= 2 else ()) + ((col,) if rank >= 1 else ())
            return index, self._array[index], grid.caption
        return None

    def drawn_cards(self) -> list[tuple]:
        """The index of every front card on screen (one per stack), in drawing order."""
        self._ensure_hits()
        return [grid.prefix for grid in self._grids]

    def cell_center(self, index: tuple) -> QPointF | None:
        """Where the cell for a full ``index`` is drawn (widget coordinates), if it is visible."""
        self._ensure_hits()
        rank = self._array.ndim
        cut = max(0, rank - 2)
        prefix, tail = tuple(index[:cut]), tuple(index[cut:])
        for grid in self._grids:
            if grid.prefix != prefix:
                continue
            row, col = (tail if rank >= 2 else (0, *tail)) if rank else (0, 0)
            rows = grid.rows if rank >= 2 else [0]
            if row not in rows or col not in grid.cols:
                return None
            x = grid.rect.left() + (grid.cols.index(col) + 0.5) * grid.cell_w
            y = grid.rect.top() + (rows.index(row) + 0.5) * grid.cell_h
            return QPointF(x, y) * self.zoom() + self._origin()
        return None

    def card_at(self, pos: QPointF) -> _Card | None:
        self._ensure_hits()
        point = self._to_drawing(pos)
        for grid in self._grids:
            if grid.rect.contains(point):
                return None
        hits = [card for card in self._cards if card.rect.contains(point)]
        return hits[-1] if hits else None  # drawn back to front: the last is nearest

    def describe_cell(self, index: tuple, value, caption: str) -> str:
        text = f"x[{', '.join(str(i) for i in index)}] = {value!r}"
        if isinstance(value, np.generic):
            text = f"x[{', '.join(str(i) for i in index)}] = {value.item()!r}  ({value.dtype})"
        parts = []
        for axis, i in enumerate(index):
            name = self._names[axis] if axis < len(self._names) else None
            parts.append(f"axis {axis}{f' ({name})' if name else ''} = {i}")
        lines = [text, *parts]
        if caption:
            lines.append(caption)
        return "\n".join(lines)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position()
        hit = self.cell_at(pos)
        if hit is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.describe_cell(*hit), self)
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
        rank = self._array.ndim
        step = {Qt.Key.Key_PageDown: 1, Qt.Key.Key_PageUp: -1}.get(event.key())
        if step is None or rank < 3:
            super().keyPressEvent(event)
            return
        axis = rank - 3
        index = min(max(self.index_of(axis) + step, 0), self._array.shape[axis] - 1)
        self.card_requested.emit(axis, index)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        card = self.card_at(event.position())
        if card is not None and event.button() == Qt.MouseButton.LeftButton:
            self.card_requested.emit(card.axis, card.index)
        super().mousePressEvent(event)

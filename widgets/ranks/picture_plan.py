"""Where the tensor picture draws what, in plain numbers (no Qt): which axis goes where, which
positions of each axis are drawn, and the box of every grid and card. The widget measures its
fonts, asks for a plan, paints it and hit-tests the mouse against it, so the layout is tested
without painting anything.

Rank 0 is one cell, rank 1 a row, rank 2 a grid, rank 3 a stack of grids drawn like offset cards,
rank 4 a row of stacks and rank 5 a grid of stacks; axes before those five get sliders.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate

import numpy as np

from widgets.ranks.picture_text import caption_text, card_axis_text, col_axis_text

SHOWN_AXES = 5  # drawn at once; axes before these get sliders
MAX_CELLS = 10  # per grid axis before "…" (images: MAX_PIXELS)
MAX_PIXELS = 64
MAX_OUTER = (3, 4)  # stacks per outer row / column before "…"
BACK_CARDS = 3  # cards drawn behind the front one
CARD_STEP = 14  # px each card sits up and right of the one in front
IMAGE_CELL = 6  # px per pixel when drawing images
GAP = 22  # between stacks
MARGIN = 14
ELIDED_STACK = 36  # px for the "…" that stands for elided stacks
ELIDED = None  # a "…" position in an axis

Position = int | None  # an index along an axis, or ELIDED


def visible_positions(length: int, limit: int) -> tuple[Position, ...]:
    """Indices drawn along an axis: all of them, or the first few, "…", and the last."""
    if length <= limit:
        return tuple(range(length))
    return (*range(limit - 2), ELIDED, length - 1)


def slider_axes(rank: int) -> list[int]:
    """Axes whose position is picked with a slider: the stack axis (only its front card is
    visible) and every axis before the five that are drawn."""
    axes = list(range(max(0, rank - SHOWN_AXES)))
    if rank >= 3:
        axes.append(rank - 3)
    return axes


@dataclass(frozen=True)
class PictureContent:
    """The tensor the picture shows and how: what its axes mean, a caption per position along
    axis 0 (digit labels), and whether the last two axes are drawn as grayscale pixels."""

    array: np.ndarray
    names: tuple[str | None, ...]
    captions: tuple[str, ...]
    image: bool
    low: float  # the values the colours span
    high: float

    def fraction(self, value: float) -> float:
        """Where ``value`` lies between low and high, for its colour (0 when it cannot tell)."""
        span = self.high - self.low
        return 0.0 if span <= 0 or not math.isfinite(value) else (value - self.low) / span


def picture_content(
    array: np.ndarray,
    names: Sequence[str | None] | None = None,
    captions: Sequence[str] = (),
    image: bool = False,
) -> PictureContent:
    rank = array.ndim
    image = image and rank >= 2
    low = high = 0.0
    if array.size and array.dtype.kind in "biuf":
        finite = array[np.isfinite(array)] if array.dtype.kind == "f" else array
        if finite.size:
            low, high = float(finite.min()), float(finite.max())
    if image and array.dtype == np.uint8:
        low, high = 0.0, 255.0  # pixels: black is 0 and white 255, whatever this batch holds
    return PictureContent(
        array,
        tuple(names) if names is not None and len(names) == rank else (None,) * rank,
        tuple(captions),
        image,
        low,
        high,
    )


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def contains(self, x: float, y: float) -> bool:
        """Edges included, as QRectF.contains."""
        return self.x <= x <= self.right and self.y <= y <= self.bottom


@dataclass(frozen=True)
class AxisRoles:
    """Which axis is drawn where; None where the rank is too low for that role."""

    col: int | None  # across a grid
    row: int | None  # down a grid
    card: int | None  # the stack of cards (the front one shows its values)
    outer_h: int | None  # stacks side by side
    outer_v: int | None  # rows of stacks


@dataclass(frozen=True)
class CardPlan:
    """A card behind a front one: clicking it brings it to the front."""

    box: Box
    axis: int
    index: int
    prefix: tuple[int, ...]  # the index of its stack (every axis before the card axis)


@dataclass(frozen=True)
class GridPlan:
    """One front card: where its cells are, to find the cell under the mouse by arithmetic."""

    box: Box
    prefix: tuple[int, ...]  # the index of the card (every axis before the rows)
    caption: str  # e.g. the digit's label, for captions along axis 0
    behind: tuple[CardPlan, ...]  # the cards behind it, back to front (drawing order)


@dataclass(frozen=True)
class PicturePlan:
    roles: AxisRoles
    cols: tuple[Position, ...]  # per drawn column, its index (ELIDED for "…"); (0,) below rank 1
    rows: tuple[Position, ...]  # likewise per drawn row; (0,) below rank 2
    outer_rows: tuple[Position, ...]
    outer_cols: tuple[Position, ...]
    cards: tuple[int, ...]  # card-axis positions of each stack, front first; () below rank 3
    cell_width: float
    cell_height: float
    stack_left: float  # from a stack's left to its grid (row labels and arrow)
    stack_top: float  # from a stack's top to its grid (cards behind and their label)
    stack_width: float
    stack_height: float
    outer_left: float  # room for the rows-of-stacks axis
    col_x: tuple[float, ...]  # left of each outer column of stacks
    row_y: tuple[float, ...]  # top of each outer row of stacks
    width: int  # of the whole drawing, before zoom
    height: int
    grids: tuple[GridPlan, ...]  # in drawing order; none for a tensor without elements
    elided_stacks: tuple[tuple[Box, bool], ...]  # where "…" stands for stacks; True: "⋮"

    @property
    def back_cards(self) -> tuple[CardPlan, ...]:
        """Every card behind a front one, in drawing order: the last drawn is nearest."""
        return tuple(card for grid in self.grids for card in grid.behind)

    def cell_at(self, x: float, y: float) -> tuple[GridPlan, tuple[int, ...]] | None:
        """The grid and full index of the cell drawn at (x, y), or None (a gap, or a "…")."""
        for grid in reversed(self.grids):
            if not grid.box.contains(x, y):
                continue
            c = int((x - grid.box.x) // self.cell_width)
            r = int((y - grid.box.y) // self.cell_height)
            if not (0 <= r < len(self.rows) and 0 <= c < len(self.cols)):
                return None
            row, col = self.rows[r], self.cols[c]
            if row is ELIDED or col is ELIDED:
                return None
            tail = ((row,) if self.roles.row is not None else ()) + (
                (col,) if self.roles.col is not None else ()
            )
            return grid, grid.prefix + tail
        return None

    def card_at(self, x: float, y: float) -> CardPlan | None:
        """The card behind at (x, y), unless a front card covers the point."""
        if any(grid.box.contains(x, y) for grid in self.grids):
            return None
        hits = [card for card in self.back_cards if card.box.contains(x, y)]
        return hits[-1] if hits else None  # drawn back to front: the last is nearest


def axis_roles(rank: int) -> AxisRoles:
    return AxisRoles(
        col=rank - 1 if rank >= 1 else None,
        row=rank - 2 if rank >= 2 else None,
        card=rank - 3 if rank >= 3 else None,
        outer_h=rank - 4 if rank >= 4 else None,
        outer_v=rank - 5 if rank >= 5 else None,
    )


def plan_picture(
    shape: tuple[int, ...],
    indices: Mapping[int, int],
    *,
    image: bool,
    captions: Sequence[str],
    cell: tuple[float, float],
    label_height: float,
    text_width: Callable[[str], float],
    names: Sequence[str | None] = (),
    min_width: float = 0.0,
) -> PicturePlan:
    """Lay out a tensor of ``shape`` whose slider axes stand at ``indices``.

    ``cell`` is the size of one value's cell and ``label_height`` the height of a line of the
    small label font, both measured by the widget, as ``text_width`` measures a label in it:
    a stack is wide enough for the axis labels and captions drawn beside its grid, so none is
    cut off. ``min_width`` keeps room for a message."""
    rank = len(shape)
    roles = axis_roles(rank)
    limit = MAX_PIXELS if image else MAX_CELLS
    cols = visible_positions(shape[roles.col], limit) if roles.col is not None else (0,)
    rows = visible_positions(shape[roles.row], limit) if roles.row is not None else (0,)
    outer_rows = (
        visible_positions(shape[roles.outer_v], MAX_OUTER[0]) if roles.outer_v is not None else (0,)
    )
    outer_cols = (
        visible_positions(shape[roles.outer_h], MAX_OUTER[1]) if roles.outer_h is not None else (0,)
    )
    cards: tuple[int, ...] = ()
    if roles.card is not None:
        front = indices.get(roles.card, 0)
        cards = tuple(range(front, min(shape[roles.card], front + BACK_CARDS + 1)))

    cell_w, cell_h = cell
    grid_w, grid_h = len(cols) * cell_w, len(rows) * cell_h
    depth = max(0, len(cards) - 1) * CARD_STEP
    small = label_height
    left = small + 46 if roles.row is not None else 8  # row labels, the row arrow, its label
    top = depth + (small + 10 if roles.card is not None else 6)
    # index labels, the column arrow and its label, then the caption (rank 0: caption only)
    bottom = small * 3 + 18 if roles.col is not None else small + 12
    leading = tuple(indices.get(axis, 0) for axis in range(max(0, rank - SHOWN_AXES)))
    prefixes = {
        (r, c): leading
        + ((r,) if roles.outer_v is not None else ())
        + ((c,) if roles.outer_h is not None else ())
        + cards[:1]
        for r in outer_rows
        for c in outer_cols
        if r is not ELIDED and c is not ELIDED
    }
    labels = [_caption(prefix, rank, captions) for prefix in prefixes.values()]
    if roles.col is not None:
        labels.append(col_axis_text(roles.col, names))
    if roles.card is not None:
        labels.append(card_axis_text(roles.card, names, cards[0], shape[roles.card]))
    widest = max([text_width(text) for text in labels] + [0.0])
    stack_w = left + max(grid_w + depth + 18, widest + 8)
    stack_h = top + grid_h + bottom
    outer_left = small + 44 if roles.outer_v is not None else 0
    outer_top = small * 2 + 14 if roles.outer_h is not None else 0
    widths = [stack_w if c is not ELIDED else ELIDED_STACK for c in outer_cols]
    heights = [stack_h if r is not ELIDED else ELIDED_STACK for r in outer_rows]
    col_x = _starts(widths, MARGIN + outer_left)
    row_y = _starts(heights, MARGIN + outer_top)
    total_w = MARGIN * 2 + outer_left + sum(widths) + GAP * (len(widths) - 1)
    total_h = MARGIN * 2 + outer_top + sum(heights) + GAP * (len(heights) - 1)

    grids: list[GridPlan] = []
    elided: list[tuple[Box, bool]] = []
    has_elements = math.prod(shape) > 0
    for i, outer_r in enumerate(outer_rows):
        for j, outer_c in enumerate(outer_cols):
            x, y = col_x[j], row_y[i]
            if outer_r is ELIDED or outer_c is ELIDED:
                vertical = outer_r is ELIDED
                size = (stack_w, ELIDED_STACK) if vertical else (ELIDED_STACK, stack_h)
                elided.append((Box(x, y, *size), vertical))
                continue
            if not has_elements:
                continue
            full = prefixes[outer_r, outer_c]
            prefix = full[: len(full) - len(cards[:1])]
            gx, gy = x + left, y + top
            behind: tuple[CardPlan, ...] = ()
            if roles.card is not None:
                behind = tuple(
                    CardPlan(
                        Box(gx + k * CARD_STEP, gy - k * CARD_STEP, grid_w, grid_h),
                        roles.card,
                        cards[k],
                        prefix,
                    )
                    for k in reversed(range(1, len(cards)))
                )
            caption = _axis0_caption(full, captions)
            grids.append(GridPlan(Box(gx, gy, grid_w, grid_h), full, caption, behind))
    return PicturePlan(
        roles=roles,
        cols=cols,
        rows=rows,
        outer_rows=outer_rows,
        outer_cols=outer_cols,
        cards=cards,
        cell_width=cell_w,
        cell_height=cell_h,
        stack_left=left,
        stack_top=top,
        stack_width=stack_w,
        stack_height=stack_h,
        outer_left=outer_left,
        col_x=col_x,
        row_y=row_y,
        width=int(max(total_w, min_width)),
        height=int(total_h),
        grids=tuple(grids),
        elided_stacks=tuple(elided),
    )


def _axis0_caption(prefix: tuple[int, ...], captions: Sequence[str]) -> str:
    """The caption of the position along axis 0 a grid belongs to (a digit's label), if any."""
    return captions[prefix[0]] if captions and prefix and prefix[0] < len(captions) else ""


def _caption(prefix: tuple[int, ...], rank: int, captions: Sequence[str]) -> str:
    return caption_text(prefix, rank, _axis0_caption(prefix, captions))


def _starts(lengths: Sequence[float], first: float) -> tuple[float, ...]:
    """Where each of a row of boxes starts, GAP apart."""
    if not lengths:
        return ()
    return tuple(first + offset for offset in accumulate([0.0, *(n + GAP for n in lengths[:-1])]))

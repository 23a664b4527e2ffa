"""The Rank Explorer's fixtures: the tab on screen with a real engine worker, and where the
tensor picture draws a cell (computed from its plan, in widget coordinates)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF

from widgets.ranks.picture import TensorPicture
from widgets.ranks.view import RankExplorerTab


@pytest.fixture
def tab(show, worker):
    widget = show(RankExplorerTab(worker))
    yield widget
    widget.shutdown()


def cell_center(picture: TensorPicture, index: tuple[int, ...]) -> QPointF | None:
    """The widget point at the centre of the cell for a full ``index``, or None when that cell
    is not drawn (behind the front card, or elided)."""
    plan = picture.plan
    rank = len(index)
    prefix, tail = tuple(index[: max(0, rank - 2)]), tuple(index[max(0, rank - 2) :])
    row, col = {0: (0, 0), 1: (0, *tail)}.get(rank, tail)
    for grid in plan.grids:
        if grid.prefix != prefix:
            continue
        if row not in plan.rows or col not in plan.cols:
            return None
        x = grid.box.x + (plan.cols.index(col) + 0.5) * plan.cell_width
        y = grid.box.y + (plan.rows.index(row) + 0.5) * plan.cell_height
        return QPointF(x, y) * picture.zoom() + picture.origin()
    return None


@pytest.fixture
def center_of():
    """``center_of(picture, index)``: see cell_center."""
    return cell_center

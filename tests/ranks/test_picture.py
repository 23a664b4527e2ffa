"""The tensor picture on its own, with no engine: its plan (Qt-free), hit-testing through the
plan's coordinates, the cards behind, and what a rendered image shows."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QToolTip

from widgets.ranks.picture import TensorPicture
from widgets.ranks.picture_plan import (
    BACK_CARDS,
    ELIDED,
    MARGIN,
    MAX_OUTER,
    picture_content,
    plan_picture,
    slider_axes,
    visible_positions,
)
from widgets.ranks.picture_text import caption_text, card_axis_text, cell_text, col_axis_text

CELL = (40.0, 24.0)


def plan_of(shape, indices=None, image=False, captions=()):
    return plan_picture(
        shape,
        indices or {},
        image=image,
        captions=captions,
        cell=CELL,
        label_height=12,
        text_width=lambda text: 0.0,
    )


def every_drawn_index(plan):
    """The full index of every value cell the plan draws, with the centre of its cell."""
    for grid in plan.grids:
        for r, row in enumerate(plan.rows):
            for c, col in enumerate(plan.cols):
                if row is ELIDED or col is ELIDED:
                    continue
                tail = ((row,) if plan.roles.row is not None else ()) + (
                    (col,) if plan.roles.col is not None else ()
                )
                x = grid.box.x + (c + 0.5) * plan.cell_width
                y = grid.box.y + (r + 0.5) * plan.cell_height
                yield grid.prefix + tail, x, y


# --- the plan, without Qt -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shape", "roles", "grids", "sliders"),
    [
        ((), (None, None, None, None, None), 1, []),
        ((4,), (0, None, None, None, None), 1, []),
        ((3, 2), (1, 0, None, None, None), 1, []),
        ((3, 2, 3), (2, 1, 0, None, None), 1, [0]),
        ((2, 4, 4, 3), (3, 2, 1, 0, None), 2, [1]),
        ((2, 3, 4, 3, 3), (4, 3, 2, 1, 0), 6, [2]),
        ((2, 1, 2, 2, 2, 4), (5, 4, 3, 2, 1), 1 * 2, [0, 3]),
    ],
)
def test_each_rank_puts_its_axes_in_their_places(shape, roles, grids, sliders):
    plan = plan_of(shape)
    r = plan.roles
    assert (r.col, r.row, r.card, r.outer_h, r.outer_v) == roles
    assert len(plan.grids) == grids
    assert slider_axes(len(shape)) == sliders


def test_long_axes_are_elided_with_their_last_index_kept():
    assert visible_positions(5, 10) == (0, 1, 2, 3, 4)
    assert visible_positions(100, 10) == (0, 1, 2, 3, 4, 5, 6, 7, ELIDED, 99)
    plan = plan_of((100, 200))
    assert plan.rows == visible_positions(100, 10) and plan.cols[-2:] == (ELIDED, 199)
    pixels = plan_of((100, 200), image=True)
    assert len(pixels.cols) == 64 and pixels.cols[-1] == 199


def test_a_rank5_tensor_is_a_grid_of_stacks_each_showing_its_front_card():
    plan = plan_of((2, 3, 4, 3, 3), {2: 1})
    assert [grid.prefix for grid in plan.grids] == [(i, j, 1) for i in range(2) for j in range(3)]
    assert plan.cards == (1, 2, 3)  # the front card, then two behind it
    assert len(plan.back_cards) == 6 * 2
    many = plan_of((9, 9, 4, 3, 3))  # elided stacks stand in for the middle rows and columns
    assert many.outer_rows == (0, ELIDED, 8) and many.outer_cols == (0, 1, ELIDED, 8)
    assert len(many.grids) == (MAX_OUTER[0] - 1) * (MAX_OUTER[1] - 1)
    assert len(many.elided_stacks) == 3 * 4 - len(many.grids)


def test_every_drawn_cell_is_found_again_at_its_centre():
    for shape, indices in [
        ((), {}),
        ((7,), {}),
        ((12, 3), {}),
        ((5, 4, 3), {0: 2}),
        ((2, 3, 2, 2, 2, 15), {0: 1, 3: 1}),
    ]:
        plan = plan_of(shape, indices)
        found = 0
        for index, x, y in every_drawn_index(plan):
            grid, hit = plan.cell_at(x, y)
            assert hit == index and grid.prefix == index[: len(grid.prefix)]
            found += 1
        assert found == len(plan.grids) * sum(r is not ELIDED for r in plan.rows) * sum(
            c is not ELIDED for c in plan.cols
        )


def test_gaps_and_elided_cells_are_not_cells():
    plan = plan_of((12, 3))
    grid = plan.grids[0]
    elided_row = plan.rows.index(ELIDED)
    y = grid.box.y + (elided_row + 0.5) * plan.cell_height
    assert plan.cell_at(grid.box.x + 1, y) is None
    assert plan.cell_at(grid.box.x - 5, grid.box.y + 5) is None
    assert plan.cell_at(0, 0) is None


def test_cards_behind_are_hit_only_where_no_front_card_covers_them():
    plan = plan_of((6, 2, 3))
    assert plan.cards == tuple(range(BACK_CARDS + 1))
    front = plan.grids[0].box
    nearest = plan.back_cards[-1]
    assert (nearest.axis, nearest.index, nearest.prefix) == (0, 1, ())
    # the strip of the nearest card that shows above the front one
    assert plan.card_at(nearest.box.x + nearest.box.width / 2, nearest.box.y + 3) == nearest
    assert plan.card_at(front.x + 2, front.y + 2) is None  # the front card covers it
    farthest = plan.back_cards[0]
    assert farthest.index == BACK_CARDS
    assert plan.card_at(farthest.box.right - 2, farthest.box.y + 2) == farthest


def test_captions_follow_axis_0_and_an_empty_tensor_has_no_cells():
    plan = plan_of((3, 28, 28), {0: 2}, image=True, captions=("a", "b", "c"))
    assert plan.grids[0].caption == "c" and len(plan.cols) == 28  # pixels elide past 64
    empty = plan_of((0, 3), captions=())
    assert empty.grids == () and empty.cell_at(20, 20) is None


def test_stacks_are_wide_enough_for_the_labels_beside_their_grids():
    def seven_px(text: str) -> float:
        return 7.0 * len(text)

    names = ("matrices", "rows", "columns")
    plan = plan_picture(
        (3, 2, 1),  # one narrow column, under a long axis label and above a long card label
        {0: 1},
        image=False,
        captions=("label 7", "label 2", "label 1"),
        cell=CELL,
        label_height=12,
        text_width=seven_px,
        names=names,
    )
    room = plan.stack_width - plan.stack_left  # from the grid's left, where each label starts
    for text in (
        card_axis_text(0, names, 1, 3),
        col_axis_text(2, names),
        caption_text(plan.grids[0].prefix, 3, plan.grids[0].caption),
    ):
        assert seven_px(text) <= room, text
    assert caption_text((1,), 3, "label 2") == "x[1] · label 2"
    scalar = plan_picture(
        (), {}, image=False, captions=(), cell=CELL, label_height=12, text_width=seven_px
    )
    assert seven_px("x · a scalar: no axes") <= scalar.stack_width - scalar.stack_left


def test_cell_text_and_value_range():
    names = ("samples", None)
    text = cell_text((1, 2), np.int64(5), names, "label 7")
    assert text == "x[1, 2] = 5  (int64)\naxis 0 (samples) = 1\naxis 1 = 2\nlabel 7"
    content = picture_content(np.array([[1.0, np.nan], [np.inf, -3.0]]), ("r", "c"))
    assert (content.low, content.high) == (-3.0, 1.0) and content.names == ("r", "c")
    assert content.fraction(-1.0) == 0.5 and content.fraction(np.nan) == 0.0
    digits = picture_content(np.full((2, 2, 2), 7, np.uint8), image=True)
    assert digits.image and (digits.low, digits.high) == (0.0, 255.0)
    assert not picture_content(np.arange(3), image=True).image  # a vector is never an image
    assert picture_content(np.arange(3), names=("too", "many")).names == (None,)


# --- the widget ------------------------------------------------------------------------------


@pytest.fixture
def picture(show):
    widget = show(TensorPicture(), size=(700, 500))
    widget.set_tensor(np.arange(2, 20).reshape(3, 2, 3), ("matrices", "rows", "columns"))
    return widget


def test_hit_testing_in_widget_coordinates_follows_the_front_card(picture, center_of):
    assert picture.zoom() > 1  # small tensors are drawn larger
    index, value, caption = picture.cell_at(center_of(picture, (0, 1, 2)))
    assert (index, value, caption) == ((0, 1, 2), 7, "")
    picture.set_index(0, 2)
    assert center_of(picture, (0, 1, 2)) is None  # card 0 is behind now
    assert picture.cell_at(center_of(picture, (2, 0, 1)))[1] == 15
    picture.set_index(0, 7)  # out of range: ignored
    assert picture.index_of(0) == 2


def test_clicks_and_page_keys_ask_for_a_card(qtbot, picture):
    card = picture.plan.back_cards[-1]
    point = QPointF(card.box.x + card.box.width / 2, card.box.y + 3)
    point = point * picture.zoom() + picture.origin()
    with qtbot.waitSignal(picture.card_requested) as asked:
        qtbot.mouseClick(picture, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert asked.args == [0, 1]
    picture.setFocus()
    with qtbot.waitSignal(picture.card_requested) as asked:
        qtbot.keyClick(picture, Qt.Key.Key_PageDown)
    assert asked.args == [0, 1]
    assert picture.index_of(0) == 0  # the picture only asks; whoever owns the slider decides


def test_hovering_a_cell_shows_its_index_and_value(qtbot, picture, center_of):
    qtbot.mouseMove(picture, center_of(picture, (0, 1, 0)).toPoint())
    qtbot.waitUntil(lambda: QToolTip.text().startswith("x[0, 1, 0] = 5  (int64)"), timeout=3000)
    assert "axis 0 (matrices) = 0\naxis 1 (rows) = 1" in QToolTip.text()


def test_the_rendered_image_colours_each_value(picture, center_of):
    picture.set_tensor(np.array([[0, 255], [128, 0]], np.uint8), image=True)
    assert picture.image_mode
    shot = picture.grab().toImage()
    for index, gray in [((0, 0), 0), ((0, 1), 255), ((1, 0), 128)]:
        color = QColor(shot.pixel(center_of(picture, index).toPoint()))
        assert abs(color.red() - gray) <= 1 and color.red() == color.green() == color.blue()
    # numbers are drawn on cells shaded in the theme's colours: tests/ranks/test_theme.py


def test_the_scalar_caption_is_not_cut_off(picture):
    picture.set_tensor(np.array(2))
    caption = picture.fontMetrics().horizontalAdvance("x · a scalar: no axes") * 0.7
    assert picture.plan.width >= 2 * MARGIN + caption


def test_a_tensor_without_elements_says_so(picture):
    picture.set_tensor(np.zeros((0, 3)))
    assert picture.plan.grids == () and picture.cell_at(QPointF(50, 50)) is None
    assert picture.minimumWidth() > 300  # room for the message
    assert not picture.grab().isNull()

"""The Rank Explorer's colours: colour-blind-safe axis colours that read as text in either theme,
and a picture, info panel and sliders that restyle when the theme switches (no engine)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from engine.ranks.describe import describe
from engine.ranks.tf_view import TensorFlowView
from widgets.ranks.colours import (
    TEXT_CONTRAST,
    axis_color,
    contrast,
    picture_style,
)
from widgets.ranks.dims_sliders import DimsSliders, SliderAxis
from widgets.ranks.info_panel import TensorInfoPanel
from widgets.ranks.operations_panel import problem_html, shapes_html
from widgets.ranks.picture import TensorPicture
from widgets.shared.theme import OKABE_ITO, Theme, apply_theme


@pytest.fixture
def themed():
    """``themed(theme)`` switches the whole application; light again after the test."""
    yield apply_theme
    apply_theme(Theme.LIGHT)


def backgrounds() -> tuple[QColor, QColor]:
    palette = QApplication.palette()
    return palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Window)


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK])
def test_axis_colours_are_okabe_ito_hues_that_read_as_text(qapp, themed, theme):
    themed(theme)
    colours = [QColor(axis_color(axis)) for axis in range(len(OKABE_ITO))]
    assert len({c.name() for c in colours}) == len(OKABE_ITO)  # eight axes, eight colours
    for axis, colour in enumerate(colours):
        original = QColor(OKABE_ITO[axis])
        if original.hslSaturation() > 0:  # black (white in the dark) has no hue to keep
            assert abs(colour.hslHue() - original.hslHue()) <= 3, axis
        for background in backgrounds():
            assert contrast(colour, background) >= TEXT_CONTRAST, (axis, theme)
    assert axis_color(8) == axis_color(0)  # they repeat past eight axes


def close(a: QColor, b: QColor) -> bool:
    """The same colour, give or take the rounding of one channel step."""
    return all(abs(x - y) <= 1 for x, y in zip(a.getRgb(), b.getRgb(), strict=True))


def pixel(picture: TensorPicture, point: QPointF) -> QColor:
    image = picture.grab().toImage()
    return QColor(image.pixel((point * picture.zoom() + picture.origin()).toPoint()))


def test_the_picture_is_painted_in_the_theme_in_use(qapp, themed, show):
    picture = show(TensorPicture(), size=(600, 400))
    picture.set_tensor(np.arange(2, 20).reshape(3, 2, 3))
    plan = picture.plan
    grid, card = plan.grids[0], plan.back_cards[-1]
    lowest = QPointF(grid.box.x + 3, grid.box.y + 3)  # the cell of 2, away from its number
    behind = QPointF(card.box.x + card.box.width * 0.6, card.box.y + 5)  # the card behind
    for theme in (Theme.LIGHT, Theme.DARK, Theme.LIGHT):
        themed(theme)
        qapp.processEvents()  # the new palette reaches the widgets
        style = picture_style(QApplication.palette())
        assert (theme is Theme.DARK) == (style.background.lightness() < 128)
        assert close(pixel(picture, lowest), style.background)  # the lowest value: no tint
        assert close(pixel(picture, behind), style.card_fill)
        highest = QPointF(grid.box.right - 3, grid.box.bottom - 3)  # 7: tinted, on a card too
        assert close(pixel(picture, highest), style.value_fill(5 / 17))
        assert contrast(style.value_text, style.high_fill) >= TEXT_CONTRAST
        assert contrast(style.caption_text, style.background) >= TEXT_CONTRAST


def test_the_rendered_cells_shade_from_the_background_to_the_highlight(qapp, themed, show):
    themed(Theme.LIGHT)
    picture = show(TensorPicture(), size=(600, 400))
    picture.set_tensor(np.array([1.0, 5.0, 3.0]))
    style = picture_style(QApplication.palette())
    box = picture.plan.grids[0].box

    def corner(column: int) -> QColor:  # inside the cell, away from its number and border
        return pixel(picture, QPointF(box.x + column * picture.plan.cell_width + 4, box.y + 4))

    assert close(corner(0), style.background)  # the lowest value
    assert close(corner(1), style.high_fill)  # the highest
    assert close(corner(2), style.value_fill(0.5))


def test_the_info_panel_and_the_sliders_restyle_when_the_theme_switches(qapp, themed, show):
    themed(Theme.LIGHT)
    panel = show(TensorInfoPanel(), size=(500, 400))
    panel.set_numpy(describe(np.zeros((2, 3, 4))))
    panel.set_tensorflow(TensorFlowView(error="Value for attr 'T' of bool is not allowed"))
    dims = show(DimsSliders(), size=(500, 100))
    dims.set_axes([SliderAxis(0, 2, "samples", "front card")])
    light = axis_color(1)
    assert f"color:{light}" in panel.text()
    themed(Theme.DARK)
    dark = axis_color(1)
    assert (
        dark != light and f"color:{dark}" in panel.text() and f"color:{light}" not in panel.text()
    )
    (title,) = [label for label in dims.findChildren(QLabel) if "samples" in label.text()]
    assert f"color:{axis_color(0)}" in title.text()
    assert axis_color(0) in dims.sliders[0].styleSheet()
    assert "✗ TensorFlow refused" in panel.text()  # a sign, not only a colour


def test_operation_texts_carry_no_colour_of_their_own():
    from engine.ranks.operations import apply_operation

    result = apply_operation(np.zeros((2, 3)), "reshape", "3, 2")
    for text in (shapes_html(result, "Press Enter to apply"), problem_html("Cannot reshape")):
        assert "color" not in text
    assert problem_html("Cannot reshape").startswith("⚠ ")

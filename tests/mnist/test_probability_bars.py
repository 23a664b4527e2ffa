"""ProbabilityBars on its own: one bar per class, as long as its probability, the winner in the
theme's first series colour, in light and in dark."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor

from widgets.mnist.probability_bars import ProbabilityBars
from widgets.shared import theme


def bar_lengths(bars: ProbabilityBars, color: QColor) -> list[int]:
    """Per row, how many pixels across its middle are painted in ``color``."""
    image = bars.grab().toImage()
    row = bars.height() / len(bars.labels)
    return [
        sum(image.pixelColor(x, int((i + 0.5) * row)) == color for x in range(image.width()))
        for i in range(len(bars.labels))
    ]


@pytest.fixture(params=[theme.Theme.LIGHT, theme.Theme.DARK])
def themed(request):
    theme.apply_theme(request.param)
    yield request.param
    theme.apply_theme(theme.Theme.SYSTEM)


def test_bars_are_as_long_as_their_probabilities_and_the_winner_stands_out(qtbot, show, themed):
    bars = show(ProbabilityBars(), size=(400, 300))
    WINNER, BAR = bars.bar_colours()  # noqa: N806 (constants of this test)
    assert WINNER.name() == theme.series_colour(0).lower()
    background = bars.palette().window().color()
    assert abs(BAR.lightness() - background.lightness()) > 60  # stands out in either theme
    assert bar_lengths(bars, WINNER) == [0] * 10 and bar_lengths(bars, BAR) == [0] * 10
    p = np.zeros(10)
    p[[1, 3, 7]] = 0.2, 0.7, 0.1
    bars.set_probabilities(p)
    winner, others = bar_lengths(bars, WINNER), bar_lengths(bars, BAR)
    assert [i for i, n in enumerate(winner) if n] == [3]
    assert [i for i, n in enumerate(others) if n] == [1, 7]
    assert abs(winner[3] / others[1] - 3.5) < 0.1  # 0.7 against 0.2
    assert abs(others[1] / others[7] - 2.0) < 0.1
    bars.set_probabilities(None)
    assert bars.probabilities is None and bar_lengths(bars, WINNER) == [0] * 10


def test_another_number_of_classes_gets_as_many_rows(qtbot, show):
    bars = show(ProbabilityBars(), size=(300, 150))
    WINNER, BAR = bars.bar_colours()  # noqa: N806
    bars.set_probabilities(np.array([0.5, 0.25, 0.25]))
    assert bars.labels == ["0", "1", "2"]
    assert [bool(n) for n in bar_lengths(bars, WINNER)] == [True, False, False]
    assert [bool(n) for n in bar_lengths(bars, BAR)] == [False, True, True]

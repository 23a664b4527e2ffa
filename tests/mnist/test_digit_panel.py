"""DigitPanel on its own: what it shows for a prediction, and for none."""

from __future__ import annotations

import numpy as np

from engine.mnist.results import Prediction
from widgets.mnist.digit_panel import HINT, DigitPanel


def test_a_prediction_shows_the_digit_its_probability_and_the_image_fed(qtbot, show):
    panel = show(DigitPanel(), size=(500, 300))
    p = np.full(10, 0.02)
    p[4] = 0.82
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = 1.0
    panel.show_prediction(Prediction(p, image))
    assert (
        "<b>4</b>" in panel.prediction_label.text() and "(82.0%)" in panel.prediction_label.text()
    )
    np.testing.assert_array_equal(panel.bars.probabilities, p)
    preview = panel.preview.pixmap().toImage()
    assert preview.pixelColor(28, 28).value() == 255 and preview.pixelColor(4, 4).value() == 0
    panel.show_prediction(Prediction(None, None))  # a blank canvas
    assert panel.prediction_label.text() == HINT
    assert panel.bars.probabilities is None and panel.preview.pixmap().isNull()


def test_clear_erases_the_drawing(qtbot, show):
    panel = show(DigitPanel(), size=(500, 300))
    panel.canvas.draw_stroke([(40, 140), (240, 140)])
    with qtbot.waitSignal(panel.canvas.changed):
        panel.clear_button.click()
    assert panel.canvas.is_blank()

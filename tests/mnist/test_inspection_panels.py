"""The saliency and feature-map views fed by hand (no engine): what they draw, in which colours
in either theme, and what they say when there is nothing to draw."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from engine.mnist.inspection import FeatureMaps, Saliency
from widgets.mnist.feature_maps_panel import NO_CONV, NO_DIGIT, FeatureMapsPanel
from widgets.mnist.inspection_controller import MapsShown, SaliencyShown, Subject
from widgets.mnist.muted_label import MutedLabel
from widgets.mnist.saliency_panel import NO_CODE, SaliencyPanel
from widgets.shared import theme


@pytest.fixture(params=[theme.Theme.LIGHT, theme.Theme.DARK])
def themed(request):
    theme.apply_theme(request.param)
    QApplication.processEvents()
    yield request.param
    theme.apply_theme(theme.Theme.SYSTEM)


def a_saliency(image=None):
    gradient = np.zeros((28, 28), np.float32)
    gradient[5, 5], gradient[10, 10], gradient[12, 12] = 0.02, -0.02, 0.01
    pixels = np.zeros((28, 28), np.float32) if image is None else image
    return Saliency(pixels, gradient, 4, 0.75, (784,), "x = tf.constant(...)\n")


def close(a: QColor, b: QColor, tolerance=3) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def test_the_map_is_drawn_in_the_theme_s_colours(qtbot, show, themed):
    panel = show(SaliencyPanel(), size=(900, 600))
    subject = Subject(np.zeros((28, 28), np.uint8), "test digit #3: true 4, predicted 4")
    panel.show_saliency(SaliencyShown(subject, a_saliency(), "print('tape')\n"))
    image = panel.overlay.image
    base = panel.palette().color(QPalette.ColorRole.Base)
    assert close(image.pixelColor(0, 0), base)  # zero gradient, no ink: the background
    assert close(image.pixelColor(5, 5), QColor(theme.series_colour(1)))  # the largest, positive
    assert close(image.pixelColor(10, 10), QColor(theme.series_colour(0)))  # as large, negative
    half = image.pixelColor(12, 12)  # half the scale: halfway from the background to orange
    orange = QColor(theme.series_colour(1))
    assert close(
        half,
        QColor(
            (base.red() + orange.red()) // 2,
            (base.green() + orange.green()) // 2,
            (base.blue() + orange.blue()) // 2,
        ),
        2,
    )
    assert panel.scale.limit == pytest.approx(0.02) and panel.scale.signed
    assert panel.scale.accessibleName() == "Colour scale from −0.02 to +0.02"
    assert "test digit #3" in panel.title.text() and "Predicted <b>4</b>" in panel.result.text()
    assert panel.stack.currentIndex() == 1 and not panel.drawing.isVisible()
    assert panel.code_pane.code() == "print('tape')\n"
    assert panel.drawing_button.isEnabled()  # a test digit is shown: the drawing can come back


def test_a_theme_switch_redraws_the_map_on_the_new_background(qtbot, show):
    theme.apply_theme(theme.Theme.LIGHT)
    try:
        panel = show(SaliencyPanel(), size=(900, 600))
        subject = Subject(np.zeros((28, 28), np.uint8), "test digit #3")
        panel.show_saliency(SaliencyShown(subject, a_saliency(), ""))
        light = panel.overlay.image.pixelColor(0, 0)
        theme.apply_theme(theme.Theme.DARK)
        QApplication.processEvents()
        dark = panel.overlay.image.pixelColor(0, 0)
        assert dark.lightness() < 80 < 200 < light.lightness()
        assert close(dark, panel.palette().color(QPalette.ColorRole.Base))
    finally:
        theme.apply_theme(theme.Theme.SYSTEM)


def test_a_drawn_digit_shows_the_drawing_beside_what_the_model_saw(qtbot, show):
    panel = show(SaliencyPanel(), size=(900, 600))
    drawing = np.zeros((280, 280), np.uint8)
    drawing[50:230, 130:150] = 255
    seen = np.zeros((28, 28), np.float32)
    seen[4:24, 13:15] = 1.0
    panel.show_saliency(SaliencyShown(Subject(seen, "your drawing", drawing), a_saliency(seen), ""))
    assert panel.drawing.isVisible() and panel.drawing.image.width() == 280
    assert panel.seen.image.width() == 28 and panel.seen.image.pixelColor(14, 10).lightness() == 255
    # The ink shows faintly under the map: the stroke is lighter (light theme) or darker than
    # the background, never the same.
    base = panel.palette().color(QPalette.ColorRole.Base)
    assert not close(panel.overlay.image.pixelColor(13, 20), base, 10)
    assert not panel.drawing_button.isEnabled()  # it is the drawing already
    # The captions stay whole on one line, even in a narrow panel.
    panel.resize(520, 600)
    QApplication.processEvents()
    for caption in panel.findChildren(MutedLabel):
        if caption.text() in ("The drawing", "What the model saw", "Saliency"):
            metrics = caption.fontMetrics()
            assert caption.width() >= metrics.horizontalAdvance(caption.text())
            assert caption.height() < 2 * metrics.height()
    panel.show_hint("Draw a digit")
    assert panel.stack.currentWidget() is panel.hint and panel.hint.text() == "Draw a digit"
    assert panel.code_pane.code() == NO_CODE


def test_a_short_narrow_pane_puts_the_result_under_the_pictures_which_stay_in_view(qtbot, show):
    panel = show(SaliencyPanel(), size=(700, 500))
    panel.show_saliency(
        SaliencyShown(Subject(np.zeros((28, 28)), "test digit #1"), a_saliency(), "")
    )
    assert panel.side_beside  # wide: the result and the colour key right of the pictures
    panel.resize(400, 220)  # the pane in a 1024×700 window
    qtbot.waitUntil(lambda: not panel.side_beside)
    QApplication.processEvents()
    seen_top = panel.seen.mapTo(panel.side.parentWidget(), panel.seen.rect().topLeft()).y()
    side_top = panel.side.geometry().top()
    assert side_top > seen_top + panel.seen.height() // 2  # under the pictures
    scroll = panel.stack.currentWidget()
    top_in_view = panel.seen.mapTo(scroll.viewport(), panel.seen.rect().topLeft()).y()
    assert 0 <= top_in_view < scroll.viewport().height()  # the picture starts in view
    panel.resize(700, 500)
    qtbot.waitUntil(lambda: panel.side_beside)


def conv_layers(with_activations=True):
    rng = np.random.default_rng(0)
    first = rng.normal(size=(26, 26, 4)).clip(0).astype(np.float32) if with_activations else None
    second = rng.normal(size=(11, 11, 6)).astype(np.float32) if with_activations else None
    return (
        FeatureMaps("conv2d", "relu", first, rng.normal(size=(3, 3, 1, 4)).astype(np.float32)),
        FeatureMaps("conv2d_1", "tanh", second, rng.normal(size=(3, 3, 4, 6)).astype(np.float32)),
    )


def test_each_conv_layer_shows_its_activations_and_filters(qtbot, show, themed):
    panel = show(FeatureMapsPanel(), size=(900, 700))
    subject = Subject(np.zeros((28, 28), np.uint8), "test digit #9: true 4, predicted 9")
    layers = conv_layers()
    panel.show_maps(MapsShown(subject, layers))
    assert "test digit #9" in panel.title.text() and not panel.message.isVisible()
    first, second = panel.layers
    assert "conv2d</b>: 4 filters of 3×3, relu → output (26, 26, 4)" in first.heading.text()
    assert len(first.activations.images) == 4 and len(first.kernels.images) == 4
    assert len(second.activations.images) == 6 and len(second.kernels.images) == 6
    # One scale per layer: the strongest activation is the full colour; relu is never negative.
    assert first.activation_scale.limit == pytest.approx(float(layers[0].activations.max()))
    assert not first.activation_scale.signed and second.activation_scale.signed
    f = int(np.argmax(layers[0].activations.max(axis=(0, 1))))
    y, x = np.unravel_index(np.argmax(layers[0].activations[:, :, f]), (26, 26))
    assert close(
        first.activations.images[f].pixelColor(int(x), int(y)), QColor(theme.series_colour(1))
    )
    # Filters of a layer with several input channels are summed over them (and said to be).
    np.testing.assert_allclose(second.kernel_images[2], layers[1].kernels[:, :, :, 2].sum(axis=2))
    # Zero (relu's "off") is the background.
    off_y, off_x = np.argwhere(layers[0].activations[:, :, f] == 0)[0]
    blank = first.activations.images[f].pixelColor(int(off_x), int(off_y))
    assert close(blank, panel.palette().color(QPalette.ColorRole.Base))
    # Each filter is framed (its zero weights are the background), the activations are not.
    for grid, framed in ((first.kernels, True), (first.activations, False)):
        corner = grid._rect(0).topLeft()
        painted = grid.grab().toImage().pixelColor(corner.x() - 1, corner.y() - 1)
        assert close(painted, grid.palette().mid().color()) == framed


def test_without_a_digit_the_filters_alone_and_without_conv_layers_a_sentence(qtbot, show):
    panel = show(FeatureMapsPanel(), size=(900, 700))
    panel.show_maps(MapsShown(None, conv_layers(with_activations=False)))
    assert panel.message.text() == NO_DIGIT and panel.message.isVisible()
    assert [len(view.kernels.images) for view in panel.layers] == [4, 6]
    assert all(view.activations.isHidden() for view in panel.layers)
    panel.show_maps(MapsShown(Subject(np.zeros((28, 28)), "your drawing"), ()))
    assert panel.message.text() == NO_CONV and panel.layers == []
    assert panel.title.text() == "<b>Feature maps</b>"
    panel.show_hint("No model yet")
    assert panel.message.text() == "No model yet" and panel.layers == []

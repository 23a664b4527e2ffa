"""The screenshot states of the convnet (scripts/demo_states.py) leave what the README shows: a
Small convnet trained and then trained once more (3 epochs, one curve, a marker), its feature
maps for the drawn 7, the most frequent confusion's digits and the first one's saliency map."""

from __future__ import annotations

import numpy as np
import pytest
from demo_states import EXTRA_STATES, mnist_convnet, mnist_mistakes

TIMEOUT = 120_000


@pytest.fixture(autouse=True)
def own_history(history):
    return history


def test_the_convnet_state_trains_more_and_shows_its_feature_maps(qtbot, tab):
    assert EXTRA_STATES["mnist-convnet"] == ("MNIST Trainer", mnist_convnet)
    mnist_convnet(tab)
    assert tab.details.currentWidget() is tab.details.feature_maps
    report = tab.controller.result.report
    assert report.updates_done == 1 * 169  # ceil(5400 / 32) in the second stage
    assert report.total_updates == 3 * 169
    assert tab.curves.epochs == 3
    maps = tab.controller.inspection
    qtbot.waitUntil(lambda: maps.maps is not None, timeout=TIMEOUT)
    assert [layer.name for layer in maps.maps.layers] == ["conv2d", "conv2d_1"]


def test_the_mistakes_state_lists_the_worst_confusion_and_a_saliency_map(qtbot, tab):
    mnist_mistakes(tab)
    matrix = np.array(tab.results.confusion.matrix)
    np.fill_diagonal(matrix, -1)
    true, predicted = np.unravel_index(int(np.argmax(matrix)), matrix.shape)
    gallery = tab.details.gallery
    assert gallery.heading.accessibleName().endswith(f"true {true}, predicted {predicted}")
    assert tab.details.currentWidget() is tab.details.saliency
    inspection = tab.controller.inspection
    qtbot.waitUntil(lambda: inspection.saliency is not None, timeout=TIMEOUT)
    assert inspection.saliency.subject.title.startswith("test digit #")

"""The MNIST Trainer tab on screen with a real engine and its data loaded, for the tab tests."""

from __future__ import annotations

import pytest

from widgets.mnist.view import MnistTrainerTab

TIMEOUT = 120_000


@pytest.fixture
def tab(qtbot, show, worker):
    widget = show(MnistTrainerTab(worker))
    qtbot.waitUntil(lambda: widget.controller.data_source.data is not None, timeout=TIMEOUT)
    yield widget
    widget.shutdown()
    qtbot.waitUntil(lambda: not worker.busy, timeout=TIMEOUT)

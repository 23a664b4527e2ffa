"""The MNIST Trainer tab on screen with a real engine and its data loaded, for the tab tests."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage

from widgets.mnist.curves import TrainingCurves
from widgets.mnist.view import MnistTrainerTab
from widgets.shared import theme

TIMEOUT = 120_000


@pytest.fixture
def history(tmp_path, monkeypatch):
    """A run-history folder of this test's own (the app and the command line both read the
    variable)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("TENSOR_WORKBENCH_DATA", str(folder))
    return folder


@pytest.fixture
def tab(qtbot, show, worker):
    widget = show(MnistTrainerTab(worker))
    qtbot.waitUntil(lambda: widget.controller.data_source.data is not None, timeout=TIMEOUT)
    yield widget
    widget.shutdown()
    qtbot.waitUntil(lambda: not worker.busy, timeout=TIMEOUT)


def near(image: QImage, x: float, y: float, colour: str, radius: int = 2) -> bool:
    """Whether a pixel within ``radius`` of (x, y) has about ``colour``."""
    want = QColor(colour)
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            px, py = round(x) + dx, round(y) + dy
            if not image.valid(px, py):
                continue
            got = image.pixelColor(px, py)
            distance = abs(got.red() - want.red()) + abs(got.green() - want.green())
            if distance + abs(got.blue() - want.blue()) < 60:
                return True
    return False


def _paints_its_data(curves: TrainingCurves) -> bool:
    """Every series' every point is painted in its colour where it belongs (or lies under a
    validation marker, which is painted over the train line)."""
    for metric, panel in curves.panels.items():
        image = panel.grab().toImage()
        markers = [panel.to_pixel(x, y) for x, y in zip(*curves.data[f"val_{metric}"], strict=True)]
        for index, key in enumerate((metric, f"val_{metric}")):
            xs, ys = curves.data[key]
            for x, y in zip(xs, ys, strict=True):
                point = panel.to_pixel(x, y)
                covered = index == 0 and any(
                    abs(m.x() - point.x()) < 4 and abs(m.y() - point.y()) < 4 for m in markers
                )
                if not covered and not near(
                    image, point.x(), point.y(), theme.series_colour(index)
                ):
                    return False
    return True


@pytest.fixture
def paints_its_data():
    """``paints_its_data(curves)``: whether the live plots show every point they hold."""
    return _paints_its_data

"""What inspecting a model costs: the engine jobs (a saliency map, the feature maps) for the two
presets' architectures, and the GUI-thread time to show their results (the saliency view, the
feature-map view, a full gallery of 200 digits).

The jobs run on the engine thread, so their time is how long a map takes to appear, not a
freeze; the GUI numbers are the event-loop time each view takes, and should stay under a frame
(16 ms). Measured on this 2-core CPU (busy with other work): saliency 10 ms (dense) and 21 ms
(convnet) a job, feature maps 12 ms; shown and painted, the saliency view 2 ms, the convnet's
feature maps (96 activation maps, 96 filters) 11 ms, a gallery of 200 digits 4 ms. So neither
map needs debouncing beyond the drawing's own, and Policy.LATEST keeps fast clicking from
queueing work. Weights are freshly initialised: the time does not depend on training.
"""

from __future__ import annotations

import time

import numpy as np
from common import emit, median

from engine.mnist import load_mnist
from engine.mnist.architecture import SEED, SMALL_CONVNET, build
from engine.mnist.gallery import pick
from engine.mnist.inspection import feature_maps, saliency

REPEATS = 7


def shown_and_painted(widget, show, *args) -> None:
    """``show(*args)``, then the layout and a full paint of ``widget``, as the next frame does."""
    show(*args)
    widget.grab()


def timed(fn, *args) -> tuple[float, object]:
    """The median seconds of ``fn(*args)`` over REPEATS calls after one warm-up call."""
    result = fn(*args)
    seconds = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = fn(*args)
        seconds.append(time.perf_counter() - start)
    return median(seconds), result


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from widgets.mnist.feature_maps_panel import FeatureMapsPanel
    from widgets.mnist.gallery_page import GalleryPage
    from widgets.mnist.inspection_controller import (
        GalleryShown,
        MapsShown,
        SaliencyShown,
        Subject,
    )
    from widgets.mnist.saliency_panel import SaliencyPanel

    app = QApplication([])
    data = load_mnist()
    image = data.x_test[0]
    subject = Subject(image, "test digit #0")
    result: dict[str, float] = {}
    for name, preset in (("dense", SEED), ("convnet", SMALL_CONVNET)):
        model = build(preset.layers)
        seconds, shown = timed(saliency, model, image)
        result[f"{name}_saliency_job_ms"] = round(1000 * seconds, 1)
        seconds, maps = timed(feature_maps, model, image)
        result[f"{name}_feature_maps_job_ms"] = round(1000 * seconds, 1)
        panel = SaliencyPanel()
        panel.resize(900, 500)
        panel.show()
        seconds, _ = timed(
            shown_and_painted, panel, panel.show_saliency, SaliencyShown(subject, shown, shown.code)
        )
        result[f"{name}_saliency_view_ms"] = round(1000 * seconds, 2)
        if maps:
            view = FeatureMapsPanel()
            view.resize(900, 500)
            view.show()
            seconds, _ = timed(
                shown_and_painted, view, view.show_maps, MapsShown(subject, tuple(maps))
            )
            result[f"{name}_feature_maps_view_ms"] = round(1000 * seconds, 1)
    labels = data.y_test
    predicted = (labels + (np.arange(len(labels)) % 7 == 0)) % 10  # one in seven wrong
    gallery = pick(labels, predicted)
    at = gallery.indices
    ev = GalleryShown(gallery, data.x_test[at], labels[at], predicted[at])
    page = GalleryPage()
    page.resize(900, 500)
    page.show()
    seconds, _ = timed(shown_and_painted, page, page.show_gallery, ev)
    result["gallery_200_view_ms"] = round(1000 * seconds, 2)
    app.quit()
    emit(result)


if __name__ == "__main__":
    main()

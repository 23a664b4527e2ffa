"""Every demo state (scripts/demo_states.py, used for the screenshots) runs in the real window
and leaves its tab showing what it promises."""

from __future__ import annotations

import numpy as np
from demo_states import STATES

from engine.editor.document import Mode

TIMEOUT = 120_000


def test_every_demo_state_runs_in_the_main_window(qtbot, main_window):
    window = main_window
    assert list(STATES) == [window.tabs.tabText(i) for i in range(window.tabs.count())]
    for index, (title, state) in enumerate(STATES.items()):
        window.tabs.setCurrentIndex(index)
        tab = window.tabs.widget(index)
        if title == "MNIST Trainer":
            data = tab.controller.data_source
            qtbot.waitUntil(lambda data=data: data.data is not None, timeout=TIMEOUT)
        state(tab)
        qtbot.waitUntil(lambda: not window.worker.busy, timeout=TIMEOUT)
        if title == "MNIST Trainer":
            # The engine can be idle before the run's result has reached the tab (a queued
            # signal): wait for the tab to have it.
            qtbot.waitUntil(lambda tab=tab: not tab.controller.training, timeout=TIMEOUT)
            qtbot.waitUntil(lambda: not window.worker.busy, timeout=TIMEOUT)

    editor, gradients, ranks, mnist = (window.tabs.widget(i) for i in range(4))
    assert editor.mode is Mode.VARIABLE and editor.model.array.shape == (6, 8)
    assert "# t[1, 1] = 3.  <- refused" in editor.code_pane.code()
    assert [label.text() for label in gradients.controls.value_labels[:3]] == [
        "19.6",
        "19.6",
        "9.8",
    ]
    assert ranks.current.array.shape == (3, 2, 3) and "(2, 3)" in ranks.shapes.text()
    report = mnist.controller.result.report
    assert report.epochs_done == 3 and not report.stopped
    prediction = mnist.controller.drawing.prediction
    assert prediction is not None and np.isclose(prediction.probabilities.sum(), 1)

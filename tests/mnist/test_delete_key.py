"""The Delete key does what the focused part of the trainer offers: in the Runs table it deletes
the selected run, on the drawing it clears the drawing. (Two shortcuts on one key in nested
widgets would be ambiguous, and Qt would then run neither.)"""

from __future__ import annotations

import pytest
from keyboard import focus_on
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.runs import RunStore
from engine.runs.record import RunRecorder
from widgets.mnist.view import MnistTrainerTab

TIMEOUT = 120_000


@pytest.fixture
def tab(qtbot, show, worker, history):
    store = RunStore()
    for optimizer in ("adam", "sgd"):
        recorder = RunRecorder(store, "cli")
        recorder.start({"epochs": 1, "optimizer": optimizer})
        recorder.epoch(1, {"loss": 0.5, "accuracy": 0.9}, 1.0)
        recorder.finish("finished", test_accuracy=0.9, test_loss=0.3, gradient_updates=469)
    store.close()
    widget = show(MnistTrainerTab(worker))
    yield widget
    widget.shutdown()
    qtbot.waitUntil(lambda: not worker.busy, timeout=TIMEOUT)


def test_delete_in_the_runs_table_deletes_the_selected_run(qtbot, tab):
    panel = tab.runs_panel
    tab.details.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=TIMEOUT)
    focus_on(qtbot, panel.table)
    panel.select_ids([1])
    assert panel.selected_ids() == [1]
    QTest.keyClick(panel.table, Qt.Key.Key_Delete)
    assert [panel.model.run_at(row).id for row in range(panel.model.rowCount())] == [2]


def test_delete_on_the_drawing_clears_it(qtbot, tab):
    canvas = tab.digit_panel.canvas
    canvas.draw_stroke([(70, 60), (200, 60), (130, 235)])
    assert not canvas.is_blank()
    focus_on(qtbot, canvas)
    QTest.keyClick(canvas, Qt.Key.Key_Delete)
    assert canvas.is_blank()

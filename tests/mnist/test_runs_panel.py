"""The Runs panel over a real history: sorted and filtered, several runs overlaid and compared
on only what differs, renamed, annotated, deleted and brought back, and exported."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt

from engine.runs import RunStore
from engine.runs.record import RunRecorder
from widgets.mnist.runs_controller import RunsController
from widgets.mnist.runs_panel import RunsPanel
from widgets.mnist.runs_table import ACCURACY, NAME

BASE = {"epochs": 3, "batch_size": 128, "optimizer": "rmsprop", "learning_rate": 0.001, "seed": 1}


@pytest.fixture
def history(tmp_path, monkeypatch):
    monkeypatch.setenv("TENSOR_WORKBENCH_DATA", str(tmp_path / "data"))
    store = RunStore()
    for i, (optimizer, accuracy) in enumerate((("rmsprop", 0.97), ("adam", 0.98), ("sgd", 0.91))):
        recorder = RunRecorder(store, "gui" if i else "cli")
        recorder.start({**BASE, "optimizer": optimizer})
        for epoch in range(1, 4):
            recorder.epoch(
                epoch, {"loss": 1 / (epoch + i), "accuracy": accuracy - 0.1 / epoch}, 1.0
            )
        recorder.finish("finished", test_accuracy=accuracy, test_loss=0.1, gradient_updates=1407)
    store.close()
    return tmp_path / "data"


@pytest.fixture
def panel(qtbot, bare_worker, show, history):
    widget = show(RunsPanel(RunsController(bare_worker)), size=(1200, 600))
    widget.refresh()
    yield widget
    widget.controller.shutdown()


def column(panel: RunsPanel, col: int) -> list[str]:
    return [panel.model.index(r, col).data() for r in range(panel.model.rowCount())]


def select(panel: RunsPanel, *names: str) -> None:
    """Click the rows, as a user would (Ctrl+click for more than one)."""
    panel.table.clearSelection()
    for row in range(panel.model.rowCount()):
        if panel.model.index(row, NAME).data() in names:
            panel.table.selectionModel().select(
                panel.model.index(row, 0),
                panel.table.selectionModel().SelectionFlag.Select
                | panel.table.selectionModel().SelectionFlag.Rows,
            )


def test_the_table_lists_sorts_and_filters(panel):
    assert sorted(column(panel, NAME)) == ["run 1", "run 2", "run 3"]
    panel.table.sortByColumn(ACCURACY, Qt.SortOrder.DescendingOrder)
    assert column(panel, ACCURACY) == ["0.9800", "0.9700", "0.9100"]
    panel.filter_edit.setText("ADAM")
    assert column(panel, NAME) == ["run 2"]
    panel.filter_edit.clear()
    assert panel.model.rowCount() == 3


def test_selected_runs_are_overlaid_and_compared_on_what_differs(panel):
    select(panel, "run 1", "run 3")
    labels = [s.label for s in panel.charts["loss"].series]
    assert labels == ["run 1", "run 3"]
    colours = {s.colour_index for s in panel.charts["accuracy"].series}
    assert len(colours) == 2  # one colour each
    assert panel.comparison.rowCount() == 1  # only the optimizer differs
    assert panel.comparison.verticalHeaderItem(0).text() == "optimizer"
    assert [panel.comparison.item(0, c).text() for c in range(2)] == ["rmsprop", "sgd"]
    panel.differs_box.setChecked(False)
    assert panel.comparison.rowCount() == len(BASE)


def test_rename_note_delete_and_undo(panel, qtbot):
    select(panel, "run 2")
    row = column(panel, NAME).index("run 2")
    assert panel.model.setData(panel.model.index(row, NAME), "adam baseline")
    assert "adam baseline" in column(panel, NAME)
    select(panel, "adam baseline")
    panel.note_edit.setText("the best so far")
    panel.note_edit.editingFinished.emit()
    assert RunStore().get(2).note == "the best so far"
    select(panel, "run 1", "run 3")
    panel.delete_button.click()
    assert column(panel, NAME) == ["adam baseline"]
    assert "Undo" in panel.message.text()
    panel.controller.undo_stack.undo()
    assert sorted(column(panel, NAME)) == ["adam baseline", "run 1", "run 3"]
    panel.controller.undo_stack.redo()
    panel.controller.shutdown()  # the app closes: the deletion is final
    assert [r.id for r in RunStore().runs(include_hidden=True)] == [2]


def test_export_csv_of_the_selection(panel, tmp_path):
    select(panel, "run 1", "run 2")
    panel.controller.export_csv(panel.selected_ids(), str(tmp_path / "runs.csv"))
    rows = list(csv.DictReader((tmp_path / "runs.csv").open()))
    assert [(r["run_id"], r["epoch"]) for r in rows] == [
        ("1", "1"),
        ("1", "2"),
        ("1", "3"),
        ("2", "1"),
        ("2", "2"),
        ("2", "3"),
    ]
    assert "Exported 2 run(s)" in panel.message.text()


def test_a_garbage_history_is_set_aside_and_said_once(
    qtbot, bare_worker, show, tmp_path, monkeypatch
):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "runs.sqlite").write_bytes(b"garbage" * 500)
    monkeypatch.setenv("TENSOR_WORKBENCH_DATA", str(folder))
    widget = show(RunsPanel(RunsController(bare_worker)))
    widget.refresh()
    assert "moved aside" in widget.message.text() and widget.model.rowCount() == 0
    widget.controller.shutdown()

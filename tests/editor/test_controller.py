"""The editor's controller without a view: NumPy mode needs no TensorFlow, so a bare worker runs
its jobs. What it holds, the undo history and its script, and what it says where."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QObject

from engine.editor.document import Mode
from widgets.editor.commands import Held
from widgets.editor.controller import EditorController
from widgets.editor.messages import Place
from widgets.shared.message_line import Severity

START = np.arange(24, dtype=np.float32).reshape(4, 6)
TIMEOUT = 10_000


class Said(QObject):
    """Every message the controller sends, in order: (place, severity or None, text)."""

    def __init__(self, controller: EditorController):
        super().__init__()
        self.lines: list[tuple[Place, Severity | None, str]] = []
        self.code: list[str] = []
        self.held: list[Held] = []
        messages = controller.messages
        messages.refused.connect(lambda p, t: self.lines.append((p, Severity.ERROR, t)))
        messages.notice.connect(lambda p, t, s: self.lines.append((p, s, t)))
        messages.cleared.connect(lambda p: self.lines.append((p, None, "")))
        controller.code_added.connect(self.code.append)
        controller.held_changed.connect(self.held.append)


@pytest.fixture
def controller(qtbot, bare_worker):
    controller = EditorController(bare_worker)
    yield controller
    controller.shutdown()
    qtbot.waitUntil(lambda: not bare_worker.busy, timeout=TIMEOUT)


def settle(qtbot, controller: EditorController) -> None:
    qtbot.waitUntil(lambda: not controller.jobs.busy, timeout=TIMEOUT)


def engine_value(qtbot, controller: EditorController) -> np.ndarray:
    values: list[np.ndarray] = []
    controller.jobs.submit("read", controller.document.to_numpy, on_result=values.append)
    qtbot.waitUntil(lambda: bool(values), timeout=TIMEOUT)
    return values[0]


def test_it_starts_with_a_range_and_the_code_that_makes_it(controller):
    held = controller.held
    np.testing.assert_array_equal(held.array, START)
    assert (held.mode, held.python_type) == (Mode.NUMPY, "numpy.ndarray")
    script = controller.history.script().splitlines()
    assert script[-1] == "x = np.arange(24, dtype=np.float32).reshape((4, 6))"
    assert "import numpy as np" in script


def test_a_typed_cell_is_applied_by_the_engine_then_undone_and_redone(qtbot, controller):
    said = Said(controller)
    model = controller.model
    with qtbot.waitSignal(controller.operation_done, timeout=TIMEOUT):
        assert model.setData(model.index(0, 1), "2.5")
    assert model.array[0, 1] == np.float32(2.5)
    # the tensor changed, so what the grid and the whole-tensor lines said no longer applies
    assert said.code == ["x[0, 1] = 2.5"]
    assert said.lines == [(Place.GRID, None, ""), (Place.ASSIGN, None, "")]
    assert controller.history.count() == 1 and said.held == []  # one cell, not a new value
    controller.undo()
    assert model.array[0, 1] == 1  # shown at once
    np.testing.assert_array_equal(engine_value(qtbot, controller), START)
    assert controller.history.script().splitlines()[-1].startswith("x = np.arange")
    controller.redo()
    assert engine_value(qtbot, controller)[0, 1] == np.float32(2.5)
    assert controller.history.script().splitlines()[-1] == "x[0, 1] = 2.5"


def test_undo_asked_while_an_edit_is_on_its_way_waits_for_it(qtbot, controller):
    controller.request_cell((3, 5), "-1")
    controller.undo()  # nothing to undo yet: it must apply to the edit still to come
    settle(qtbot, controller)
    np.testing.assert_array_equal(engine_value(qtbot, controller), START)
    np.testing.assert_array_equal(controller.model.array, START)
    assert (controller.history.index(), controller.history.count()) == (0, 1)


def test_refusals_are_said_where_the_user_acted(qtbot, controller):
    said = Said(controller)
    controller.model.setData(controller.model.index(0, 0), "abc")
    controller.new_tensor("3, x", "float32", "zeros", 0)
    controller.assign("assign", "literal", 0, "[1, 2]")
    settle(qtbot, controller)
    places = [(place, severity) for place, severity, _ in said.lines]
    assert places == [
        (Place.GRID, Severity.ERROR),
        (Place.NEW, Severity.ERROR),
        (Place.ASSIGN, Severity.ERROR),
    ]
    assert said.lines[0][2] == "'abc' is not a number"
    assert said.lines[1][2].startswith("Shape: ") and "not a whole number" in said.lines[1][2]
    assert "shape (2,)" in said.lines[2][2]
    assert controller.history.count() == 0 and said.code == []
    np.testing.assert_array_equal(engine_value(qtbot, controller), START)


def test_a_new_tensor_and_a_paste_into_a_vector(qtbot, controller):
    said = Said(controller)
    controller.new_tensor("5", "int64", "zeros", 0)
    settle(qtbot, controller)
    assert said.held[-1].array.shape == (5,) and said.held[-1].array.dtype == np.int64
    controller.paste("7\n8\n", 1, 0)
    controller.paste("9", 4, 0)  # one value: an ordinary cell edit
    settle(qtbot, controller)
    np.testing.assert_array_equal(engine_value(qtbot, controller), [0, 7, 8, 0, 9])
    assert said.code[-2:] == ["x[1:3] = np.array([7, 8], dtype=np.int64)", "x[4] = 9"]
    controller.paste("1\n2", 4, 0)
    assert said.lines[-1][1] is Severity.ERROR and "do not fit at row 4" in said.lines[-1][2]


def test_old_whole_tensors_beyond_the_budget_are_folded_into_the_script(qtbot, controller):
    said = Said(controller)
    controller.history.budget_bytes = 200  # two 4×6 float32 tensors
    for value in ("1", "2", "3"):
        controller.assign("assign", "literal", 0, value)
    settle(qtbot, controller)
    assert controller.history.count() == 1
    assert (Place.GRID, Severity.INFO) in [(p, s) for p, s, _ in said.lines]
    statements = [line for line in controller.history.script().splitlines() if "x[...]" in line]
    assert statements == [f"x[...] = np.full((4, 6), {v}., dtype=np.float32)" for v in "123"]
    controller.undo()
    np.testing.assert_array_equal(engine_value(qtbot, controller), np.full((4, 6), 2, np.float32))


def test_a_save_adds_a_note_to_the_last_change_and_undo_keeps_it(qtbot, controller, tmp_path):
    said = Said(controller)
    controller.request_cell((0, 0), "5")
    controller.save(str(tmp_path / "a.npy"))
    settle(qtbot, controller)
    saved = f"np.save({str(tmp_path / 'a.npy')!r}, x)"
    assert said.lines[-1] == (Place.GRID, Severity.INFO, f"Saved: {saved}")
    assert controller.history.count() == 1  # a save is no undo step
    controller.undo()
    assert saved not in controller.history.script()  # the note went with its change
    controller.redo()
    assert controller.history.script().splitlines()[-2:] == ["x[0, 0] = 5.", saved]

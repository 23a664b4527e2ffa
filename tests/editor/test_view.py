"""The Tensor Editor tab through its view and model: each mode, undo/redo, clipboard, files,
every bad input with nothing changed, rank-3 slices, and a code pane that really reproduces."""

from __future__ import annotations

import numpy as np
import pytest
from fresh_python import run_python
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QLineEdit
from receivers import JobRecorder

from engine.tensors import Mode
from widgets.editor.controller import WAITING
from widgets.editor.settings import EditorSettings
from widgets.editor.view import TensorEditorTab
from widgets.shared.message_line import Severity
from widgets.shared.settings import SettingsStore

START = np.arange(24, dtype=np.float32).reshape(4, 6)


def select(tab, top: int, left: int, rows: int = 1, cols: int = 1) -> None:
    """Select a rectangle of the grid as a user does: a current cell, then a block."""
    model = tab.model
    tab.table.setCurrentIndex(model.index(top, left))
    block = QItemSelection(model.index(top, left), model.index(top + rows - 1, left + cols - 1))
    tab.table.selectionModel().select(block, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def engine_array(qtbot, tab) -> np.ndarray:
    """The document's value, read by a worker job; its result also comes after every earlier one."""
    recorder = JobRecorder()
    tab.controller.worker.submit("read", tab.controller.document.to_numpy, **recorder.slots())
    qtbot.waitUntil(lambda: recorder.finished, timeout=10_000)
    assert not recorder.failures
    return recorder.results[0]


def assert_shown(qtbot, tab, expected) -> None:
    """The grid's snapshot and the engine's document both hold ``expected``."""
    np.testing.assert_array_equal(engine_array(qtbot, tab), expected)
    np.testing.assert_array_equal(tab.model.array, expected)


def settle(qtbot, tab) -> None:
    engine_array(qtbot, tab)
    assert not tab.controller.jobs.busy


def set_mode(qtbot, tab, mode: Mode) -> None:
    tab.mode_bar.buttons[mode].click()
    qtbot.waitUntil(lambda: tab.mode is mode, timeout=10_000)


def type_into_cell(qtbot, tab, row: int, column: int, text: str) -> None:
    """Edit a cell the way a user does: open the editor, type, press Enter."""
    index = tab.model.index(row, column)
    tab.table.setCurrentIndex(index)
    tab.table.edit(index)
    editor = tab.table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # the delegate commits from the event loop, a moment after the key press
    qtbot.waitUntil(lambda: tab.table.state() != QAbstractItemView.State.EditingState)


def tf_item_assignment_message() -> str:
    import tensorflow as tf  # the test, not the app, asks TensorFlow for its wording

    with pytest.raises(TypeError) as info:
        tf.constant([1.0])[0] = 2.0
    return str(info.value)


# --- the three modes ----------
def test_numpy_mode_edits_in_place_through_the_view(qtbot, tab):
    assert tab.model.data(tab.model.index(1, 2)) == "8"
    assert "numpy.ndarray" in tab.info_label.text()
    type_into_cell(qtbot, tab, 0, 1, "2.5")
    expected = START.copy()
    expected[0, 1] = 2.5
    assert_shown(qtbot, tab, expected)
    assert tab.code_pane.code().splitlines()[-1] == "x[0, 1] = 2.5"
    assert tab.controller.history.count() == 1


def test_variable_mode_assigns_and_shows_its_type(qtbot, tab):
    set_mode(qtbot, tab, Mode.VARIABLE)
    assert "ResourceVariable" in tab.info_label.text()
    assert tab.whole.assign_button.text() == "v.assign(value)"
    type_into_cell(qtbot, tab, 1, 2, "-4")
    expected = START.copy()
    expected[1, 2] = -4
    assert_shown(qtbot, tab, expected)
    assert tab.code_pane.code().splitlines()[-2:] == ["v = tf.Variable(x)", "v[1, 2].assign(-4.)"]


def test_constant_mode_refuses_with_tensorflows_message_and_changes_nothing(qtbot, tab):
    set_mode(qtbot, tab, Mode.CONSTANT)
    assert "EagerTensor" in tab.info_label.text()
    count = tab.controller.history.count()
    assert tab.model.setData(tab.model.index(0, 0), "9") is False
    qtbot.waitUntil(lambda: tab.grid.message.severity is Severity.ERROR, timeout=10_000)
    text = tab.grid.message.text()
    assert tf_item_assignment_message() in text
    assert "tf.Variable" in text and "v[0, 0].assign(9.)" in text
    assert_shown(qtbot, tab, START)
    assert tab.controller.history.count() == count
    assert "# t[0, 0] = 9." in tab.code_pane.code()
    # the same refusal through the real editor
    type_into_cell(qtbot, tab, 2, 2, "1")
    settle(qtbot, tab)
    assert_shown(qtbot, tab, START)
    select(tab, 0, 0)
    tab.paste_text("1\t2\n3\t4")  # a paste is refused the same way
    qtbot.waitUntil(lambda: "v[0:2, 0:2].assign(" in tab.grid.message.text(), timeout=10_000)
    assert_shown(qtbot, tab, START)
    # the message's link switches to tf.Variable, where the edit works
    tab.grid.message.linkActivated.emit("variable")
    qtbot.waitUntil(lambda: tab.mode is Mode.VARIABLE, timeout=10_000)
    assert tab.grid.message.severity is None
    type_into_cell(qtbot, tab, 2, 2, "1")
    settle(qtbot, tab)
    assert tab.model.array[2, 2] == 1


def test_assign_buttons_in_each_mode(qtbot, tab):
    tab.whole.value_combo.setCurrentText("ones")
    tab.whole.assign_button.click()
    qtbot.waitUntil(lambda: tab.controller.history.count() == 1, timeout=10_000)
    assert_shown(qtbot, tab, np.ones((4, 6), np.float32))

    set_mode(qtbot, tab, Mode.CONSTANT)
    tab.whole.assign_add_button.click()
    qtbot.waitUntil(lambda: tab.whole.message.severity is Severity.ERROR, timeout=10_000)
    assert (
        "'tensorflow.python.framework.ops.EagerTensor' object has no attribute 'assign_add'"
        in tab.whole.message.text()
    )
    assert_shown(qtbot, tab, np.ones((4, 6), np.float32))

    set_mode(qtbot, tab, Mode.VARIABLE)
    tab.whole.value_combo.setCurrentText("random normal")
    tab.whole.value_seed.setValue(3)
    tab.whole.assign_add_button.click()
    tab.whole.value_combo.setCurrentText("literal")
    tab.whole.literal_edit.setText("0.5")
    tab.whole.assign_add_button.click()
    settle(qtbot, tab)
    normal = np.random.default_rng(3).standard_normal((4, 6)).astype(np.float32)
    assert_shown(qtbot, tab, np.float32(1) + normal + np.float32(0.5))
    assert tab.code_pane.code().splitlines()[-1] == (
        "v.assign_add(np.full((4, 6), 0.5, dtype=np.float32))"
    )
    assert tab.whole.message.severity is None


# --- undo and redo ----------
def test_undo_and_redo_every_kind_of_change_with_the_keyboard(qtbot, tab):
    tab.activateWindow()
    tab.table.setFocus()
    states = [(START.copy(), Mode.NUMPY)]
    tab.model.setData(tab.model.index(0, 0), "7")
    settle(qtbot, tab)
    states.append((tab.model.array.copy(), Mode.NUMPY))
    set_mode(qtbot, tab, Mode.VARIABLE)
    states.append((tab.model.array.copy(), Mode.VARIABLE))
    tab.whole.value_combo.setCurrentText("zeros")
    tab.whole.assign_button.click()
    settle(qtbot, tab)
    states.append((tab.model.array.copy(), Mode.VARIABLE))
    tab.toolbar.shape_edit.setText("2, 3, 2")
    tab.toolbar.dtype_combo.setCurrentText("int64")
    tab.toolbar.fill_combo.setCurrentText("range")
    tab.toolbar.new_button.click()
    settle(qtbot, tab)
    states.append((np.arange(12).reshape(2, 3, 2), Mode.VARIABLE))
    assert tab.controller.history.count() == 4
    code_after = tab.code_pane.code()

    for array, mode in reversed(states[:-1]):
        qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert_shown(qtbot, tab, array)
        assert tab.mode is mode and tab.mode_bar.buttons[mode].isChecked()
    assert tab.code_pane.code().splitlines()[-1].startswith("x = np.arange(24")
    assert "ndarray" in tab.info_label.text()

    for array, mode in states[1:]:
        qtbot.keyClick(
            tab.table,
            Qt.Key.Key_Z,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        assert_shown(qtbot, tab, array)
        assert tab.mode is mode
    assert tab.code_pane.code() == code_after
    assert "int64" in tab.info_label.text() and "ResourceVariable" in tab.info_label.text()


def test_undo_asked_while_an_edit_is_running_waits_for_it(qtbot, tab):
    tab.model.setData(tab.model.index(0, 0), "5")
    tab.controller.undo()  # the edit's result has not arrived yet: the undo must apply after it
    settle(qtbot, tab)
    assert_shown(qtbot, tab, START)
    assert tab.controller.history.index() == 0 and tab.controller.history.count() == 1


# --- clipboard ----------
def test_copy_selection_as_tab_separated_text(qtbot, tab):
    select(tab, 1, 2, 2, 3)
    text = tab.grid.copy_selection()
    assert text == "8.0\t9.0\t10.0\n14.0\t15.0\t16.0\n"
    assert QGuiApplication.clipboard().text() == text
    # the display alone (no engine involved): shortest text that reads back exactly
    tab.model.set_array(np.array([[0.1, np.nan], [-1e-30, 3.0]], np.float32))
    select(tab, 0, 0, 2, 2)
    assert tab.grid.copy_selection() == "0.1\tnan\n-1e-30\t3.0\n"


def test_paste_tab_separated_text_and_undo_it(qtbot, tab):
    select(tab, 2, 1)
    QGuiApplication.clipboard().setText("1.5\t2\n-3\t4e-3\r\n")
    tab.table.setFocus()
    tab.grid.paste_action.trigger()
    settle(qtbot, tab)
    expected = START.copy()
    expected[2:4, 1:3] = [[1.5, 2], [-3, 4e-3]]
    assert_shown(qtbot, tab, expected)
    assert tab.code_pane.code().splitlines()[-1] == (
        "x[2:4, 1:3] = np.array([[1.5, 2.], [-3., 0.004]], dtype=np.float32)"
    )
    tab.controller.undo()
    assert_shown(qtbot, tab, START)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1\t2\t3\n4\t5\t6", "do not fit at row 3"),
        ("1\tabc", "column 2: 'abc' is not a number"),
        ("1\t2\n3", "same number of values"),
        ("", "no text"),
    ],
)
def test_bad_paste_changes_nothing(qtbot, tab, text, message):
    select(tab, 3, 4)
    tab.paste_text(text)
    assert tab.grid.message.severity is Severity.ERROR and message in tab.grid.message.text()
    assert_shown(qtbot, tab, START)
    assert tab.controller.history.count() == 0


# --- files ----------
@pytest.mark.parametrize("suffix", [".npy", ".npz", ".csv"])
def test_save_then_load(qtbot, tab, tmp_path, suffix):
    path = tmp_path / f"tensor{suffix}"
    tab.save_path(str(path))
    qtbot.waitUntil(lambda: tab.grid.message.severity is Severity.INFO, timeout=10_000)
    assert path.is_file() and "Saved" in tab.grid.message.text()
    tab.whole.value_combo.setCurrentText("zeros")
    tab.whole.assign_button.click()
    tab.load_path(str(path))
    settle(qtbot, tab)
    assert_shown(qtbot, tab, START)  # a CSV saved here keeps its dtype and shape too
    assert tab.model.array.dtype == START.dtype
    assert "np.load" in tab.code_pane.code() or "np.loadtxt" in tab.code_pane.code()
    tab.controller.undo()
    assert_shown(qtbot, tab, np.zeros((4, 6), np.float32))


def test_corrupt_npy_is_refused_beside_the_grid(qtbot, tab, tmp_path):
    broken = tmp_path / "broken.npy"
    broken.write_bytes(b"\x93NUMPY\x01\x00garbage")
    tab.load_path(str(broken))
    qtbot.waitUntil(lambda: tab.grid.message.severity is Severity.ERROR, timeout=10_000)
    assert "broken.npy is not a valid .npy file" in tab.grid.message.text()
    assert_shown(qtbot, tab, START)
    assert tab.controller.history.count() == 0
    tab.save_path(str(tmp_path / "no such folder" / "t.npy"))
    qtbot.waitUntil(lambda: "does not exist" in tab.grid.message.text(), timeout=10_000)
    assert "no such folder" in tab.grid.message.text() and ".tmp" not in tab.grid.message.text()


# --- bad input ----------
@pytest.mark.parametrize("mode", [Mode.NUMPY, Mode.VARIABLE])
@pytest.mark.parametrize(
    ("dtype", "text", "message"),
    [
        ("float32", "abc", "'abc' is not a number"),
        ("float32", "1e40", "too large for float32"),
        ("int32", "3.5", "3.5 is not a whole number"),
        ("int32", str(2**40), "1099511627776 does not fit in int32"),
        ("int32", "nan", "int32 has no NaN"),
        ("bool", "2", "type True or False"),
    ],
)
def test_bad_cell_text_is_refused_and_changes_nothing(qtbot, tab, mode, dtype, text, message):
    tab.toolbar.shape_edit.setText("2, 2")
    tab.toolbar.dtype_combo.setCurrentText(dtype)
    tab.toolbar.fill_combo.setCurrentText("ones")
    tab.toolbar.new_button.click()
    settle(qtbot, tab)
    set_mode(qtbot, tab, mode)
    before = tab.model.array.copy()
    count = tab.controller.history.count()
    type_into_cell(qtbot, tab, 1, 0, text)
    assert tab.grid.message.severity is Severity.ERROR and message in tab.grid.message.text()
    assert tab.model.setData(tab.model.index(0, 0), text) is False
    assert_shown(qtbot, tab, before)
    assert tab.controller.history.count() == count


@pytest.mark.parametrize(
    ("shape", "message"),
    [
        ("4000, 4000", "the limit is 10,000,000"),
        ("3, x", "not a whole number"),
        ("0", "at least 1"),
    ],
)
def test_bad_new_shape_is_refused_beside_the_field(qtbot, tab, shape, message):
    tab.toolbar.shape_edit.setText(shape)
    tab.toolbar.new_button.click()
    assert tab.new_message.severity is Severity.ERROR and message in tab.new_message.text()
    assert_shown(qtbot, tab, START)


def test_bad_literal_is_refused_beside_the_buttons(qtbot, tab):
    tab.whole.value_combo.setCurrentText("literal")
    tab.whole.literal_edit.setText("[1, 2]")
    tab.whole.assign_button.click()
    qtbot.waitUntil(lambda: tab.whole.message.severity is Severity.ERROR, timeout=10_000)
    assert "shape (2,)" in tab.whole.message.text()
    assert_shown(qtbot, tab, START)


# --- higher ranks ----------
def test_rank_three_edits_a_slice_chosen_by_axes_and_position(qtbot, tab):
    tab.toolbar.shape_edit.setText("2, 3, 4")
    tab.toolbar.fill_combo.setCurrentText("range")
    tab.toolbar.new_button.click()
    settle(qtbot, tab)
    assert tab.grid.slice_bar.isVisible()
    assert (tab.model.rowCount(), tab.model.columnCount()) == (3, 4)
    assert list(tab.grid.slice_bar.axis_spins) == [0]
    tab.grid.slice_bar.axis_spins[0].setValue(1)
    assert tab.model.data(tab.model.index(0, 0)) == "12"
    tab.model.setData(tab.model.index(2, 1), "-1")
    settle(qtbot, tab)
    expected = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    expected[1, 2, 1] = -1
    assert_shown(qtbot, tab, expected)
    assert tab.code_pane.code().splitlines()[-1] == "x[1, 2, 1] = -1."

    # rows along axis 2, columns along axis 0: the grid is a transposed 4×2 slice at axis 1 = 0
    tab.grid.slice_bar.row_axis_combo.setCurrentIndex(2)
    tab.grid.slice_bar.row_axis_combo.activated.emit(2)
    tab.grid.slice_bar.col_axis_combo.setCurrentIndex(0)
    tab.grid.slice_bar.col_axis_combo.activated.emit(0)
    assert (tab.model.row_axis, tab.model.col_axis) == (2, 0)
    assert (tab.model.rowCount(), tab.model.columnCount()) == (4, 2)
    assert list(tab.grid.slice_bar.axis_spins) == [1]
    assert tab.model.data(tab.model.index(3, 1)) == str(int(expected[1, 0, 3]))
    select(tab, 1, 0)
    tab.paste_text("100\t200\n300\t400")
    settle(qtbot, tab)
    expected[0, 0, 1:3] = [100, 300]
    expected[1, 0, 1:3] = [200, 400]
    assert_shown(qtbot, tab, expected)


def test_scalar_and_vector(qtbot, tab):
    tab.toolbar.shape_edit.setText("")
    tab.toolbar.new_button.click()
    settle(qtbot, tab)
    assert (tab.model.rowCount(), tab.model.columnCount()) == (1, 1)
    set_mode(qtbot, tab, Mode.VARIABLE)
    tab.model.setData(tab.model.index(0, 0), "4.25")
    settle(qtbot, tab)
    assert_shown(qtbot, tab, np.float32(4.25))
    assert tab.code_pane.code().splitlines()[-1] == "v.assign(4.25)"
    tab.toolbar.shape_edit.setText("5")
    tab.toolbar.new_button.click()
    settle(qtbot, tab)
    assert (tab.model.rowCount(), tab.model.columnCount()) == (5, 1)
    select(tab, 1, 0)
    tab.paste_text("7\n8")
    settle(qtbot, tab)
    assert_shown(qtbot, tab, np.array([0, 7, 8, 0, 0], np.float32))


# --- TensorFlow still loading, the code pane, settings ----------
def test_edits_wait_for_tensorflow_then_apply(qtbot):
    from engine.worker import Worker

    worker = Worker()  # not started yet: TensorFlow is "still loading"
    tab = TensorEditorTab(worker)
    qtbot.addWidget(tab)
    try:
        assert tab.model.data(tab.model.index(0, 1)) == "1"  # the grid shows at once
        assert tab.model.setData(tab.model.index(0, 1), "6")
        assert tab.grid.message.severity is Severity.WARNING and tab.grid.message.text() == WAITING
        worker.start()
        qtbot.waitUntil(lambda: tab.controller.history.count() == 1, timeout=60_000)
        assert tab.grid.message.severity is None
        assert tab.model.array[0, 1] == 6
    finally:
        assert worker.shutdown(10)


def test_edits_queued_behind_another_tabs_long_job_say_so(qtbot, bare_worker):
    import threading

    tab = TensorEditorTab(bare_worker)  # NumPy mode needs no TensorFlow
    qtbot.addWidget(tab)
    release = threading.Event()
    bare_worker.submit("Training", release.wait, 30, owner="MNIST Trainer")
    qtbot.waitUntil(lambda: bare_worker.current_job is not None)
    try:
        assert tab.model.setData(tab.model.index(1, 1), "-2")
        qtbot.waitUntil(lambda: tab.grid.message.severity is Severity.WARNING, timeout=5_000)
        assert "“Training” (MNIST Trainer) to finish" in tab.grid.message.text()
    finally:
        release.set()
    qtbot.waitUntil(lambda: tab.controller.history.count() == 1, timeout=5_000)
    assert tab.grid.message.severity is None and tab.model.array[1, 1] == -2


def test_code_pane_reproduces_the_tensor_in_a_fresh_python(qtbot, tab, tmp_path):
    tab.model.setData(tab.model.index(0, 0), "0.1")
    set_mode(qtbot, tab, Mode.CONSTANT)
    tab.model.setData(tab.model.index(0, 1), "5")  # refused: appears as a comment
    set_mode(qtbot, tab, Mode.VARIABLE)
    tab.model.setData(tab.model.index(1, 1), "nan")
    tab.whole.value_combo.setCurrentText("random normal")
    tab.whole.value_seed.setValue(11)
    tab.whole.assign_add_button.click()
    tab.model.setData(tab.model.index(3, 5), "123")
    settle(qtbot, tab)
    tab.controller.undo()  # undone changes leave the code as well
    tab.save_path(str(tmp_path / "saved.npy"))
    settle(qtbot, tab)
    code = tab.code_pane.code()
    assert "v[3, 5]" not in code and "np.save(" in code
    assert "# t[0, 1] = 5.  <- refused" in code  # notes survive the rebuild after undo
    script = tmp_path / "pasted.py"
    script.write_text(code + "\nnp.save('out.npy', np.asarray(v))\n")
    done = run_python(str(script), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    expected = engine_array(qtbot, tab)
    assert np.isnan(expected[1, 1])
    np.testing.assert_array_equal(np.load(tmp_path / "out.npy"), expected)
    np.testing.assert_array_equal(np.load(tmp_path / "saved.npy"), expected)


def test_settings_round_trip_and_bad_values_fall_back(qtbot, tab, settings):
    tab.toolbar.shape_edit.setText("3, 5")
    tab.toolbar.dtype_combo.setCurrentText("int64")
    tab.whole.value_seed.setValue(9)
    store = SettingsStore(settings)
    store.write(tab.settings_group, tab.settings())
    other = TensorEditorTab(tab.controller.worker)
    qtbot.addWidget(other)
    other.apply_settings(store.read(other.settings_group, EditorSettings()))
    assert other.toolbar.shape_edit.text() == "3, 5"
    assert other.toolbar.dtype_combo.currentText() == "int64"
    assert other.whole.value_seed.value() == 9
    settings.setValue("editor/dtype", "complex128")
    settings.setValue("editor/seed", "lots")
    settings.setValue("editor/value_seed", "-5")
    other.apply_settings(store.read(other.settings_group, EditorSettings()))
    assert other.toolbar.dtype_combo.currentText() == "float32"
    assert other.toolbar.seed_spin.value() == 0 and other.whole.value_seed.value() == 0


def test_undo_history_of_whole_tensors_stays_within_its_memory_budget(qtbot, tab):
    tab.controller.history.budget_bytes = 200  # two 4×6 float32 tensors
    tab.whole.value_combo.setCurrentText("literal")
    for value in ("1", "2", "3"):
        tab.whole.literal_edit.setText(value)
        tab.whole.assign_button.click()
        settle(qtbot, tab)
    assert tab.controller.history.count() == 1  # the two older steps were folded away
    assert "Earlier undo steps were dropped" in tab.grid.message.text()
    code = tab.code_pane.code().splitlines()
    assert [line for line in code if line.startswith("x[...]")] == [
        f"x[...] = np.full((4, 6), {v}, dtype=np.float32)" for v in ("1.", "2.", "3.")
    ]
    tab.controller.undo()
    assert_shown(qtbot, tab, np.full((4, 6), 2, np.float32))
    assert tab.code_pane.code().splitlines()[-1].endswith("2., dtype=np.float32)")


def test_a_cell_edit_brings_back_one_value_not_the_array(qtbot, tab):
    tab.toolbar.shape_edit.setText("1000, 1000")
    tab.toolbar.new_button.click()
    settle(qtbot, tab)
    before = tab.model.array
    with qtbot.waitSignal(tab.operation_done, timeout=10_000):
        tab.model.setData(tab.model.index(999, 999), "2")
    assert tab.model.array is before  # updated in place
    assert tab.model.array[999, 999] == 2
    assert tab.controller.history.command(tab.controller.history.count() - 1).new == 2


def test_in_the_main_window_edits_undo_and_inputs_persist(qtbot, main_window, settings):
    tab = main_window.tabs.widget(0)
    assert isinstance(tab, TensorEditorTab) and main_window.tabs.tabText(0) == "Tensor Editor"
    main_window.tabs.setCurrentIndex(0)
    type_into_cell(qtbot, tab, 3, 5, "-1.25")
    qtbot.waitUntil(lambda: tab.controller.history.count() == 1, timeout=10_000)
    assert tab.model.array[3, 5] == -1.25
    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert_shown(qtbot, tab, START)
    tab.toolbar.shape_edit.setText("7, 9")
    main_window.save_layout()
    assert settings.value("editor/shape") == "7, 9"
    assert settings.value("splitters/tensorEditorSplitter") is not None


def test_the_tab_goes_with_its_last_reference(qtbot, bare_worker):
    """No connection keeps the tab alive: one that outlived its window was torn down after the
    QApplication, which Qt reports as a malformed delete."""
    import weakref

    tab = TensorEditorTab(bare_worker)
    with qtbot.waitSignal(tab.operation_done, timeout=5_000):
        tab.whole.assign_button.click()  # its undo command holds the controller, not the tab
    assert tab.controller.history.count() == 1
    gone = weakref.ref(tab)
    del tab
    assert gone() is None

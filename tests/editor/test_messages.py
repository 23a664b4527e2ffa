"""What the tab says, through the view: TensorFlow's own exception class for each refusal, hints
spelled at the tensor's rank, messages that go when what they describe changes, a CSV from
elsewhere that says how it was read, and refused input that stays out of the warning log."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from PySide6.QtCore import Qt

from engine.editor.document import Mode
from widgets.shared.message_line import Severity

TIMEOUT = 10_000


def settle(qtbot, tab) -> None:
    qtbot.waitUntil(lambda: not tab.controller.jobs.busy, timeout=TIMEOUT)


def set_mode(qtbot, tab, mode: Mode) -> None:
    tab.mode_bar.buttons[mode].click()
    qtbot.waitUntil(lambda: tab.mode is mode, timeout=TIMEOUT)


def new_tensor(qtbot, tab, shape: str, dtype: str = "float32") -> None:
    tab.toolbar.shape_edit.setText(shape)
    tab.toolbar.dtype_combo.setCurrentText(dtype)
    tab.toolbar.new_button.click()
    settle(qtbot, tab)


def tensorflow_raises(statement: str) -> tuple[str, str]:
    """What TensorFlow itself raises for ``statement`` on a tf.constant ``t``."""
    import tensorflow as tf  # the test, not the app, asks TensorFlow

    t = tf.constant([[1.0, 2.0]])
    try:
        exec(statement, {"t": t, "np": np})
    except Exception as error:  # noqa: BLE001 (which class is the point)
        return type(error).__name__, str(error)
    raise AssertionError(f"{statement} was not refused")


@pytest.mark.parametrize(
    ("button", "statement"),
    [("assign_button", "t.assign(np.ones((1, 2)))"), ("assign_add_button", "t.assign_add(1.)")],
)
def test_a_constants_assign_shows_the_attribute_error_tensorflow_raised(
    qtbot, tab, button, statement
):
    raised, message = tensorflow_raises(statement)
    assert raised == "AttributeError"
    set_mode(qtbot, tab, Mode.CONSTANT)
    getattr(tab.whole, button).click()
    qtbot.waitUntil(lambda: tab.whole.message.severity is Severity.ERROR, timeout=TIMEOUT)
    shown = tab.whole.message.text()
    assert shown.startswith(f"<b>{raised}:</b> {message}") and "TypeError" not in shown
    assert tab.code_pane.code().splitlines()[-1] == f"#   {raised}: {message}"


def test_a_constants_item_assignment_shows_the_type_error_tensorflow_raised(qtbot, tab):
    raised, message = tensorflow_raises("t[0, 0] = 9.")
    assert raised == "TypeError"
    set_mode(qtbot, tab, Mode.CONSTANT)
    tab.model.setData(tab.model.index(0, 0), "9")
    qtbot.waitUntil(lambda: tab.grid.message.severity is Severity.ERROR, timeout=TIMEOUT)
    assert tab.grid.message.text().startswith(f"<b>{raised}:</b> {message}")
    assert tab.code_pane.code().splitlines()[-2:] == [
        "# t[0, 0] = 9.  <- refused, a tf.constant cannot change:",
        f"#   {raised}: {message}",
    ]


@pytest.mark.parametrize(
    ("shape", "mode", "statement"),
    [
        ("5", Mode.NUMPY, "x[i] = value"),
        ("5", Mode.VARIABLE, "v[i].assign(value)"),
        ("", Mode.VARIABLE, "v.assign(value)"),
        ("", Mode.NUMPY, "x[()] = value"),
        ("2, 3, 4", Mode.VARIABLE, "v[i, j, k].assign(value)"),
        ("2, 3, 4", Mode.CONSTANT, "t[i, j, k] = value"),
    ],
)
def test_the_hints_use_the_tensors_own_rank(qtbot, tab, shape, mode, statement):
    new_tensor(qtbot, tab, shape)
    set_mode(qtbot, tab, mode)
    hint = tab.mode_bar.hint.text()
    assert statement in hint
    assert mode is Mode.CONSTANT or statement in tab.mode_bar.buttons[mode].toolTip()
    tips = [button.toolTip() for button in tab.mode_bar.buttons.values()]
    assert all("[i, j]" not in text for text in [hint, *tips])  # no rank-2 spelling here


def test_a_refusal_goes_when_the_tensor_it_speaks_of_is_replaced(qtbot, tab):
    tab.whole.value_combo.setCurrentText("literal")
    tab.whole.literal_edit.setText("[1, 2]")
    tab.whole.assign_button.click()
    qtbot.waitUntil(lambda: tab.whole.message.severity is Severity.ERROR, timeout=TIMEOUT)
    assert "the tensor has shape (4, 6)" in tab.whole.message.text()
    new_tensor(qtbot, tab, "2")
    assert tab.whole.message.severity is None and not tab.whole.message.isVisible()
    # the same list now fits, and works
    tab.whole.assign_button.click()
    settle(qtbot, tab)
    np.testing.assert_array_equal(tab.model.array, [1, 2])


def test_a_refusal_goes_on_undo_and_when_its_input_is_edited(qtbot, tab):
    tab.model.setData(tab.model.index(0, 0), "5")
    settle(qtbot, tab)
    tab.whole.value_combo.setCurrentText("literal")
    tab.whole.literal_edit.setText("[1, 2]")
    tab.whole.assign_button.click()
    qtbot.waitUntil(lambda: tab.whole.message.severity is Severity.ERROR, timeout=TIMEOUT)
    tab.controller.undo()  # the tensor it spoke of is gone
    assert tab.whole.message.severity is None
    tab.whole.assign_button.click()
    qtbot.waitUntil(lambda: tab.whole.message.severity is Severity.ERROR, timeout=TIMEOUT)
    qtbot.keyClicks(tab.whole.literal_edit, "x")  # the text it spoke of is gone
    assert tab.whole.message.severity is None
    tab.toolbar.shape_edit.setText("3, y")
    tab.toolbar.new_button.click()
    assert tab.new_message.severity is Severity.ERROR
    qtbot.keyClick(tab.toolbar.shape_edit, Qt.Key.Key_Backspace)
    assert tab.new_message.severity is None


def test_a_csv_from_elsewhere_says_how_it_was_read(qtbot, tab, tmp_path):
    (tmp_path / "sheet.csv").write_text("1,2,3\n4,5,6\n")
    tab.load_path(tmp_path / "sheet.csv")
    qtbot.waitUntil(lambda: tab.grid.message.severity is Severity.INFO, timeout=TIMEOUT)
    assert "read as float64 with shape (2, 3)" in tab.grid.message.text()
    assert tab.model.array.dtype == np.float64
    tab.model.setData(tab.model.index(0, 0), "7")
    settle(qtbot, tab)
    assert tab.grid.message.severity is None  # it spoke of the file as read, now edited


def test_refused_input_is_not_logged_as_a_warning(qtbot, tab, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    refusals: list[str] = []
    tab.controller.messages.refused.connect(lambda _place, text: refusals.append(text))
    (tmp_path / "junk.npy").write_bytes(b"garbage!")
    (tmp_path / "bad.csv").write_text("1,abc\n")
    tab.load_path(tmp_path / "junk.npy")
    tab.load_path(tmp_path / "bad.csv")
    tab.save_path(tmp_path / "missing" / "t.npy")
    tab.model.setData(tab.model.index(0, 0), "abc")
    set_mode(qtbot, tab, Mode.CONSTANT)
    tab.model.setData(tab.model.index(0, 0), "1")
    tab.whole.assign_button.click()
    settle(qtbot, tab)
    assert len(refusals) == 6  # each said beside the grid or the buttons
    assert any("junk.npy" in text for text in refusals) and any("bad.csv" in t for t in refusals)
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert loud == []


def test_a_garbage_npy_is_described_beside_the_grid(qtbot, tab, tmp_path):
    (tmp_path / "junk.npy").write_bytes(b"garbage!")
    tab.load_path(tmp_path / "junk.npy")
    qtbot.waitUntil(lambda: tab.grid.message.severity is Severity.ERROR, timeout=TIMEOUT)
    text = tab.grid.message.text()
    assert "junk.npy is not a valid .npy file: it does not start the way" in text
    assert "pickle" not in text

"""The Rank Explorer tab with a real engine worker: typing, sliders, operations, bad input."""

from __future__ import annotations

import functools
import threading

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QToolTip

from engine.shared.mnist_data import bundled_path
from engine.worker import Worker
from widgets.ranks.settings import RanksSettings
from widgets.ranks.view import RankExplorerTab
from widgets.shared.message_line import Severity
from widgets.shared.settings import SettingsStore

TF_WAIT_MS = 60_000


def wait_for_tensorflow(qtbot, tab, text: str) -> None:
    qtbot.waitUntil(lambda: text in tab.info.text(), timeout=TF_WAIT_MS)


def choose(tab: RankExplorerTab, operation: str, argument: str) -> None:
    box = tab.operations
    box.operation.setCurrentIndex(box.operation.findData(operation))
    box.argument.setText(argument)


def test_starts_on_the_rank3_example_with_both_views(qtbot, tab):
    assert tab.current.array.shape == (3, 2, 3)
    headline = tab.picture_panel.headline.text()
    assert "Rank 3" in headline and "(3, 2, 3)" in headline
    wait_for_tensorflow(qtbot, tab, "TensorShape([3, 2, 3])")
    text = tab.info.text()
    assert "tf.int64" in text and "int64" in text and "length 3 (matrices)" in text
    assert "tf.int32" in text  # tf.constant of the Python list itself picks 32 bits


def test_typing_a_literal_shows_the_new_tensor(qtbot, tab, center_of):
    picture = tab.picture_panel.picture
    tab.inputs.literal.clear()
    qtbot.keyClicks(tab.inputs.literal, "[[1, 2], [3, 4], [5, 6]]")
    qtbot.waitUntil(lambda: tab.current.array.shape == (3, 2), timeout=3000)  # debounced
    np.testing.assert_array_equal(tab.current.array, [[1, 2], [3, 4], [5, 6]])
    assert tab.inputs.message.severity is None
    assert picture.array.shape == (3, 2) and not tab.picture_panel.dims.sliders  # all on screen
    center = center_of(picture, (2, 1))
    index, value, _ = picture.cell_at(center)
    assert index == (2, 1) and value == 6
    qtbot.mouseMove(picture, center.toPoint())
    qtbot.waitUntil(lambda: QToolTip.text().startswith("x[2, 1] = 6  (int64)"), timeout=3000)
    wait_for_tensorflow(qtbot, tab, "TensorShape([3, 2])")
    assert "x = np.array([[1, 2], [3, 4], [5, 6]])" in tab.code.code()


def test_moving_the_axis_slider_brings_another_card_to_the_front(qtbot, tab, center_of):
    picture = tab.picture_panel.picture
    slider = tab.picture_panel.dims.sliders[
        0
    ]  # axis 0 of the (3, 2, 3) example: the stack of matrices
    assert slider.maximum() == 2
    assert picture.cell_at(center_of(picture, (0, 0, 0)))[1] == 2
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_End)
    assert picture.index_of(0) == 2
    assert center_of(picture, (0, 0, 0)) is None  # card 0 is no longer in front
    index, value, _ = picture.cell_at(center_of(picture, (2, 1, 2)))
    assert index == (2, 1, 2) and value == 19
    qtbot.mouseMove(picture, center_of(picture, (2, 1, 2)).toPoint())
    qtbot.waitUntil(lambda: QToolTip.text().startswith("x[2, 1, 2] = 19"), timeout=3000)
    assert "axis 0 (matrices) = 2" in QToolTip.text()


def test_axes_beyond_the_five_drawn_get_sliders(qtbot, tab, center_of):
    picture, dims = tab.picture_panel.picture, tab.picture_panel.dims
    tab.inputs.literal.setText("np.arange(64).reshape(2, 1, 2, 2, 2, 4)")
    assert tab.parse_now()
    assert list(dims.sliders) == [0, 3]  # the axis before the five drawn, and the stack axis
    dims.sliders[0].setValue(1)
    index, value, _ = picture.cell_at(center_of(picture, (1, 0, 1, 0, 1, 3)))
    assert index == (1, 0, 1, 0, 1, 3) and value == 32 + 16 + 4 + 3
    picture.setFocus()
    qtbot.keyClick(picture, Qt.Key.Key_PageDown)
    assert dims.sliders[3].value() == 1 and picture.index_of(3) == 1


def test_clicking_a_card_behind_moves_the_slider(qtbot, tab):
    picture = tab.picture_panel.picture
    card = picture.plan.back_cards[-1]  # the nearest card behind the front one
    point = QPointF(card.box.x + card.box.width / 2, card.box.y)
    point = point * picture.zoom() + picture.origin()
    point.setY(point.y() + 3)
    qtbot.mouseClick(picture, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert tab.picture_panel.dims.sliders[0].value() == card.index == 1


def test_rank5_example_shows_a_grid_of_stacks_with_a_slider(qtbot, tab, center_of):
    picture, examples = tab.picture_panel.picture, tab.inputs.examples
    examples.setCurrentIndex(examples.findData("video"))
    examples.activated.emit(examples.currentIndex())
    assert tab.current.array.shape == (2, 3, 4, 3, 3)
    assert list(tab.picture_panel.dims.sliders) == [2]  # the stack axis (height); four are drawn
    # samples x frames stacks, each showing its front card along the height axis
    drawn = [grid.prefix for grid in picture.plan.grids]
    assert drawn == [(i, j, 0) for i in range(2) for j in range(3)]
    index, value, _ = picture.cell_at(center_of(picture, (1, 2, 0, 2, 1)))
    assert index == (1, 2, 0, 2, 1) and value == tab.current.array[1, 2, 0, 2, 1]
    assert "frames" in tab.info.text()


def test_apply_reshape_then_undo(qtbot, tab):
    choose(tab, "reshape", "2, 9")
    assert "(2, 9)" in tab.shapes.text() and "Press Enter to apply" in tab.shapes.text()
    assert tab.current.array.shape == (3, 2, 3)  # only a preview so far
    qtbot.keyClick(tab.operations.argument, Qt.Key.Key_Return)
    assert tab.current.array.shape == (2, 9)
    shapes = tab.shapes.text()
    assert "(3, 2, 3)" in shapes and "(2, 9)" in shapes and "tf.reshape(t, (2, 9))" in shapes
    assert "x = np.reshape(x, (2, 9))  # (3, 2, 3) -> (2, 9)" in tab.code.code()
    assert tab.inputs.literal.text().startswith("[[2, 3, 4, 5, 6, 7, 8, 9, 10], [11,")
    wait_for_tensorflow(qtbot, tab, "TensorShape([2, 9])")
    assert "same values" in tab.info.text()
    tab.operations.undo_button.click()
    assert tab.current.array.shape == (3, 2, 3) and not tab.operations.undo_button.isEnabled()
    assert tab.shapes.text() == "" and tab.code.code().endswith("# undo: back to shape (3, 2, 3)")


def test_reduction_keeps_the_other_axis_names(qtbot, tab):
    tab.load_example("images")
    choose(tab, "mean", "-1")
    assert tab.apply_operation()
    assert tab.current.array.shape == (2, 4, 4)
    assert tab.current.names == ("samples", "height", "width")
    wait_for_tensorflow(qtbot, tab, "TensorShape([2, 4, 4])")
    # the channel means are whole numbers here, but TensorFlow keeps uint8
    assert "TensorFlow gives uint8, NumPy float64" in tab.info.text()


def test_bad_input_keeps_the_last_good_tensor(qtbot, tab):
    before = tab.current.array.copy()
    message = tab.inputs.message
    tab.inputs.literal.clear()
    qtbot.keyClicks(tab.inputs.literal, "[[1, 2, 3], [4, 5, 6], [7, 8]]")
    qtbot.waitUntil(lambda: message.severity is Severity.ERROR, timeout=3000)
    assert "row 2 at depth 1 has 2 items, expected 3" in message.text()
    np.testing.assert_array_equal(tab.current.array, before)
    for text, problem in [
        ("[1, 'two']", "the string 'two'"),
        ("np.zeros((10000, 10000))", "limit is 10,000,000"),
    ]:
        tab.inputs.literal.setText(text)
        assert not tab.parse_now()
        assert problem in message.text()
        np.testing.assert_array_equal(tab.picture_panel.picture.array, before)

    choose(tab, "reshape", "4, 5")
    assert not tab.apply_operation()
    refused = tab.operations.message
    assert refused.severity is Severity.ERROR
    assert refused.text() == "Cannot reshape 18 elements into (4, 5), which holds 20."
    np.testing.assert_array_equal(tab.current.array, before)

    tab.inputs.literal.setText("   ")  # emptied field: a hint, not an error, and x stays
    assert not tab.parse_now() and message.severity is Severity.INFO
    np.testing.assert_array_equal(tab.current.array, before)
    tab.inputs.literal.setText("[1, 2]")
    assert tab.parse_now() and message.severity is None


def test_mnist_digits_show_as_images(qtbot, tab, center_of):
    picture = tab.picture_panel.picture
    tab.load_example("mnist")
    qtbot.waitUntil(lambda: tab.current.example == "mnist", timeout=TF_WAIT_MS)
    assert tab.current.array.shape == (8, 28, 28) and tab.current.array.dtype == np.uint8
    assert picture.image_mode and tab.picture_panel.image_box.isChecked()
    _, value, caption = picture.cell_at(center_of(picture, (0, 14, 14)))
    assert caption == "label 7" and value == tab.current.array[0, 14, 14]
    assert f"with np.load({str(bundled_path())!r}) as data:" in tab.code.code()  # offline
    assert "8 real MNIST test digits" in tab.inputs.message.text()
    assert tab.inputs.literal.text() == "" and "(8, 28, 28)" in tab.inputs.literal.placeholderText()
    # the labels stay on their digits while axis 0 is still the samples, and the pixels stay
    choose(tab, "slice", "..., ::2")
    assert tab.apply_operation() and tab.current.array.shape == (8, 28, 14)
    assert picture.image_mode and picture.plan.grids[0].caption == "label 7"
    choose(tab, "slice", "2:")
    assert tab.apply_operation() and tab.current.captions == ()
    tab.picture_panel.image_box.setChecked(False)
    assert not picture.image_mode and not tab.current.image
    tab.undo()
    assert tab.current.array.shape == (8, 28, 14) and picture.image_mode  # as it was then


def test_digits_that_cannot_load_leave_x_and_say_why(qtbot, tab, monkeypatch):
    def unreadable(count: int):
        raise OSError(f"no digits here ({count} asked for)")

    monkeypatch.setattr("widgets.ranks.controller.mnist_batch", unreadable)
    examples = tab.inputs.examples
    examples.setCurrentIndex(examples.findData("mnist"))
    examples.activated.emit(examples.currentIndex())
    assert "Loading 8 MNIST digits…" in tab.inputs.message.text()
    qtbot.waitUntil(lambda: tab.inputs.message.severity is Severity.ERROR, timeout=TF_WAIT_MS)
    assert tab.inputs.message.text() == "Could not load MNIST: no digits here (8 asked for)"
    assert tab.current.example == "rank3" and examples.currentData() == "rank3"
    assert "Rank 3" in tab.picture_panel.headline.text()


def test_the_broadcast_box_follows_x(tab):
    box = tab.broadcast
    assert box.shape_a.text() == "3, 2, 3" and box.result == (3, 2, 3)
    tab.load_example("images")  # (2, 4, 4, 3) and b = (2, 1) clash: b becomes a bias vector
    assert box.shape_a.text() == "2, 4, 4, 3" and box.shape_b.text() == "3"
    assert box.result == (2, 4, 4, 3) and box.message.severity is None


def test_state_round_trip_and_bad_stored_values(qtbot, tab, worker, settings):
    tab.inputs.literal.setText("[[1.5, 2.5]]")
    assert tab.parse_now()
    store = SettingsStore(settings)
    store.write(tab.settings_group, tab.settings())
    again = RankExplorerTab(worker)
    qtbot.addWidget(again)
    again.apply_settings(store.read(again.settings_group, RanksSettings()))
    assert again.current.array.shape == (1, 2) and again.inputs.literal.text() == "[[1.5, 2.5]]"
    settings.setValue("ranks/literal", "[[1, 2], [3]]")
    settings.setValue("ranks/example", 42)
    settings.setValue("ranks/operation", ["nonsense"])
    third = RankExplorerTab(worker)
    qtbot.addWidget(third)
    third.apply_settings(store.read(third.settings_group, RanksSettings()))
    assert third.current.array.shape == (3, 2, 3)
    assert third.operations.operation.currentData() == "reshape"
    for widget in (again, third):
        widget.shutdown()


def test_waiting_for_tensorflow_is_shown_before_the_engine_runs(qtbot):
    idle = Worker()  # never started: jobs wait, exactly as while TensorFlow loads
    widget = RankExplorerTab(idle)
    qtbot.addWidget(widget)
    assert "Waiting for TensorFlow to load…" in widget.info.text()
    assert widget.controller.tensorflow.busy


def test_a_busy_engine_is_named_while_the_tensorflow_view_waits(qtbot, bare_worker):
    release = threading.Event()
    bare_worker.submit(
        "Train the MNIST model", functools.partial(release.wait, 10), owner="MNIST Trainer"
    )
    qtbot.waitUntil(lambda: bare_worker.current_job is not None, timeout=5000)
    widget = RankExplorerTab(bare_worker)
    qtbot.addWidget(widget)
    try:
        waiting = "Waiting for “Train the MNIST model” (MNIST Trainer) to finish…"
        assert waiting in widget.info.text()
        assert widget.controller.tensorflow.busy
    finally:
        widget.shutdown()  # cancels the queued TensorFlow job before it can run
        release.set()
    qtbot.waitUntil(lambda: not widget.controller.tensorflow.busy, timeout=5000)


def test_ctrl_z_in_the_argument_field_right_after_apply_undoes_the_operation(qtbot, tab):
    tab.window().activateWindow()
    qtbot.waitUntil(tab.window().isActiveWindow, timeout=3000)
    field = tab.operations.argument
    choose(tab, "reshape", "")
    field.setFocus()
    qtbot.keyClicks(field, "2, 9")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert tab.current.array.shape == (2, 9) and field.hasFocus()
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.current.array.shape == (3, 2, 3)  # the operation is undone ...
    assert field.text() == "2, 9"  # ... not the typing in the field
    assert "undo: back to shape (3, 2, 3)" in tab.code.code()
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.current.array.shape == (3, 2, 3) and field.text() == "2, 9"  # nothing left

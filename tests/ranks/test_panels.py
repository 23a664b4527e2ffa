"""The Rank Explorer's smaller views on their own, with no engine: the dims sliders, the
NumPy/TensorFlow panel, the broadcasting box, the picture panel, the operation box and the input
row."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QLabel, QSlider

from engine.ranks.describe import describe
from engine.ranks.examples import CUSTOM, EXAMPLES
from engine.ranks.operations import apply_operation
from engine.ranks.tf_view import TensorFlowView
from widgets.ranks.broadcast_box import BroadcastBox
from widgets.ranks.dims_sliders import DimsSliders, SliderAxis
from widgets.ranks.info_panel import TensorInfoPanel
from widgets.ranks.operations_panel import CHOICES, OperationsPanel, shapes_html
from widgets.ranks.picture_panel import PicturePanel, headline_html
from widgets.ranks.tensor_input import LITERAL_HINT, TensorInput
from widgets.shared.message_line import Severity

# --- dims sliders ------------------------------------------------------------------------------


def test_dims_sliders_one_row_per_axis_and_the_index_they_pick(qtbot, show):
    dims = show(DimsSliders(), size=(500, 100))
    dims.set_axes([SliderAxis(0, 8, "samples", "index"), SliderAxis(3, 2, None, "front card")])
    assert list(dims.sliders) == [0, 3] and dims.isVisible()
    assert dims.sliders[0].maximum() == 7 and dims.sliders[3].maximum() == 1
    labels = [label.text() for label in dims.findChildren(QLabel)]
    assert any("axis 0 · samples" in t and "<i>index</i>" in t for t in labels)
    assert any("axis 3</b> <i>front card</i>" in t for t in labels)
    with qtbot.waitSignal(dims.index_changed) as moved:
        dims.sliders[0].setValue(5)
    assert moved.args == [0, 5] and "5 / 7" in [label.text() for label in dims.findChildren(QLabel)]
    with qtbot.waitSignal(dims.index_changed) as moved:
        dims.set_index(3, 1)
    assert moved.args == [3, 1]
    dims.set_index(9, 1)  # an axis without a slider: nothing to move
    assert [slider.value() for slider in dims.sliders.values()] == [5, 1]

    dims.set_axes([SliderAxis(1, 4, None, "front card")])
    assert list(dims.sliders) == [1]
    assert [s.objectName() for s in dims.findChildren(QSlider)] == ["dimsSlider1"]
    dims.set_axes([])
    assert not dims.isVisible() and not dims.findChildren(QSlider)


# --- the NumPy / TensorFlow panel -------------------------------------------------------------


def test_info_panel_shows_numpy_at_once_and_tensorflow_when_it_answers(show):
    panel = show(TensorInfoPanel(), size=(500, 400))
    panel.set_numpy(describe(np.zeros((3, 2), np.float32), ("samples", None)))
    text = panel.text()
    assert "(3, 2)" in text and "float32" in text and "length 3 (samples)" in text
    assert "Asking TensorFlow…" in text and "TensorShape" not in text
    panel.set_tensorflow(None, "Waiting for TensorFlow to load…")
    assert "Waiting for TensorFlow to load…" in panel.text()
    panel.set_tensorflow(
        TensorFlowView(
            rank=2,
            rank_repr="<tf.Tensor: shape=(), dtype=int32, numpy=2>",
            shape="TensorShape([3, 2])",
            dims=(3, 2),
            dtype="tf.float32",
            size=6,
            list_dtype="tf.int32",
            agrees=True,
            note="TensorFlow gives int32, NumPy int64",
        )
    )
    text = panel.text()
    assert "TensorShape([3, 2])" in text and "tf.float32" in text and "Asking" not in text
    assert "same values" in text and "TensorFlow gives int32, NumPy int64." in text
    assert "would pick <b>tf.int32</b>" in text
    assert "As in the code, <span" in text and "t = tf.constant(x)</span>." in text
    assert "is a tensor too" in text
    panel.set_tensorflow(TensorFlowView(rank=1, dims=(6,), dtype="tf.int32", operations=2))
    assert "tf.constant</span>, then 2 operations in TensorFlow." in panel.text()
    panel.set_tensorflow(TensorFlowView(error="Value for attr 'T' of bool is not allowed"))
    assert "TensorFlow refused: Value for attr &#x27;T&#x27; of bool" in panel.text()
    panel.set_numpy(describe(np.array(1.5)))
    assert "A scalar has no axes." in panel.text()


# --- broadcasting ------------------------------------------------------------------------------


def test_broadcast_box(show):
    box = show(BroadcastBox(), size=(400, 200))
    box.shape_a.setText("8, 1, 6, 1")
    box.shape_b.setText("7, 1, 5")
    assert box.result == (8, 7, 6, 5) and "result 8 7 6 5" in box.table.text()
    assert "np.broadcast_shapes((8, 1, 6, 1), (7, 1, 5))" in box.code.text()
    box.shape_b.setText("7, 2, 5")
    assert box.result is None and box.message.severity is Severity.ERROR
    assert "at axis -2 the lengths are 6 and 2" in box.message.text()
    assert box.table.text() == "" and box.code.text() == ""
    box.set_shape_a((4, 3))  # b no longer fits: it becomes a vector along the last axis
    assert box.shape_a.text() == "4, 3" and box.shape_b.text() == "3" and box.result == (4, 3)
    box.set_shape_a((2, 3))  # b still fits: it stays
    assert box.shape_b.text() == "3" and box.result == (2, 3)
    box.shape_b.setText("seven")
    assert "'seven' in the shape is not a whole number" in box.message.text()


# --- the picture panel -------------------------------------------------------------------------


def test_picture_panel_keeps_sliders_and_picture_together(qtbot, show):
    panel = show(PicturePanel(), size=(800, 600))
    array = np.arange(2 * 5 * 2 * 3).reshape(2, 5, 2, 3)
    panel.show_tensor(array, describe(array, ("a", "b", "c", "d")).names)
    assert list(panel.dims.sliders) == [1] and not panel.image_box.isChecked()
    assert "axis 1 · b</b> <i>front card</i>" in " ".join(
        label.text() for label in panel.dims.findChildren(QLabel)
    )
    panel.dims.sliders[1].setValue(3)
    assert panel.picture.index_of(1) == 3
    card = panel.picture.plan.back_cards[-1]  # a click on the nearest card behind
    point = QPointF(card.box.x + card.box.width / 2, card.box.y + 3)
    point = point * panel.picture.zoom() + panel.picture.origin()
    qtbot.mouseClick(panel.picture, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert panel.dims.sliders[1].value() == panel.picture.index_of(1) == card.index == 4

    digits = np.zeros((3, 28, 28), np.uint8)
    with qtbot.assertNotEmitted(panel.image_box.toggled):  # showing is not a request
        panel.show_tensor(digits, describe(digits).names, ("label 7", "", ""), image=True)
    assert panel.image_box.isChecked() and panel.image_box.isEnabled()
    panel.show_tensor(np.arange(3), describe(np.arange(3)).names)
    assert not panel.image_box.isEnabled() and not panel.dims.isVisible()


def test_headline():
    assert headline_html(np.zeros((3, 2, 3), np.int64), "") == (
        "<span style='font-size:15pt'><b>Rank 3</b></span>&nbsp;&nbsp;3 axes · "
        "shape <b>(3, 2, 3)</b> · 18 int64 values"
    )
    scalar = headline_html(np.array(2), "A single number.")
    assert "Rank 0" in scalar and "no axes" in scalar and "1 int64 value" in scalar
    assert scalar.endswith("<br><i>A single number.</i>")
    assert "1 axis · shape <b>(1000,)</b> · 1,000 float64" in headline_html(np.zeros(1000), "")


# --- the operation box and the input row --------------------------------------------------------


def test_operation_box_explains_each_choice(show):
    box = show(OperationsPanel(), size=(700, 200))
    assert [box.operation.itemData(i) for i in range(box.operation.count())] == [
        c.key for c in CHOICES
    ]
    assert box.argument.placeholderText() == CHOICES[0].placeholder
    assert not box.keepdims.isVisible()
    box.select("mean")
    assert box.keepdims.isVisible() and box.argument.toolTip() == "Average along an axis."
    box.argument.setText("-1")
    box.keepdims.setChecked(True)
    form = box.form()
    assert (form.kind, form.argument, form.keepdims) == ("mean", "-1", True)
    box.select("nonsense")
    assert box.form().kind == "reshape"

    result = apply_operation(np.zeros((3, 2, 3)), "slice", "x[0] ")
    text = shapes_html(result, "applied")
    assert "<b>(3, 2, 3)</b> → <b>(2, 3)</b>" in text and "rank 3 → 2" in text
    assert "NumPy:      x = x[0]\nTensorFlow: t = t[0]" in text


def test_input_row_lists_the_examples_and_shows_the_literal(show):
    row = show(TensorInput(), size=(900, 80))
    keys = [row.examples.itemData(i) for i in range(row.examples.count())]
    assert keys == [item.key for item in EXAMPLES] + [CUSTOM]
    row.select_example("video")
    assert row.examples.currentData() == "video"
    row.select_example("not an example")
    assert row.examples.currentData() == CUSTOM
    row.set_literal("", "x is a batch of MNIST digits (8, 28, 28)")
    assert row.literal.text() == "" and "MNIST" in row.literal.placeholderText()
    row.set_literal("[1, 2]")
    assert row.literal.text() == "[1, 2]" and row.literal.placeholderText() == LITERAL_HINT


def test_counts_in_the_headline_and_slider_tips_agree_with_their_nouns(show):
    assert "1 axis · shape <b>(1,)</b> · 1 int64 value" in headline_html(np.array([7]), "")
    assert "no axes · shape <b>()</b> · 1 float64 value" in headline_html(np.array(1.5), "")
    assert "2 axes · shape <b>(1000, 2)</b> · 2,000 uint8 values" in headline_html(
        np.zeros((1000, 2), np.uint8), ""
    )
    dims = show(DimsSliders(), size=(500, 100))
    dims.set_axes([SliderAxis(0, 1, None, "front card"), SliderAxis(1, 2, None, "index")])
    assert dims.sliders[0].toolTip() == "Pick the index along axis 0 (1 position)"
    assert dims.sliders[1].toolTip() == "Pick the index along axis 1 (2 positions)"

"""The Rank Explorer's controller without a view: what it reports, in which order, and its undo
history. The engine never starts here (its jobs wait, as while TensorFlow loads), so only the
NumPy side runs."""

from __future__ import annotations

import numpy as np
import pytest

from engine.ranks.examples import CUSTOM, example
from engine.worker import Worker
from widgets.ranks.controller import (
    HISTORY_BYTES,
    HISTORY_LIMIT,
    LiteralText,
    Notice,
    Preview,
    RanksController,
    TensorShown,
)
from widgets.shared.message_line import Severity

SIGNALS = (
    "tensor_changed",
    "literal_replaced",
    "literal_notice",
    "digits_failed",
    "tensorflow_answered",
    "tensorflow_status",
)


@pytest.fixture
def controller(qtbot):
    c = RanksController(Worker())
    yield c
    c.shutdown()


@pytest.fixture
def reports(controller):
    """Every signal the controller emits, as (name, value), in order."""
    seen: list[tuple[str, object]] = []
    for name in SIGNALS:
        getattr(controller, name).connect(lambda value=None, name=name: seen.append((name, value)))
    return seen


def names_of(reports) -> list[str]:
    return [name for name, _ in reports]


def test_an_example_reports_its_literal_tensor_code_and_the_wait_for_tensorflow(
    controller, reports
):
    controller.load_example("vector-data")
    assert names_of(reports) == [
        "literal_replaced",
        "literal_notice",
        "tensor_changed",
        "tensorflow_status",
    ]
    values = dict(reports)
    assert values["literal_replaced"] == LiteralText(example("vector-data").text)
    assert values["literal_notice"] is None
    shown = values["tensor_changed"]
    assert isinstance(shown, TensorShown) and shown.fresh and not shown.can_undo
    assert shown.tensor.example == "vector-data" and shown.info.shape == (4, 3)
    assert shown.info.axes[0] == "axis 0: length 4 (samples)"
    assert "x = np.array([[34, 172, 68]," in shown.tensor.code
    assert values["tensorflow_status"] == "Waiting for TensorFlow to load…"
    assert controller.tensorflow.busy and not controller.digits.busy


def test_a_literal_keeps_the_axis_names_while_the_rank_stays(controller, reports):
    controller.load_example("vector-data")
    assert controller.read_literal("[[1, 2, 3]]")
    assert controller.current.names == ("samples", "features")
    assert controller.current.example == "vector-data"
    assert controller.read_literal("[1, 2]")
    assert controller.current.names is None and controller.current.example == CUSTOM
    reports.clear()
    assert not controller.read_literal("[[1, 2], [3]]")
    assert names_of(reports) == ["literal_notice"]
    notice = reports[0][1]
    assert isinstance(notice, Notice) and notice.severity is Severity.ERROR
    assert notice.text.endswith("The tensor shown is the last good one.")
    assert not controller.read_literal("  ")
    assert reports[-1][1].severity is Severity.INFO
    np.testing.assert_array_equal(controller.current.array, [1, 2])


def test_apply_reports_the_new_literal_and_code_then_undo_goes_back(controller, reports):
    controller.load_example("rank3")
    reports.clear()
    result = controller.apply("sum", "0", False)
    assert result.after == (2, 3)
    assert names_of(reports) == ["literal_replaced", "tensor_changed", "tensorflow_status"]
    values = dict(reports)
    assert values["literal_replaced"] == LiteralText("[[24, 27, 30], [33, 36, 39]]")
    shown = values["tensor_changed"]
    assert shown.can_undo and not shown.fresh and shown.tensor.example == CUSTOM
    start = controller.history[-1].code
    assert shown.tensor.code == start + (
        "\n\nx = np.sum(x, axis=0)  # (3, 2, 3) -> (2, 3)\nt = tf.reduce_sum(t, axis=0)\n"
        "print(x.ndim, x.shape, x.dtype, x.size)\n"
        "print(tf.rank(t), t.shape, t.dtype, tf.size(t))"
    )
    assert shown.tensor.tf_steps.operations == (result.operation,)
    reports.clear()
    assert controller.undo()
    assert controller.current.array.shape == (3, 2, 3) and controller.current.example == "rank3"
    # the script of the tensor before, and a note of what was undone: its lines are gone
    assert dict(reports)["tensor_changed"].tensor.code == start + (
        "\n\n# undone: x = np.sum(x, axis=0)\n# undo: back to shape (3, 2, 3)"
    )
    assert controller.current.tf_steps.operations == ()
    assert not dict(reports)["tensor_changed"].can_undo
    assert not controller.undo()


def test_a_refused_operation_changes_nothing(controller, reports):
    controller.load_example("rank3")
    before = controller.current
    reports.clear()
    with pytest.raises(ValueError, match="Cannot reshape 18 elements into"):
        controller.apply("reshape", "4, 5", False)
    assert reports == [] and controller.current is before and controller.history == []


def test_preview_needs_an_argument_and_a_small_enough_tensor(controller):
    controller.load_example("rank3")
    assert controller.preview("reshape", " ", False) == Preview()
    assert controller.preview("squeeze", "", False).problem == ""  # nothing to squeeze: fine
    assert "out of range" in controller.preview("sum", "5", False).problem
    assert controller.preview("mean", "1", True).result.after == (3, 1, 3)
    assert controller.current.array.shape == (3, 2, 3)  # only a preview
    assert controller.read_literal("np.zeros(2_000_000)")
    assert controller.preview("reshape", "2, -1", False) is None  # too big to try per key


def test_the_image_switch_is_no_step_to_undo(controller):
    controller.load_example("matrix")
    shown = controller.set_image(True)
    assert shown is controller.current and shown.image and controller.history == []


def test_undo_history_is_bounded_in_steps_and_in_memory(controller):
    controller.read_literal("[[1, 2, 3]]")
    for _ in range(HISTORY_LIMIT + 5):
        controller.apply("transpose", "", False)
    assert len(controller.history) == HISTORY_LIMIT
    # 80 MB each (reshapes of one lazily allocated array, so little is really used)
    assert controller.read_literal("np.zeros(10_000_000)")
    for shape in ["2, -1", "-1", "5, -1", "-1", "4, -1"]:
        controller.apply("reshape", shape, False)
    kept = list(controller.history)
    assert sum(t.array.nbytes for t in kept) <= HISTORY_BYTES
    assert len(kept) == HISTORY_BYTES // (80 * 10**6)  # the oldest went first
    assert [t.array.shape for t in kept[-2:]] == [(5, 2_000_000), (10_000_000,)]
    while controller.undo():
        pass
    assert controller.current.array.shape == kept[0].array.shape


def test_undoing_a_typed_literal_goes_back_to_the_script_before_it(controller):
    controller.load_example("matrix")
    before = controller.current.code
    assert controller.read_literal("tf.constant([1, 2])")
    assert "\nx = np.array([1, 2])\n" in controller.current.code  # int64, as the tab shows
    assert controller.undo()
    assert controller.current.code == before + (
        "\n\n# undone: x = np.array([1, 2])\n# undo: back to shape (2, 2)"
    )

"""engine.ranks.code: the script the code pane builds runs in a fresh Python and agrees with the
tab's NumPy results."""

from __future__ import annotations

import numpy as np
from fresh_python import run_python

from engine.ranks.code import digits_code, literal_code, operation_code, undo_code
from engine.ranks.examples import DigitBatch
from engine.ranks.operations import apply_operation
from engine.shared.code import code_header
from engine.shared.literals import parse_literal


def test_a_literal_becomes_an_np_array_unless_it_already_is_one():
    assert "\nx = np.array([[1, 2], [3, 4]])\nt = tf.constant(x)\n" in literal_code(
        "[[1, 2], [3, 4]]"
    )
    assert "\nx = np.zeros((2, 3))\n" in literal_code("np.zeros((2, 3))")
    assert literal_code("[1]").startswith(code_header())


def test_operation_and_undo_lines():
    x = parse_literal("np.arange(18).reshape(3, 2, 3)")
    result = apply_operation(x, "sum", "0")
    assert operation_code(result) == (
        "\nx = np.sum(x, axis=0)  # (3, 2, 3) -> (2, 3)\nt = tf.reduce_sum(t, axis=0)"
    )
    assert undo_code((3, 2, 3)) == "\n# undo: back to shape (3, 2, 3)"
    assert undo_code(()) == "\n# undo: back to shape ()"


def test_digits_code_loads_the_batch_then_describes_it():
    batch = DigitBatch(np.zeros((2, 28, 28), np.uint8), (7, 2), "test", "x = load()")
    code = digits_code(batch)
    assert code.startswith(code_header() + "x = load()\nt = tf.constant(x)\n")
    assert code.endswith("print(tf.rank(t), t.shape, t.dtype)")


def test_the_script_runs_and_ends_on_the_shapes_the_tab_shows():
    text = "[[[2, 3, 4], [5, 6, 7]], [[8, 9, 10], [11, 12, 13]], [[14, 15, 16], [17, 18, 19]]]"
    x = parse_literal(text)
    script = literal_code(text)
    for kind, argument in [("transpose", "2, 0, 1"), ("slice", "..., None, 0"), ("mean", "-1")]:
        result = apply_operation(x, kind, argument)
        script += "\n" + operation_code(result)
        x = result.value
    script += "\n" + undo_code(x.shape)
    script += "\nprint('final', x.shape, tuple(t.shape), float(x.sum()))"
    done = run_python("-c", script)
    assert done.returncode == 0, done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert last == f"final {x.shape} {x.shape} {float(x.sum())}"
    assert done.stdout.splitlines()[0] == "3 (3, 2, 3) int64 18"

"""The Python the Rank Explorer's code pane shows: a fresh tensor's first lines, then one line
pair per operation (NumPy, then TensorFlow) and a comment per undo, so the pane reads as a
script of what was done."""

from __future__ import annotations

from collections.abc import Sequence

from engine.ranks.examples import DigitBatch
from engine.ranks.operations import OpResult
from engine.shared.code import code_header
from engine.shared.limits import shape_text


def literal_code(text: str) -> str:
    """A script that builds ``x`` from the typed literal and prints both libraries' view of it."""
    literal = text if text.startswith("np.") else f"np.array({text})"
    return (
        f"{code_header()}\n"
        f"x = {literal}\nt = tf.constant(x)\n"
        "print(x.ndim, x.shape, x.dtype, x.size)\n"
        "print(tf.rank(t), t.shape, t.dtype, tf.size(t))"
    )


def digits_code(batch: DigitBatch) -> str:
    """A script that loads the same MNIST digits and prints both libraries' view of them."""
    return (
        code_header()
        + batch.code
        + "\nt = tf.constant(x)\nprint(x.ndim, x.shape, x.dtype)\n"
        + "print(tf.rank(t), t.shape, t.dtype)"
    )


def operation_code(result: OpResult) -> str:
    """The lines an applied operation adds, after a blank line: the NumPy statement with the
    shapes it changed, then the same operation in TensorFlow."""
    return (
        f"\nx = {result.code}  # {shape_text(result.before)} -> {shape_text(result.after)}\n"
        f"t = {result.tf_code}"
    )


def undo_code(shape: Sequence[int]) -> str:
    return "\n# undo: back to shape " + shape_text(shape)

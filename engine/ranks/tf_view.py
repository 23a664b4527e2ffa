"""TensorFlow's own view of the tensor the code pane builds: tf.rank, .shape and .dtype of ``t``.

``t`` is what the pane's script makes of it: ``tf.constant`` of a fresh tensor, then every
operation since, each with TensorFlow's own function (``tf.reduce_sum(t, ...)``), so a dtype
TensorFlow keeps where NumPy widens it stays kept in later steps, exactly as in the script.
TensorFlow is imported inside the function: the GUI thread imports this module freely and only
the engine worker ever runs it. Results are plain Python data, never live tf objects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.ranks.operations import ShapeOperation, run_tensorflow

LIST_DTYPE_LIMIT = 100_000  # elements; converting more to a Python list costs real time


@dataclass(frozen=True)
class TensorFlowSteps:
    """How the script builds ``t``: ``tf.constant(start)``, then each operation in TensorFlow.

    Replayed from the start for every answer, so an answer never depends on an earlier job
    having run (a newer tensor may have replaced it before it started)."""

    start: np.ndarray
    operations: tuple[ShapeOperation, ...] = ()
    refused: bool = False  # TensorFlow refuses the last operation (see operations.tf_refusal)
    from_list: bool = False  # start was typed as a Python list: tf.constant(list) may differ

    def then(self, operation: ShapeOperation, x: np.ndarray, refused: bool) -> TensorFlowSteps:
        """The steps after one more operation on the tensor ``x``. After a refused step the
        script starts ``t`` again from NumPy's result, ``t = tf.constant(x)``; so do these."""
        base = TensorFlowSteps(x) if self.refused else self
        return TensorFlowSteps(base.start, (*base.operations, operation), refused)


@dataclass(frozen=True)
class TensorFlowView:
    rank: int | None = None
    rank_repr: str = ""  # repr(tf.rank(t)): a scalar int32 tensor
    shape: str = ""  # repr(t.shape): TensorShape([3, 2, 3])
    dims: tuple[int | None, ...] = ()  # t.shape.as_list()
    dtype: str = ""  # repr(t.dtype): tf.int64
    size: int | None = None
    operations: int = 0  # how many operations built t after tf.constant
    list_dtype: str | None = None  # tf.constant(<the Python list>).dtype, if it differs
    agrees: bool | None = None  # after an operation: TensorFlow's values equal NumPy's
    note: str = ""
    error: str = ""  # TensorFlow refused; its own message


def tensorflow_view(value: object, steps: TensorFlowSteps | None = None) -> TensorFlowView:
    """Build ``t`` as ``steps`` say (``tf.constant(value)`` when there are none) and describe
    it; after operations, compare its values with NumPy's ``value``. For a tensor typed as a
    Python list, also say which dtype ``tf.constant`` of the list itself would pick."""
    import tensorflow as tf

    array = np.asarray(value)
    steps = steps or TensorFlowSteps(array)
    truncated = False  # a mean of integers: TensorFlow keeps the dtype and truncates
    try:
        t = tf.constant(np.asarray(steps.start))
        for operation in steps.operations:
            truncated |= operation.kind == "mean" and t.dtype.is_integer
            t = run_tensorflow(t, operation)
    except (tf.errors.OpError, TypeError, ValueError) as exc:
        text = getattr(exc, "message", None) or str(exc)
        return TensorFlowView(error=text.strip().splitlines()[0][:400])
    rank = tf.rank(t)
    notes = []
    agrees = None
    if steps.operations:
        result = t.numpy()
        same_shape = result.shape == array.shape
        agrees = same_shape and bool(
            np.allclose(result, array, equal_nan=True)
            if array.dtype.kind in "fc" or result.dtype.kind in "fc"
            else np.array_equal(result, array)
        )
        if not agrees:
            notes.append("TensorFlow's values differ from NumPy's")
            if truncated:
                notes.append("tf.reduce_mean keeps an integer dtype and truncates the mean")
    if t.dtype.as_numpy_dtype != array.dtype:
        notes.append(f"TensorFlow gives {t.dtype.name}, NumPy {array.dtype}")
    list_dtype = None
    if (
        steps.from_list
        and not steps.operations
        and array.size <= LIST_DTYPE_LIMIT
        and array.dtype.kind in "if"
    ):
        listed = tf.constant(array.tolist()).dtype
        if listed.name != array.dtype.name:
            list_dtype = repr(listed)
    return TensorFlowView(
        rank=int(rank.numpy()),
        rank_repr=repr(rank),
        shape=repr(t.shape),
        dims=tuple(t.shape.as_list()),
        dtype=repr(t.dtype),
        size=int(tf.size(t).numpy()),
        operations=len(steps.operations),
        list_dtype=list_dtype,
        agrees=agrees,
        note="; ".join(notes),
    )

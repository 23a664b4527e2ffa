"""TensorFlow's own view of a tensor (tf.rank, .shape, .dtype of tf.constant), for the worker.

TensorFlow is imported inside the function: the GUI thread imports this module freely and only
the engine worker ever runs it. Results are plain Python data, never live tf objects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.ranks.operations import ShapeOperation, run_tensorflow

LIST_DTYPE_LIMIT = 100_000  # elements; converting more to a Python list costs real time


@dataclass(frozen=True)
class TensorFlowView:
    rank: int | None = None
    rank_repr: str = ""  # repr(tf.rank(t)): a scalar int32 tensor
    shape: str = ""  # repr(t.shape): TensorShape([3, 2, 3])
    dims: tuple[int | None, ...] = ()  # t.shape.as_list()
    dtype: str = ""  # repr(t.dtype): tf.int64
    size: int | None = None
    list_dtype: str | None = None  # tf.constant(<the Python list>).dtype, if it differs
    agrees: bool | None = None  # after an operation: TensorFlow's values equal NumPy's
    note: str = ""
    error: str = ""  # TensorFlow refused; its own message


def tensorflow_view(
    value: object,
    *,
    operation: ShapeOperation | None = None,
    before: object = None,
    from_list: bool = False,
) -> TensorFlowView:
    """Describe ``tf.constant(value)``; with ``operation``, run it on ``tf.constant(before)``
    with TensorFlow's functions and compare the result with NumPy's ``value``."""
    import tensorflow as tf

    array = np.asarray(value)
    try:
        if operation is None:
            t = tf.constant(array)
        else:
            t = run_tensorflow(tf.constant(np.asarray(before)), operation)
    except (tf.errors.OpError, TypeError, ValueError) as exc:
        text = getattr(exc, "message", None) or str(exc)
        return TensorFlowView(error=text.strip().splitlines()[0][:400])
    rank = tf.rank(t)
    notes = []
    agrees = None
    if operation is not None:
        result = t.numpy()
        same_shape = result.shape == array.shape
        agrees = same_shape and bool(
            np.allclose(result, array, equal_nan=True)
            if array.dtype.kind in "fc" or result.dtype.kind in "fc"
            else np.array_equal(result, array)
        )
        if not agrees:
            notes.append("TensorFlow's values differ from NumPy's")
            if operation.kind == "mean" and t.dtype.is_integer:
                notes.append("tf.reduce_mean keeps an integer dtype and truncates the mean")
    if t.dtype.as_numpy_dtype != array.dtype:
        notes.append(f"TensorFlow gives {t.dtype.name}, NumPy {array.dtype}")
    list_dtype = None
    if from_list and array.size <= LIST_DTYPE_LIMIT and array.dtype.kind in "if":
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
        list_dtype=list_dtype,
        agrees=agrees,
        note="; ".join(notes),
    )

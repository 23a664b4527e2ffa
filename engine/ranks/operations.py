"""Operations that change a tensor's rank or shape, each with its before/after shapes and the
exact NumPy and TensorFlow code that does it. Axis names follow the axes they belong to.

The NumPy side runs anywhere; ``run_tensorflow`` replays the same operation with TensorFlow
(imported inside the function, for the engine worker thread).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np

from engine.ranks.describe import describe
from engine.ranks.indexing import IndexKey, index_text, parse_index
from engine.ranks.wording import counted
from engine.shared.limits import check_rank, shape_text
from engine.shared.shapes import parse_shape, resolve_shape

OPERATIONS = ("reshape", "expand_dims", "squeeze", "transpose", "slice", "sum", "mean")
NEW_AXIS = "new"

AxisNames: TypeAlias = Sequence[str | None] | None  # what each axis means, when known


@dataclass(frozen=True)
class ShapeOperation:
    """One operation with its arguments already checked against a tensor's shape."""

    kind: str
    shape: tuple[int, ...] | None = None  # reshape
    axis: int | tuple[int, ...] | None = None  # expand_dims (one), squeeze, sum, mean (a tuple)
    axes: tuple[int, ...] | None = None  # transpose
    key: IndexKey = ()  # slice: ints, slice objects, Ellipsis and None (a new axis)
    keepdims: bool = False


@dataclass(frozen=True)
class OpResult:
    value: np.ndarray
    before: tuple[int, ...]
    after: tuple[int, ...]
    code: str  # the NumPy expression, x being the tensor before
    tf_code: str  # the TensorFlow expression, t = tf.constant(x)
    names: tuple[str | None, ...]
    operation: ShapeOperation


# --- argument text ----------------------------------------------------------------------------


def _axis_list(text: str) -> tuple[int, ...] | None:
    text = text.strip()
    return None if text in ("", "None") else parse_shape(text)


def _normal_axis(axis: int, rank: int, what: str = "axis") -> int:
    if not -rank <= axis < rank:
        valid = f"from {-rank} to {rank - 1}" if rank else "none: a scalar has no axes"
        raise ValueError(f"{what} {axis} is out of range for rank {rank} (valid: {valid}).")
    return axis % rank


def _all_axes(rank: int) -> str:
    """'the 3 axes 0..2', 'the one axis 0', 'no axes (a scalar)'."""
    if rank == 0:
        return "no axes (a scalar)"
    return "the one axis 0" if rank == 1 else f"the {rank} axes 0..{rank - 1}"


def _names(x: np.ndarray, names: AxisNames) -> list[str | None]:
    """Known names travel with their axes; the generic layout names do not (they describe
    where the picture draws an axis, which changes with the rank)."""
    if names is None or len(names) != x.ndim:
        return [None] * x.ndim
    return list(names)


# --- the operations ------------------------------------------------------------------------------


def reshape(x: object, shape: Sequence[int], names: AxisNames = None) -> OpResult:
    array = np.asarray(x)
    asked = tuple(int(n) for n in shape)
    new = resolve_shape(array.size, asked)
    return _result(
        array,
        array.reshape(new),
        f"np.reshape(x, {shape_text(asked)})",
        f"tf.reshape(t, {shape_text(asked)})",
        None,
        ShapeOperation("reshape", shape=new),
    )


def expand_dims(x: object, axis: int, names: AxisNames = None) -> OpResult:
    array = np.asarray(x)
    check_rank(array.ndim + 1)
    where = _normal_axis(axis, array.ndim + 1)
    new_names = _names(array, names)
    new_names.insert(where, NEW_AXIS)
    return _result(
        array,
        np.expand_dims(array, where),
        f"np.expand_dims(x, axis={axis})",
        f"tf.expand_dims(t, axis={axis})",
        new_names,
        ShapeOperation("expand_dims", axis=where),
    )


def squeeze(x: object, axis: int | None = None, names: AxisNames = None) -> OpResult:
    array = np.asarray(x)
    old_names = _names(array, names)
    if axis is None:
        drop = [i for i, n in enumerate(array.shape) if n == 1]
        code, tf_code = "np.squeeze(x)", "tf.squeeze(t)"
    else:
        where = _normal_axis(axis, array.ndim)
        if array.shape[where] != 1:
            raise ValueError(
                f"Axis {axis} has length {array.shape[where]}: squeeze removes only axes of "
                "length 1."
            )
        drop = [where]
        code, tf_code = f"np.squeeze(x, axis={axis})", f"tf.squeeze(t, axis={axis})"
    kept = [name for i, name in enumerate(old_names) if i not in drop]
    value = np.squeeze(array, axis=tuple(drop))
    return _result(array, value, code, tf_code, kept, ShapeOperation("squeeze", axis=tuple(drop)))


def transpose(x: object, axes: Sequence[int] | None = None, names: AxisNames = None) -> OpResult:
    array = np.asarray(x)
    rank = array.ndim
    if axes is None:
        perm = tuple(reversed(range(rank)))
        code, tf_code = "np.transpose(x)", "tf.transpose(t)"
    else:
        asked = tuple(int(a) for a in axes)
        if sorted(a % rank if rank else a for a in asked) != list(range(rank)) or any(
            not -rank <= a < rank for a in asked
        ):
            raise ValueError(
                f"Axes {shape_text(asked)} are not an ordering of {_all_axes(rank)}; each must "
                "appear once."
            )
        perm = tuple(a % rank for a in asked)
        code = f"np.transpose(x, {shape_text(asked)})"
        tf_code = f"tf.transpose(t, perm={list(perm)})"
    old_names = _names(array, names)
    return _result(
        array,
        np.transpose(array, perm),
        code,
        tf_code,
        [old_names[a] for a in perm],
        ShapeOperation("transpose", axes=perm),
    )


def reduce(
    x: object,
    axis: int | Sequence[int] | None = None,
    how: str = "sum",
    keepdims: bool = False,
    names: AxisNames = None,
) -> OpResult:
    """np.sum / np.mean over one axis, a tuple of axes, or all of them (axis None)."""
    if how not in ("sum", "mean"):
        raise ValueError(f"Unknown reduction {how!r}: use sum or mean.")
    array = np.asarray(x)
    if axis is None:
        axes, arg, tf_arg = tuple(range(array.ndim)), "", ""
    else:
        given = (axis,) if isinstance(axis, int) else tuple(axis)
        axes = tuple(_normal_axis(a, array.ndim) for a in given)
        if len(set(axes)) != len(axes):
            raise ValueError(f"Axes {shape_text(given)} name the same axis twice.")
        if isinstance(axis, int):
            arg = tf_arg = f", axis={axis}"
        else:
            arg, tf_arg = f", axis={shape_text(given)}", f", axis={list(given)}"
    keep = ", keepdims=True" if keepdims else ""
    with warnings.catch_warnings():  # the mean of an empty axis is nan, as NumPy says
        warnings.simplefilter("ignore", RuntimeWarning)
        reducer = np.sum if how == "sum" else np.mean
        value = reducer(array, axis=axes, keepdims=keepdims)
    old_names = _names(array, names)
    new_names = old_names if keepdims else [n for i, n in enumerate(old_names) if i not in axes]
    return _result(
        array,
        np.asarray(value),
        f"np.{how}(x{arg}{keep})",
        f"tf.reduce_{how}(t{tf_arg}{keep})",
        new_names,
        ShapeOperation(how, axis=axes, keepdims=keepdims),
    )


def take_slice(x: object, index: str | IndexKey, names: AxisNames = None) -> OpResult:
    """``x[index]`` for an index text or key; the names of integer-indexed axes drop out."""
    array = np.asarray(x)
    key = parse_index(index) if isinstance(index, str) else tuple(index)
    if sum(item is Ellipsis for item in key) > 1:
        raise ValueError("An index can hold at most one '...'.")
    used = sum(1 for item in key if item is not None and item is not Ellipsis)
    if used > array.ndim:
        raise ValueError(
            f"Too many indices: x has {counted(array.ndim, 'axis')}, the index uses {used}."
        )
    shown = index_text(key)
    if Ellipsis in key:
        at = key.index(Ellipsis)
        key = key[:at] + (slice(None),) * (array.ndim - used) + key[at + 1 :]
    old_names = _names(array, names)
    new_names: list[str | None] = []
    axis = 0
    for item in key:
        if item is None:
            new_names.append(NEW_AXIS)
            continue
        if isinstance(item, int):
            length = array.shape[axis]
            if not -length <= item < length:
                raise ValueError(
                    f"Index {item} is out of range for axis {axis}, which has length {length}."
                )
        else:
            new_names.append(old_names[axis])
        axis += 1
    new_names += old_names[axis:]
    check_rank(len(new_names))
    value = np.array(array[key])  # a copy: later edits must not write through a view
    return _result(
        array, value, f"x[{shown}]", f"t[{shown}]", new_names, ShapeOperation("slice", key=key)
    )


# --- one entry point for the tab ---------------------------------------------------------------


def apply_operation(
    x: object, kind: str, argument: str = "", keepdims: bool = False, names: AxisNames = None
) -> OpResult:
    """Run an operation from its typed argument (the same text the tab's field holds)."""
    argument = argument.strip()
    if kind == "reshape":
        if not argument:
            raise ValueError("Type a shape, e.g. 2, 9 or (3, -1).")
        return reshape(x, parse_shape(argument), names)
    if kind == "expand_dims":
        axes = parse_shape(argument or "0")
        if len(axes) != 1:
            raise ValueError("expand_dims takes one axis, e.g. 0 or -1.")
        return expand_dims(x, axes[0], names)
    if kind == "squeeze":
        given = _axis_list(argument)
        if given is not None and len(given) != 1:
            raise ValueError("squeeze takes one axis, or nothing for every axis of length 1.")
        return squeeze(x, None if given is None else given[0], names)
    if kind == "transpose":
        return transpose(x, _axis_list(argument), names)
    if kind == "slice":
        return take_slice(x, argument, names)
    if kind in ("sum", "mean"):
        given = _axis_list(argument)
        # "1" is one axis (axis=1); "1," and "(0, 2)" are tuples (axis=(1,)), as in NumPy
        one = given is not None and len(given) == 1 and "," not in argument
        axis: int | tuple[int, ...] | None = given[0] if one and given is not None else given
        return reduce(x, axis, kind, keepdims, names)
    raise ValueError(f"Unknown operation {kind!r}; use one of {', '.join(OPERATIONS)}.")


def _result(
    x: np.ndarray,
    value: object,
    code: str,
    tf_code: str,
    names: Sequence[str | None] | None,
    operation: ShapeOperation,
) -> OpResult:
    array = np.asarray(value)
    if names is None or len(names) != array.ndim or not any(names):
        names = describe(array).names
    return OpResult(
        array, tuple(x.shape), tuple(array.shape), code, tf_code, tuple(names), operation
    )


# --- TensorFlow replay (worker thread) --------------------------------------------------------


def tf_refusal(operation: ShapeOperation, dtype: np.dtype) -> str:
    """Why TensorFlow refuses ``operation`` on a tensor of ``dtype`` ("" when it does not), known
    without importing TensorFlow so that the code pane can say so at once. tf.reduce_sum and
    tf.reduce_mean take no bool tensors (NumPy counts the Trues); every other operation here
    takes every dtype the app knows (a test checks the whole table against TensorFlow)."""
    if operation.kind in ("sum", "mean") and np.dtype(dtype) == np.bool_:
        return f"tf.reduce_{operation.kind} takes no bool tensor"
    return ""


def run_tensorflow(t: Any, operation: ShapeOperation) -> Any:
    """The same operation on a tf.Tensor, with TensorFlow's own functions."""
    import tensorflow as tf

    kind = operation.kind
    if kind == "reshape":
        return tf.reshape(t, operation.shape)
    if kind == "expand_dims":
        return tf.expand_dims(t, axis=operation.axis)
    if kind == "squeeze":
        return tf.squeeze(t, axis=list(_axes_of(operation)))
    if kind == "transpose":
        return tf.transpose(t, perm=list(operation.axes or ()))
    if kind == "slice":
        return t[operation.key]
    if kind in ("sum", "mean"):
        reducer = tf.reduce_sum if kind == "sum" else tf.reduce_mean
        return reducer(t, axis=list(_axes_of(operation)), keepdims=operation.keepdims)
    raise ValueError(f"Unknown operation {kind!r}.")


def _axes_of(operation: ShapeOperation) -> tuple[int, ...]:
    axis = operation.axis
    if axis is None:
        return ()
    return (axis,) if isinstance(axis, int) else axis

"""Operations that change a tensor's rank or shape, each with its before/after shapes and the
exact NumPy and TensorFlow code that does it. Axis names follow the axes they belong to.

The NumPy side runs anywhere; ``run_tensorflow`` replays the same operation with TensorFlow
(imported inside the function, for the engine worker thread).
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass

import numpy as np

from engine.ranks.describe import describe
from engine.shared.limits import MAX_RANK, check_rank, shape_text
from engine.shared.shapes import parse_shape, resolve_shape

OPERATIONS = ("reshape", "expand_dims", "squeeze", "transpose", "slice", "sum", "mean")
NEW_AXIS = "new"


@dataclass(frozen=True)
class ShapeOperation:
    """One operation with its arguments already checked against a tensor's shape."""

    kind: str
    shape: tuple[int, ...] | None = None  # reshape
    axis: int | tuple[int, ...] | None = None  # expand_dims, squeeze, sum, mean
    axes: tuple[int, ...] | None = None  # transpose
    key: tuple = ()  # slice: ints, slice objects, Ellipsis and None (a new axis)
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


def _names(x: np.ndarray, names) -> list:
    """Known names travel with their axes; the generic layout names do not (they describe
    where the picture draws an axis, which changes with the rank)."""
    if names is None or len(names) != x.ndim:
        return [None] * x.ndim
    return list(names)


# --- the operations ------------------------------------------------------------------------------


def reshape(x, shape, names=None) -> OpResult:
    x = np.asarray(x)
    new = resolve_shape(x.size, shape)
    asked = tuple(int(n) for n in shape)
    return _result(
        x,
        x.reshape(new),
        f"np.reshape(x, {shape_text(asked)})",
        f"tf.reshape(t, {shape_text(asked)})",
        None,
        ShapeOperation("reshape", shape=new),
    )


def expand_dims(x, axis: int, names=None) -> OpResult:
    x = np.asarray(x)
    check_rank(x.ndim + 1)
    where = _normal_axis(axis, x.ndim + 1)
    new_names = _names(x, names)
    new_names.insert(where, NEW_AXIS)
    return _result(
        x,
        np.expand_dims(x, where),
        f"np.expand_dims(x, axis={axis})",
        f"tf.expand_dims(t, axis={axis})",
        new_names,
        ShapeOperation("expand_dims", axis=where),
    )


def squeeze(x, axis: int | None = None, names=None) -> OpResult:
    x = np.asarray(x)
    old_names = _names(x, names)
    if axis is None:
        drop = [i for i, n in enumerate(x.shape) if n == 1]
        code, tf_code = "np.squeeze(x)", "tf.squeeze(t)"
    else:
        where = _normal_axis(axis, x.ndim)
        if x.shape[where] != 1:
            raise ValueError(
                f"Axis {axis} has length {x.shape[where]}: squeeze removes only axes of length 1."
            )
        drop = [where]
        code, tf_code = f"np.squeeze(x, axis={axis})", f"tf.squeeze(t, axis={axis})"
    kept = [name for i, name in enumerate(old_names) if i not in drop]
    value = np.squeeze(x, axis=tuple(drop))
    return _result(x, value, code, tf_code, kept, ShapeOperation("squeeze", axis=tuple(drop)))


def transpose(x, axes=None, names=None) -> OpResult:
    x = np.asarray(x)
    if axes is None:
        perm = tuple(reversed(range(x.ndim)))
        code, tf_code = "np.transpose(x)", "tf.transpose(t)"
    else:
        perm = tuple(int(a) for a in axes)
        if sorted(a % x.ndim if x.ndim else a for a in perm) != list(range(x.ndim)) or any(
            not -x.ndim <= a < x.ndim for a in perm
        ):
            raise ValueError(
                f"Axes {shape_text(perm)} are not an ordering of the {x.ndim} axes "
                f"0..{x.ndim - 1}; each must appear once."
            )
        perm = tuple(a % x.ndim for a in perm)
        code = f"np.transpose(x, {shape_text(axes)})"
        tf_code = f"tf.transpose(t, perm={list(perm)})"
    old_names = _names(x, names)
    return _result(
        x,
        np.transpose(x, perm),
        code,
        tf_code,
        [old_names[a] for a in perm],
        ShapeOperation("transpose", axes=perm),
    )


def reduce(x, axis=None, how: str = "sum", keepdims: bool = False, names=None) -> OpResult:
    """np.sum / np.mean over one axis, a tuple of axes, or all of them (axis None)."""
    if how not in ("sum", "mean"):
        raise ValueError(f"Unknown reduction {how!r}: use sum or mean.")
    x = np.asarray(x)
    if axis is None:
        axes, arg, tf_arg = tuple(range(x.ndim)), "", ""
    else:
        given = (axis,) if isinstance(axis, int) else tuple(axis)
        axes = tuple(_normal_axis(a, x.ndim) for a in given)
        if len(set(axes)) != len(axes):
            raise ValueError(f"Axes {shape_text(given)} name the same axis twice.")
        if isinstance(axis, int):
            arg = tf_arg = f", axis={axis}"
        else:
            arg, tf_arg = f", axis={shape_text(given)}", f", axis={list(given)}"
    keep = ", keepdims=True" if keepdims else ""
    with warnings.catch_warnings():  # the mean of an empty axis is nan, as NumPy says
        warnings.simplefilter("ignore", RuntimeWarning)
        value = getattr(np, how)(x, axis=axes, keepdims=keepdims)
    old_names = _names(x, names)
    new_names = old_names if keepdims else [n for i, n in enumerate(old_names) if i not in axes]
    return _result(
        x,
        np.asarray(value),
        f"np.{how}(x{arg}{keep})",
        f"tf.reduce_{how}(t{tf_arg}{keep})",
        new_names,
        ShapeOperation(how, axis=axes, keepdims=keepdims),
    )


# --- slicing ------------------------------------------------------------------------------------


def parse_index(text: str) -> tuple:
    """'x[0]', '[:, 1]', ':, 1', '..., 0' or 'None' -> a key of ints, slices, Ellipsis and None.

    Read with Python's ast (the text is placed inside a subscript), never eval.
    """
    inner = text.strip()
    if len(inner) > 300:
        raise ValueError("That index is too long.")
    head = inner.split("[", 1)[0].strip()
    if head.isidentifier() and inner.endswith("]"):
        inner = inner[len(head) :].strip()
    if inner.startswith("[") and inner.endswith("]"):
        inner = inner[1:-1]
    if not inner.strip():
        raise ValueError("Type an index, e.g. 0 or :, 1 (as in x[0] or x[:, 1]).")
    try:
        node = ast.parse(f"_[{inner}]", mode="eval").body
    except SyntaxError:
        raise ValueError(f"x[{inner}] is not a valid index.") from None
    if not (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id == "_"
    ):
        raise ValueError(f"x[{inner}] is not a simple index.")
    items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    return tuple(_index_item(item) for item in items)


def _small_int(node) -> int | None:
    if node is None:
        return None
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        sign, node = -1, node.operand
    if isinstance(node, ast.Constant) and type(node.value) is int and node.value < 2**62:
        return sign * node.value
    raise ValueError("Index parts must be whole numbers, ':' slices, '...' or None.")


def _index_item(node):
    if isinstance(node, ast.Slice):
        step = _small_int(node.step)
        if step == 0:
            raise ValueError("A slice step cannot be 0.")
        return slice(_small_int(node.lower), _small_int(node.upper), step)
    if isinstance(node, ast.Constant) and node.value is Ellipsis:
        return Ellipsis
    if isinstance(node, ast.Constant) and node.value is None:
        return None
    if isinstance(node, ast.Attribute) and node.attr == "newaxis":
        return None
    return _small_int(node)


def index_text(key: tuple) -> str:
    def one(item) -> str:
        if item is Ellipsis:
            return "..."
        if item is None:
            return "None"
        if isinstance(item, slice):
            text = ("" if item.start is None else str(item.start)) + ":"
            text += "" if item.stop is None else str(item.stop)
            return text + (f":{item.step}" if item.step is not None else "")
        return str(item)

    return ", ".join(one(item) for item in key)


def take_slice(x, index, names=None) -> OpResult:
    """``x[index]`` for an index text or key; the names of integer-indexed axes drop out."""
    x = np.asarray(x)
    key = parse_index(index) if isinstance(index, str) else tuple(index)
    if sum(item is Ellipsis for item in key) > 1:
        raise ValueError("An index can hold at most one '...'.")
    used = sum(1 for item in key if item is not None and item is not Ellipsis)
    if used > x.ndim:
        raise ValueError(f"Too many indices: x has {x.ndim} axes, the index uses {used}.")
    shown = index_text(key)
    if Ellipsis in key:
        at = key.index(Ellipsis)
        key = key[:at] + (slice(None),) * (x.ndim - used) + key[at + 1 :]
    old_names = _names(x, names)
    new_names, axis = [], 0
    for item in key:
        if item is None:
            new_names.append(NEW_AXIS)
            continue
        if isinstance(item, int):
            length = x.shape[axis]
            if not -length <= item < length:
                raise ValueError(
                    f"Index {item} is out of range for axis {axis}, which has length {length}."
                )
        else:
            new_names.append(old_names[axis])
        axis += 1
    new_names += old_names[axis:]
    check_rank(len(new_names))
    value = np.array(x[key])  # a copy: later edits must not write through a view
    return _result(
        x, value, f"x[{shown}]", f"t[{shown}]", new_names, ShapeOperation("slice", key=key)
    )


# --- one entry point for the tab ---------------------------------------------------------------


def apply_operation(
    x, kind: str, argument: str = "", keepdims: bool = False, names=None
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
        axes = _axis_list(argument)
        if axes is not None and len(axes) != 1:
            raise ValueError("squeeze takes one axis, or nothing for every axis of length 1.")
        return squeeze(x, None if axes is None else axes[0], names)
    if kind == "transpose":
        return transpose(x, _axis_list(argument), names)
    if kind == "slice":
        return take_slice(x, argument, names)
    if kind in ("sum", "mean"):
        axes = _axis_list(argument)
        axis = axes[0] if axes is not None and len(axes) == 1 and "," not in argument else axes
        return reduce(x, axis, kind, keepdims, names)
    raise ValueError(f"Unknown operation {kind!r}; use one of {', '.join(OPERATIONS)}.")


def _result(x, value, code, tf_code, names, operation) -> OpResult:
    value = np.asarray(value)
    if names is None or len(names) != value.ndim or not any(names):
        names = describe(value).names
    return OpResult(
        value, tuple(x.shape), tuple(value.shape), code, tf_code, tuple(names), operation
    )


# --- broadcasting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Broadcast:
    a: tuple[int, ...]
    b: tuple[int, ...]
    shape: tuple[int, ...]
    table: str  # the shapes right-aligned, the way the rule compares them
    code: str
    tf_code: str


def broadcast(a, b) -> Broadcast:
    """The shape NumPy and TensorFlow broadcast ``a`` and ``b`` to, or a ValueError naming the
    first axis (counted from the right) where the lengths clash."""
    a, b = tuple(int(n) for n in a), tuple(int(n) for n in b)
    for shape in (a, b):
        if len(shape) > MAX_RANK or any(n < 0 for n in shape):
            raise ValueError(f"{shape_text(shape)} is not a valid shape.")
    out = []
    for k in range(1, max(len(a), len(b)) + 1):
        da = a[-k] if k <= len(a) else 1
        db = b[-k] if k <= len(b) else 1
        if da != db and 1 not in (da, db):
            raise ValueError(
                f"{shape_text(a)} and {shape_text(b)} do not broadcast: at axis -{k} the lengths "
                f"are {da} and {db}; they must be equal, or one of them 1."
            )
        out.append(db if da == 1 else da)
    shape = tuple(reversed(out))
    width = max(len(shape), 1)
    cell = max([len(str(n)) for n in a + b + shape] + [1])

    def row(label: str, dims: tuple) -> str:
        cells = [" " * cell] * (width - len(dims)) + [str(n).rjust(cell) for n in dims]
        return f"{label:<7}" + " ".join(cells)

    table = "\n".join([row("a", a), row("b", b), row("result", shape)])
    return Broadcast(
        a,
        b,
        shape,
        table,
        f"np.broadcast_shapes({shape_text(a)}, {shape_text(b)})",
        f"tf.broadcast_static_shape(tf.TensorShape({list(a)}), tf.TensorShape({list(b)}))",
    )


# --- TensorFlow replay (worker thread) --------------------------------------------------------


def run_tensorflow(t, operation: ShapeOperation):
    """The same operation on a tf.Tensor, with TensorFlow's own functions."""
    import tensorflow as tf

    kind = operation.kind
    if kind == "reshape":
        return tf.reshape(t, operation.shape)
    if kind == "expand_dims":
        return tf.expand_dims(t, axis=operation.axis)
    if kind == "squeeze":
        return tf.squeeze(t, axis=list(operation.axis))
    if kind == "transpose":
        return tf.transpose(t, perm=list(operation.axes))
    if kind == "slice":
        return t[operation.key]
    if kind in ("sum", "mean"):
        reducer = tf.reduce_sum if kind == "sum" else tf.reduce_mean
        return reducer(t, axis=list(operation.axis), keepdims=operation.keepdims)
    raise ValueError(f"Unknown operation {kind!r}.")

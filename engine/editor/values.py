"""Typed values for the tensor editor: parse cell text, check it fits the dtype, write literals.

Pure NumPy (no TensorFlow, no Qt), so the GUI thread may validate a cell before sending it on.
Nothing here evaluates code: numbers come from int()/float(), lists from the shared literal reader.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from engine.shared.dtypes import numpy_name
from engine.shared.limits import check_size
from engine.shared.literals import parse_literal
from engine.shared.shapes import parse_shape

# The dtypes a tensor can be held in. A subset of the app's DTYPES: the ones a tf.Variable can
# assign and assign_add on the CPU in every mode, so no mode switch ever fails on the dtype.
EDITOR_DTYPES = ("float32", "float64", "int32", "int64", "bool")
FILLS = ("zeros", "ones", "random normal", "range")

# What a cell accepts: its typed text, or a number (parse_value refuses anything else).
CellValue = str | int | float | np.generic
# A position in the tensor (ints), or a block of it (slices along some axes).
TensorIndex = tuple[int | slice, ...]


def check_dtype(dtype: npt.DTypeLike) -> np.dtype[Any]:
    """The NumPy dtype for one of the editor's dtypes, or ValueError."""
    resolved: np.dtype[Any] | None
    try:
        resolved = np.dtype(dtype)
    except TypeError:
        resolved = None
    if resolved is None or resolved.name not in EDITOR_DTYPES:
        raise ValueError(f"unsupported dtype {dtype!r}: choose one of {', '.join(EDITOR_DTYPES)}")
    return resolved


def parse_new_shape(text: str) -> tuple[int, ...]:
    """The shape typed for a new tensor: '6, 8', '6x8' or '' (a scalar); every axis at least 1."""
    shape = parse_shape(text)
    for n in shape:
        if n < 1:
            raise ValueError(f"every axis needs at least 1 element (got {n})")
    check_size(shape)
    return shape


def _number_text(text: str) -> int | float:
    stripped = text.strip()
    if not stripped:
        raise ValueError("type a number")
    try:
        return int(stripped)
    except ValueError:
        pass
    try:
        return float(stripped)
    except ValueError:
        raise ValueError(f"{stripped!r} is not a number") from None


def parse_value(value: CellValue, dtype: npt.DTypeLike) -> np.generic:
    """A number or a cell's text -> a NumPy scalar of ``dtype``, or ValueError saying why not."""
    resolved = check_dtype(dtype)
    plain: object = value.item() if isinstance(value, np.generic) else value
    if resolved.kind == "b":
        return np.bool_(_to_bool(plain))
    if isinstance(plain, str):
        plain = _number_text(plain)
    if isinstance(plain, bool):
        plain = int(plain)
    if not isinstance(plain, (int, float)):
        raise ValueError(f"{plain!r} is not a number")
    stored: np.generic
    if resolved.kind == "i":
        stored = resolved.type(_to_int(plain, resolved))
    else:
        stored = resolved.type(_to_float(plain, resolved))
    return stored


def _to_bool(value: object) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("true", "1"):
            return True
        if word in ("false", "0"):
            return False
        raise ValueError(f"{value.strip()!r} is not a bool: type True or False")
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    raise ValueError(f"{value!r} is not a bool: type True or False")


def _to_int(value: int | float, dtype: np.dtype[Any]) -> int:
    if isinstance(value, float):
        if math.isnan(value):
            raise ValueError(f"{dtype.name} has no NaN: only floating-point tensors hold NaN")
        if math.isinf(value):
            raise ValueError(f"{dtype.name} cannot hold infinity")
        if not value.is_integer():
            raise ValueError(
                f"{value!r} is not a whole number, and {dtype.name} holds only integers"
            )
        value = int(value)
    info = np.iinfo(dtype)
    if not info.min <= value <= info.max:
        raise ValueError(
            f"{value} does not fit in {dtype.name}, which holds {info.min} … {info.max}"
        )
    return value


def _to_float(value: int | float, dtype: np.dtype[Any]) -> float:
    try:
        as_float = float(value)
    except OverflowError:
        raise ValueError(f"{value} is too large for {dtype.name}") from None
    with np.errstate(over="ignore"):
        stored = dtype.type(as_float)
    if math.isinf(stored) and not math.isinf(as_float):
        limit = np.finfo(dtype).max
        raise ValueError(f"{value!r} is too large for {dtype.name} (largest is {limit})")
    return as_float


def check_array(values: npt.ArrayLike, dtype: npt.DTypeLike) -> np.ndarray:
    """Cast an array to ``dtype`` with the same rules as one cell (no silent wrap, cut or NaN)."""
    dtype = check_dtype(dtype)
    array: np.ndarray = np.asarray(values)
    if array.dtype.kind not in "biuf":
        raise ValueError(f"values of type {array.dtype} are not numbers")
    check_size(array.shape)
    if array.dtype == dtype:
        return array
    if dtype.kind == "b":
        if array.dtype.kind != "b" and not np.isin(array, (0, 1)).all():
            raise ValueError("a bool tensor holds only True/False (or 1/0)")
    elif dtype.kind == "i" and array.dtype.kind in "fiu":
        if array.dtype.kind == "f":
            if np.isnan(array).any():
                raise ValueError(f"{dtype.name} has no NaN: only floating-point tensors hold NaN")
            if not np.isfinite(array).all():
                raise ValueError(f"{dtype.name} cannot hold infinity")
            if (array != np.round(array)).any():
                raise ValueError(f"{dtype.name} holds only whole numbers")
        info = np.iinfo(dtype)
        if array.size and (array.min() < info.min or array.max() > info.max):
            raise ValueError(
                f"a value does not fit in {dtype.name}, which holds {info.min} … {info.max}"
            )
    elif dtype.kind == "f":
        with np.errstate(over="ignore"):
            cast: np.ndarray = array.astype(dtype)
        if (np.isinf(cast) & ~np.isinf(array.astype(np.float64))).any():
            raise ValueError(f"a value is too large for {dtype.name}")
        return cast
    converted: np.ndarray = array.astype(dtype)
    return converted


def literal_array(text: str, dtype: npt.DTypeLike, shape: tuple[int, ...]) -> np.ndarray:
    """A number (it fills every cell), or a literal of exactly the tensor's shape."""
    stripped = text.strip()
    if not stripped:
        raise ValueError("type a number or a nested list such as [[1, 2], [3, 4]]")
    if not stripped.startswith(("[", "(", "np.", "numpy.", "tf.")):
        return np.full(shape, parse_value(stripped, dtype))
    array = parse_literal(stripped)
    if array.shape != tuple(shape):
        raise ValueError(
            f"the list has shape {array.shape} but the tensor has shape {tuple(shape)}: "
            "give one number or a list of exactly that shape"
        )
    return check_array(array, dtype)


# --- Python literals for the code pane ----------------------------------------------------------
def scalar_code(value: bool | int | float | np.generic) -> str:
    """A Python literal that becomes exactly this value when stored in its dtype: ``3.``, ``7``."""
    if isinstance(value, (bool, np.bool_)):
        return "True" if value else "False"
    if isinstance(value, (np.integer, int)):
        return str(int(value))
    f = float(value)
    if math.isnan(f):
        return "np.nan"
    if math.isinf(f):
        return "np.inf" if f > 0 else "-np.inf"
    text = str(value)  # a NumPy float's shortest text that reads back as the same float
    if text.endswith(".0"):
        text = text[:-1]
    return text


def exact_text(value: bool | int | float | np.generic) -> str:
    """A cell's full-precision text (what the editor and the clipboard show)."""
    if isinstance(value, (bool, np.bool_)):
        return "True" if value else "False"
    if isinstance(value, (np.integer, int)):
        return str(int(value))
    return str(value)


def array_code(array: np.ndarray) -> str:
    """``np.array([[...]], dtype=np.float32)`` that rebuilds ``array`` exactly.

    A long literal gets one line per row, so the code pane stays readable."""

    def nested(a: np.ndarray) -> str:
        if a.ndim == 0:
            return scalar_code(a.flat[0])  # the NumPy scalar (a[()] types as an array)
        return "[" + ", ".join(nested(row) for row in a) + "]"

    text = nested(array)
    if array.ndim >= 2 and len(text) > 100:
        text = "[" + ",\n    ".join(nested(row) for row in array) + "]"
    return f"np.array({text}, dtype={numpy_name(array.dtype)})"


def index_code(index: TensorIndex) -> str:
    """The subscript for an index tuple: ``0, 1`` or ``0:2, 3`` or ``()`` for a scalar."""
    if not index:
        return "()"
    parts = []
    for item in index:
        if isinstance(item, slice):
            parts.append(f"{item.start}:{item.stop}")
        else:
            parts.append(str(item))
    return ", ".join(parts)


@dataclass(frozen=True)
class Operand:
    """A whole value for assign/assign_add: its numbers and NumPy code that rebuilds them."""

    array: np.ndarray
    code: str
    # Shorter TensorFlow spelling for a tf.Variable (``tf.ones_like(v)``); {name} is the variable.
    tf_code: str | None = None


def make_operand(
    kind: str, shape: tuple[int, ...], dtype: npt.DTypeLike, *, seed: int = 0, literal: str = ""
) -> Operand:
    """A value filled with zeros, ones, random normal (seeded), range, or a typed literal."""
    dtype = check_dtype(dtype)
    shape = tuple(int(n) for n in shape)
    check_size(shape)
    np_type = numpy_name(dtype)
    if kind == "zeros":
        return Operand(
            np.zeros(shape, dtype), f"np.zeros({shape!r}, dtype={np_type})", "tf.zeros_like({name})"
        )
    if kind == "ones":
        return Operand(
            np.ones(shape, dtype), f"np.ones({shape!r}, dtype={np_type})", "tf.ones_like({name})"
        )
    if kind == "random normal":
        seed = int(seed)
        normal = np.random.default_rng(seed).standard_normal(shape)
        draw = f"np.random.default_rng({seed}).standard_normal({shape!r})"
        if dtype.kind == "b":
            return Operand(normal > 0, f"{draw} > 0")
        if dtype.kind == "i":
            return Operand(np.rint(normal).astype(dtype), f"np.rint({draw}).astype({np_type})")
        return Operand(normal.astype(dtype), f"{draw}.astype({np_type})")
    if kind == "range":
        size = math.prod(shape)
        if dtype.kind == "b":
            return Operand(
                (np.arange(size) % 2 == 1).reshape(shape),
                f"(np.arange({size}) % 2 == 1).reshape({shape!r})",
            )
        return Operand(
            np.arange(size, dtype=dtype).reshape(shape),
            f"np.arange({size}, dtype={np_type}).reshape({shape!r})",
        )
    if kind == "literal":
        array = literal_array(literal, dtype, shape)
        if literal.strip().startswith(("[", "(", "np.", "numpy.", "tf.")):
            return Operand(array, array_code(array))
        fill = scalar_code(array.flat[0]) if array.size else "0"
        return Operand(array, f"np.full({shape!r}, {fill}, dtype={np_type})")
    raise ValueError(f"unknown fill {kind!r}: choose one of {', '.join(FILLS)} or literal")

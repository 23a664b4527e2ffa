"""Typed text -> NumPy array, safely through Python's ast (never eval), and back to text.

``parse_literal`` accepts a number or nested list/tuple of numbers, optionally wrapped as
``np.array(..., dtype=...)`` (or ``tf.constant(...)``), plus a few shape builders:
``np.zeros(shape)``, ``np.ones(shape)``, ``np.arange(...)`` and ``.reshape(...)`` on any of them.
Every size is checked before NumPy allocates anything.
"""

from __future__ import annotations

import ast
import math
from typing import Any

import numpy as np

from engine.shared.dtypes import DTYPES
from engine.shared.limits import check_size
from engine.shared.shapes import resolve_shape

MAX_TEXT_CHARS = 200_000  # ~100k typed numbers; more is a file, not a literal
MAX_NESTING = 40  # brackets deep; checked before Python's parser sees the text
ARRAY_MAKERS = {"np.array", "numpy.array", "np.asarray", "numpy.asarray", "tf.constant"}
FILLERS = {"zeros": 0, "ones": 1}
INT64 = (-(2**63), 2**63 - 1)
EXAMPLE_HINT = "e.g. [[2, 3], [4, 5]]"


def parse_literal(text: str) -> np.ndarray:
    if not isinstance(text, str):
        raise ValueError("The literal must be text.")
    text = text.strip()
    if not text:
        raise ValueError(f"Type a number or a nested list, {EXAMPLE_HINT}.")
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(
            f"The text is {len(text):,} characters long; the limit is {MAX_TEXT_CHARS:,}."
        )
    return _build(_parse(text))


def _parse(text: str) -> ast.expr:
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    if deepest > MAX_NESTING:
        raise ValueError(f"Nested {deepest} brackets deep; the limit is {MAX_NESTING}.")
    try:
        return ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        where = f" at column {exc.offset}" if exc.offset else ""
        raise ValueError(f"Not valid Python syntax{where}: {exc.msg}.") from None
    except (ValueError, MemoryError, RecursionError):  # null bytes, or a pathological nest
        raise ValueError("The text cannot be read as a Python literal.") from None


def _dotted(node: ast.expr) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _build(node: ast.expr) -> np.ndarray:
    if not isinstance(node, ast.Call):
        return _from_literal(node, None)
    name = _dotted(node.func)
    if isinstance(node.func, ast.Attribute) and node.func.attr == "reshape" and name is None:
        if not isinstance(node.func.value, ast.Call):  # a bare list has no .reshape in Python
            raise ValueError(".reshape(...) needs an array: write np.array([...]).reshape(...).")
        base = _build(node.func.value)
        if node.keywords:
            raise ValueError(".reshape(...) takes only the new shape.")
        if len(node.args) == 1 and isinstance(node.args[0], (ast.Tuple, ast.List)):
            items = node.args[0].elts
        else:
            items = node.args
        shape = tuple(_int_of(item, "a shape length") for item in items)
        return base.reshape(resolve_shape(base.size, shape))
    keywords = {k.arg: k.value for k in node.keywords}
    if None in keywords or set(keywords) - {"dtype"}:
        raise ValueError(f"{name or 'This call'}(...) accepts only a dtype= keyword here.")
    dtype = _dtype_of(keywords["dtype"]) if "dtype" in keywords else None
    if name in ARRAY_MAKERS:
        if len(node.args) != 1:
            raise ValueError(f"{name}(...) takes one literal, {EXAMPLE_HINT}.")
        return _from_literal(node.args[0], dtype)
    short = name.split(".", 1)[1] if name and name.split(".")[0] in ("np", "numpy") else None
    if short in FILLERS:
        if len(node.args) != 1:
            raise ValueError(f"{name}(shape) takes one shape, e.g. {name}((2, 3)).")
        arg = node.args[0]
        items = arg.elts if isinstance(arg, (ast.Tuple, ast.List)) else [arg]
        shape = tuple(_int_of(item, "a shape length") for item in items)
        check_size(shape)
        return np.full(shape, FILLERS[short], dtype=dtype or np.float64)
    if short == "arange":
        return _arange([_number_of(arg) for arg in node.args], dtype)
    shown = name or "that expression"
    raise ValueError(
        f"{shown}(...) is not supported: use a nested list, np.array(...), np.zeros(...), "
        "np.ones(...), np.arange(...) or .reshape(...)."
    )


def _arange(args: list[int | float], dtype: np.dtype[Any] | None) -> np.ndarray:
    if not 1 <= len(args) <= 3:
        raise ValueError("np.arange takes 1 to 3 numbers: stop, or start, stop[, step].")
    start, stop, step = (0, args[0], 1) if len(args) == 1 else (*args[:2], 1)
    if len(args) == 3:
        step = args[2]
    if step == 0:
        raise ValueError("np.arange: the step cannot be 0.")
    count = max(0, math.ceil((stop - start) / step))
    check_size((count,))
    return np.arange(start, stop, step, dtype=dtype)


def _dtype_of(node: ast.expr) -> np.dtype:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        name = node.value
    else:
        dotted = _dotted(node) or ""
        name = dotted.split(".")[-1]
        if dotted in ("float", "int", "bool"):
            name = {"float": "float64", "int": "int64", "bool": "bool"}[dotted]
        elif not dotted.startswith(("np.", "numpy.", "tf.")):
            name = ""
    if name not in DTYPES:
        raise ValueError(f"Unknown dtype; use one of {', '.join(DTYPES)}.")
    return np.dtype(name)


def _int_of(node: ast.expr, what: str) -> int:
    value = _number_of(node)
    if not isinstance(value, int):
        raise ValueError(f"Expected a whole number for {what}, got {value!r}.")
    return value


def _number_of(node: ast.expr) -> int | float:
    sign = 1
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -sign if isinstance(node.op, ast.USub) else sign
        node = node.operand
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    ):
        value: int | float = sign * node.value
        if isinstance(value, int) and not INT64[0] <= value <= INT64[1]:
            raise ValueError(f"{value} does not fit in a 64-bit integer.")
        return value
    raise ValueError(f"Expected a number at column {getattr(node, 'col_offset', 0) + 1}.")


def _from_literal(node: ast.expr, dtype: np.dtype[Any] | None) -> np.ndarray:
    _reject_non_literals(node)
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise ValueError(f"Only numbers and nested lists are allowed, {EXAMPLE_HINT}.") from None
    shape = _shape_of(value)
    check_size(shape)
    _check_ragged(value, shape, 0, ())
    try:
        return np.array(value, dtype=dtype)
    except (OverflowError, ValueError) as exc:
        raise ValueError(f"The values do not fit dtype {np.dtype(dtype).name}: {exc}.") from None


def _reject_non_literals(node: ast.expr) -> None:
    """Name the first thing that is not a number or a list, with its column."""
    for child in ast.walk(node):
        if isinstance(child, (ast.List, ast.Tuple, ast.Load, ast.USub, ast.UAdd)):
            continue
        if isinstance(child, ast.UnaryOp) and isinstance(child.op, (ast.USub, ast.UAdd)):
            continue
        where = f" at column {child.col_offset + 1}" if hasattr(child, "col_offset") else ""
        if isinstance(child, ast.Constant):
            value = child.value
            if isinstance(value, (bool, int, float)):
                continue
            if isinstance(value, complex):
                problem = f"the complex number {value!r}"
            elif value is None:
                problem = "None"
            elif isinstance(value, (str, bytes)):
                text = value if isinstance(value, str) else value.decode("latin-1")
                shown = text if len(text) <= 20 else text[:20] + "…"
                problem = f"the string {shown!r}"
            else:
                problem = repr(value)
        elif isinstance(child, ast.Name):
            problem = f"the name {child.id!r}"
        elif isinstance(child, (ast.Dict, ast.Set)):
            problem = "a dict" if isinstance(child, ast.Dict) else "a set"
        elif isinstance(child, ast.Call):
            problem = "a function call"
        else:
            problem = "an expression"
        raise ValueError(
            f"Found {problem}{where}: only numbers (int, float, bool) in nested lists are allowed."
        )


def _shape_of(value: object) -> tuple[int, ...]:
    """The shape the first element of every level implies; _check_ragged holds the rest to it."""
    shape = []
    while isinstance(value, (list, tuple)):
        shape.append(len(value))
        if not value or len(shape) > MAX_NESTING:
            break
        value = value[0]
    return tuple(shape)


def _where(path: tuple[int, ...]) -> str:
    return str(path[0]) if len(path) == 1 else "".join(f"[{i}]" for i in path)


def _items(count: int) -> str:
    return "1 item" if count == 1 else f"{count} items"


def _check_ragged(value: object, shape: tuple[int, ...], depth: int, path: tuple[int, ...]) -> None:
    if depth == len(shape):
        if isinstance(value, (list, tuple)):
            raise ValueError(
                f"Ragged list: item {_where(path)} at depth {depth} is a list, "
                "expected a number like the first item there."
            )
        if type(value) is int and not INT64[0] <= value <= INT64[1]:
            raise ValueError(f"{value} (item {_where(path)}) does not fit in a 64-bit integer.")
        return
    if not isinstance(value, (list, tuple)):
        raise ValueError(
            f"Ragged list: item {_where(path)} at depth {depth} is a number, "
            f"expected a list of {shape[depth]} items."
        )
    if len(value) != shape[depth]:
        raise ValueError(
            f"Ragged list: row {_where(path)} at depth {depth} has {_items(len(value))}, "
            f"expected {shape[depth]}."
        )
    for i, item in enumerate(value):
        _check_ragged(item, shape, depth + 1, (*path, i))


# --- back to text ---------------------------------------------------------------------------

FORMAT_LIMIT = 2_000  # elements; bigger tensors are not shown as a literal


def format_literal(value: object) -> str | None:
    """Text that ``parse_literal`` turns back into the same array, or None if it would not
    round-trip (too big, inf/nan) — the caller then says where the tensor came from instead."""
    array = np.asarray(value)
    if array.size > FORMAT_LIMIT or array.dtype.name not in DTYPES:
        return None
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        return None
    body = repr(array.tolist())
    default = array.dtype.name in ("int64", "float64", "bool") and array.size > 0
    if array.ndim == 0:
        return f"np.array({body})" if default else f"np.array({body}, dtype='{array.dtype.name}')"
    return body if default else f"np.array({body}, dtype='{array.dtype.name}')"

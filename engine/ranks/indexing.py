"""Index text as typed after ``x[``: read with Python's ast (never eval) into a key of ints,
slices, Ellipsis and None, and written back the way Python prints it."""

from __future__ import annotations

import ast
from types import EllipsisType
from typing import TypeAlias

IndexItem: TypeAlias = int | slice | EllipsisType | None  # None: a new axis (np.newaxis)
IndexKey: TypeAlias = tuple[IndexItem, ...]

MAX_INDEX_CHARS = 300


def parse_index(text: str) -> IndexKey:
    """'x[0]', '[:, 1]', ':, 1', '..., 0' or 'None' -> a key of ints, slices, Ellipsis and None.

    Read with Python's ast (the text is placed inside a subscript), never eval.
    """
    inner = text.strip()
    if len(inner) > MAX_INDEX_CHARS:
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


def _small_int(node: ast.expr | None) -> int | None:
    if node is None:
        return None
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        sign, node = -1, node.operand
    if isinstance(node, ast.Constant) and type(node.value) is int and node.value < 2**62:
        return sign * node.value
    raise ValueError("Index parts must be whole numbers, ':' slices, '...' or None.")


def _index_item(node: ast.expr) -> IndexItem:
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


def index_text(key: IndexKey) -> str:
    """The key as it reads inside ``x[...]``: '0, :, ...', '1:3:2', 'None'."""

    def one(item: IndexItem) -> str:
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

"""The words and numbers the tensor picture draws and shows on hover: values as cell text, axis
labels, captions and tooltips (no Qt). The plan measures them to make room; the painter draws
them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

SAMPLE_VALUES = 400  # values measured to size the cells; enough to find the widest text


def format_value(value: bool | int | float | np.generic) -> str:
    if isinstance(value, bool | np.bool_):
        return "T" if value else "F"
    if isinstance(value, float | np.floating):
        return f"{value:.3g}"
    return str(value)


def sample_texts(array: np.ndarray) -> list[str]:
    """The texts of up to SAMPLE_VALUES values spread over the tensor, to size its cells."""
    if array.size == 0:
        return []
    flat = array.reshape(-1)
    if flat.size > SAMPLE_VALUES:
        flat = flat[np.linspace(0, flat.size - 1, SAMPLE_VALUES).astype(int)]
    return [format_value(v) for v in flat.tolist()]


def axis_label(axis: int, names: Sequence[str | None]) -> str:
    name = names[axis] if axis < len(names) else None
    return f"axis {axis}" + (f" · {name}" if name else "")


def col_axis_text(axis: int, names: Sequence[str | None]) -> str:
    """Under the front grid, beside the arrow along its columns."""
    return axis_label(axis, names) + " →"


def card_axis_text(axis: int, names: Sequence[str | None], front: int, length: int) -> str:
    """Above the stack, beside the arrow through its cards."""
    return f"{axis_label(axis, names)} ↗  front card [{front}] of {length}"


def caption_text(prefix: tuple[int, ...], rank: int, caption: str) -> str:
    """Under a grid: which part of x it is ("x[0, 1]"), and its caption ("label 7")."""
    text = "x · a scalar: no axes" if rank == 0 else "x"
    if prefix:
        text = f"x[{', '.join(str(i) for i in prefix)}]"
    return text + (f" · {caption}" if caption else "")


def cell_text(
    index: tuple[int, ...], value: np.generic, names: Sequence[str | None], caption: str
) -> str:
    """The tooltip of one cell: its full index and value, what each index means, its caption."""
    where = ", ".join(str(i) for i in index)
    lines = [f"x[{where}] = {value.item()!r}  ({value.dtype})"]
    for axis, i in enumerate(index):
        name = names[axis] if axis < len(names) else None
        lines.append(f"axis {axis}{f' ({name})' if name else ''} = {i}")
    if caption:
        lines.append(caption)
    return "\n".join(lines)

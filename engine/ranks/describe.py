"""A tensor's rank, shape, dtype and size, and a sentence for each of its axes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TensorInfo:
    rank: int
    shape: tuple[int, ...]
    dtype: str
    size: int
    axes: tuple[str, ...]  # "axis 0: length 3 (samples)"
    names: tuple[str | None, ...]


def generic_axis_names(rank: int) -> tuple[str | None, ...]:
    """Names that match how the picture lays the axes out, when nothing better is known."""
    if rank == 2:
        return ("rows", "columns")
    if rank == 3:
        return ("matrices", "rows", "columns")
    return (None,) * rank


def describe(value: object, names: Sequence[str | None] | None = None) -> TensorInfo:
    array = np.asarray(value)
    rank = array.ndim
    if names is None or len(names) != rank:
        names = generic_axis_names(rank)
    named = tuple(names)
    axes = tuple(
        f"axis {i}: length {n}" + (f" ({name})" if name else "")
        for i, (n, name) in enumerate(zip(array.shape, named, strict=True))
    )
    return TensorInfo(rank, tuple(array.shape), str(array.dtype), int(array.size), axes, named)

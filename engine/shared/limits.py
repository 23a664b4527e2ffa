"""Size limits every feature applies before NumPy or TensorFlow allocates anything."""

from __future__ import annotations

import math
from collections.abc import Iterable

# ~80 MB as float64: big enough for a real dataset slice, small enough never to freeze the app.
MAX_ELEMENTS = 10_000_000
# NumPy allows 64 axes, but past 8 neither the editor's slice bar nor the rank picture helps.
MAX_RANK = 8


def element_count(shape: Iterable[int]) -> int:
    return math.prod(int(n) for n in shape)


def shape_text(shape: Iterable[int]) -> str:
    """A shape as Python prints a tuple: (), (3,), (3, 2)."""
    return repr(tuple(int(n) for n in shape))


def check_rank(rank: int) -> None:
    if rank > MAX_RANK:
        raise ValueError(f"Rank {rank} is more than the {MAX_RANK} axes this app handles.")


def check_size(shape: tuple[int, ...]) -> None:
    """Refuse a shape with too many axes, a negative length or too many elements."""
    check_rank(len(shape))
    if any(n < 0 for n in shape):
        raise ValueError(f"Shape {shape_text(shape)} has a negative length.")
    count = element_count(shape)
    if count > MAX_ELEMENTS:
        raise ValueError(
            f"Shape {shape_text(shape)} holds {count:,} elements; the limit is {MAX_ELEMENTS:,}."
        )

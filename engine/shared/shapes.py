"""Shapes typed as text, and the shape a reshape produces."""

from __future__ import annotations

import re

from engine.shared.limits import check_rank, check_size, element_count, shape_text

MAX_SHAPE_CHARS = 400
_SEPARATORS = re.compile(r"[,\s]+")
_TIMES = re.compile(r"(?<=\d)\s*[x×]\s*(?=[-\d])")  # 6x8 and 6 × 8 read as 6, 8


def parse_shape(text: str) -> tuple[int, ...]:
    """'6, 8', '(6, 8)', '[2 3 4]', '6x8', '(2, -1)' -> a tuple of ints; '' or '()' -> ().

    Only whole numbers are read; what each caller allows (zero lengths, one -1) it checks."""
    if len(text) > MAX_SHAPE_CHARS:
        raise ValueError("That shape text is too long.")
    body = text.strip().replace("−", "-")
    if body[:1] in "([" and body[-1:] in ")]":
        body = body[1:-1]
    body = _TIMES.sub(",", body.strip())
    shape = []
    for part in (p for p in _SEPARATORS.split(body) if p):
        try:
            shape.append(int(part))
        except ValueError:
            raise ValueError(f"{part!r} in the shape is not a whole number.") from None
    check_rank(len(shape))
    return tuple(shape)


def resolve_shape(size: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    """The shape ``reshape`` makes of ``size`` elements (one -1 allowed), or a ValueError that
    says why it cannot."""
    shape = tuple(int(n) for n in shape)
    if any(n < -1 for n in shape):
        raise ValueError(f"Shape {shape_text(shape)}: lengths must be >= 0 (or -1 for 'the rest').")
    unknown = shape.count(-1)
    if unknown > 1:
        raise ValueError(
            f"Shape {shape_text(shape)} has {unknown} -1s; at most one can be inferred."
        )
    check_rank(len(shape))
    known = element_count(n for n in shape if n != -1)
    if unknown:
        if known == 0 or size % known:
            raise ValueError(
                f"Cannot reshape {_elements(size)} into {shape_text(shape)}: "
                f"{size} is not a multiple of {known}."
            )
        shape = tuple(size // known if n == -1 else n for n in shape)
    elif known != size:
        raise ValueError(
            f"Cannot reshape {_elements(size)} into {shape_text(shape)}, which holds {known:,}."
        )
    check_size(shape)
    return shape


def _elements(count: int) -> str:
    return "1 element" if count == 1 else f"{count:,} elements"

"""NumPy's broadcasting rule for two shapes, laid out the way the rule compares them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engine.shared.limits import MAX_RANK, shape_text


@dataclass(frozen=True)
class Broadcast:
    a: tuple[int, ...]
    b: tuple[int, ...]
    shape: tuple[int, ...]
    table: str  # the shapes right-aligned, the way the rule compares them
    code: str
    tf_code: str


def broadcast(shape_a: Sequence[int], shape_b: Sequence[int]) -> Broadcast:
    """The shape NumPy and TensorFlow broadcast the two shapes to, or a ValueError naming the
    first axis (counted from the right) where the lengths clash."""
    a, b = tuple(int(n) for n in shape_a), tuple(int(n) for n in shape_b)
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

    def row(label: str, dims: tuple[int, ...]) -> str:
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

"""Derivatives of an expression with nested ``tf.GradientTape``s, as plain NumPy results.

One call differentiates over a whole 1-D range at once: every expression is elementwise, so the
gradient of ``f`` (summed over its elements by the tape) is the elementwise derivative, and the
same holds at each higher order. Each result carries the standalone TensorFlow code that prints
the same numbers, and a record of what the tapes saw for the "tape" view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from engine.gradients.code import gradient_code
from engine.gradients.expressions import Expression, compile_expression
from engine.gradients.grammar import DTYPE
from engine.gradients.tape import TapeRecord, derivative_names, none_reason, tape_record
from engine.gradients.two_inputs import PointResult, point_derivatives

MAX_ORDER = 3
SOURCES = ("variable", "constant")


@dataclass
class GradientResult:
    expression: str
    variable: str
    order: int
    source: str
    watch: bool
    at: np.ndarray
    values: list[np.ndarray | None]  # [f, f', ...]; None where TensorFlow returned None
    code: str
    tape: TapeRecord
    dtype: str = DTYPE
    notes: list[str] = field(default_factory=list)  # NaN/inf explained in words

    @property
    def watched(self) -> bool:
        return self.source == "variable" or self.watch

    @property
    def none_reason(self) -> str | None:
        """A one-line why for None derivatives (None when they are numbers)."""
        return none_reason(self.variable, self.watched, self.values)

    def names(self) -> list[str]:
        return derivative_names(self.variable, self.order)


@lru_cache(maxsize=256)
def _compiled(text: str, variable: str) -> Expression:
    return compile_expression(text, (variable,))


def check_arguments(
    expression: str | Expression, at: object, variable: str, order: int, source: str
) -> tuple[Expression, np.ndarray]:
    if isinstance(expression, Expression):
        if expression.variables != (variable,):
            raise ValueError(f"expression is in {expression.variables}, not ({variable!r},)")
        expr = expression
    else:
        expr = _compiled(expression, variable)
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    if not isinstance(order, int) or isinstance(order, bool) or not 0 <= order <= MAX_ORDER:
        raise ValueError(f"order must be an integer from 0 to {MAX_ORDER}, not {order!r}")
    points = np.array(at, dtype=np.float64)
    if points.ndim > 1:
        raise ValueError(f"'at' must be a number or a 1-D array, not shape {points.shape}")
    return expr, points


def derivatives(
    expression: str | Expression,
    at: object,
    *,
    variable: str = "x",
    variables: Sequence[str] | None = None,
    order: int = 2,
    source: str = "variable",
    watch: bool = True,
) -> GradientResult | PointResult:
    """f and its derivatives up to ``order`` at ``at`` (a number or a 1-D array), in float64.

    ``source="variable"`` differentiates with respect to a tf.Variable (watched automatically);
    ``source="constant"`` with respect to a tf.constant, watched only when ``watch``: otherwise
    the derivatives are None, as TensorFlow returns them. Where f itself is undefined (NaN or
    ±inf: log of a negative, 1/0) its derivatives are undefined too, although TensorFlow still
    computes numbers there (log′(−1) = −1): they are NaN in the result, and the code does so too.

    With two ``variables`` (``("x", "y")``), ``at`` is one point (x0, y0) and the values are
    ``[f, gradient (2,), Hessian (2, 2)]`` (the Hessian for order 2), a PointResult.
    """
    if variables is not None and len(variables) == 2:
        return two_input_derivatives(expression, at, tuple(variables), order, source, watch)
    if variables is not None:
        (variable,) = variables
    return one_input_derivatives(expression, at, variable, order, source, watch)


def two_input_derivatives(
    expression: str | Expression,
    at: object,
    variables: tuple[str, ...],
    order: int,
    source: str,
    watch: bool,
) -> PointResult:
    expr = expression if isinstance(expression, Expression) else _compiled2(expression, variables)
    if expr.variables != variables:
        raise ValueError(f"expression is in {expr.variables}, not {variables}")
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    if order not in (0, 1, 2):
        raise ValueError(f"with two variables the order is 0, 1 or 2, not {order!r}")
    point = np.array(at, dtype=np.float64)
    if point.shape != (2,):
        raise ValueError(f"'at' must be one point ({variables[0]}, {variables[1]}), not {at!r}")
    return point_derivatives(expr, point, order, source, watch)


@lru_cache(maxsize=64)
def _compiled2(text: str, variables: tuple[str, ...]) -> Expression:
    return compile_expression(text, variables)


def one_input_derivatives(
    expression: str | Expression,
    at: object,
    variable: str,
    order: int,
    source: str,
    watch: bool,
) -> GradientResult:
    """f and its derivatives of one variable (see :func:`derivatives`)."""
    import tensorflow as tf

    expr, points = check_arguments(expression, at, variable, order, source)
    dtype = getattr(tf, DTYPE)
    x = tf.Variable(points, dtype=dtype) if source == "variable" else tf.constant(points, dtype)
    watched = source == "variable" or watch
    unconnected = tf.UnconnectedGradients.ZERO if watched else tf.UnconnectedGradients.NONE

    # tapes[0] is the outermost; the innermost one records f(x).
    tapes = [tf.GradientTape() for _ in range(order)]
    for tape in tapes:
        tape.__enter__()
        if source == "constant" and watch:
            tape.watch(x)
    try:
        y = tf.convert_to_tensor(expr(**{variable: x}), dtype)  # f, the value
    except BaseException:
        for tape in reversed(tapes):
            tape.__exit__(None, None, None)
        raise
    values: list[Any] = [y]
    # Leave the tapes from the inside out; each gradient is taken by the tape just closed,
    # while the outer ones still record it, so they can differentiate it again.
    for tape in reversed(tapes):
        tape.__exit__(None, None, None)
        target = values[-1]
        values.append(
            None if target is None else tape.gradient(target, x, unconnected_gradients=unconnected)
        )

    arrays = [
        None if v is None else np.broadcast_to(v.numpy(), points.shape).astype(np.float64)
        for v in values
    ]
    f = arrays[0]
    assert f is not None  # the value is always a tensor
    undefined = ~np.isfinite(f)
    for k, value in enumerate(arrays):
        if k and value is not None and undefined.any():
            arrays[k] = np.where(undefined, np.nan, value)
    result = GradientResult(
        expression=expr.text,
        variable=variable,
        order=order,
        source=source,
        watch=bool(watch),
        at=points,
        values=arrays,
        code=gradient_code(
            expr,
            points,
            variable=variable,
            order=order,
            source=source,
            watch=watch,
            mask=bool(undefined.any()) and watched,
        ),
        tape=tape_record(expr, variable, source, watch, arrays),
    )
    result.notes = domain_notes(result, undefined)
    return result


def domain_notes(result: GradientResult, undefined: np.ndarray) -> list[str]:
    """Plain words for NaN and inf: where f is undefined, and derivatives that are infinite
    where f is defined (the vertical tangent of sqrt at 0)."""
    notes = []
    points = "" if undefined.ndim == 0 else f" of {undefined.size} points"
    if undefined.any():
        count = "" if undefined.ndim == 0 else f" at {int(undefined.sum())}{points}"
        notes.append(f"f is undefined{count}, and so are its derivatives there")
    defined = ~undefined
    for name, value in zip(result.names()[1:], result.values[1:], strict=True):
        if value is None:
            continue
        bad = ~np.isfinite(value) & defined
        if bad.any():
            count = "" if bad.ndim == 0 else f" at {int(bad.sum())}{points}"
            notes.append(f"{name} is not finite{count}")
    return notes

"""Derivatives of an expression with nested ``tf.GradientTape``s, as plain NumPy results.

One call differentiates over a whole 1-D range at once: every expression is elementwise, so the
gradient of ``y`` (summed over its elements by the tape) is the elementwise derivative, and the
same holds at each higher order. Each result carries the standalone TensorFlow code that prints
the same numbers, and a record of what the tapes saw for the "tape" view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from engine.gradients.expressions import Expression, RecordedOp, compile_expression
from engine.gradients.grammar import DTYPE
from engine.shared.code import code_header

MAX_ORDER = 3
SOURCES = ("variable", "constant")
_DERIVATIVE_NAMES = ("y", "dy_d{v}", "d2y_d{v}2", "d3y_d{v}3")


@dataclass
class TapeRecord:
    """What the tapes saw: the watched sources, the forward ops, and the gradient calls."""

    watched: list[str]  # e.g. ["x (tf.Variable, watched automatically)"]; empty when unwatched
    operations: list[RecordedOp]  # forward ops of y = f(x), in the order they ran
    recorded: list[bool]  # per operation: did the tapes record it?
    gradient_calls: list[str]  # one line per tape.gradient call and what it returned
    summary: str  # one sentence: why the gradients are numbers, or why they are None


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
    notes: list[str] = field(default_factory=list)  # e.g. NaN/inf explained

    @property
    def watched(self) -> bool:
        return self.source == "variable" or self.watch

    @property
    def none_reason(self) -> str | None:
        """A one-line why for None derivatives (None when they are numbers)."""
        if self.watched:
            return None
        return (
            f"{self.variable} is a tf.constant the tape never watched, so it recorded nothing "
            f"that leads from {self.variable} to y: tape.gradient returns None."
        )

    def names(self) -> list[str]:
        return derivative_names(self.variable, self.order)


def derivative_names(variable: str, order: int) -> list[str]:
    return [name.format(v=variable) for name in _DERIVATIVE_NAMES[: order + 1]]


@lru_cache(maxsize=256)
def _compiled(text: str, variable: str) -> Expression:
    return compile_expression(text, (variable,))


def _check_arguments(
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
    order: int = 2,
    source: str = "variable",
    watch: bool = True,
) -> GradientResult:
    """f and its derivatives up to ``order`` at ``at`` (a number or a 1-D array), in float64.

    ``source="variable"`` differentiates with respect to a tf.Variable (watched automatically);
    ``source="constant"`` with respect to a tf.constant, watched only when ``watch``: otherwise
    every derivative is None, as TensorFlow returns it.
    """
    import tensorflow as tf

    expr, points = _check_arguments(expression, at, variable, order, source)
    dtype = getattr(tf, DTYPE)
    x = tf.Variable(points, dtype=dtype) if source == "variable" else tf.constant(points, dtype)
    watched = source == "variable" or watch
    unconnected = tf.UnconnectedGradients.ZERO if watched else tf.UnconnectedGradients.NONE

    # tapes[0] is the outermost; the innermost one records y = f(x).
    tapes = [tf.GradientTape() for _ in range(order)]
    for tape in tapes:
        tape.__enter__()
        if source == "constant" and watch:
            tape.watch(x)
    try:
        y = tf.convert_to_tensor(expr(**{variable: x}), dtype)
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

    arrays: list[np.ndarray | None] = []
    for value in values:
        if value is None:
            arrays.append(None)
        else:
            arrays.append(np.broadcast_to(value.numpy(), points.shape).astype(np.float64))
    result = GradientResult(
        expression=expr.text,
        variable=variable,
        order=order,
        source=source,
        watch=bool(watch),
        at=points,
        values=arrays,
        code="",
        tape=tape_record(expr, variable, order, source, watch),
    )
    result.code = gradient_code(
        expr, points, variable=variable, order=order, source=source, watch=watch
    )
    result.notes = nonfinite_notes(result)
    return result


def nonfinite_notes(result: GradientResult) -> list[str]:
    """Plain words for NaN and inf in the values (outside the domain, or a division by zero)."""
    notes = []
    for name, value in zip(result.names(), result.values, strict=False):
        if value is None:
            continue
        nan, inf = int(np.isnan(value).sum()), int(np.isinf(value).sum())
        if nan or inf:
            count = ", ".join(f"{n} {kind}" for n, kind in ((nan, "NaN"), (inf, "inf")) if n)
            where = "" if value.ndim == 0 else f" of {value.size} points"
            notes.append(f"{name}: {count}{where}")
    return notes


# --- the tape view ---------------------------------------------------------------------------


def tape_record(
    expr: Expression, variable: str, order: int, source: str, watch: bool
) -> TapeRecord:
    watched = source == "variable" or watch
    if source == "variable":
        sources = [
            f"{variable}: tf.Variable, watched automatically (trainable variables always are)"
        ]
    elif watch:
        sources = [f"{variable}: tf.constant, watched because of tape.watch({variable})"]
    else:
        sources = []
    ops = expr.operations
    recorded = [watched and op.uses_variable for op in ops]
    names = derivative_names(variable, order)
    calls = []
    for k in range(1, order + 1):
        tape = f"tape{k}"
        if watched:
            extra = f" (its ops are recorded by tape{k + 1})" if k < order else ""
            calls.append(f"{tape}.gradient({names[k - 1]}, {variable}) -> {names[k]}{extra}")
        elif k == 1:
            calls.append(f"{tape}.gradient(y, {variable}) -> None: the tape holds no path to y")
        else:
            calls.append(f"{names[k - 1]} is None, so {names[k]} is None too")
    if not watched:
        summary = (
            f"Nothing was watched: a tf.constant is only recorded after tape.watch({variable}), "
            "so the tape is empty and every gradient is None."
        )
    elif not expr.uses_variable:
        summary = (
            f"y does not depend on {variable}: no recorded op links them, so the gradients are "
            "zeros (unconnected_gradients=ZERO)."
        )
    elif order == 0:
        summary = "Order 0: no tape is needed, only the value."
    else:
        summary = (
            f"The tape recorded {sum(recorded)} op(s) from {variable} to y; tape.gradient "
            "walks them backwards (reverse-mode autodiff)."
        )
    return TapeRecord(sources, list(ops), recorded, calls, summary)


# --- the code pane ---------------------------------------------------------------------------


def _number_code(points: np.ndarray) -> str:
    if points.ndim == 0:
        return repr(float(points))
    return "[" + ", ".join(repr(float(v)) for v in points) + "]"


def gradient_code(
    expression: str | Expression,
    at: object,
    *,
    variable: str = "x",
    order: int = 2,
    source: str = "variable",
    watch: bool = True,
) -> str:
    """Standalone TensorFlow code that computes and prints what :func:`derivatives` returns."""
    expr, points = _check_arguments(expression, at, variable, order, source)
    watched = source == "variable" or watch
    names = derivative_names(variable, order)
    lines = [code_header(math=expr.needs_math, numpy=False)]
    kind = "tf.Variable" if source == "variable" else "tf.constant"
    lines.append(f"{variable} = {kind}({_number_code(points)}, dtype=tf.{DTYPE})")
    unconnected = ", unconnected_gradients=tf.UnconnectedGradients.ZERO" if watched else ""

    indent = ""
    for k in range(order, 0, -1):  # outermost tape first: tape{order} ... tape1
        note = (
            f"  # records y = f({variable})"
            if k == 1
            else f"  # records {names[k - 1]} to get {names[k]}"
        )
        lines.append(f"{indent}with tf.GradientTape() as tape{k}:{note}")
        indent += "    "
        if source == "constant" and watch:
            lines.append(
                f"{indent}tape{k}.watch({variable})  # a constant is not watched by itself"
            )
    lines.append(f"{indent}y = {expr.code}")
    for k in range(1, order + 1):
        indent = indent[4:]
        target, out = names[k - 1], names[k]
        call = f"tape{k}.gradient({target}, {variable}{unconnected})"
        if not watched and k > 1:
            call = f"{call} if {target} is not None else None"
        lines.append(f"{indent}{out} = {call}")
    if not watched and order:
        lines.insert(
            next(i for i, line in enumerate(lines) if line.startswith(f"{variable} =")) + 1,
            f"# {variable} is a constant and no tape.watch({variable}): the gradients are None",
        )
    lines.append("")
    for name in names:
        if name == "y" or watched:
            lines.append(f'print("{name} =", {name}.numpy().tolist())')
        else:
            lines.append(f'print("{name} =", {name})')
    return "\n".join(lines) + "\n"

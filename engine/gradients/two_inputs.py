"""f of two inputs: the value, the gradient vector and the Hessian at a point (nested tapes),
and f with its gradient over a grid for the contour map."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.gradients.expressions import EXACT_POWERS_NOTE, Expression
from engine.gradients.grammar import DTYPE
from engine.shared.code import code_header

GRID_LIMIT = 250_000  # points in one contour grid (500 × 500)


@dataclass(frozen=True)
class PointResult:
    """At one point: f, the gradient (n,) and, for order 2, the Hessian (n, n); None where
    TensorFlow returned None (an unwatched constant)."""

    expression: str
    variables: tuple[str, ...]
    source: str
    watch: bool
    at: np.ndarray  # (n,)
    values: list[np.ndarray | None]  # [f (), gradient (n,), Hessian (n, n)]
    code: str


@dataclass(frozen=True)
class Surface:
    """f and its gradient over a grid: ``f[i, j]`` is at ``(xs[j], ys[i])``."""

    expression: str
    variables: tuple[str, str]
    xs: np.ndarray
    ys: np.ndarray
    f: np.ndarray  # (len(ys), len(xs)); NaN where f is undefined
    gradient: np.ndarray  # (2, len(ys), len(xs)); NaN where f is undefined


def point_derivatives(
    expr: Expression, at: np.ndarray, order: int, source: str, watch: bool
) -> PointResult:
    import tensorflow as tf

    names = expr.variables
    dtype = getattr(tf, DTYPE)
    make = tf.Variable if source == "variable" else tf.constant
    inputs = [make(float(v), dtype=dtype) for v in at]
    watched = source == "variable" or watch
    unconnected = tf.UnconnectedGradients.ZERO if watched else tf.UnconnectedGradients.NONE
    hessian = None
    with tf.GradientTape(persistent=True) as outer:
        if watched and source == "constant":
            outer.watch(inputs)
        with tf.GradientTape() as inner:
            if watched and source == "constant":
                inner.watch(inputs)
            f = tf.convert_to_tensor(expr(**dict(zip(names, inputs, strict=True))), dtype)
        gradient = inner.gradient(f, inputs, unconnected_gradients=unconnected)
    if order >= 2 and all(g is not None for g in gradient):
        rows = [outer.gradient(g, inputs, unconnected_gradients=unconnected) for g in gradient]
        if all(value is not None for row in rows for value in row):
            hessian = np.array([[float(value.numpy()) for value in row] for row in rows])
    del outer  # a persistent tape holds its resources until dropped
    value = float(f.numpy())
    values: list[np.ndarray | None] = [np.array(value)]
    if order >= 1:
        values.append(
            None
            if any(g is None for g in gradient)
            else np.array([float(g.numpy()) for g in gradient])
        )
    if order >= 2:
        values.append(hessian)
    undefined = not np.isfinite(value)
    if undefined:  # undefined f: undefined derivatives, as in one dimension
        values = [
            v if v is None or k == 0 else np.full_like(v, np.nan) for k, v in enumerate(values)
        ]
    code = point_code(expr, at, order, source, watch, mask=undefined and watched)
    return PointResult(expr.text, names, source, watch, at, values, code)


def surface(expr: Expression, xs: np.ndarray, ys: np.ndarray) -> Surface:
    """One tape over the whole grid: every expression is elementwise, so the gradient of the
    summed f with respect to the grid's x and y values is the gradient at each point."""
    import tensorflow as tf

    if len(expr.variables) != 2:
        raise ValueError("a contour map needs an expression of two variables")
    if xs.size * ys.size > GRID_LIMIT:
        raise ValueError(f"a grid of {xs.size * ys.size:,} points; the limit is {GRID_LIMIT:,}")
    dtype = getattr(tf, DTYPE)
    grid_x, grid_y = np.meshgrid(xs, ys)
    x = tf.constant(grid_x, dtype)
    y = tf.constant(grid_y, dtype)
    with tf.GradientTape() as tape:
        tape.watch([x, y])
        f = tf.convert_to_tensor(expr(**dict(zip(expr.variables, (x, y), strict=True))), dtype)
        f = tf.broadcast_to(f, x.shape)  # a constant f is still a grid
    dx, dy = tape.gradient(f, [x, y], unconnected_gradients=tf.UnconnectedGradients.ZERO)
    values = f.numpy()
    gradient = np.stack([dx.numpy(), dy.numpy()])
    gradient[:, ~np.isfinite(values)] = np.nan
    first, second = expr.variables
    return Surface(expr.text, (first, second), xs, ys, values, gradient)


def shown_value(name: str, watched: bool) -> str:
    """How the code prints a derivative (an unwatched one may be None)."""
    return (
        f"{name}.numpy().tolist()"
        if watched
        else f"None if {name} is None else {name}.numpy().tolist()"
    )


def hessian_name(first: str, second: str) -> str:
    return f"d2f_d{first}2" if first == second else f"d2f_d{first}d{second}"


def point_code(
    expr: Expression, at: np.ndarray, order: int, source: str, watch: bool, mask: bool = False
) -> str:
    """Standalone code that prints f, the gradient and the Hessian the app shows. ``mask``: f is
    undefined at the point, so the code marks its derivatives undefined too."""
    names = list(expr.variables)
    watched = source == "variable" or watch
    unconnected = ", unconnected_gradients=tf.UnconnectedGradients.ZERO" if watched else ""
    kind = "tf.Variable" if source == "variable" else "tf.constant"
    listed = ", ".join(names)
    lines = [code_header(math=expr.needs_math, numpy=False)]
    for name, value in zip(names, at, strict=True):
        lines.append(f"{name} = {kind}({float(value)!r}, dtype=tf.{DTYPE})")
    if not watched:
        lines.append(f"# {listed} are constants and nothing calls tape.watch: gradients are None")
    watch_line = f"tape.watch([{listed}])" if source == "constant" and watch else ""
    if order >= 2:
        lines.append(
            "# The outer tape records the inner gradient, so it can differentiate it again."
        )
        lines.append("with tf.GradientTape(persistent=True) as outer:")
        if watch_line:
            lines.append(f"    {watch_line.replace('tape', 'outer')}")
        indent = "    "
    else:
        indent = ""
    lines.append(f"{indent}with tf.GradientTape() as inner:")
    if watch_line:
        lines.append(f"{indent}    {watch_line.replace('tape', 'inner')}")
    if expr.exact_powers:
        note = EXACT_POWERS_NOTE.replace("\n# ", f"\n{indent}    # ")
        lines.append(f"{indent}    # {note}")
    lines.append(f"{indent}    f = {expr.code}")
    grads = [f"df_d{name}" for name in names]
    lines.append(f"{indent}{', '.join(grads)} = inner.gradient(f, [{listed}]{unconnected})")
    hessian = [[hessian_name(a, b) for b in names] for a in names]
    if order >= 2:
        lines.append("# The Hessian: one gradient call on the outer tape per gradient component.")
        for grad, row in zip(grads, hessian, strict=True):
            guard = "" if watched else f" if {grad} is not None else (None, None)"
            lines.append(
                f"{', '.join(row)} = outer.gradient({grad}, [{listed}]{unconnected}){guard}"
            )
    if mask and order:
        lines.append("# f is undefined here (nan or inf), so its derivatives are too; TensorFlow")
        lines.append("# still returns numbers for them: mark them.")
        for name in grads + (sum(hessian, []) if order >= 2 else []):
            lines.append(f'{name} = tf.where(tf.math.is_finite(f), {name}, float("nan"))')
    lines.append("")
    lines.append('print("f =", f.numpy().tolist())')
    if order >= 1:
        shown = ", ".join(shown_value(g, watched) for g in grads)
        lines.append(f'print("gradient =", [{shown}])')
    if order >= 2:
        rows = ["[" + ", ".join(shown_value(n, watched) for n in row) + "]" for row in hessian]
        lines.append(f'print("hessian =", [{", ".join(rows)}])')
    return "\n".join(lines) + "\n"

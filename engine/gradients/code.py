"""Standalone TensorFlow code that computes and prints what engine.gradients computes."""

from __future__ import annotations

import numpy as np

from engine.gradients.expressions import EXACT_POWERS_NOTE, Expression
from engine.gradients.grammar import DTYPE
from engine.gradients.tape import derivative_names
from engine.shared.code import code_header


def _number_code(points: np.ndarray) -> str:
    if points.ndim == 0:
        return repr(float(points))
    return "[" + ", ".join(repr(float(v)) for v in points) + "]"


def gradient_code(
    expr: Expression,
    points: np.ndarray,
    *,
    variable: str,
    order: int,
    source: str,
    watch: bool,
    mask: bool = False,
) -> str:
    """Standalone TensorFlow code that computes and prints what ``derivatives`` returns.
    ``mask``: f is undefined somewhere, so the code turns its derivatives there into NaN too."""
    watched = source == "variable" or watch
    names = derivative_names(variable, order)
    lines = [code_header(math=expr.needs_math, numpy=False)]
    kind = "tf.Variable" if source == "variable" else "tf.constant"
    lines.append(f"{variable} = {kind}({_number_code(points)}, dtype=tf.{DTYPE})")
    unconnected = ", unconnected_gradients=tf.UnconnectedGradients.ZERO" if watched else ""

    indent = ""
    for k in range(order, 0, -1):  # outermost tape first: tape{order} ... tape1
        note = (
            f"  # records f({variable})"
            if k == 1
            else f"  # records {names[k - 1]} to get {names[k]}"
        )
        lines.append(f"{indent}with tf.GradientTape() as tape{k}:{note}")
        indent += "    "
        if source == "constant" and watch:
            lines.append(
                f"{indent}tape{k}.watch({variable})  # a constant is not watched by itself"
            )
    if expr.exact_powers:
        note = EXACT_POWERS_NOTE.replace("\n# ", f"\n{indent}# ")
        lines.append(f"{indent}# {note}")
    lines.append(f"{indent}f = {expr.code}")
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
    if mask and order:
        lines.append(
            "# Where f is undefined (nan or inf), so are its derivatives; TensorFlow still"
        )
        lines.append("# returns numbers there (the derivative of log at -1 is -1), so mark them.")
        for name in names[1:]:
            lines.append(f'{name} = tf.where(tf.math.is_finite(f), {name}, float("nan"))')
    lines.append("")
    for name in names:
        if name == "f" or watched:
            lines.append(f'print("{name} =", {name}.numpy().tolist())')
        else:
            lines.append(f'print("{name} =", None if {name} is None else {name}.numpy().tolist())')
    return "\n".join(lines) + "\n"

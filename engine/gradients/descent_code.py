"""The eager loop that reproduces a descent path step by step, for the code pane. It prints the
row the app's step table ends with (step, point, f and gradient), to full precision."""

from __future__ import annotations

import numpy as np

from engine.gradients.expressions import EXACT_POWERS_NOTE, Expression
from engine.gradients.grammar import DTYPE
from engine.shared.code import code_header

CLASSES = {"sgd": "SGD", "rmsprop": "RMSprop", "adam": "Adam"}


def row_names(variables: tuple[str, ...]) -> str:
    """The step table's columns, as the code names them."""
    return ", ".join(["step", *variables, "f", *(f"df_d{name}" for name in variables)])


def descent_code(
    expr: Expression,
    start: np.ndarray,
    optimizer: str,
    learning_rate: float,
    momentum: float,
    steps: int,
    asked: int | None = None,
) -> str:
    """The loop for ``steps`` steps. ``asked``: the run has more steps than the table shows, so
    this loop stops where the table does (and says so)."""
    names = list(expr.variables)
    listed = ", ".join(names)
    lines = [code_header(math=True, numpy=False, keras=True)]
    for name, value in zip(names, start, strict=True):
        lines.append(f"{name} = tf.Variable({float(value)!r}, dtype=tf.{DTYPE})")
    extra = f", momentum={float(momentum)!r}" if optimizer == "sgd" and momentum else ""
    rate = float(learning_rate)
    if float(np.float32(rate)) != rate:
        lines.append(
            f"# Keras keeps the learning rate in float32: {rate!r} is stored as "
            f"{float(np.float32(rate))!r}."
        )
    lines.append(
        f"optimizer = keras.optimizers.{CLASSES[optimizer]}(learning_rate={rate!r}{extra})"
    )
    lines.append("")
    if asked is not None and asked > steps:
        lines.append(f"# The table shows steps 0 to {steps} of the {asked}: the loop stops there.")
    lines += [
        "rows = []  # the step table: " + row_names(expr.variables),
        f"for step in range({steps} + 1):",
        "    with tf.GradientTape() as tape:",
    ]
    if expr.exact_powers:
        note = EXACT_POWERS_NOTE.replace("\n# ", "\n        # ")
        lines.append(f"        # {note}")
    lines += [
        f"        f = {expr.code}",
        f"    grads = tape.gradient(f, [{listed}], "
        "unconnected_gradients=tf.UnconnectedGradients.ZERO)",
        f"    row = [{', '.join(f'float({n})' for n in names)}, float(f)]",
        "    row += [float(g) for g in grads]",
        "    if not all(math.isfinite(n) for n in row):",
        '        print(f"diverged at step {step}")  # the app stops here too',
        "        break",
        "    rows.append([step, *row])",
        f"    if step == {steps}:",
        "        break",
        f"    optimizer.apply_gradients(zip(grads, [{listed}]))",
        "",
        'print("steps taken:", len(rows) - 1)',
        f'print("last row ({row_names(expr.variables)}):", rows[-1])',
    ]
    return "\n".join(lines) + "\n"

"""The eager loop that reproduces a descent path step by step, for the code pane."""

from __future__ import annotations

import numpy as np

from engine.gradients.expressions import EXACT_POWERS_NOTE, Expression
from engine.gradients.grammar import DTYPE
from engine.shared.code import code_header

CLASSES = {"sgd": "SGD", "rmsprop": "RMSprop", "adam": "Adam"}


def descent_code(
    expr: Expression,
    start: np.ndarray,
    optimizer: str,
    learning_rate: float,
    momentum: float,
    steps: int,
) -> str:
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
    lines += [
        "",
        "path = []",
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
        f"    point = [{', '.join(f'{n}.numpy()' for n in names)}]",
        "    numbers = [f.numpy(), *point, *(g.numpy() for g in grads)]",
        "    if not all(math.isfinite(n) for n in numbers):",
        '        print(f"diverged at step {step}")  # the app stops here too',
        "        break",
        "    path.append(point)",
        f"    if step == {steps}:",
        "        break",
        f"    optimizer.apply_gradients(zip(grads, [{listed}]))",
        "",
        'print("steps taken:", len(path) - 1)',
        'print("end:", path[-1])',
    ]
    return "\n".join(lines) + "\n"

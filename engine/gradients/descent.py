"""Following the gradient downhill with Keras's own optimizers, as training does with a model's
weights: a float64 tf.Variable per input, the tape's gradient at each step, and
``optimizer.apply_gradients``. The loop runs inside one tf.function (a 1,000-step path takes
milliseconds, against ~6 s eagerly); it gives the same numbers as the eager loop in the code pane
(the tests compare them to the last bit)."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from engine.gradients.descent_code import descent_code
from engine.gradients.expressions import Expression, compile_expression
from engine.gradients.grammar import DTYPE

OPTIMIZERS = {"sgd": "SGD", "rmsprop": "RMSprop", "adam": "Adam"}
MAX_STEPS = 10_000
MAX_LEARNING_RATE = 100.0  # past this every f here diverges in a step or two
OSCILLATION_SHARE = 0.6  # of consecutive steps that reverse direction on one axis


@dataclass
class DescentResult:
    expression: str
    variables: tuple[str, ...]
    optimizer: str
    learning_rate: float
    momentum: float
    steps: int  # asked for
    path: np.ndarray  # (k + 1, n): the start, then the point after each step taken
    values: np.ndarray  # (k + 1,): f at each point
    gradients: np.ndarray  # (k + 1, n): the gradient at each point
    stopped: str | None  # why it ended before ``steps``, or None
    code: str
    notes: list[str] = field(default_factory=list)


def check_settings(optimizer: str, learning_rate: float, steps: int, momentum: float) -> None:
    """ValueError naming the setting that cannot work."""
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer!r}: use one of {', '.join(OPTIMIZERS)}")
    if not isinstance(learning_rate, (int, float)) or not math.isfinite(learning_rate):
        raise ValueError("the learning rate must be a number")
    if learning_rate <= 0:
        raise ValueError("the learning rate must be greater than 0")
    if learning_rate > MAX_LEARNING_RATE:
        raise ValueError(f"a learning rate above {MAX_LEARNING_RATE:g} only diverges")
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be a whole number from 1 to {MAX_STEPS:,}")
    if not math.isfinite(momentum) or not 0.0 <= momentum < 1.0:
        raise ValueError("momentum must be at least 0 and below 1")
    if momentum and optimizer != "sgd":
        raise ValueError("momentum is a setting of SGD")


def descend(
    expression: str | Expression,
    start: float | Sequence[float],
    *,
    variables: Sequence[str] = ("x",),
    optimizer: str = "sgd",
    learning_rate: float = 0.1,
    steps: int = 50,
    momentum: float = 0.0,
) -> DescentResult:
    """Run ``optimizer`` on f from ``start`` (a number, or one per variable) for ``steps``.

    The path stops early when f or its gradient stops being finite (it diverged); the points up
    to there are kept and ``stopped`` says why. A start where f is undefined is a ValueError."""
    names = tuple(variables)
    check_settings(optimizer, learning_rate, steps, momentum)
    expr = (
        expression if isinstance(expression, Expression) else _compiled(expression.strip(), names)
    )
    if expr.variables != names:
        raise ValueError(f"expression is in {expr.variables}, not {names}")
    point = np.atleast_1d(np.asarray(start, dtype=np.float64))
    if point.shape != (len(names),):
        raise ValueError(f"the start needs {len(names)} number(s), one per variable")
    if not np.isfinite(point).all():
        raise ValueError("the start must be finite numbers")
    run = _runner(expr.text, names, optimizer, float(learning_rate), float(momentum))
    path, values, gradients = run(point, steps)
    finite = (
        np.isfinite(path).all(axis=1) & np.isfinite(values) & np.isfinite(gradients).all(axis=1)
    )
    if not finite[0]:
        raise ValueError(f"f is undefined at the start ({_where(names, point)}): pick another")
    bad = np.flatnonzero(~finite)
    stopped = None
    if bad.size:
        first = int(bad[0])
        stopped = (
            f"diverged at step {first}: f became {values[first]}; the path up to step "
            f"{first - 1} is kept. Try a smaller learning rate."
        )
        path, values, gradients = path[:first], values[:first], gradients[:first]
    result = DescentResult(
        expression=expr.text,
        variables=names,
        optimizer=optimizer,
        learning_rate=float(learning_rate),
        momentum=float(momentum),
        steps=steps,
        path=path,
        values=values,
        gradients=gradients,
        stopped=stopped,
        code=descent_code(expr, point, optimizer, learning_rate, momentum, steps),
    )
    result.notes = oscillation_notes(result)
    return result


def code_up_to(result: DescentResult, steps: int) -> str:
    """The loop that stops after ``steps`` (the step the table shows): it prints the same last
    row. The whole run's code once ``steps`` reaches its end (a run that diverged says so)."""
    if steps >= len(result.path) - 1:
        return result.code
    expr = _compiled(result.expression, result.variables)
    return descent_code(
        expr,
        result.path[0],
        result.optimizer,
        result.learning_rate,
        result.momentum,
        steps,
        asked=result.steps,
    )


def _where(names: tuple[str, ...], point: np.ndarray) -> str:
    return ", ".join(f"{n} = {v:g}" for n, v in zip(names, point, strict=True))


def oscillation_notes(result: DescentResult) -> list[str]:
    """A note when most steps reverse direction along an axis (zig-zag across a valley)."""
    moves = np.diff(result.path, axis=0)
    if len(moves) < 6:
        return []
    notes = []
    for axis, name in enumerate(result.variables):
        signs = np.sign(moves[:, axis])
        signs = signs[signs != 0]
        if len(signs) < 6:
            continue
        reversals = float(np.mean(signs[1:] != signs[:-1]))
        if reversals >= OSCILLATION_SHARE:
            notes.append(
                f"It oscillates along {name}: {reversals:.0%} of the steps reverse direction. "
                "A smaller learning rate (or momentum) smooths the path."
            )
    return notes


@lru_cache(maxsize=64)
def _compiled(text: str, names: tuple[str, ...]) -> Expression:
    return compile_expression(text, names)


Runner = Any


class _OneTracePerExpression(logging.Filter):
    """Each expression and optimizer setting is traced once, by design (the runner is reused
    for every start and step count after that). TensorFlow still counts the traces of this one
    code object across expressions and warns about "retracing"; that warning is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not ("triggered tf.function retracing" in message and "steps_of_descent" in message)


logging.getLogger("tensorflow").addFilter(_OneTracePerExpression())


@lru_cache(maxsize=16)
def _runner(
    text: str, names: tuple[str, ...], optimizer: str, learning_rate: float, momentum: float
) -> Runner:
    """A compiled descent for one expression and optimizer setting, reused across starts and
    step counts (so moving the start point traces nothing again): its variables and the
    optimizer's state are reset before each run."""
    import keras
    import tensorflow as tf

    expr = _compiled(text, names)
    dtype = getattr(tf, DTYPE)
    variables = [tf.Variable(0.0, dtype=dtype, name=name) for name in names]
    options = {"momentum": momentum} if optimizer == "sgd" else {}
    opt = getattr(keras.optimizers, OPTIMIZERS[optimizer])(learning_rate=learning_rate, **options)
    opt.build(variables)
    fresh = [v.numpy() for v in opt.variables]
    zero = tf.UnconnectedGradients.ZERO

    def value_and_gradient() -> tuple[Any, list[Any]]:
        with tf.GradientTape() as tape:
            f = tf.convert_to_tensor(expr(**dict(zip(names, variables, strict=True))), dtype)
        return f, tape.gradient(f, variables, unconnected_gradients=zero)

    def steps_of_descent(steps: Any) -> tuple[Any, Any, Any]:
        path = tf.TensorArray(dtype, size=steps + 1)
        values = tf.TensorArray(dtype, size=steps + 1)
        gradients = tf.TensorArray(dtype, size=steps + 1)
        for i in tf.range(steps):
            f, grads = value_and_gradient()
            path = path.write(i, tf.stack([v.read_value() for v in variables]))
            values = values.write(i, f)
            gradients = gradients.write(i, tf.stack(grads))
            opt.apply_gradients(zip(grads, variables, strict=True))
        f, grads = value_and_gradient()
        path = path.write(steps, tf.stack([v.read_value() for v in variables]))
        values = values.write(steps, f)
        gradients = gradients.write(steps, tf.stack(grads))
        return path.stack(), values.stack(), gradients.stack()

    loop = tf.function(steps_of_descent)

    def run(start: np.ndarray, steps: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        for variable, value in zip(variables, start, strict=True):
            variable.assign(value)
        for slot, value in zip(opt.variables, fresh, strict=True):
            slot.assign(value)
        path, values, gradients = loop(tf.constant(steps))
        return path.numpy(), values.numpy(), gradients.numpy()

    return run

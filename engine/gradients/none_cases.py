"""Why is my gradient None? TensorFlow's cases, each run for real.

Every case is a short program (``code``) and a function that does exactly what the program does
and returns the lines the program prints; a test runs each program in a fresh Python and checks
the lines are the same. ``explanation`` says why, in the app's words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

HEADER = "import tensorflow as tf\n\n"


@dataclass(frozen=True)
class NoneCase:
    key: str
    title: str
    code: str
    explanation: str
    run: Callable[[], list[str]]


def _shown(value: Any) -> str:
    """How the programs print a gradient: None, or its number."""
    return "None" if value is None else repr(float(value.numpy()))


def _raised(exc: BaseException) -> str:
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"raised {type(exc).__name__}: {first_line}"


def _unwatched_constant() -> list[str]:
    import tensorflow as tf

    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        y = x * x
    return [f"gradient: {_shown(tape.gradient(y, x))}"]


def _integer_variable() -> list[str]:
    import tensorflow as tf

    x = tf.Variable(3)
    with tf.GradientTape() as tape:
        y = x * x
    return [f"dtype: {x.dtype.name}", f"gradient: {_shown(tape.gradient(y, x))}"]


def _no_path() -> list[str]:
    import tensorflow as tf

    x = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        y = tf.constant(5.0) * 3.0
    none = tape.gradient(y, x)
    zero = tape.gradient(y, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    del tape
    return [f"gradient: {_shown(none)}", f"with ZERO: {_shown(zero)}"]


def _stop_gradient() -> list[str]:
    import tensorflow as tf

    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = tf.stop_gradient(x * x)
    return [f"gradient: {_shown(tape.gradient(y, x))}"]


def _through_numpy() -> list[str]:
    import tensorflow as tf

    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = tf.constant(x.numpy() ** 2)
    return [f"y: {float(y.numpy())!r}", f"gradient: {_shown(tape.gradient(y, x))}"]


def _second_call() -> list[str]:
    import tensorflow as tf

    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = x * x
    lines = [f"first: {_shown(tape.gradient(y, x))}"]
    try:
        tape.gradient(y, x)
    except RuntimeError as exc:
        lines.append(f"second: {_raised(exc)}")
    return lines


def _persistent() -> list[str]:
    import tensorflow as tf

    x = tf.Variable(3.0)
    with tf.GradientTape(persistent=True) as tape:
        y = x * x
        z = y * x
    lines = [f"dy_dx: {_shown(tape.gradient(y, x))}", f"dz_dx: {_shown(tape.gradient(z, x))}"]
    del tape  # a persistent tape keeps its resources until it is dropped
    return lines


CASES = (
    NoneCase(
        "unwatched",
        "An unwatched tf.constant",
        HEADER + "x = tf.constant(3.0)\n"
        "with tf.GradientTape() as tape:\n"
        "    y = x * x  # nothing watches x, so nothing is recorded\n"
        'print("gradient:", tape.gradient(y, x))\n',
        "A tape records only what it watches. Trainable tf.Variables are watched by themselves; "
        "a tf.constant only after tape.watch(x). With nothing recorded there is no path from x "
        "to y, and tape.gradient returns None.",
        _unwatched_constant,
    ),
    NoneCase(
        "integer",
        "An integer variable",
        HEADER + "x = tf.Variable(3)  # an int32 variable\n"
        "with tf.GradientTape() as tape:\n"
        "    y = x * x\n"
        'print("dtype:", x.dtype.name)\n'
        'print("gradient:", tape.gradient(y, x))\n',
        "Gradients are defined for floating-point tensors only. tf.Variable(3) holds an int32, "
        "which a tape does not watch (tape.watch on it would only log a warning), so nothing is "
        "recorded and the gradient is None. Write tf.Variable(3.0).",
        _integer_variable,
    ),
    NoneCase(
        "no-path",
        "y does not depend on x",
        HEADER + "x = tf.Variable(2.0)\n"
        "with tf.GradientTape(persistent=True) as tape:\n"
        "    y = tf.constant(5.0) * 3.0  # x is never used\n"
        'print("gradient:", tape.gradient(y, x))\n'
        "zero = tape.gradient(y, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)\n"
        'print("with ZERO:", zero.numpy())\n',
        "No recorded operation leads from x to y, so by default the answer is None (not 0: "
        "TensorFlow tells 'no connection' apart from 'a slope of zero'). "
        "unconnected_gradients=ZERO asks for 0 instead.",
        _no_path,
    ),
    NoneCase(
        "stop-gradient",
        "tf.stop_gradient",
        HEADER + "x = tf.Variable(3.0)\n"
        "with tf.GradientTape() as tape:\n"
        "    y = tf.stop_gradient(x * x)  # a wall for gradients\n"
        'print("gradient:", tape.gradient(y, x))\n',
        "tf.stop_gradient passes the value through but tells the tape to treat it as a "
        "constant: the path backwards ends there, so the gradient is None.",
        _stop_gradient,
    ),
    NoneCase(
        "numpy",
        "A detour through NumPy",
        HEADER + "x = tf.Variable(3.0)\n"
        "with tf.GradientTape() as tape:\n"
        "    y = tf.constant(x.numpy() ** 2)  # computed by NumPy, not by TensorFlow\n"
        'print("y:", float(y.numpy()))\n'
        'print("gradient:", tape.gradient(y, x))\n',
        "x.numpy() leaves TensorFlow: the square is computed by NumPy, which the tape cannot "
        "see, and tf.constant starts a new tensor with no history. The value is right (9.0) "
        "and the gradient is None.",
        _through_numpy,
    ),
    NoneCase(
        "second-call",
        "A second tape.gradient call",
        HEADER + "x = tf.Variable(3.0)\n"
        "with tf.GradientTape() as tape:\n"
        "    y = x * x\n"
        'print("first:", tape.gradient(y, x).numpy())\n'
        "try:\n"
        "    tape.gradient(y, x)  # the tape released its record after the first call\n"
        "except RuntimeError as error:\n"
        '    print("second: raised RuntimeError:", str(error).splitlines()[0])\n',
        "A tape frees what it recorded as soon as one gradient has been computed, to save "
        "memory, so a second call raises RuntimeError. Use persistent=True to ask twice.",
        _second_call,
    ),
    NoneCase(
        "persistent",
        "persistent=True",
        HEADER + "x = tf.Variable(3.0)\n"
        "with tf.GradientTape(persistent=True) as tape:\n"
        "    y = x * x\n"
        "    z = y * x\n"
        'print("dy_dx:", tape.gradient(y, x).numpy())  # 2x = 6\n'
        'print("dz_dx:", tape.gradient(z, x).numpy())  # 3x² = 27\n'
        "del tape  # a persistent tape keeps its record until it is dropped\n",
        "A persistent tape keeps its record, so it answers as many gradient calls as you like "
        "(here dy/dx = 2x = 6 and dz/dx = 3x² = 27). Drop it when done: it holds memory.",
        _persistent,
    ),
)


def case(key: str) -> NoneCase:
    for item in CASES:
        if item.key == key:
            return item
    raise KeyError(key)


def run_case(key: str) -> list[str]:
    """Run one case with TensorFlow (on the engine thread) and return what it printed."""
    return case(key).run()

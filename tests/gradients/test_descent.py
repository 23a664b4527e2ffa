"""descend() is Keras's own optimizer on a float64 tf.Variable fed the tape's gradients, step
for step: compared with a hand-written eager loop for each optimizer, on one and two inputs."""

from __future__ import annotations

import numpy as np
import pytest
from fresh_python import run_python

from engine.gradients.descent import MAX_STEPS, descend
from engine.gradients.expressions import compile_expression

ROSENBROCK = "(1-x)**2 + 100*(y-x**2)**2"


def keras_loop(text, start, names, optimizer, learning_rate, steps, momentum=0.0):
    """The textbook loop: tape, gradient, apply_gradients, in eager mode."""
    import keras
    import tensorflow as tf

    expr = compile_expression(text, names)
    variables = [tf.Variable(float(v), dtype=tf.float64) for v in np.atleast_1d(start)]
    classes = {"sgd": keras.optimizers.SGD, "adam": keras.optimizers.Adam}
    classes["rmsprop"] = keras.optimizers.RMSprop
    options = {"momentum": momentum} if optimizer == "sgd" else {}
    opt = classes[optimizer](learning_rate=learning_rate, **options)
    path, values, gradients = [], [], []
    for step in range(steps + 1):
        with tf.GradientTape() as tape:
            f = expr(**dict(zip(names, variables, strict=True)))
        grads = tape.gradient(f, variables)
        path.append([v.numpy() for v in variables])
        values.append(f.numpy())
        gradients.append([g.numpy() for g in grads])
        if step < steps:
            opt.apply_gradients(zip(grads, variables, strict=True))
    return np.array(path), np.array(values), np.array(gradients)


@pytest.mark.parametrize(
    ("optimizer", "learning_rate", "momentum"),
    [("sgd", 0.001, 0.0), ("sgd", 0.0005, 0.9), ("rmsprop", 0.01, 0.0), ("adam", 0.02, 0.0)],
)
def test_two_inputs_follow_the_keras_optimizer_exactly(optimizer, learning_rate, momentum):
    start, steps = (-1.2, 1.0), 60
    result = descend(
        ROSENBROCK,
        start,
        variables=("x", "y"),
        optimizer=optimizer,
        learning_rate=learning_rate,
        steps=steps,
        momentum=momentum,
    )
    path, values, gradients = keras_loop(
        ROSENBROCK, start, ("x", "y"), optimizer, learning_rate, steps, momentum
    )
    assert result.path.shape == (steps + 1, 2) and result.stopped is None
    np.testing.assert_allclose(result.path, path, rtol=1e-14, atol=0)
    np.testing.assert_allclose(result.values, values, rtol=1e-14, atol=0)
    np.testing.assert_allclose(result.gradients, gradients, rtol=1e-13, atol=1e-300)


@pytest.mark.parametrize("optimizer", ["sgd", "rmsprop", "adam"])
def test_one_input_follows_the_keras_optimizer_exactly(optimizer):
    result = descend("x**4 - 3*x + sin(x)", 2.0, optimizer=optimizer, learning_rate=0.01, steps=40)
    path, _, _ = keras_loop("x**4 - 3*x + sin(x)", 2.0, ("x",), optimizer, 0.01, 40)
    np.testing.assert_allclose(result.path, path, rtol=1e-14, atol=0)


def test_plain_sgd_on_a_parabola_is_the_textbook_arithmetic():
    result = descend("x**2", 3.0, optimizer="sgd", learning_rate=0.1, steps=5)
    # Keras keeps the learning rate in float32, so the step is 0.10000000149011612 * 2x.
    rate = float(np.float32(0.1))
    expected = [3.0]
    for _ in range(5):
        expected.append(expected[-1] - rate * 2 * expected[-1])
    np.testing.assert_array_equal(result.path[:, 0], expected)
    np.testing.assert_array_equal(result.gradients[:, 0], 2 * result.path[:, 0])
    assert "stored as 0.10000000149011612" in result.code


def test_divergence_stops_and_keeps_the_path_so_far():
    result = descend("x**2", 3.0, optimizer="sgd", learning_rate=50, steps=400)
    assert result.stopped is not None and "diverged at step" in result.stopped
    assert np.isfinite(result.path).all() and len(result.path) < 401
    assert result.notes and "oscillates along x" in result.notes[0]


def test_the_code_reproduces_the_path_in_a_fresh_python():
    result = descend(
        ROSENBROCK,
        (-1.2, 1.0),
        variables=("x", "y"),
        optimizer="adam",
        learning_rate=0.05,
        steps=200,
    )
    done = run_python("-c", result.code)
    assert done.returncode == 0, done.stderr
    assert "steps taken: 200" in done.stdout
    row = done.stdout.split("last row (step, x, y, f, df_dx, df_dy):", 1)[1]
    numbers = [float(v) for v in row.strip().strip("[]").split(",")]
    want = [200, *result.path[-1], result.values[-1], *result.gradients[-1]]
    np.testing.assert_array_equal(numbers, want)
    diverging = descend("x**2", 3.0, learning_rate=50, steps=400)
    done = run_python("-c", diverging.code)
    assert (
        f"steps taken: {len(diverging.path) - 1}" in done.stdout
        and "diverged at step" in done.stdout
    )


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"learning_rate": 0}, "greater than 0"),
        ({"learning_rate": -1}, "greater than 0"),
        ({"learning_rate": float("nan")}, "must be a number"),
        ({"learning_rate": 1e9}, "only diverges"),
        ({"steps": 0}, "from 1 to"),
        ({"steps": MAX_STEPS + 1}, "from 1 to"),
        ({"optimizer": "lbfgs"}, "unknown optimizer"),
        ({"momentum": 1.5}, "momentum"),
    ],
)
def test_bad_settings_are_refused_by_name(settings, message):
    with pytest.raises(ValueError, match=message):
        descend("x**2", 1.0, **settings)


def test_a_start_outside_the_domain_is_refused():
    with pytest.raises(ValueError, match="undefined at the start"):
        descend("log(x)", -1.0)
    with pytest.raises(ValueError, match="2 number"):
        descend("x*y", 1.0, variables=("x", "y"))

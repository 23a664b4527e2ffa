"""What the Gradients tab teaches is true to the digit: a polynomial differentiates cleanly
everywhere, only a real domain problem is called one, and the explanation of None follows what
TensorFlow actually returned. The whole grammar is checked against sympy, an independent
symbolic differentiator."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
import sympy
from fresh_python import run_python

from engine.gradients import derivatives

ORDER3 = 3


@pytest.mark.parametrize("text", ["4.9*t**2", "t*t*4.9", "4.9*square(t)"])
def test_the_falling_bodys_jerk_at_t0_is_zero(text):
    result = derivatives(text, 0.0, variable="t", order=ORDER3)
    assert [float(v) for v in result.values] == [0.0, 0.0, 9.8, 0.0]
    assert result.notes == []  # a polynomial is never "outside the domain"


def test_small_whole_powers_differentiate_cleanly_at_a_zero_base():
    for text, third in (("x**2", 0.0), ("x**1", 0.0), ("x**0", 0.0), ("(x - 1)**2", 0.0)):
        at = 1.0 if "x - 1" in text else 0.0
        values = derivatives(text, at, order=ORDER3).values
        assert all(np.isfinite(v) for v in values), text
        assert float(values[3]) == third


def test_a_derivative_outside_the_domain_is_undefined_too_and_the_code_agrees():
    result = derivatives("log(x)", -1.0, order=1)
    f, df = (float(v) for v in result.values)
    assert math.isnan(f) and math.isnan(df)  # TensorFlow alone would say f'(-1) = -1.0
    assert result.notes == ["f is undefined, and so are its derivatives there"]
    done = run_python("-c", result.code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["f", "=", "nan", "df_dx", "=", "nan"]


def test_y_equals_x_unwatched_is_explained_as_tensorflow_answered():
    result = derivatives("x", 2.0, order=2, source="constant", watch=False)
    assert float(result.values[1]) == 1.0 and result.values[2] is None
    assert "ones" in result.tape.gradient_calls[0]
    assert "ones" in result.tape.summary and "next gradient is None" in result.tape.summary
    assert result.none_reason is not None and "itself" in result.none_reason
    done = run_python("-c", result.code)
    assert done.returncode == 0, done.stderr
    assert "df_dx = 1.0" in done.stdout and "d2f_dx2 = None" in done.stdout


def test_an_ordinary_unwatched_constant_is_still_explained_as_unrecorded():
    result = derivatives("x**3", 2.0, order=2, source="constant", watch=False)
    assert result.values[1] is None and result.values[2] is None
    assert "never watched" in result.none_reason and "every gradient is None" in result.tape.summary


# --- the grammar against sympy ---------------------------------------------------------------

SYMPY = {
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "exp": sympy.exp,
    "log": sympy.log,
    "sqrt": sympy.sqrt,
    "tanh": sympy.tanh,
    "sigmoid": lambda a: 1 / (1 + sympy.exp(-a)),
    "abs": sympy.Abs,
    "square": lambda a: a**2,
    "softplus": lambda a: sympy.log(1 + sympy.exp(a)),
    "relu": lambda a: sympy.Max(a, 0),
}
X = sympy.Symbol("x", real=True)


def random_expression(rng: random.Random, depth: int = 0) -> tuple[str, sympy.Expr]:
    """The same random expression as text for the app and as a sympy expression."""
    if depth >= 3 or rng.random() < 0.3:
        leaf = rng.choice(["x", "x", "2", "0.5", "3", "pi", "e"])
        value = {"x": X, "pi": sympy.pi, "e": sympy.E}.get(leaf)
        return leaf, value if value is not None else sympy.Rational(leaf)
    kind = rng.random()
    if kind < 0.45:
        name = rng.choice(list(SYMPY))
        text, expr = random_expression(rng, depth + 1)
        return f"{name}({text})", SYMPY[name](expr)
    op = rng.choice(["+", "-", "*", "/", "**"])
    left, left_expr = random_expression(rng, depth + 1)
    if op == "**":
        power = rng.choice([2, 3, 0.5, -1, 1])
        return f"({left})**{power}", left_expr ** sympy.nsimplify(power)
    right, right_expr = random_expression(rng, depth + 1)
    combined = {
        "+": left_expr + right_expr,
        "-": left_expr - right_expr,
        "*": left_expr * right_expr,
        "/": left_expr / right_expr,
    }[op]
    return f"({left}) {op} ({right})", combined


def exact_value(expr: sympy.Expr, point: float) -> complex:
    """sympy's value at ``point``; NaN where it has none (relu of a complex number)."""
    try:
        return complex(expr.subs(X, point).evalf())
    except (TypeError, ValueError, ZeroDivisionError):
        return complex("nan")


def test_derivatives_agree_with_sympy_over_hundreds_of_expressions():
    rng = random.Random(20261127)
    points = np.array([-1.7, -0.3, 0.45, 1.2, 2.6])
    compared = 0
    for _ in range(300):
        text, expr = random_expression(rng)
        result = derivatives(text, points, order=2)
        exact = [expr, sympy.diff(expr, X), sympy.diff(expr, X, 2)]
        for k, (got, truth) in enumerate(zip(result.values, exact, strict=True)):
            want = np.array([exact_value(truth, p) for p in points])
            usable = (
                np.isfinite(want.real)
                & (np.abs(want.imag) < 1e-12)
                & (np.abs(want.real) < 1e8)
                & np.isfinite(got)
            )
            # Kinks (abs, relu at 0) and points outside the domain are left out: there the
            # app shows NaN or TensorFlow's one-sided choice, checked elsewhere.
            np.testing.assert_allclose(
                got[usable], want.real[usable], rtol=1e-7, atol=1e-9, err_msg=f"{text} order {k}"
            )
            compared += int(usable.sum())
    assert compared > 2000

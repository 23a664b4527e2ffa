"""f of two inputs: the gradient vector and Hessian against calculus, the contour grid, and
code that prints the same numbers in a fresh Python."""

from __future__ import annotations

import json

import numpy as np
import pytest
from fresh_python import run_python

from engine.gradients import derivatives
from engine.gradients.expressions import compile_expression
from engine.gradients.grammar import ExpressionError
from engine.gradients.two_inputs import surface

ROSENBROCK = "(1-x)**2 + 100*(y-x**2)**2"
XY = ("x", "y")


def test_rosenbrock_at_its_minimum():
    result = derivatives(ROSENBROCK, (1.0, 1.0), variables=XY, order=2)
    f, gradient, hessian = result.values
    assert float(f) == 0.0
    np.testing.assert_array_equal(gradient, [0.0, 0.0])
    np.testing.assert_array_equal(hessian, [[802.0, -400.0], [-400.0, 200.0]])


@pytest.mark.parametrize("point", [(1.0, 2.0), (-0.5, 3.25), (0.0, 0.0)])
def test_gradient_and_hessian_match_calculus(point):
    x, y = point
    result = derivatives("x**2 + 3*x*y", point, variables=XY, order=2)
    f, gradient, hessian = result.values
    assert float(f) == x**2 + 3 * x * y
    np.testing.assert_allclose(gradient, [2 * x + 3 * y, 3 * x], rtol=1e-15)
    np.testing.assert_array_equal(hessian, [[2.0, 3.0], [3.0, 0.0]])
    rosen = derivatives(ROSENBROCK, point, variables=XY, order=2).values
    np.testing.assert_allclose(
        rosen[1], [-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)], rtol=1e-13, atol=1e-12
    )
    np.testing.assert_allclose(
        rosen[2],
        [[2 - 400 * (y - x**2) + 800 * x**2, -400 * x], [-400 * x, 200.0]],
        rtol=1e-13,
        atol=1e-12,
    )


def test_an_unwatched_constant_gives_none_for_the_gradient_and_hessian():
    result = derivatives("x*y", (2.0, 3.0), variables=XY, order=2, source="constant", watch=False)
    assert float(result.values[0]) == 6.0 and result.values[1] is None and result.values[2] is None
    watched = derivatives("x*y", (2.0, 3.0), variables=XY, order=2, source="constant", watch=True)
    np.testing.assert_array_equal(watched.values[1], [3.0, 2.0])


def test_the_code_prints_the_same_numbers_in_a_fresh_python():
    cases = [
        derivatives(ROSENBROCK, (-1.2, 1.0), variables=XY, order=2),
        derivatives("sin(x)*exp(y) + pi", (0.3, -0.7), variables=XY, order=1),
        derivatives("x*y", (2.0, 3.0), variables=XY, order=2, source="constant", watch=False),
        derivatives("log(x) + y", (-1.0, 2.0), variables=XY, order=2),
    ]
    for case in cases:
        done = run_python("-c", case.code)
        assert done.returncode == 0, done.stderr
        printed = dict(line.split(" = ", 1) for line in done.stdout.splitlines())
        shown = [
            json.loads(printed[name].replace("None", "null").replace("nan", "NaN"))
            for name in ("f", "gradient", "hessian")
            if name in printed
        ]
        for got, want in zip(shown, case.values, strict=True):
            if want is None:  # TensorFlow's None, printed for each entry
                assert set(np.ravel(np.array(got, dtype=object))) == {None}
            else:
                np.testing.assert_array_equal(np.array(got, dtype=float), want)


def test_the_contour_grid_holds_f_and_its_gradient_at_every_point():
    expr = compile_expression(ROSENBROCK, XY)
    xs, ys = np.linspace(-2, 2, 200), np.linspace(-1, 3, 150)
    grid = surface(expr, xs, ys)
    assert grid.f.shape == (150, 200) and grid.gradient.shape == (2, 150, 200)
    for i, j in ((0, 0), (75, 120), (149, 199)):
        x, y = xs[j], ys[i]
        assert grid.f[i, j] == pytest.approx((1 - x) ** 2 + 100 * (y - x**2) ** 2, rel=1e-14)
        np.testing.assert_allclose(
            grid.gradient[:, i, j],
            [-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)],
            rtol=1e-12,
        )


def test_three_variables_and_bad_points_are_refused():
    with pytest.raises(ExpressionError, match="at most 2 variables"):
        from engine.gradients.grammar import free_variables

        free_variables("x + y + z")
    with pytest.raises(ValueError, match="one point"):
        derivatives("x*y", (1.0, 2.0, 3.0), variables=XY)
    with pytest.raises(ValueError, match="order is 0, 1 or 2"):
        derivatives("x*y", (1.0, 2.0), variables=XY, order=3)

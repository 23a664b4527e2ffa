"""The expression parser: what it accepts, what it refuses (with a column), and a fuzz."""

from __future__ import annotations

import contextlib
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.gradients.expressions import compile_expression
from engine.gradients.grammar import MAX_DEPTH, MAX_LENGTH, ExpressionError, free_variables


def rejected(text: str, variables=("x",)) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        compile_expression(text, variables)
    assert "column" in str(info.value) or info.value.column is None
    return info.value


@pytest.mark.parametrize(
    ("text", "words", "column"),
    [
        ("y + 1", "unknown name 'y'", 1),
        ("x + foo", "unknown name 'foo'", 5),
        ("x.real", "attribute access", 1),
        ("sin.__class__", "attribute access", 1),
        ("x[0]", "subscripts", 1),
        ("x[1:2]", "subscripts", 1),
        ("'x'", "strings", 1),
        ("b'x'", "strings", 1),
        ("f'{x}'", "strings", 1),
        ("lambda: x", "lambdas", 1),
        ("__import__('os')", "'__import__' is not an allowed function", 1),
        ("__import__", "names starting with '_'", 1),
        ("[x for x in x]", "comprehensions", 1),
        ("(x for x in x)", "generator expressions", 1),
        ("{x: 1}", "dicts", 1),
        ("[x]", "lists", 1),
        ("(x, x)", "tuples", 1),
        ("{x}", "sets", 1),
        ("sin(x=1)", "keyword arguments", 5),
        ("sin(x, x)", "exactly one argument", 1),
        ("sin()", "exactly one argument", 1),
        ("sin(*x)", "exactly one argument", 1),
        ("open(x)", "'open' is not an allowed function", 1),
        ("x(1)", "'x' is not an allowed function", 1),
        ("pi(x)", "'pi' is not an allowed function", 1),
        ("sin", "sin is a function", 1),
        ("x < 1", "comparisons", 1),
        ("x and x", "'and' / 'or'", 1),
        ("x if x else 1", "'if ... else'", 1),
        ("(y := x)", "assignments", 2),
        ("not x", "'not'", 1),
        ("~x", "'~'", 1),
        ("x // 2", "operator //", 3),
        ("x % 2", "operator %", 3),
        ("x @ x", "operator @", 3),
        ("x ** 101", "exponent 101 is too large", 6),
        ("x ** -500", "exponent -500 is too large", 6),
        ("2 ** 1000", "exponent 1,000 is too large", 6),
        ("9**9**9", "exponent 387,420,489 is too large", 4),
        ("1e12**100 * x", "1e12**100 is too large for a float64", 1),
        ("1e400 * x", "number too large", 1),
        ("10000000000000 * x", "number too large", 1),
        ("9" * 60, "number too large", 1),
        ("1j * x", "complex numbers", 1),
        ("True * x", "True is not a number", 1),
        ("None", "None is not a number", 1),
        ("...", "Ellipsis is not a number", 1),
        ("x +", "ends too early", 4),
        ("sin(x", "'(' was never closed", 4),
        ("x ** ** 2", "syntax error", 6),
        ("2x", "syntax error", 1),
        ("x = 1", "syntax error", 3),
        ("", "enter an expression", 1),
        ("   ", "enter an expression", 1),
        ("x\n+1", "one line", 2),
        ("x\x00", "null characters", 2),
        ("'\\d'", "backslashes", 2),
        ("x + \\1", "backslashes", 5),
        ("await x", "'await'", 1),
        ("x" + " + x" * 200, "too long", MAX_LENGTH + 1),
        ("-" * 60 + "x", "nested too deeply", 1),
        ("sin(" * 45 + "x" + ")" * 45, "nested too deeply", 1),
    ],
)
def test_forbidden_constructs_raise_with_their_column(text, words, column):
    error = rejected(text)
    assert words in str(error)
    assert error.column == column
    assert f"(column {column})" in str(error)


def test_column_counts_characters_not_bytes():
    assert rejected("é + x").column == 1
    assert rejected("x*é + y").column == 7  # the unknown 'y' is the seventh character


@pytest.mark.parametrize("name", ["tf", "f", "print", "sin", "pi", "_x", "x y", ""])
def test_names_the_generated_code_needs_cannot_be_variables(name):
    with pytest.raises(ExpressionError):
        compile_expression("1", (name,))


def test_accepted_expressions_build_tensorflow_code():
    cases = {
        # Small whole powers are spelled so that every derivative is exact at a zero base.
        "x**2": "tf.math.square(x)",
        "4.9*t**2": "4.9 * tf.math.square(t)",
        "x**1": "x",
        "x**0": "1 + 0 * x",
        "x**3": "x ** 3",
        "x**2.5": "x ** 2.5",
        "sin(x) * exp(-x)": "tf.math.sin(x) * tf.math.exp(-x)",
        "relu(x) + softplus(x)": "tf.nn.relu(x) + tf.math.softplus(x)",
        "+x": "x",
        "2**3 * x": "tf.constant(2, tf.float64) ** 3 * x",
        "sin(1)": "tf.math.sin(tf.constant(1, tf.float64))",
        "pi * x": "math.pi * x",
        "5": "tf.constant(5, tf.float64)",
        "((x))": "x",
        " x ": "x",
    }
    for text, code in cases.items():
        assert compile_expression(text, free_variables(text)).code == code, text


def test_free_variables_finds_the_names():
    assert free_variables("4.9*t**2") == ("t",)
    assert free_variables("sin(theta) + theta") == ("theta",)
    assert free_variables("pi * e") == ("x",)
    assert free_variables("sin(1)", default="u") == ("u",)
    assert free_variables("y * x") == ("x", "y")  # x before y, whatever the order in the text
    with pytest.raises(ExpressionError, match="single variable: found 'a' and 'b'") as info:
        free_variables("a + b", limit=1)
    assert info.value.column == 5
    with pytest.raises(ExpressionError, match="at most 2 variables: found 'a', 'b', 'c'") as info:
        free_variables("a + b * c")
    assert info.value.column == 9
    with pytest.raises(ExpressionError, match="taken by the generated"):
        free_variables("f**2")
    with pytest.raises(ExpressionError, match="comprehensions"):
        free_variables("[i for i in x]")


def test_operations_name_tensorflows_op_types():
    expr = compile_expression("sin(x) * exp(-x) + 2**3")
    assert [op.op_type for op in expr.operations] == ["Sin", "Neg", "Exp", "Mul", "Pow", "AddV2"]
    assert [op.uses_variable for op in expr.operations] == [True, True, True, True, False, True]


def test_op_types_match_a_real_tensorflow_trace():
    import tensorflow as tf

    text = "sin(x)/cos(x) - tan(x) + log(sqrt(exp(x))) * tanh(x) ** sigmoid(x) + relu(x) "
    text += "+ abs(x) + square(x) + softplus(-x)"
    expr = compile_expression(text)
    graph = (
        tf.function(lambda x: expr(x=x))
        .get_concrete_function(tf.TensorSpec([None], tf.float64))
        .graph
    )
    traced = sorted(
        op.type
        for op in graph.get_operations()
        if op.type not in ("Placeholder", "Const", "Identity")
    )
    assert sorted(op.op_type for op in expr.operations) == traced


def test_deep_but_legal_nesting_is_accepted():
    depth_ok = "sin(" * 10 + "x" + ")" * 10
    assert compile_expression(depth_ok).code.count("tf.math.sin") == 10
    assert MAX_DEPTH >= 20


def test_calling_evaluates_with_tensorflow():
    import tensorflow as tf

    expr = compile_expression("4.9*t**2 + pi", ("t",))
    value = expr(t=tf.constant([0.0, 1.0, 2.0], tf.float64))
    np.testing.assert_allclose(value.numpy(), [np.pi, 4.9 + np.pi, 19.6 + np.pi])
    assert value.dtype == tf.float64
    with pytest.raises(TypeError, match="missing value for t"):
        expr(x=1.0)


# --- fuzz -----------------------------------------------------------------------------------

ATOMS = ["x", "1", "2.5", "pi", "e", "sin(x)", "exp(x)", "y", "x.a", "'s'", "[x]", "__import__"]
OPS = ["+", "-", "*", "/", "**", "//", "(", ")", ",", " ", "=", "lambda", ":", "[", "]", "."]


def check_one(text: str) -> None:
    start = time.perf_counter()
    try:
        expr = compile_expression(text)
    except ExpressionError as error:
        assert str(error)
    else:
        assert expr.code and len(text) <= MAX_LENGTH
    with contextlib.suppress(ExpressionError):
        free_variables(text)
    assert time.perf_counter() - start < 0.5, f"slow on {text!r}"


FUZZ = settings(
    max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@FUZZ
@given(st.text(max_size=80))
def test_fuzz_unicode_text_gives_an_expression_or_expression_error(text):
    check_one(text)


@FUZZ
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60))
def test_fuzz_ascii_text(text):
    check_one(text)


@FUZZ
@given(st.lists(st.sampled_from(ATOMS + OPS), max_size=40))
def test_fuzz_token_soup(tokens):
    check_one("".join(tokens))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.integers(min_value=0, max_value=MAX_LENGTH + 50), st.sampled_from(["(", "-", "sin("]))
def test_fuzz_long_and_deep_inputs_stay_bounded(n, piece):
    check_one(piece * (n // len(piece)) + "x")

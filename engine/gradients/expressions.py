"""Safe math expressions (``4.9*t**2``, ``sin(x)*exp(-x)``) turned into TensorFlow.

An expression accepted by the grammar (engine.gradients.grammar) becomes a function of tensors
that calls TensorFlow, plus the equivalent TensorFlow source text for the code pane and a list of
the operations it runs for the "tape" view. TensorFlow is imported only when one is called.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine.gradients.grammar import (
    BINARY_OPS,
    CONSTANTS,
    DTYPE,
    FUNCTIONS,
    ExpressionError,
    check_variables,
    constant_value,
    parse_checked,
)


@dataclass(frozen=True)
class RecordedOp:
    """One TensorFlow operation the expression runs, for the tape view."""

    op_type: str  # TensorFlow's op type name, e.g. "Pow"
    code: str  # the TensorFlow call it comes from, e.g. "x ** 2"
    uses_variable: bool  # depends on the variable, so a tape watching it records this op


class Expression:
    """A validated expression: call it with tensors, ``expr(x=tensor) -> tf.Tensor``."""

    def __init__(self, text: str, variables: tuple[str, ...], tree: ast.expr):
        self.text = text
        self.variables = variables
        tree, self.exact_powers = _exact_small_powers(tree, variables)
        self._tree = tree
        self.uses = sorted(
            {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} & set(variables)
        )
        code_tree = _to_tensorflow(tree, variables)
        if not _is_tensor(tree, variables):  # "5" or "pi": still a float64 tensor, as when called
            code_tree = _as_tensor(code_tree)
        self.code = ast.unparse(code_tree)  # the right-hand side, in TensorFlow calls
        self.operations = _operations(tree, variables)
        self.needs_math = any(isinstance(n, ast.Name) and n.id in CONSTANTS for n in ast.walk(tree))

    @property
    def uses_variable(self) -> bool:
        return bool(self.uses)

    def __call__(self, **tensors: Any) -> Any:
        missing = [v for v in self.variables if v not in tensors]
        if missing:
            raise TypeError(f"missing value for {', '.join(missing)}")
        import tensorflow as tf

        value = _evaluate(self._tree, tensors, self.variables, tf)
        if not _is_tensor(self._tree, self.variables):
            value = tf.constant(value, getattr(tf, DTYPE))
        return value

    def __repr__(self) -> str:
        return f"Expression({self.text!r}, variables={self.variables!r})"


EXACT_POWERS_NOTE = (
    "u**2 is written tf.math.square(u) (u**1 as u, u**0 as 1 + 0 * u): the same values, and\n"
    "# derivatives that are exact where u is 0 (tf.pow's gradient there is 0 * inf = nan)"
)


class _SmallPowers(ast.NodeTransformer):
    """``u**2`` -> ``square(u)``, ``u**1`` -> ``u``, ``u**0`` -> ``1 + 0 * u`` for a ``u`` that
    depends on a variable. TensorFlow differentiates ``u**n`` as ``n * u**(n - 1)``; once ``n - 1``
    is negative and ``u`` is 0 that is ``0 * inf = NaN`` (the falling body's jerk at t = 0).
    These spellings give the same values and derivatives that are exact everywhere."""

    def __init__(self, variables: tuple[str, ...]):
        self.variables = variables
        self.rewrote = False

    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:  # noqa: N802 (ast's name)
        self.generic_visit(node)
        if not isinstance(node.op, ast.Pow) or not _has_variable(node.left, self.variables):
            return node
        exponent = constant_value(node.right)
        if exponent not in (0.0, 1.0, 2.0):
            return node
        base = node.left
        if exponent == 2.0:
            new: ast.expr = ast.Call(ast.Name("square", ast.Load()), [base], [])
        elif exponent == 1.0:
            new = base
        else:
            new = ast.BinOp(
                ast.Constant(1), ast.Add(), ast.BinOp(ast.Constant(0), ast.Mult(), base)
            )
        self.rewrote = True
        return ast.copy_location(new, node)


def _exact_small_powers(tree: ast.expr, variables: tuple[str, ...]) -> tuple[ast.expr, bool]:
    rewriter = _SmallPowers(variables)
    new = rewriter.visit(tree)
    assert isinstance(new, ast.expr)
    return ast.fix_missing_locations(new), rewriter.rewrote


def compile_expression(text: str, variables: str | Sequence[str] = ("x",)) -> Expression:
    """Validate ``text`` and return it as a callable Expression; ExpressionError otherwise."""
    names = check_variables(variables)
    return Expression(text.strip(), names, parse_checked(text, names))


# --- code and evaluation -----------------------------------------------------------------------


def _has_variable(node: ast.AST, variables: tuple[str, ...]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in variables for n in ast.walk(node))


def _tf_attr(dotted: str) -> ast.expr:
    parts = dotted.split(".")
    node: ast.expr = ast.Name(parts[0], ast.Load())
    for part in parts[1:]:
        node = ast.Attribute(node, part, ast.Load())
    return node


def _as_tensor(node: ast.expr) -> ast.expr:
    """``tf.constant(node, tf.float64)``: a number-only operand must be a float64 tensor."""
    return ast.Call(_tf_attr("tf.constant"), [node, _tf_attr(f"tf.{DTYPE}")], [])


def _is_tensor(node: ast.AST, variables: tuple[str, ...]) -> bool:
    """Whether the code for ``node`` yields a tensor (rather than a plain Python number)."""
    if isinstance(node, ast.UnaryOp):
        return _is_tensor(node.operand, variables)
    return isinstance(node, (ast.BinOp, ast.Call)) or (
        isinstance(node, ast.Name) and node.id in variables
    )


def _to_tensorflow(node: ast.expr, variables: tuple[str, ...]) -> ast.expr:
    """The same tree written with TensorFlow calls; mirrors :func:`_evaluate` exactly."""
    if isinstance(node, ast.Name):
        if node.id in CONSTANTS:
            return _tf_attr(f"math.{node.id}")
        return ast.Name(node.id, ast.Load())
    if isinstance(node, ast.Constant):
        return ast.Constant(node.value)
    if isinstance(node, ast.UnaryOp):
        inner = _to_tensorflow(node.operand, variables)
        return inner if isinstance(node.op, ast.UAdd) else ast.UnaryOp(ast.USub(), inner)
    if isinstance(node, ast.BinOp):
        left = _to_tensorflow(node.left, variables)
        right = _to_tensorflow(node.right, variables)
        if not _is_tensor(node.left, variables) and not _is_tensor(node.right, variables):
            left = _as_tensor(left)
        return ast.BinOp(left, type(node.op)(), right)
    if isinstance(node, ast.Call):
        arg = _to_tensorflow(node.args[0], variables)
        if not _is_tensor(node.args[0], variables):
            arg = _as_tensor(arg)
        return ast.Call(_tf_attr(FUNCTIONS[_called(node)][0]), [arg], [])
    raise ExpressionError(f"unsupported syntax {type(node).__name__}")  # _check rules this out


def _evaluate(node: ast.expr, tensors: dict[str, Any], variables: tuple[str, ...], tf: Any) -> Any:
    if isinstance(node, ast.Name):
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        return tensors[node.id]
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.UnaryOp):
        inner = _evaluate(node.operand, tensors, variables, tf)
        return inner if isinstance(node.op, ast.UAdd) else -inner
    if isinstance(node, ast.BinOp):
        left = _evaluate(node.left, tensors, variables, tf)
        right = _evaluate(node.right, tensors, variables, tf)
        if not _is_tensor(node.left, variables) and not _is_tensor(node.right, variables):
            left = tf.constant(left, getattr(tf, DTYPE))
        op = type(node.op)
        if op is ast.Add:
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            return left * right
        if op is ast.Div:
            return left / right
        return left**right
    if isinstance(node, ast.Call):
        arg = _evaluate(node.args[0], tensors, variables, tf)
        if not _is_tensor(node.args[0], variables):
            arg = tf.constant(arg, getattr(tf, DTYPE))
        module, _, name = FUNCTIONS[_called(node)][0].partition(".")[2].rpartition(".")
        return getattr(getattr(tf, module), name)(arg)
    raise ExpressionError(f"unsupported syntax {type(node).__name__}")


def _operations(tree: ast.expr, variables: tuple[str, ...]) -> list[RecordedOp]:
    """TensorFlow ops in the order they run (children first), for the tape view."""
    ops: list[RecordedOp] = []

    def visit(node: ast.expr) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr) and not (
                isinstance(node, ast.Call) and child is node.func
            ):
                visit(child)
        code = ast.unparse(_to_tensorflow(node, variables))
        uses = _has_variable(node, variables)
        if isinstance(node, ast.BinOp):
            ops.append(RecordedOp(BINARY_OPS[type(node.op)][1], code, uses))
        elif isinstance(node, ast.Call):
            ops.append(RecordedOp(FUNCTIONS[_called(node)][1], code, uses))
        elif (
            isinstance(node, ast.UnaryOp)
            and isinstance(node.op, ast.USub)
            and _is_tensor(node.operand, variables)  # -2.0 stays a Python number
        ):
            ops.append(RecordedOp("Neg", code, uses))

    visit(tree)
    return ops


def _called(node: ast.Call) -> str:
    """The function name of a call that _check accepted (always a plain name)."""
    if not isinstance(node.func, ast.Name):
        raise ExpressionError("only plain function names can be called")
    return node.func.id

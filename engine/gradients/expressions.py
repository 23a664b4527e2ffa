"""Safe one-variable math expressions (``4.9*t**2``, ``sin(x)*exp(-x)``) turned into TensorFlow.

The text is parsed with Python's ``ast`` and only a small whitelist of nodes is accepted; nothing
is ever evaluated by Python itself. The accepted tree becomes a chain of closures that call
TensorFlow, plus the equivalent TensorFlow source text for the code pane and a list of the
operations it runs for the "tape" view. TensorFlow is imported only when an expression is called.
"""

from __future__ import annotations

import ast
import builtins
import math
from dataclasses import dataclass
from typing import Any

MAX_LENGTH = 400
MAX_DEPTH = 40
MAX_LITERAL = 1e12  # no number the user types needs more; keeps floats far from overflow
MAX_EXPONENT = 100  # x**1000 only makes inf/0 and huge higher derivatives

DTYPE = "float64"  # every tensor is float64, so the results show full double precision

# name -> (TensorFlow function as written in code, op type TensorFlow records for it)
FUNCTIONS: dict[str, tuple[str, str]] = {
    "sin": ("tf.math.sin", "Sin"),
    "cos": ("tf.math.cos", "Cos"),
    "tan": ("tf.math.tan", "Tan"),
    "exp": ("tf.math.exp", "Exp"),
    "log": ("tf.math.log", "Log"),
    "sqrt": ("tf.math.sqrt", "Sqrt"),
    "tanh": ("tf.math.tanh", "Tanh"),
    "sigmoid": ("tf.math.sigmoid", "Sigmoid"),
    "relu": ("tf.nn.relu", "Relu"),
    "abs": ("tf.math.abs", "Abs"),
    "square": ("tf.math.square", "Square"),
    "softplus": ("tf.math.softplus", "Softplus"),
}
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
BINARY_OPS: dict[type, tuple[str, str]] = {  # ast node -> (symbol, TensorFlow op type)
    ast.Add: ("+", "AddV2"),
    ast.Sub: ("-", "Sub"),
    ast.Mult: ("*", "Mul"),
    ast.Div: ("/", "RealDiv"),
    ast.Pow: ("**", "Pow"),
}
# Names the generated code itself uses; a variable called like this would clash with it.
CODE_NAMES = {"tf", "math", "y", "tape", "tape1", "tape2", "tape3"}

_FORBIDDEN = {  # friendlier words for syntax the whitelist rejects
    ast.Attribute: "attribute access (a.b) is",
    ast.Subscript: "subscripts (a[i]) are",
    ast.Slice: "slices are",
    ast.Lambda: "lambdas are",
    ast.ListComp: "comprehensions are",
    ast.SetComp: "comprehensions are",
    ast.DictComp: "comprehensions are",
    ast.GeneratorExp: "generator expressions are",
    ast.List: "lists are",
    ast.Tuple: "tuples are",
    ast.Set: "sets are",
    ast.Dict: "dicts are",
    ast.Compare: "comparisons are",
    ast.BoolOp: "'and' / 'or' are",
    ast.IfExp: "'if ... else' is",
    ast.NamedExpr: "assignments (:=) are",
    ast.JoinedStr: "strings are",
    ast.FormattedValue: "strings are",
    ast.Starred: "'*' unpacking is",
    ast.Await: "'await' is",
    ast.Yield: "'yield' is",
    ast.YieldFrom: "'yield' is",
}


class ExpressionError(ValueError):
    """A rejected expression; the message names the problem and its 1-based column."""

    def __init__(self, problem: str, column: int | None = None):
        self.problem = problem
        self.column = column
        super().__init__(f"{problem} (column {column})" if column else problem)


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

    def __call__(self, **tensors: Any):
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


# --- parsing --------------------------------------------------------------------------------


def _column(text: str, node: ast.AST) -> int:
    """1-based character column of a node (ast counts UTF-8 bytes)."""
    line = text.splitlines()[getattr(node, "lineno", 1) - 1] if text.strip() else ""
    return (
        len(line.encode("utf-8")[: getattr(node, "col_offset", 0)].decode("utf-8", "replace")) + 1
    )


def _operator_column(text: str, node: ast.BinOp, symbol: str) -> int:
    """1-based column of a binary operator's symbol (ast keeps no position for it)."""
    line = text.splitlines()[node.lineno - 1].encode("utf-8")
    start = node.left.end_col_offset or 0
    gap = line[start : node.right.col_offset].decode("utf-8", "replace")
    return len(line[:start].decode("utf-8", "replace")) + max(gap.find(symbol), 0) + 1


def _parse(text: str) -> ast.expr:
    if not isinstance(text, str):
        raise ExpressionError(f"an expression must be text, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"expression is too long: {len(text)} characters, at most {MAX_LENGTH}", MAX_LENGTH + 1
        )
    if not text.strip():
        raise ExpressionError("enter an expression, for example x**2", 1)
    if "\0" in text:
        raise ExpressionError("null characters are not allowed", text.index("\0") + 1)
    if "\n" in text or "\r" in text:
        raise ExpressionError("an expression is one line", text.replace("\r", "\n").index("\n") + 1)
    if "\\" in text:  # never needed here; it is what makes Python warn about escapes
        raise ExpressionError("backslashes are not allowed", text.index("\\") + 1)
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as exc:
        reason = (exc.msg or "invalid syntax").removesuffix("?")
        if not exc.offset:  # Python reports 0 when the text stops mid-expression
            offset = len(text.rstrip()) + 1
            if reason == "invalid syntax":
                reason = "the expression ends too early"
        else:
            offset = exc.offset + len(text) - len(text.lstrip())
        raise ExpressionError(f"syntax error: {reason}", offset) from None
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        raise ExpressionError(f"cannot read the expression: {exc}", 1) from None
    shift = len(text) - len(text.lstrip())
    if shift:
        for node in ast.walk(tree):
            if hasattr(node, "col_offset"):
                node.col_offset += len(text[:shift].encode("utf-8"))
    return tree


def _depth(tree: ast.AST) -> int:
    deepest, stack = 0, [(tree, 1)]
    while stack:  # iterative: a deep tree must not hit Python's recursion limit
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _literal_value(node: ast.AST) -> float | None:
    """The value of a number literal, optionally signed; None for anything else."""
    sign = 1.0
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -sign if isinstance(node.op, ast.USub) else sign
        node = node.operand
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return sign * float(node.value)
    return None


def _check(text: str, tree: ast.expr, variables: tuple[str, ...]) -> None:
    if _depth(tree) > MAX_DEPTH:
        raise ExpressionError(f"expression is nested too deeply (at most {MAX_DEPTH} levels)", 1)
    allowed_names = ", ".join(variables)
    for node in ast.walk(tree):
        col = _column(text, node)
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool) or value is None or value is Ellipsis:
                raise ExpressionError(f"{value!r} is not a number", col)
            if isinstance(value, (str, bytes)):
                raise ExpressionError("strings are not allowed", col)
            if isinstance(value, complex):
                raise ExpressionError("complex numbers are not supported", col)
            if not isinstance(value, (int, float)):
                raise ExpressionError(f"{type(value).__name__} literals are not allowed", col)
            if isinstance(value, int) and value.bit_length() > 64 or not abs(value) <= MAX_LITERAL:
                raise ExpressionError(f"number too large (at most {MAX_LITERAL:g} in size)", col)
        elif isinstance(node, ast.Name):
            if not isinstance(node.ctx, ast.Load):
                raise ExpressionError("assignments are not allowed", col)
            if node.id in variables or node.id in CONSTANTS or node.id in FUNCTIONS:
                continue  # bare function names are reported by their parent below
            if node.id.startswith("_"):
                raise ExpressionError(f"names starting with '_' are not allowed: {node.id}", col)
            raise ExpressionError(
                f"unknown name '{node.id}': use {allowed_names}, pi, e or a function", col
            )
        elif isinstance(node, ast.Call):
            func = node.func
            if not isinstance(func, ast.Name) or func.id not in FUNCTIONS:
                what = func.id if isinstance(func, ast.Name) else ast.unparse(func)
                raise ExpressionError(
                    f"'{what}' is not an allowed function; use one of {', '.join(FUNCTIONS)}", col
                )
            if node.keywords:
                raise ExpressionError(
                    f"keyword arguments are not allowed in {func.id}()",
                    _column(text, node.keywords[0]),
                )
            if len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
                raise ExpressionError(f"{func.id}() takes exactly one argument", col)
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in BINARY_OPS:
                symbol = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@"}.get(type(node.op))
                raise ExpressionError(
                    f"operator {symbol or type(node.op).__name__} is not allowed; "
                    "use + - * / or **",
                    _operator_column(text, node, symbol) if symbol else col,
                )
            if isinstance(node.op, ast.Pow):
                exponent = _literal_value(node.right)
                if exponent is not None and abs(exponent) > MAX_EXPONENT:
                    raise ExpressionError(
                        f"exponent {exponent:g} is too large (at most {MAX_EXPONENT} in size)",
                        _column(text, node.right),
                    )
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                symbol = "not" if isinstance(node.op, ast.Not) else "~"
                raise ExpressionError(f"operator '{symbol}' is not allowed", col)
        elif isinstance(node, (ast.Load, ast.operator, ast.unaryop)):
            continue
        else:
            what = _FORBIDDEN.get(type(node), f"'{type(node).__name__}' syntax is")
            raise ExpressionError(f"{what} not allowed", col)
    # A bare function name or a called constant/variable is legal syntax but meaningless here.
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in FUNCTIONS and id(node) not in called:
            raise ExpressionError(
                f"{node.id} is a function: call it, e.g. {node.id}({variables[0]})",
                _column(text, node),
            )


def _check_variables(variables) -> tuple[str, ...]:
    if isinstance(variables, str):
        variables = (variables,)
    variables = tuple(variables)
    if not variables:
        raise ExpressionError("no variable given")
    for name in variables:
        why = variable_problem(name)
        if why:
            raise ExpressionError(why)
    return variables


def variable_problem(name: str) -> str | None:
    """Why ``name`` cannot be the variable (None when it can)."""
    if not isinstance(name, str) or not name.isidentifier():
        return f"{name!r} is not a valid variable name"
    if not name.isascii():
        return f"'{name}' is not a valid variable name: use ASCII letters, digits and '_'"
    if name.startswith("_"):
        return f"names starting with '_' are not allowed: {name}"
    if name in FUNCTIONS or name in CONSTANTS:
        return f"'{name}' is a built-in function or constant, not a variable"
    if name in CODE_NAMES or hasattr(builtins, name):
        return f"'{name}' is taken by the generated Python code; pick another variable name"
    return None


def compile_expression(text: str, variables=("x",)) -> Expression:
    """Validate ``text`` and return it as a callable Expression; ExpressionError otherwise."""
    variables = _check_variables(variables)
    tree = _parse(text)
    _check(text, tree, variables)
    return Expression(text.strip(), variables, tree)


def free_variable(text: str, default: str = "x") -> str:
    """The one variable name ``text`` uses (``t`` in ``4.9*t**2``); ``default`` if it uses none.

    Raises ExpressionError when the text cannot be read or uses two different names.
    """
    tree = _parse(text)
    if _depth(tree) > MAX_DEPTH:
        raise ExpressionError(f"expression is nested too deeply (at most {MAX_DEPTH} levels)", 1)
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    found: dict[str, ast.Name] = {}
    for node in ast.walk(tree):
        is_name = isinstance(node, ast.Name) and id(node) not in called
        if is_name and node.id not in CONSTANTS and node.id not in FUNCTIONS:
            found.setdefault(node.id, node)
    # Forbidden syntax (a comprehension's own names, say) is the clearer message: check it first.
    _check(text, tree, tuple(found) or (default,))
    if not found:
        return default
    if len(found) > 1:
        first, second = sorted(found.values(), key=lambda n: n.col_offset)[:2]
        raise ExpressionError(
            f"use a single variable: found '{first.id}' and '{second.id}'", _column(text, second)
        )
    name, node = next(iter(found.items()))
    why = variable_problem(name)
    if why:
        raise ExpressionError(why, _column(text, node))
    return name


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


def _is_tensor(node: ast.AST, variables) -> bool:
    """Whether the code for ``node`` yields a tensor (rather than a plain Python number)."""
    if isinstance(node, ast.UnaryOp):
        return _is_tensor(node.operand, variables)
    return isinstance(node, (ast.BinOp, ast.Call)) or (
        isinstance(node, ast.Name) and node.id in variables
    )


def _to_tensorflow(node: ast.expr, variables) -> ast.expr:
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
        return ast.Call(_tf_attr(FUNCTIONS[node.func.id][0]), [arg], [])
    raise ExpressionError(f"unsupported syntax {type(node).__name__}")  # _check rules this out


def _evaluate(node: ast.expr, tensors: dict, variables: tuple[str, ...], tf) -> Any:
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
        module, _, name = FUNCTIONS[node.func.id][0].partition(".")[2].rpartition(".")
        return getattr(getattr(tf, module), name)(arg)
    raise ExpressionError(f"unsupported syntax {type(node).__name__}")


def _operations(tree: ast.expr, variables) -> list[RecordedOp]:
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
            ops.append(RecordedOp(FUNCTIONS[node.func.id][1], code, uses))
        elif (
            isinstance(node, ast.UnaryOp)
            and isinstance(node.op, ast.USub)
            and _is_tensor(node.operand, variables)  # -2.0 stays a Python number
        ):
            ops.append(RecordedOp("Neg", code, uses))

    visit(tree)
    return ops

"""What an expression may contain, and the checks that refuse everything else.

The text is parsed with Python's ``ast`` and only a small whitelist of nodes is accepted; nothing
is ever evaluated by Python itself. Each refusal names the problem and its 1-based column.
"""

from __future__ import annotations

import ast
import builtins
import math
import operator
from collections.abc import Callable, Sequence

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
CODE_NAMES = {"tf", "math", "f", "tape", "tape1", "tape2", "tape3", "outer", "inner"}

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


# --- parsing ---------------------------------------------------------------------------------


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


def constant_value(node: ast.AST) -> float | None:
    """The value of a part made only of numbers, pi, e, unary signs and + - * / ** (folded in
    float64, never by eval); None when it involves a variable or a function, or is undefined.
    Checked parts are small (MAX_LITERAL, MAX_EXPONENT), so folding cannot take long."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return None if isinstance(node.value, bool) else float(node.value)
    if isinstance(node, ast.Name) and node.id in CONSTANTS:
        return CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = constant_value(node.operand)
        if inner is None:
            return None
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp) and type(node.op) in BINARY_OPS:
        left, right = constant_value(node.left), constant_value(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Pow) and abs(right) > MAX_EXPONENT:
            return None  # refused by the exponent check before anything is computed
        try:
            value = _FOLD[type(node.op)](left, right)
        except (ZeroDivisionError, OverflowError, ValueError):
            return None  # 1/0 or (-8)**0.5: a domain problem TensorFlow reports as NaN/inf
        return value if isinstance(value, float) and math.isfinite(value) else None
    return None


def _overflows(base: float, exponent: float) -> bool:
    try:
        base**exponent
    except OverflowError:
        return True
    except (ZeroDivisionError, ValueError):
        return False  # a domain problem, reported by TensorFlow as NaN/inf
    return False


_FOLD: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}


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
                # Folded, so 9**9**9 is refused just as 2**1000 is: its exponent is 9**9.
                exponent = constant_value(node.right)
                if exponent is not None and abs(exponent) > MAX_EXPONENT:
                    shown = f"{int(exponent):,}" if exponent.is_integer() else f"{exponent:g}"
                    raise ExpressionError(
                        f"exponent {shown} is too large (at most {MAX_EXPONENT} in size)",
                        _column(text, node.right),
                    )
                base = constant_value(node.left)
                if base is not None and exponent is not None and _overflows(base, exponent):
                    raise ExpressionError(
                        f"{ast.get_source_segment(text, node) or 'this power'} is too large "
                        "for a float64 (over 1.8e308)",
                        col,
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


def check_variables(variables: str | Sequence[str]) -> tuple[str, ...]:
    names = (variables,) if isinstance(variables, str) else tuple(str(v) for v in variables)
    if not names:
        raise ExpressionError("no variable given")
    for name in names:
        why = variable_problem(name)
        if why:
            raise ExpressionError(why)
    return names


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


def parse_checked(text: str, variables: tuple[str, ...]) -> ast.expr:
    """The expression's tree, once every check has passed; ExpressionError otherwise."""
    tree = _parse(text)
    _check(text, tree, variables)
    return tree


MAX_VARIABLES = 2  # a curve or a contour map; three inputs have no picture here


def free_variables(text: str, default: str = "x", limit: int = MAX_VARIABLES) -> tuple[str, ...]:
    """The variable names ``text`` uses, in axis order (x before y, otherwise alphabetical):
    ``("t",)`` for ``4.9*t**2``, ``("x", "y")`` for ``x**2 + 3*x*y``; ``(default,)`` if none.

    Raises ExpressionError when the text cannot be read or uses more than ``limit`` names."""
    tree = _parse(text)
    if _depth(tree) > MAX_DEPTH:
        raise ExpressionError(f"expression is nested too deeply (at most {MAX_DEPTH} levels)", 1)
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    found: dict[str, ast.Name] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Name) or id(node) in called:
            continue
        if node.id not in CONSTANTS and node.id not in FUNCTIONS:
            found.setdefault(node.id, node)
    # Forbidden syntax (a comprehension's own names, say) is the clearer message: check it first.
    _check(text, tree, tuple(found) or (default,))
    if not found:
        return (default,)
    by_column = sorted(found.values(), key=lambda n: n.col_offset)
    if len(found) > limit:
        names = ", ".join(f"'{n.id}'" for n in by_column)
        if limit == 1:
            first, second = by_column[:2]
            problem = f"use a single variable: found '{first.id}' and '{second.id}'"
            raise ExpressionError(problem, _column(text, second))
        raise ExpressionError(
            f"use at most {limit} variables: found {names}", _column(text, by_column[limit])
        )
    for name, node in found.items():
        why = variable_problem(name)
        if why:
            raise ExpressionError(why, _column(text, node))
    return tuple(sorted(found, key=lambda name: (name != "x", name != "y", name)))

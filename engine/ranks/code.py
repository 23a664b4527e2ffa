"""The Python the Rank Explorer's code pane shows: a script that rebuilds the tensor on screen.

A fresh tensor (an example, a typed literal, MNIST digits) starts a script that builds ``x`` with
NumPy and ``t = tf.constant(x)`` and prints both libraries' view of them, as the info panel shows
it. Each operation adds the NumPy line, the same operation in TensorFlow and the two prints
again; an undo goes back to the script of the tensor before, with a comment saying what was
undone. Run top to bottom, offline, the script prints what the tab showed at each step.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Sequence

from engine.ranks.examples import DigitBatch
from engine.ranks.operations import OpResult
from engine.shared.code import code_header
from engine.shared.limits import shape_text
from engine.shared.literals import ARRAY_MAKERS

NUMPY_PRINT = "print(x.ndim, x.shape, x.dtype, x.size)"
TENSORFLOW_PRINT = "print(tf.rank(t), t.shape, t.dtype, tf.size(t))"
SHOWN_CHARS = 70  # of an undone line quoted in a comment


def literal_source(text: str) -> str:
    """The NumPy expression for a literal that engine.shared.literals.parse_literal read: the
    text itself where NumPy reads it the same way, else the same call spelled with NumPy
    (``tf.constant([1, 2])`` would make int32 where the app made int64, so it becomes
    ``np.array([1, 2])``; ``dtype=tf.int8`` becomes ``dtype='int8'``)."""
    text = text.strip()
    body = ast.parse(text, mode="eval").body
    plain = "#" not in text and "\n" not in text  # a comment would swallow what follows
    if isinstance(body, ast.Call):
        spelled = _NumpySpelling().visit(copy.deepcopy(body))
        return text if plain and ast.dump(spelled) == ast.dump(body) else ast.unparse(spelled)
    # a number or a nested list; a bare tuple "1, 2" needs its parentheses inside np.array
    return f"np.array({text if plain and not isinstance(body, ast.Tuple) else ast.unparse(body)})"


class _NumpySpelling(ast.NodeTransformer):
    def visit_Call(self, node: ast.Call) -> ast.Call:  # noqa: N802 (ast's name)
        self.generic_visit(node)
        name = _dotted(node.func)
        if name in ARRAY_MAKERS:
            node.func = ast.Attribute(ast.Name("np", ast.Load()), "array", ast.Load())
        elif name is not None and name.startswith("numpy."):
            node.func = ast.Attribute(ast.Name("np", ast.Load()), name[6:], ast.Load())
        for keyword in node.keywords:
            dtype = _dotted(keyword.value)
            foreign = dtype is not None and "." in dtype and not dtype.startswith("np.")
            if keyword.arg == "dtype" and dtype is not None and foreign:
                keyword.value = ast.Constant(dtype.rsplit(".", 1)[-1])  # tf.int8 -> 'int8'
        return node


def _dotted(node: ast.expr) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return ".".join([node.id, *reversed(parts)]) if isinstance(node, ast.Name) else None


def literal_code(text: str) -> str:
    """A script that builds ``x`` from the typed literal and prints both libraries' view."""
    return (
        f"{code_header()}\nx = {literal_source(text)}\nt = tf.constant(x)\n"
        f"{NUMPY_PRINT}\n{TENSORFLOW_PRINT}"
    )


def digits_code(batch: DigitBatch) -> str:
    """A script that reads the same MNIST digits from the same file, offline, and prints both
    libraries' view of them; where the file is unknown it says so instead of guessing."""
    count = len(batch.labels)
    if batch.file is None:
        load = (
            f"# The app read these digits from {batch.source}, which names no file this script\n"
            "# can read, so it cannot rebuild them.\n"
            f'raise SystemExit("the MNIST file the app read is unknown")'
        )
    else:
        load = (
            f"# the file the app read: {batch.source}\n"
            f"with np.load({str(batch.file)!r}) as data:\n"
            f'    x = data["x_test"][:{count}]\n'
            f'    labels = data["y_test"][:{count}]\n'
            'print("labels:", labels.tolist())'
        )
    return f"{code_header()}\n{load}\nt = tf.constant(x)\n{NUMPY_PRINT}\n{TENSORFLOW_PRINT}"


def operation_code(result: OpResult, tf_refusal: str = "") -> str:
    """The lines an applied operation adds to the script, after a blank line: the NumPy
    statement with the shapes it changed, the same operation in TensorFlow, and both views
    again. Where TensorFlow refuses the operation (``tf_refusal`` says why) ``t`` starts again
    from NumPy's result."""
    numpy_line = f"x = {result.code}  # {shape_text(result.before)} -> {shape_text(result.after)}"
    if tf_refusal:
        return (
            f"\n\n{numpy_line}\n# TensorFlow refuses {result.tf_code}: {tf_refusal}.\n"
            f"# t starts again from NumPy's result.\nt = tf.constant(x)\n{NUMPY_PRINT}"
        )
    return f"\n\n{numpy_line}\nt = {result.tf_code}\n{NUMPY_PRINT}\n{TENSORFLOW_PRINT}"


def undo_code(undone: str, shape: Sequence[int]) -> str:
    """The comment an undo adds (after a blank line) to the script of the tensor before: what
    was undone (its lines are gone from the script) and the shape x is back to."""
    shown = undone if len(undone) <= SHOWN_CHARS else undone[: SHOWN_CHARS - 1] + "…"
    return f"\n\n# undone: {shown}\n# undo: back to shape {shape_text(shape)}"

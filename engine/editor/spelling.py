"""How each mode spells a change, at the tensor's own rank: for hints, tooltips and the suggestion
after a refusal (``v[i].assign(value)`` for a vector, ``v.assign(value)`` for a scalar).

The statements match what TensorDocument records in ``last_code`` for the same change.
"""

from __future__ import annotations

import re

from engine.editor.document import NAMES, Mode

# One letter per axis, as NumPy's documentation writes indices; "o" is skipped (it reads as 0).
INDEX_LETTERS = "ijklmnpqrstuvwxyz"


def cell(name: str, rank: int) -> str:
    """``x[i, j]`` for rank 2, ``x[i]`` for rank 1, ``x[()]`` for a scalar."""
    if rank == 0:
        return f"{name}[()]"
    return f"{name}[{', '.join(INDEX_LETTERS[:rank])}]"


def cell_statement(mode: Mode, rank: int) -> str:
    """The statement that changes one element: ``x[i] = value`` / ``v[i, j].assign(value)``."""
    name = NAMES[mode]
    if mode is Mode.VARIABLE:
        target = name if rank == 0 else cell(name, rank)  # a rank-0 variable is assigned whole
        return f"{target}.assign(value)"
    return f"{cell(name, rank)} = value"


def variable_spelling(code: str) -> str:
    """What a refused tf.constant statement becomes on a tf.Variable: ``t[0, 0] = 3.`` ->
    ``v[0, 0].assign(3.)``, ``t[()] = 3.`` -> ``v.assign(3.)``, ``t.assign(...)`` ->
    ``v.assign(...)``; "" for anything else."""
    item = re.fullmatch(r"t\[(.*?)\] = (.*)", code, flags=re.DOTALL)
    if item:
        where, value = item.groups()
        target = "v" if where == "()" else f"v[{where}]"
        return f"{target}.assign({value})"
    if code.startswith("t."):
        return "v" + code[1:]
    return ""

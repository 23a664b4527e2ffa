"""What the tapes saw, in words that match what TensorFlow returned: the watched sources, the
forward ops (and which were recorded), and what each tape.gradient call gave back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.gradients.expressions import Expression, RecordedOp


@dataclass
class TapeRecord:
    """What the tapes saw: the watched sources, the forward ops, and the gradient calls."""

    watched: list[str]  # e.g. ["x (tf.Variable, watched automatically)"]; empty when unwatched
    operations: list[RecordedOp]  # forward ops of f(x), in the order they ran
    recorded: list[bool]  # per operation: did the tapes record it?
    gradient_calls: list[str]  # one line per tape.gradient call and what it returned
    summary: str  # one sentence: why the gradients are numbers, or why they are None


def derivative_names(variable: str, order: int) -> list[str]:
    return [name.format(v=variable) for name in _DERIVATIVE_NAMES[: order + 1]]


# The names the code gives f and its derivatives (the output is f, so x and y are inputs).
_DERIVATIVE_NAMES = ("f", "df_d{v}", "d2f_d{v}2", "d3f_d{v}3")


def tape_record(
    expr: Expression,
    variable: str,
    source: str,
    watch: bool,
    values: Sequence[np.ndarray | None],
) -> TapeRecord:
    """``values`` are what TensorFlow returned ([f, f′, …], None where it returned None): the
    words follow them, so an unusual answer (f = x unwatched gives ones, then None) is told
    as it happened."""
    order = len(values) - 1
    watched = source == "variable" or watch
    if source == "variable":
        sources = [
            f"{variable}: tf.Variable, watched automatically (trainable variables always are)"
        ]
    elif watch:
        sources = [f"{variable}: tf.constant, watched because of tape.watch({variable})"]
    else:
        sources = []
    ops = expr.operations
    recorded = [watched and op.uses_variable for op in ops]
    names = derivative_names(variable, order)
    calls = []
    for k in range(1, order + 1):
        tape, target, out = f"tape{k}", names[k - 1], names[k]
        if values[k - 1] is None:
            calls.append(f"{target} is None, so {out} is None too")
        elif values[k] is None:
            calls.append(
                f"{tape}.gradient({target}, {variable}) -> None: the tape holds no path "
                f"from {variable} to {target}"
            )
        elif not watched:
            calls.append(
                f"{tape}.gradient({target}, {variable}) -> ones: {target} is {variable} itself, "
                "and TensorFlow answers that without the tape"
            )
        else:
            extra = f" (its ops are recorded by tape{k + 1})" if k < order else ""
            calls.append(f"{tape}.gradient({target}, {variable}) -> {out}{extra}")
    return TapeRecord(
        sources, list(ops), recorded, calls, _summary(expr, variable, watched, values)
    )


def _summary(
    expr: Expression, variable: str, watched: bool, values: Sequence[np.ndarray | None]
) -> str:
    order = len(values) - 1
    if not watched and order and values[1] is not None:
        return (
            f"Nothing was watched, but f is {variable} itself: tape.gradient({variable}, "
            f"{variable}) returns ones without a recorded op. Those ones were not recorded either, "
            "so the next gradient is None."
        )
    if not watched:
        return (
            f"Nothing was watched: a tf.constant is only recorded after tape.watch({variable}), "
            "so the tape is empty and every gradient is None."
        )
    if not expr.uses_variable:
        return (
            f"f does not depend on {variable}: no recorded op links them, so the gradients are "
            "zeros (unconnected_gradients=ZERO)."
        )
    if order == 0:
        return "Order 0: no tape is needed, only the value."
    recorded = sum(op.uses_variable for op in expr.operations)
    return (
        f"The tape recorded {recorded} op(s) from {variable} to f; tape.gradient "
        "walks them backwards (reverse-mode autodiff)."
    )


def none_reason(variable: str, watched: bool, values: Sequence[np.ndarray | None]) -> str | None:
    """One line on why some derivatives are None (None when every one is a number)."""
    if watched or all(v is not None for v in values):
        return None
    if len(values) > 1 and values[1] is not None:
        return (
            f"f is {variable} itself, so TensorFlow gave ones for the first derivative without "
            f"the tape; nothing was recorded from {variable} to those ones, so the next "
            "gradient is None."
        )
    return (
        f"{variable} is a tf.constant the tape never watched, so it recorded nothing "
        f"that leads from {variable} to f: tape.gradient returns None."
    )

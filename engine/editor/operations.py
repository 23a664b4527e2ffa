"""The editor's worker jobs: each runs one TensorDocument operation on the engine thread and
returns an Outcome, plain data the GUI can show without touching TensorFlow.

A refusal (bad text, a tf.constant, an unreadable file) is an Outcome with ``error`` set and the
document unchanged, not an exception: it is the expected answer to something a user tried.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from engine.editor.document import (
    ImmutableTensorError,
    Mode,
    Stored,
    TensorDocument,
    WholeMethod,
)
from engine.editor.values import CellValue, Operand, TensorIndex, make_operand


@dataclass(frozen=True)
class Outcome:
    """What one operation did. ``error`` is set (and nothing changed) when it was refused."""

    code: str
    mode: Mode
    python_type: str
    error: str = ""
    immutable: bool = False  # refused by TensorFlow because a tf.constant cannot change
    raised: str = ""  # then the exception class TensorFlow raised (TypeError, AttributeError)
    notice: str = ""  # applied, with something the user should know (a CSV read as float64)
    index: TensorIndex | None = None  # the cell or block changed
    value: Stored | None = None  # the stored cell value or block
    array: np.ndarray | None = None  # the whole new value, when all of it changed


def _outcome(
    doc: TensorDocument,
    *,
    index: TensorIndex | None = None,
    value: Stored | None = None,
    array: np.ndarray | None = None,
) -> Outcome:
    return Outcome(
        code=doc.last_code,
        mode=doc.mode,
        python_type=doc.python_type,
        index=index,
        value=value,
        array=array,
    )


def _refused(doc: TensorDocument, error: Exception) -> Outcome:
    return Outcome(code="", mode=doc.mode, python_type=doc.python_type, error=str(error))


def _run(
    doc: TensorDocument,
    action: Callable[[], Stored | None],
    whole: bool,
    index: TensorIndex | None = None,
) -> Outcome:
    try:
        value = action()
    except ImmutableTensorError as exc:
        # the statement TensorFlow refused is kept, so the GUI can show it as a comment
        return Outcome(
            code=doc.last_code,
            mode=doc.mode,
            python_type=doc.python_type,
            error=str(exc),
            immutable=True,
            raised=exc.raised,
            index=index,
        )
    except (ValueError, IndexError) as exc:
        return _refused(doc, exc)
    if whole:
        return _outcome(doc, array=doc.to_numpy())
    return _outcome(doc, index=index, value=value)


def edit_cell(doc: TensorDocument, index: TensorIndex, value: CellValue) -> Outcome:
    index = tuple(index)
    return _run(doc, lambda: doc.set_item(index, value), whole=False, index=index)


def edit_block(doc: TensorDocument, index: TensorIndex, values: np.ndarray) -> Outcome:
    index = tuple(index)
    return _run(doc, lambda: doc.set_block(index, values), whole=False, index=index)


def assign_whole(doc: TensorDocument, method: WholeMethod, operand: Operand) -> Outcome:
    action = doc.assign if method == "assign" else doc.assign_add
    return _run(doc, lambda: action(operand), whole=True)


def replace_whole(doc: TensorDocument, operand: Operand) -> Outcome:
    return _run(doc, lambda: doc.replace(operand.array, operand.code), whole=True)


def change_mode(doc: TensorDocument, mode: Mode) -> Outcome:
    """Numbers stay the same, so only the mode and the code come back (no array copy)."""
    return _run(doc, lambda: doc.set_mode(mode), whole=False)


def restore(doc: TensorDocument, array: np.ndarray, mode: Mode) -> Outcome:
    return _run(doc, lambda: doc.restore(array, mode), whole=False)


def restore_cells(doc: TensorDocument, index: TensorIndex, values: Stored) -> Outcome:
    """Undo/redo of a cell or block edit: put the given values back without refusal."""

    def put() -> Stored:
        doc.restore_cells(index, values)
        return values

    return _run(doc, put, whole=False, index=tuple(index))


def load_file(doc: TensorDocument, path: str) -> Outcome:
    from engine.editor.files import load_tensor

    try:
        loaded = load_tensor(path)
    except (ValueError, OSError) as exc:
        return _refused(doc, exc)
    outcome = replace_whole(doc, loaded)
    return replace(outcome, notice=loaded.notice) if not outcome.error else outcome


def save_file(doc: TensorDocument, path: str) -> Outcome:
    """Saving changes nothing held, so the outcome carries only the code (or the error)."""
    from engine.editor.files import save_tensor

    try:
        code = save_tensor(path, doc.to_numpy(), doc.name)
    except (ValueError, OSError) as exc:
        return _refused(doc, exc)
    return Outcome(code=code, mode=doc.mode, python_type=doc.python_type)


def assign_value(
    doc: TensorDocument, method: WholeMethod, kind: str, seed: int = 0, literal: str = ""
) -> Outcome:
    """assign / assign_add of ones, zeros, random normal or a typed literal, built to fit."""
    try:
        operand = make_operand(kind, doc.shape, doc.dtype, seed=seed, literal=literal)
    except ValueError as exc:
        return _refused(doc, exc)
    return assign_whole(doc, method, operand)


def new_value(
    doc: TensorDocument, kind: str, shape: tuple[int, ...], dtype: str, seed: int = 0
) -> Outcome:
    """A new tensor of ``shape`` and ``dtype`` filled with zeros, ones, random normal or range."""
    try:
        operand = make_operand(kind, shape, dtype, seed=seed)
    except ValueError as exc:
        return _refused(doc, exc)
    return replace_whole(doc, operand)

"""Undo commands of the tensor editor.

A command is pushed only after the engine has applied the change, so its first redo() does
nothing. Undo and redo update the grid's snapshot at once (the values are known here) and send
the same change to the engine document, which runs it in order after any earlier job.
Each command keeps the Python statement that made the change, so the code pane can always show
the script that rebuilds the current tensor: the statements of the commands still applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from PySide6.QtGui import QUndoCommand

from engine.editor.document import Mode, Stored
from engine.editor.values import TensorIndex


@dataclass(frozen=True)
class Held:
    """What the editor holds: the grid's snapshot, its mode and the held object's Python type."""

    array: np.ndarray
    mode: Mode
    python_type: str  # numpy.ndarray, EagerTensor or ResourceVariable


class Editor(Protocol):
    """What commands need from the editor's controller."""

    def restore_cells(self, index: TensorIndex, values: Stored) -> None: ...
    def restore_value(self, held: Held) -> None: ...


class CodeCommand(QUndoCommand):
    def __init__(self, editor: Editor, code: str):
        super().__init__(code.splitlines()[0] if code else "change")
        self.editor = editor
        self.code = code
        self.notes: list[str] = []  # refused edits and saves made while this was the last change
        self._first = True

    def redo(self) -> None:
        if self._first:  # the engine already did it
            self._first = False
            return
        self.apply_redo()

    def apply_redo(self) -> None:
        raise NotImplementedError

    def undo(self) -> None:
        raise NotImplementedError


class CellsCommand(CodeCommand):
    """One cell or a pasted block: keeps only the old and new values of that region."""

    def __init__(self, editor: Editor, code: str, index: TensorIndex, old: Stored, new: Stored):
        super().__init__(editor, code)
        self.index, self.old, self.new = index, old, new

    def apply_redo(self) -> None:
        self.editor.restore_cells(self.index, self.new)

    def undo(self) -> None:
        self.editor.restore_cells(self.index, self.old)


class ValueCommand(CodeCommand):
    """A whole new value (assign, assign_add, new tensor, load) or a mode change.

    The arrays are the snapshots themselves, not copies: undo is last-in first-out, so a
    snapshot is only ever edited in place while its own command is the newest one applied.
    """

    def __init__(self, editor: Editor, code: str, before: Held, after: Held):
        super().__init__(editor, code)
        self.before, self.after = before, after

    def apply_redo(self) -> None:
        self.editor.restore_value(self.after)

    def undo(self) -> None:
        self.editor.restore_value(self.before)

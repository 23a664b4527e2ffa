"""The editor's undo stack and the script it implies.

The code pane shows the statements that rebuild the current tensor: a start (the first tensor,
or everything folded away), then each applied command's statement with its notes (refused edits
and saves, as comments). Undo removes a statement again, redo brings it back.
"""

from __future__ import annotations

from typing import cast

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack

from engine.shared.code import code_header
from widgets.editor.commands import CodeCommand, ValueCommand

# Whole tensors that undo keeps alive; past this the history is folded. Cell edits keep only
# the cells they changed, so only whole-value changes (assign, new, load) count.
UNDO_BUDGET_BYTES = 512 * 2**20


class UndoHistory(QUndoStack):
    def __init__(self, start_code: str, parent: QObject | None = None):
        super().__init__(parent)
        self.budget_bytes = UNDO_BUDGET_BYTES
        self._start_code = start_code
        self._start_notes: list[str] = []  # notes made while no command was applied

    def applied(self) -> list[CodeCommand]:
        """The commands whose changes the tensor holds now, oldest first."""
        return [cast(CodeCommand, self.command(i)) for i in range(self.index())]

    def record(self, command: CodeCommand, shown: np.ndarray) -> bool:
        """Push a change the engine has made. True when the older history was folded first to
        stay within the budget (``shown`` is the snapshot on screen, which is not history)."""
        folded = False
        if isinstance(command, ValueCommand) and self._bytes_with(command, shown) > (
            self.budget_bytes
        ):
            self._fold()
            folded = True
        self.push(command)
        return folded

    def add_note(self, note: str) -> None:
        """A statement that changed nothing (a refusal, a save), kept with the last change."""
        applied = self.applied()
        (applied[-1].notes if applied else self._start_notes).append(note)

    def script(self) -> str:
        """The code that rebuilds the current tensor."""
        lines = [code_header(), *self._lines()]
        return "\n".join(lines)

    def _lines(self) -> list[str]:
        lines = [self._start_code, *self._start_notes]
        for command in self.applied():
            lines += [command.code, *command.notes]
        return lines

    def _bytes_with(self, extra: ValueCommand, shown: np.ndarray) -> int:
        """Bytes of earlier whole tensors that undo keeps alive (each array counted once)."""
        arrays = {id(a): a for a in (extra.before.array, extra.after.array)}
        for i in range(self.count()):
            command = self.command(i)
            if isinstance(command, ValueCommand):
                arrays.update({id(a): a for a in (command.before.array, command.after.array)})
        arrays.pop(id(shown), None)
        return sum(a.nbytes for a in arrays.values())

    def _fold(self) -> None:
        """Keep memory bounded: forget the undo history, but keep its code as the script's
        start, so the code pane still rebuilds the tensor."""
        self._start_code, self._start_notes = "\n".join(self._lines()), []
        self.clear()

"""What each of the editor's message lines says, decided in one place (the view only shows it).

A message describes something: a refusal describes the tensor as it was and the input as it was
typed. So when the tensor changes (a new value, shape, dtype or mode, a cell edit, undo), every
message about the tensor goes; when the user edits an input, a refusal of its old text goes. A
refusal of ``[1, 2]`` for "the tensor has shape (4, 6)" must not outlive the (4, 6) tensor.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QObject, Signal

from widgets.shared.message_line import Severity


class Place(Enum):
    """Where a message shows: beside what the user acted on."""

    NEW = "new"  # the New tensor inputs
    ASSIGN = "assign"  # the whole-tensor buttons
    GRID = "grid"  # under the grid (cells, paste, files, mode, undo)


# The places whose messages speak of the held tensor (NEW speaks of its own inputs only).
ABOUT_THE_TENSOR = (Place.GRID, Place.ASSIGN)


class EditorMessages(QObject):
    refused = Signal(Place, str)  # nothing changed, and why (rich text)
    notice = Signal(Place, str, Severity)  # waiting, saved, undo history folded, file read as…
    cleared = Signal(Place)  # what the place said no longer applies

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._refusals: set[Place] = set()  # places whose line shows a refusal now

    def refuse(self, place: Place, text: str) -> None:
        self._refusals.add(place)
        self.refused.emit(place, text)

    def say(self, place: Place, text: str, severity: Severity) -> None:
        self._refusals.discard(place)
        self.notice.emit(place, text, severity)

    def clear(self, *places: Place) -> None:
        for place in places:
            self._refusals.discard(place)
            self.cleared.emit(place)

    def tensor_changed(self) -> None:
        self.clear(*ABOUT_THE_TENSOR)

    def input_edited(self, place: Place) -> None:
        """An input beside ``place`` changed: a refusal of its old text no longer applies (a
        notice, such as waiting for TensorFlow, still does)."""
        if place in self._refusals:
            self.clear(place)

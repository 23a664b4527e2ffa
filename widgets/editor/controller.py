"""The Tensor Editor's state and engine work, with no layout: what is held, every change to it as
a worker job, and undo.

The TensorDocument lives on the engine side: every operation on it runs as a job of one QUEUE
channel, so edits run in the order made and none is lost. The grid shows a NumPy snapshot (the
table model's) that job results update: a cell edit brings back one value, not the array.
A change is pushed on the undo stack only once the engine has made it, so an undo asked while
such a result is still to come waits for it; otherwise it would land on the wrong state.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from engine.editor import operations
from engine.editor.document import NAMES, Mode, Stored, TensorDocument, WholeMethod
from engine.editor.operations import Outcome
from engine.editor.spelling import variable_spelling
from engine.editor.values import TensorIndex, make_operand, parse_new_shape
from engine.shared.jobs import JobFailure
from engine.worker import Worker
from widgets.editor.clipboard import read_paste
from widgets.editor.commands import CellsCommand, CodeCommand, Held, ValueCommand
from widgets.editor.history import UndoHistory
from widgets.editor.messages import EditorMessages, Place
from widgets.editor.table_model import TensorTableModel
from widgets.shared.jobs import JobChannel, Policy
from widgets.shared.message_line import Severity

OWNER = "Tensor Editor"
WAITING = "Waiting for TensorFlow… the change runs as soon as it has loaded."
BUSY_NOTICE_MS = 400  # a job of another tab that keeps ours waiting this long gets a notice
SUGGESTION_CHARS = 80  # a refused statement longer than this is not repeated as an example


class EditorController(QObject):
    held_changed = Signal(Held)  # a new value, mode or Python type (also on undo and redo)
    code_changed = Signal(str)  # the whole script (after undo or redo)
    code_added = Signal(str)  # one more statement or note at the script's end
    # Emitted once the result of an edit, assign, new tensor, load or mode change is shown
    # (applied or refused): what a test or a benchmark waits for.
    operation_done = Signal()

    def __init__(self, worker: Worker, parent: QObject | None = None):
        super().__init__(parent)
        self.worker = worker
        self.jobs = JobChannel(worker, OWNER, Policy.QUEUE, self)
        self.messages = EditorMessages(self)  # what each message line says
        start = make_operand("range", (4, 6), "float32")
        # Plain NumPy (no TensorFlow), so building it here is cheap; from now on it is only
        # touched inside worker jobs.
        self.document = TensorDocument(start.array)
        self.history = UndoHistory(f"x = {start.code}", self)
        self.model = TensorTableModel(self)
        self.model.set_array(start.array.copy())
        self.model.edit_requested.connect(self.request_cell)
        self.model.edit_rejected.connect(self._edit_rejected)
        self.mode = Mode.NUMPY
        self.python_type = "numpy.ndarray"
        self._pending = 0  # jobs whose result pushes an undo command
        self._deferred: list[Callable[[], None]] = []  # undo/redo asked while one was on its way
        self._waiting_place = Place.GRID
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_NOTICE_MS)
        self._busy_timer.timeout.connect(self._say_if_queued)

    # --- what is held ---------------------------------------------------------------------------
    @property
    def held(self) -> Held:
        return Held(self.model.array, self.mode, self.python_type)

    # --- requests -------------------------------------------------------------------------------
    @Slot(tuple, str)
    def request_cell(self, index: TensorIndex, text: str) -> None:
        """An edit typed into the grid (already checked against the dtype by the model)."""
        job = partial(operations.edit_cell, self.document, index, text)
        self._submit_change("Edit a cell", job, self._apply_cells, Place.GRID)

    @Slot(str)
    def _edit_rejected(self, message: str) -> None:
        self.messages.refuse(Place.GRID, message)

    def set_mode(self, mode: Mode | str) -> None:
        job = partial(operations.change_mode, self.document, Mode(mode))
        self._submit_change("Change the mode", job, self._apply_mode, Place.GRID)

    def new_tensor(self, shape_text: str, dtype: str, fill: str, seed: int) -> None:
        try:
            shape = parse_new_shape(shape_text)
        except ValueError as exc:
            self.messages.refuse(Place.NEW, f"Shape: {exc}")
            return
        self.messages.clear(Place.NEW)
        job = partial(operations.new_value, self.document, fill, shape, dtype, seed)
        self._submit_change("New tensor", job, partial(self._apply_value, Place.NEW), Place.NEW)

    def assign(self, method: WholeMethod, kind: str, seed: int, literal: str) -> None:
        """assign or assign_add of ones, zeros, random normal or a literal, to every element."""
        job = partial(operations.assign_value, self.document, method, kind, seed, literal)
        self._submit_change(method, job, partial(self._apply_value, Place.ASSIGN), Place.ASSIGN)

    def load(self, path: str) -> None:
        job = partial(operations.load_file, self.document, path)
        self._submit_change(
            "Load a tensor", job, partial(self._apply_value, Place.GRID), Place.GRID
        )

    def save(self, path: str) -> None:
        """Saving changes nothing held: no undo step, only a note in the code."""
        self._say_waiting(Place.GRID)
        job = partial(operations.save_file, self.document, path)
        self.jobs.submit(
            "Save the tensor", job, on_result=self._saved, on_failed=self._engine_failed
        )

    def paste(self, text: str, top: int, left: int) -> None:
        """Tab-separated text (e.g. from a spreadsheet) from grid cell (top, left) on."""
        model = self.model
        try:
            pasted = read_paste(
                text, model.array.dtype, (top, left), (model.rowCount(), model.columnCount())
            )
        except ValueError as exc:
            self.messages.refuse(Place.GRID, str(exc))
            return
        if pasted.single:
            self.request_cell(model.tensor_index(top, left), pasted.cells[0][0])
            return
        rows, cols = pasted.block.shape
        index, transpose = model.block_index(top, left, rows, cols)
        values = pasted.block.T if transpose else pasted.block
        if model.array.ndim == 1:
            values = values[:, 0]
        job = partial(operations.edit_block, self.document, index, values)
        self._submit_change("Paste", job, self._apply_cells, Place.GRID)

    def shutdown(self) -> None:
        """Window closing: no late notice; queued edits end with the worker."""
        self._busy_timer.stop()
        self._deferred.clear()
        self.jobs.cancel()

    # --- submitting ---------------------------------------------------------------------------
    def _submit_change(
        self, label: str, job: Callable[[], Outcome], apply: Callable[[Outcome], None], at: Place
    ) -> None:
        """Run a job whose result pushes an undo command; ``at`` is where its messages go."""
        self._say_waiting(at)
        self._pending += 1
        self.jobs.submit(
            label, job, on_result=partial(self._change_done, apply), on_failed=self._change_failed
        )

    def _say_waiting(self, at: Place) -> None:
        if not self.worker.is_ready:
            self.messages.say(at, WAITING, Severity.WARNING)
        else:  # another tab's long job (training) may run first: say so if it takes a while
            self._waiting_place = at
            self._busy_timer.start()

    @Slot()
    def _say_if_queued(self) -> None:
        waiting = self.jobs.blocked_by()
        if self._pending and waiting:
            self.messages.say(
                self._waiting_place, f"Waiting {waiting}; the change runs next.", Severity.WARNING
            )

    def _change_done(self, apply: Callable[[Outcome], None], outcome: Outcome) -> None:
        try:
            apply(outcome)
        finally:
            self._finish()

    def _change_failed(self, failure: JobFailure) -> None:
        self._finish()
        self._engine_failed(failure)

    def _finish(self) -> None:
        """A counted job is done (its command pushed): run undo/redo asked for meanwhile."""
        self._pending = max(0, self._pending - 1)
        while self._pending == 0 and self._deferred:
            self._later_or_now(self._deferred.pop(0))
        self.operation_done.emit()

    def _engine_failed(self, failure: JobFailure) -> None:
        self.messages.refuse(Place.GRID, f"The engine failed: {failure.message}")

    # --- results --------------------------------------------------------------------------------
    def _refused(self, outcome: Outcome, at: Place) -> bool:
        """Say why nothing changed, beside where the user acted. True if refused."""
        if not outcome.error:
            return False
        if outcome.immutable:
            # TensorFlow's own exception class: TypeError for t[i] = …, AttributeError for
            # t.assign(…) (an EagerTensor has no such method).
            suggestion = variable_spelling(outcome.code)
            example = (
                f", e.g. <code>{html.escape(suggestion, quote=False)}</code>"
                if suggestion and len(suggestion) <= SUGGESTION_CHARS and "\n" not in suggestion
                else ""
            )
            self.messages.refuse(
                at,
                f"<b>{outcome.raised}:</b> {html.escape(outcome.error, quote=False)}<br>"
                "A tf.constant is immutable: nothing changed. "
                "<a href='variable'>Hold it as tf.Variable</a> to change it"
                f"{example}.",
            )
            # every line commented, so a long literal spread over lines stays out of the script
            lines = [f"# {line}" for line in outcome.code.splitlines()]
            lines[-1] += "  <- refused, a tf.constant cannot change:"
            self._add_note("\n".join([*lines, f"#   {outcome.raised}: {outcome.error}"]))
        else:
            self.messages.refuse(at, outcome.error)
        return True

    def _apply_cells(self, outcome: Outcome) -> None:
        if self._refused(outcome, Place.GRID):
            return
        assert outcome.index is not None and outcome.value is not None
        self.messages.tensor_changed()
        old = self.model.array[outcome.index]
        old = old.copy() if isinstance(old, np.ndarray) else old
        self.model.cell_changed(outcome.index, outcome.value)
        self._push(CellsCommand(self, outcome.code, outcome.index, old, outcome.value))

    def _apply_mode(self, outcome: Outcome) -> None:
        if self._refused(outcome, Place.GRID):
            self.held_changed.emit(self.held)  # the mode buttons go back to the held mode
            return
        before = self.held
        self._hold(Held(before.array, outcome.mode, outcome.python_type))
        self._push(ValueCommand(self, outcome.code, before, self.held))

    def _apply_value(self, at: Place, outcome: Outcome) -> None:
        if self._refused(outcome, at):
            return
        assert outcome.array is not None
        self.messages.clear(at)
        before, after = self.held, Held(outcome.array, outcome.mode, outcome.python_type)
        self._hold(after)
        self._push(ValueCommand(self, outcome.code, before, after))
        if outcome.notice:
            self.messages.say(at, outcome.notice, Severity.INFO)

    def _saved(self, outcome: Outcome) -> None:
        if self._refused(outcome, Place.GRID):
            return
        self.messages.say(Place.GRID, f"Saved: {outcome.code}", Severity.INFO)
        self._add_note(outcome.code)

    def _restored(self, outcome: Outcome) -> None:
        if outcome.error:  # undo must not fail; say so plainly if it ever does
            self.messages.refuse(Place.GRID, f"Undo/redo failed in the engine: {outcome.error}")

    def _hold(self, held: Held) -> None:
        if held.array is not self.model.array:
            self.model.set_array(held.array)
        self.mode, self.python_type = held.mode, held.python_type
        self.model.mutable = self.mode is not Mode.CONSTANT
        self.messages.tensor_changed()
        self.held_changed.emit(self.held)

    # --- undo and redo --------------------------------------------------------------------------
    def _push(self, command: CodeCommand) -> None:
        if self.history.record(command, self.model.array):
            self.messages.say(
                Place.GRID,
                "Earlier undo steps were dropped: together they held more than "
                f"{self.history.budget_bytes // 2**20} MB of old tensors.",
                Severity.INFO,
            )
        self.code_added.emit(command.code)

    def notebook_code(self) -> str:
        """The script that rebuilds the tensor, ending with a line that prints it."""
        return f"{self.history.script()}\nprint(repr({NAMES[self.mode]}))"

    def undo(self) -> None:
        self._later_or_now(self.history.undo)

    def redo(self) -> None:
        self._later_or_now(self.history.redo)

    def _later_or_now(self, step: Callable[[], None]) -> None:
        if self._pending:  # a result still to come would otherwise land on the wrong state
            self._deferred.append(step)
            return
        step()
        self.code_changed.emit(self.history.script())

    def restore_cells(self, index: TensorIndex, values: Stored) -> None:
        """Called by an undo command: show the values at once, then tell the engine."""
        self.model.cell_changed(index, values)
        self.messages.tensor_changed()
        self._restore(partial(operations.restore_cells, self.document, index, values))

    def restore_value(self, held: Held) -> None:
        """Called by an undo command: show the value at once, then tell the engine."""
        self._hold(held)
        self._restore(partial(operations.restore, self.document, held.array, held.mode))

    def _restore(self, job: Callable[[], Outcome]) -> None:
        self.jobs.submit("Undo", job, on_result=self._restored, on_failed=self._engine_failed)

    def _add_note(self, note: str) -> None:
        self.history.add_note(note)
        self.code_added.emit(note)

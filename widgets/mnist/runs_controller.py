"""The Runs panel's state and actions, without layout: the history (read on the GUI thread: a
few milliseconds of SQLite, and the engine thread may be busy training for minutes), deleting
with undo until the app closes, renaming, notes, and exports. The TensorBoard export needs
TensorFlow, so it runs as an engine job."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from engine.runs import Run, RunStore
from engine.runs.export import to_csv, to_tensorboard
from engine.shared.jobs import JobFailure
from engine.worker import Worker
from widgets.shared.jobs import JobChannel, Policy
from widgets.shared.message_line import Severity

log = logging.getLogger(__name__)
OWNER = "MNIST Trainer"


def differing_settings(runs: Sequence[Run], only_differs: bool) -> list[tuple[str, list[str]]]:
    """Rows of (setting, its value in each run), optionally only the settings whose values are
    not all equal (what tells the runs apart)."""
    keys: list[str] = []
    for run in runs:
        keys += [key for key in run.settings if key not in keys]
    rows = []
    for key in keys:
        values = [_shown(run.settings.get(key)) for run in runs]
        if only_differs and len(set(values)) <= 1:
            continue
        rows.append((key, values))
    return rows


def _shown(value: Any) -> str:
    return "—" if value is None else str(value)


class _Delete(QUndoCommand):
    def __init__(self, controller: RunsController, ids: list[int]):
        super().__init__(f"delete {len(ids)} run(s)")
        self.controller = controller
        self.ids = ids

    def redo(self) -> None:
        self.controller._hide(self.ids, True)

    def undo(self) -> None:
        self.controller._hide(self.ids, False)


class RunsController(QObject):
    runs_changed = Signal(list)  # list[Run], the visible history
    message = Signal(str, object)  # text, Severity

    def __init__(
        self, worker: Worker, folder: str | Path | None = None, parent: QObject | None = None
    ):
        super().__init__(parent)
        self.folder = folder
        self._store: RunStore | None = None
        self.runs: list[Run] = []
        self.undo_stack = QUndoStack(self)
        self.exports = JobChannel(worker, OWNER, Policy.EXCLUSIVE, self)
        self.keep_models = False  # save each run's model beside the history

    @property
    def store(self) -> RunStore:
        if self._store is None:
            self._store = RunStore(self.folder)
            if self._store.notice:
                self.message.emit(self._store.notice, Severity.WARNING)
            elif self._store.problem:
                self.message.emit(self._store.problem, Severity.WARNING)
        return self._store

    def refresh(self) -> None:
        store = self.store
        if not store.available:
            self.runs = []
        else:
            try:
                self.runs = store.runs()
            except sqlite3.Error as exc:
                self.message.emit(f"The run history could not be read: {exc}", Severity.ERROR)
                self.runs = []
        self.runs_changed.emit(self.runs)

    def by_ids(self, ids: Sequence[int]) -> list[Run]:
        known = {run.id: run for run in self.runs}
        return [known[i] for i in ids if i in known]

    # --- changes ---------------------------------------------------------------------------
    def rename(self, run_id: int, name: str) -> None:
        self._write(lambda store: store.rename(run_id, name))

    def set_note(self, run_id: int, note: str) -> None:
        self._write(lambda store: store.set_note(run_id, note))

    def delete(self, ids: Sequence[int]) -> None:
        if ids:
            self.undo_stack.push(_Delete(self, list(ids)))
            self.message.emit(
                f"Deleted {len(ids)} run(s). Undo (Ctrl+Z) brings them back until the app closes.",
                Severity.INFO,
            )

    def _hide(self, ids: list[int], hidden: bool) -> None:
        self._write(lambda store: store.hide(ids, hidden))

    def _write(self, change: Any) -> None:
        try:
            change(self.store)
        except (sqlite3.Error, KeyError) as exc:
            self.message.emit(f"The run history could not be changed: {exc}", Severity.ERROR)
        self.refresh()

    # --- exports ---------------------------------------------------------------------------
    def export_csv(self, ids: Sequence[int], path: str) -> None:
        try:
            written = to_csv(self.by_ids(ids), path)
        except OSError as exc:
            self.message.emit(f"Nothing was exported: {exc}", Severity.ERROR)
            return
        self.message.emit(f"Exported {len(ids)} run(s) to {written}", Severity.INFO)

    def export_tensorboard(self, ids: Sequence[int], folder: str) -> None:
        runs = self.by_ids(ids)
        request = self.exports.submit(
            "Export runs to TensorBoard",
            partial(to_tensorboard, runs, folder),
            on_result=self._exported,
            on_failed=self._export_failed,
        )
        if request is None:
            self.message.emit("An export is already running.", Severity.WARNING)

    def _exported(self, folders: list[Path]) -> None:
        where = folders[0].parent if folders else ""
        self.message.emit(
            f"Wrote {len(folders)} run folder(s) in {where}: open them with "
            f"tensorboard --logdir {where}",
            Severity.INFO,
        )

    def _export_failed(self, failure: JobFailure) -> None:
        self.message.emit(f"Nothing was exported: {failure.message}", Severity.ERROR)

    def shutdown(self) -> None:
        """The app is closing: deletions can no longer be undone, so they happen now."""
        self.exports.cancel()
        if self._store is not None and self._store.available:
            try:
                self._store.purge_hidden()
            except sqlite3.Error:
                log.info("deleted runs stay hidden until the next start", exc_info=True)
            self._store.close()

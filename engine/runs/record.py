"""Recording one training run as it goes, without ever stopping the training.

Every write is its own short transaction: the settings at the start, each epoch's metrics as it
finishes, the result at the end. If the database cannot be written (read-only folder, full disk,
a lock held too long), the recorder stops trying and ``problem`` says the run was not recorded.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from engine.runs.store import RunStore

log = logging.getLogger(__name__)


class RunRecorder:
    def __init__(self, store: RunStore | None, source: str):
        self.store = store
        self.source = source
        self.run_id: int | None = None
        self.problem: str | None = store.problem if store is not None else None

    @property
    def active(self) -> bool:
        return self.store is not None and self.store.available and self.problem is None

    def start(self, settings: dict[str, Any], parent: int | None = None) -> int | None:
        if self.active and self.store is not None:
            self.run_id = self._safely(lambda s: s.start_run(settings, self.source, parent))
        return self.run_id

    def epoch(self, number: int, metrics: dict[str, float], seconds: float | None) -> None:
        run_id = self.run_id
        if run_id is not None:
            self._safely(lambda s: s.add_epoch(run_id, number, metrics, seconds))

    def finish(self, status: str, **result: Any) -> None:
        run_id = self.run_id
        if run_id is not None:
            self._safely(lambda s: s.finish_run(run_id, status, **result))

    def _safely(self, write: Any) -> Any:
        if not self.active or self.store is None:
            return None
        try:
            return write(self.store)
        except (sqlite3.Error, OSError) as exc:
            self.problem = f"The run was not recorded in the history: {exc}."
            log.info("run not recorded: %s", exc)
            return None

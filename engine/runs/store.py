"""The run database: one SQLite file that the app and command-line runs share.

WAL mode and a busy timeout let several processes write at once (each write is one short
transaction). A file that is not a run database, or one written by a newer version of the app,
is moved aside under a name that says so, never deleted, and a fresh one is started; ``notice``
then says what happened, once. A folder that cannot be written (read-only, full) leaves the store
"unavailable": training goes on, and ``problem`` says the run was not recorded.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from engine.runs import schema
from engine.runs.paths import data_folder

log = logging.getLogger(__name__)

FILE_NAME = "runs.sqlite"
BUSY_TIMEOUT_MS = 10_000
STATUSES = ("running", "finished", "stopped", "diverged", "failed", "interrupted")


class RunNotFound(KeyError):
    """No run has this id."""


@dataclass
class Run:
    id: int
    name: str
    started: str  # ISO 8601, UTC
    finished: str | None
    source: str  # "gui" or "cli"
    status: str
    settings: dict[str, Any]
    epochs: list[dict[str, float]]  # one dict of metrics per finished epoch
    test_accuracy: float | None
    test_loss: float | None
    gradient_updates: int | None
    seconds: float | None
    parent: int | None
    note: str = ""
    model_path: str | None = None
    epoch_seconds: list[float | None] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "started": self.started,
            "finished": self.finished,
            "source": self.source,
            "status": self.status,
            "settings": self.settings,
            "epochs": self.epochs,
            "test_accuracy": self.test_accuracy,
            "test_loss": self.test_loss,
            "gradient_updates": self.gradient_updates,
            "seconds": self.seconds,
            "parent": self.parent,
            "note": self.note,
            "model_path": self.model_path,
        }


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class RunStore:
    def __init__(self, folder: str | os.PathLike[str] | None = None):
        self.folder = Path(folder) if folder is not None else data_folder()
        self.path = self.folder / FILE_NAME
        self.notice: str | None = None  # what happened to an unusable file, said once
        self.problem: str | None = None  # why nothing can be recorded, if so
        self._connection: sqlite3.Connection | None = None
        try:
            self._connection = self._open()
        except (sqlite3.Error, OSError) as exc:
            self.problem = f"The run history is unavailable ({exc}); runs are not recorded."
            log.info("run store unavailable: %s", exc)

    # --- opening ------------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA foreign_keys = ON")
        return connection

    def _open(self) -> sqlite3.Connection:
        connection = self._connect()
        try:
            found = schema.version(connection)
            foreign = found == 0 and _has_tables(connection)
        except sqlite3.DatabaseError:
            connection.close()
            return self._set_aside("corrupt", "is not a run database")
        if found > schema.CURRENT or foreign:
            connection.close()
            if foreign:
                return self._set_aside("foreign", "holds tables of some other program")
            return self._set_aside(
                f"newer-v{found}", f"comes from a newer Tensor Workbench (version {found})"
            )
        connection.execute("PRAGMA journal_mode = WAL")  # readers and writers in parallel
        schema.create_or_migrate(connection)
        self._mark_interrupted(connection)
        return connection

    def _set_aside(self, tag: str, why: str) -> sqlite3.Connection:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{FILE_NAME}.{tag}-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                source.replace(Path(f"{aside}{suffix}"))
        self.notice = (
            f"The run history {self.path} {why}; it was moved aside to {aside.name} and a new "
            "one was started."
        )
        log.warning("%s", self.notice)
        connection = self._connect()
        connection.execute("PRAGMA journal_mode = WAL")
        schema.create_or_migrate(connection)
        return connection

    @staticmethod
    def _mark_interrupted(connection: sqlite3.Connection) -> None:
        """A run still "running" whose process has gone was cut off (a crash, power loss)."""
        rows = connection.execute("SELECT id, pid FROM runs WHERE status = 'running'").fetchall()
        gone = [run_id for run_id, pid in rows if not _process_alive(pid)]
        if gone:
            with connection:
                connection.executemany(
                    "UPDATE runs SET status = 'interrupted' WHERE id = ?", [(i,) for i in gone]
                )

    @property
    def available(self) -> bool:
        return self._connection is not None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            raise sqlite3.OperationalError(self.problem or "the run history is closed")
        return self._connection

    # --- writing (each call is one short transaction) -------------------------------------------
    def start_run(self, settings: dict[str, Any], source: str, parent: int | None = None) -> int:
        db = self._db()
        with db:
            cursor = db.execute(
                "INSERT INTO runs (started, source, status, settings, parent, pid) "
                "VALUES (?, ?, 'running', ?, ?, ?)",
                (now(), source, json.dumps(settings), parent, os.getpid()),
            )
            run_id = int(cursor.lastrowid or 0)
            db.execute("UPDATE runs SET name = ? WHERE id = ?", (f"run {run_id}", run_id))
        return run_id

    def add_epoch(
        self, run_id: int, epoch: int, metrics: dict[str, float], seconds: float | None
    ) -> None:
        with self._db() as db:
            db.execute(
                "INSERT OR REPLACE INTO epochs (run_id, epoch, metrics, seconds) VALUES (?,?,?,?)",
                (run_id, epoch, json.dumps(metrics), seconds),
            )

    def finish_run(
        self,
        run_id: int,
        status: str,
        *,
        test_accuracy: float | None = None,
        test_loss: float | None = None,
        gradient_updates: int | None = None,
        seconds: float | None = None,
        model_path: str | None = None,
    ) -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        with self._db() as db:
            db.execute(
                "UPDATE runs SET status = ?, finished = ?, test_accuracy = ?, test_loss = ?, "
                "gradient_updates = ?, seconds = ?, model_path = coalesce(?, model_path) "
                "WHERE id = ?",
                (
                    status,
                    now(),
                    test_accuracy,
                    test_loss,
                    gradient_updates,
                    seconds,
                    model_path,
                    run_id,
                ),
            )

    def rename(self, run_id: int, name: str) -> None:
        self._update(run_id, "name", name.strip() or f"run {run_id}")

    def set_note(self, run_id: int, note: str) -> None:
        self._update(run_id, "note", note)

    def _update(self, run_id: int, column: str, value: object) -> None:
        self.get(run_id)
        with self._db() as db:
            db.execute(f"UPDATE runs SET {column} = ? WHERE id = ?", (value, run_id))  # noqa: S608

    def hide(self, ids: Iterable[int], hidden: bool = True) -> None:
        """Delete with undo: hidden runs are left out of every listing until purged."""
        with self._db() as db:
            db.executemany(
                "UPDATE runs SET deleted = ? WHERE id = ?", [(int(hidden), i) for i in ids]
            )

    def delete(self, ids: Iterable[int]) -> None:
        """Delete for good, with each run's kept model file."""
        ids = list(ids)
        for run_id in ids:
            self.get(run_id, include_hidden=True)  # RunNotFound for an unknown id
        db = self._db()
        models = [
            row[0]
            for run_id in ids
            for row in db.execute("SELECT model_path FROM runs WHERE id = ?", (run_id,))
            if row[0]
        ]
        with db:
            db.executemany("DELETE FROM runs WHERE id = ?", [(i,) for i in ids])
        for model in models:
            Path(model).unlink(missing_ok=True)

    def purge_hidden(self) -> None:
        ids = [row[0] for row in self._db().execute("SELECT id FROM runs WHERE deleted = 1")]
        if ids:
            self.delete(ids)

    # --- reading --------------------------------------------------------------------------------
    def runs(self, *, include_hidden: bool = False) -> list[Run]:
        db = self._db()
        where = "" if include_hidden else "WHERE deleted = 0"
        rows = db.execute(f"SELECT * FROM runs {where} ORDER BY id").fetchall()  # noqa: S608
        names = [d[0] for d in db.execute("SELECT * FROM runs LIMIT 0").description]
        epochs: dict[int, list[tuple[dict[str, float], float | None]]] = {}
        for run_id, metrics, seconds in db.execute(
            "SELECT run_id, metrics, seconds FROM epochs ORDER BY run_id, epoch"
        ):
            epochs.setdefault(run_id, []).append((json.loads(metrics), seconds))
        return [_run(dict(zip(names, row, strict=True)), epochs.get(row[0], [])) for row in rows]

    def get(self, run_id: int, *, include_hidden: bool = False) -> Run:
        for run in self.runs(include_hidden=include_hidden):
            if run.id == run_id:
                return run
        raise RunNotFound(run_id)

    def get_many(self, ids: Sequence[int]) -> list[Run]:
        known = {run.id: run for run in self.runs()}
        missing = [i for i in ids if i not in known]
        if missing:
            raise RunNotFound(missing[0])
        return [known[i] for i in ids]


def _run(row: dict[str, Any], epochs: list[tuple[dict[str, float], float | None]]) -> Run:
    return Run(
        id=row["id"],
        name=row["name"],
        started=row["started"],
        finished=row["finished"],
        source=row["source"],
        status=row["status"],
        settings=json.loads(row["settings"]),
        epochs=[metrics for metrics, _ in epochs],
        test_accuracy=row["test_accuracy"],
        test_loss=row["test_loss"],
        gradient_updates=row["gradient_updates"],
        seconds=row["seconds"],
        parent=row["parent"],
        note=row["note"],
        model_path=row["model_path"],
        epoch_seconds=[s for _, s in epochs],
    )


def _has_tables(connection: sqlite3.Connection) -> bool:
    row = connection.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
    return bool(row[0])


def _process_alive(pid: int | None) -> bool:
    if not pid:
        return False
    if pid == os.getpid():
        return True  # this process is recording it right now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process with that id: leave its run alone
    return True

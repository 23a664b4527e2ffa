"""The database's layout and how each older layout becomes the current one.

``PRAGMA user_version`` holds the schema version. Version 1 was the first layout; each entry of
MIGRATIONS turns version n into n + 1 inside one transaction, so a file is always at a version
the code knows. A file from a newer version of the app is not touched (the store moves it aside).
"""

from __future__ import annotations

import sqlite3

VERSION_1 = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    settings TEXT NOT NULL,
    test_accuracy REAL,
    test_loss REAL,
    gradient_updates INTEGER,
    seconds REAL,
    parent INTEGER REFERENCES runs(id) ON DELETE SET NULL
);
CREATE TABLE epochs (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch INTEGER NOT NULL,
    metrics TEXT NOT NULL,
    seconds REAL,
    PRIMARY KEY (run_id, epoch)
);
"""

# Version 2: a name and a note people give a run, the model file kept with it, the process that
# records it (a run whose process is gone was interrupted), and deletion that can be undone.
TO_VERSION_2 = """
ALTER TABLE runs ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN model_path TEXT;
ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
UPDATE runs SET name = 'run ' || id;
CREATE INDEX runs_by_start ON runs (started);
"""

MIGRATIONS = {1: TO_VERSION_2}
CURRENT = 2


def version(connection: sqlite3.Connection) -> int:
    row = connection.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def create_or_migrate(connection: sqlite3.Connection) -> None:
    """Bring an empty or older database to CURRENT. The caller checks for a newer one first.

    Several processes may open a new file at the same moment (three command-line runs and the
    app): the check and the change happen inside one BEGIN IMMEDIATE transaction, so one of
    them creates the tables while the others wait (busy timeout) and then find them made."""
    level = connection.isolation_level
    connection.isolation_level = None  # transactions by hand, so DDL stays inside ours
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            if version(connection) == 0 and not _has_tables(connection):
                _apply(connection, VERSION_1, 1)
            while version(connection) < CURRENT:
                start = version(connection)
                _apply(connection, MIGRATIONS[start], start + 1)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    finally:
        connection.isolation_level = level


def _has_tables(connection: sqlite3.Connection) -> bool:
    row = connection.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
    return bool(row[0])


def _apply(connection: sqlite3.Connection, script: str, to: int) -> None:
    for statement in script.split(";"):
        if statement.strip():
            connection.execute(statement)
    connection.execute(f"PRAGMA user_version = {to}")

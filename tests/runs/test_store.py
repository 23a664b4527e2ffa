"""The run history: recording as it goes, an interrupted run, the migration from the first
schema, garbage and newer files set aside, unwritable places, and many writers at once."""

from __future__ import annotations

import json
import sqlite3
import textwrap
from pathlib import Path

import pytest
from fresh_python import run_python

from engine.runs import RunStore, data_folder, schema
from engine.runs.record import RunRecorder
from engine.runs.store import FILE_NAME, RunNotFound

SETTINGS = {
    "epochs": 3,
    "batch_size": 128,
    "optimizer": "rmsprop",
    "learning_rate": 0.001,
    "seed": 1,
}


def record(store: RunStore, epochs: int = 3, status: str = "finished", parent=None) -> int:
    recorder = RunRecorder(store, "cli")
    run_id = recorder.start(SETTINGS, parent=parent)
    for n in range(1, epochs + 1):
        recorder.epoch(n, {"loss": 1.0 / n, "accuracy": 0.9 + n / 100}, 2.5)
    recorder.finish(
        status, test_accuracy=0.97, test_loss=0.1, gradient_updates=469 * epochs, seconds=7.5
    )
    return run_id


def test_the_data_folder_follows_the_override_and_otherwise_qt(data, monkeypatch):
    assert data_folder() == data
    monkeypatch.delenv("TENSOR_WORKBENCH_DATA")
    monkeypatch.setenv("XDG_DATA_HOME", "/somewhere")
    assert data_folder() == Path("/somewhere/Tensor Workbench/Tensor Workbench")


def test_a_run_is_recorded_as_it_goes(data):
    store = RunStore()
    recorder = RunRecorder(store, "gui")
    run_id = recorder.start(SETTINGS)
    assert store.get(run_id).status == "running" and store.get(run_id).epochs == []
    recorder.epoch(1, {"loss": 0.3, "accuracy": 0.91}, 2.0)
    other = RunStore()  # another process would see the epoch already
    assert other.get(run_id).epochs == [{"loss": 0.3, "accuracy": 0.91}]
    recorder.finish("stopped", test_accuracy=0.95, test_loss=0.2, gradient_updates=300, seconds=4.0)
    run = other.get(run_id)
    assert (run.status, run.test_accuracy, run.gradient_updates, run.source) == (
        "stopped",
        0.95,
        300,
        "gui",
    )
    assert run.settings == SETTINGS and run.name == f"run {run_id}" and run.finished
    child = record(store, parent=run_id)
    assert store.get(child).parent == run_id


def test_a_killed_run_keeps_its_epochs_and_shows_as_interrupted(data):
    script = textwrap.dedent(
        """
        import os
        from engine.runs import RunStore
        from engine.runs.record import RunRecorder
        recorder = RunRecorder(RunStore(), "cli")
        print(recorder.start({"epochs": 5}), flush=True)
        recorder.epoch(1, {"loss": 0.5, "accuracy": 0.8}, 1.0)
        recorder.epoch(2, {"loss": 0.4, "accuracy": 0.85}, 1.0)
        os._exit(9)  # the power goes
        """
    )
    done = run_python("-c", script)
    assert done.returncode == 9
    run = RunStore().get(int(done.stdout.strip()))
    assert run.status == "interrupted" and len(run.epochs) == 2


def test_the_first_schema_is_migrated_with_its_runs(data):
    data.mkdir()
    connection = sqlite3.connect(data / FILE_NAME)
    connection.executescript(schema.VERSION_1 + "PRAGMA user_version = 1;")
    connection.execute(
        "INSERT INTO runs (started, source, status, settings) VALUES (?, 'cli', 'finished', ?)",
        ("2026-01-01T00:00:00+00:00", json.dumps(SETTINGS)),
    )
    connection.execute("INSERT INTO epochs VALUES (1, 1, ?, 2.0)", (json.dumps({"loss": 0.2}),))
    connection.commit()
    connection.close()
    store = RunStore()
    assert store.notice is None
    run = store.get(1)
    assert (run.name, run.note, run.epochs, run.settings) == (
        "run 1",
        "",
        [{"loss": 0.2}],
        SETTINGS,
    )
    check = sqlite3.connect(data / FILE_NAME)
    assert schema.version(check) == schema.CURRENT


@pytest.mark.parametrize(
    ("content", "tag", "words"),
    [
        (b"this is not a database at all" * 100, "corrupt", "is not a run database"),
        (None, "newer-v99", "newer Tensor Workbench"),
    ],
)
def test_an_unusable_file_is_set_aside_never_deleted(data, content, tag, words):
    data.mkdir()
    path = data / FILE_NAME
    if content is None:
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA user_version = 99")
        connection.close()
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    store = RunStore()
    assert store.notice and words in store.notice
    aside = [p for p in data.iterdir() if p.name.startswith(f"{FILE_NAME}.{tag}-")]
    assert len(aside) == 1 and aside[0].read_bytes() == before
    assert record(store) == 1  # a new history, working


def test_a_place_that_cannot_hold_the_history_leaves_training_alone(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    store = RunStore(blocker / "data")  # a folder inside a file cannot exist
    assert not store.available and "not recorded" in store.problem
    recorder = RunRecorder(store, "gui")
    assert recorder.start(SETTINGS) is None and recorder.problem
    recorder.epoch(1, {"loss": 1.0}, 1.0)  # nothing raises
    recorder.finish("finished")


def test_a_full_disk_mid_run_stops_recording_not_training(data, monkeypatch):
    store = RunStore()
    recorder = RunRecorder(store, "gui")
    run_id = recorder.start(SETTINGS)

    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "add_epoch", full)
    recorder.epoch(1, {"loss": 1.0}, 1.0)
    assert recorder.problem and "disk is full" in recorder.problem
    recorder.finish("finished")  # nothing raises; the run stays as recorded so far
    assert store.get(run_id).status == "running"


def test_three_command_line_runs_and_the_app_write_at_once(data):
    writer = textwrap.dedent(
        """
        import sys
        from engine.runs import RunStore
        from engine.runs.record import RunRecorder
        recorder = RunRecorder(RunStore(), "cli")
        recorder.start({"epochs": 40, "seed": int(sys.argv[1])})
        for n in range(1, 41):
            recorder.epoch(n, {"loss": 1 / n, "accuracy": n / 40}, 0.01)
        recorder.finish("finished", test_accuracy=0.9)
        assert recorder.problem is None, recorder.problem
        """
    )
    import subprocess
    import sys

    processes = [
        subprocess.Popen(
            [sys.executable, "-c", writer, str(seed)], stderr=subprocess.PIPE, text=True
        )
        for seed in range(3)
    ]
    store = RunStore()
    for _ in range(5):
        record(store, epochs=8)
    errors = [p.communicate(timeout=120)[1] for p in processes]
    assert all(p.returncode == 0 for p in processes), errors
    assert not any("locked" in e for e in errors)
    runs = RunStore().runs()
    assert len(runs) == 8
    assert sorted(len(r.epochs) for r in runs) == [8] * 5 + [40] * 3


def test_rename_note_hide_undo_and_delete_with_the_model(data):
    store = RunStore()
    first, second = record(store), record(store)
    model = data / "models" / "run-2.keras"
    model.parent.mkdir()
    model.write_bytes(b"model")
    store.finish_run(second, "finished", model_path=str(model))
    store.rename(first, "baseline")
    store.set_note(first, "the seed's settings")
    assert (store.get(first).name, store.get(first).note) == ("baseline", "the seed's settings")
    store.hide([second])
    assert [r.id for r in store.runs()] == [first] and model.exists()
    store.hide([second], hidden=False)  # undo
    assert [r.id for r in store.runs()] == [first, second]
    store.hide([second])
    store.purge_hidden()  # the app closes
    assert [r.id for r in store.runs(include_hidden=True)] == [first] and not model.exists()
    with pytest.raises(RunNotFound):
        store.get(second)


def test_processes_opening_a_new_history_at_once_all_find_it_made(data):
    import subprocess
    import sys

    opener = (
        "from engine.runs import RunStore\n"
        "store = RunStore()\n"
        "assert store.available and store.notice is None, (store.problem, store.notice)\n"
        "print(store.start_run({'seed': 1}, 'cli'))\n"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", opener], stdout=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    ids = sorted(int(p.communicate(timeout=120)[0]) for p in processes)
    assert all(p.returncode == 0 for p in processes)
    assert ids == [1, 2, 3, 4, 5, 6]

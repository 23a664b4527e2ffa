"""The history leaves the app as CSV and as TensorBoard event files that read back to the
recorded values; `python -m engine.runs` lists, exports and deletes, and refuses unknown ids."""

from __future__ import annotations

import csv
import json

import pytest
from fresh_python import run_python

from engine.runs import RunStore
from engine.runs.export import to_csv, to_tensorboard
from engine.runs.record import RunRecorder

SETTINGS = {"epochs": 2, "batch_size": 64, "optimizer": "adam", "learning_rate": 0.01, "seed": 3}


def two_runs() -> list[int]:
    store = RunStore()
    ids = []
    for offset in (0.0, 0.5):
        recorder = RunRecorder(store, "cli")
        ids.append(recorder.start(SETTINGS))
        recorder.epoch(1, {"loss": 1.0 + offset, "accuracy": 0.5, "val_loss": 1.2}, 3.0)
        recorder.epoch(2, {"loss": 0.5 + offset, "accuracy": 0.75, "val_loss": 0.9}, 2.5)
        recorder.finish(
            "finished", test_accuracy=0.8, test_loss=0.6, gradient_updates=20, seconds=5.5
        )
    return ids


def test_csv_has_one_row_per_epoch_and_run(data, tmp_path):
    ids = two_runs()
    path = to_csv(RunStore().get_many(ids), tmp_path / "runs.csv")
    rows = list(csv.DictReader(path.open()))
    assert [(r["run_id"], r["epoch"]) for r in rows] == [
        (str(ids[0]), "1"),
        (str(ids[0]), "2"),
        (str(ids[1]), "1"),
        (str(ids[1]), "2"),
    ]
    assert list(rows[0]) == [
        "run_id",
        "run_name",
        "epoch",
        "loss",
        "accuracy",
        "val_loss",
        "epoch_seconds",
    ]
    assert float(rows[3]["loss"]) == 1.0 and float(rows[1]["epoch_seconds"]) == 2.5


def test_tensorboard_files_read_back_to_the_recorded_values(data, tmp_path):
    import tensorflow as tf

    ids = two_runs()
    folders = to_tensorboard(RunStore().get_many(ids), tmp_path / "logs")
    assert [f.parent for f in folders] == [tmp_path / "logs"] * 2
    for run_id, folder in zip(ids, folders, strict=True):
        scalars = {}
        for event_file in folder.iterdir():
            for event in tf.compat.v1.train.summary_iterator(str(event_file)):
                for value in event.summary.value:
                    if value.tag != "settings":
                        number = tf.make_ndarray(value.tensor)
                        scalars[(value.tag, event.step)] = float(number)
        offset = 0.5 if run_id == ids[1] else 0.0
        assert scalars[("loss", 1)] == pytest.approx(1.0 + offset)
        assert scalars[("loss", 2)] == pytest.approx(0.5 + offset)
        assert scalars[("accuracy", 2)] == pytest.approx(0.75)
        assert scalars[("test_accuracy", 2)] == pytest.approx(0.8)


def test_the_command_line_lists_exports_and_deletes(data, tmp_path):
    ids = two_runs()
    done = run_python("-m", "engine.runs", "list", "--json")
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout.splitlines()[-1])
    assert [item["id"] for item in items] == ids
    first = items[0]
    for key in (
        "id",
        "started",
        "source",
        "status",
        "settings",
        "epochs",
        "test_accuracy",
        "test_loss",
        "gradient_updates",
        "seconds",
        "parent",
    ):
        assert key in first
    assert first["source"] == "cli" and first["status"] == "finished" and first["parent"] is None
    assert {"epochs", "batch_size", "optimizer", "learning_rate", "seed"} <= set(first["settings"])
    assert first["epochs"][1] == {"loss": 0.5, "accuracy": 0.75, "val_loss": 0.9}
    assert "T" in first["started"] and first["started"].endswith("+00:00")  # ISO 8601

    out = tmp_path / "out.csv"
    done = run_python(
        "-m", "engine.runs", "export", str(ids[0]), "--format", "csv", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert len(out.read_text().splitlines()) == 3

    done = run_python("-m", "engine.runs", "export", "999", "--format", "csv", "--out", str(out))
    assert done.returncode == 2 and "no run with id 999" in done.stderr
    done = run_python("-m", "engine.runs", "delete", str(ids[0]), "999")
    assert done.returncode == 2 and [r.id for r in RunStore().runs()] == ids  # nothing deleted
    done = run_python("-m", "engine.runs", "delete", str(ids[0]))
    assert done.returncode == 0 and [r.id for r in RunStore().runs()] == ids[1:]
    done = run_python("-m", "engine.runs", "list")
    assert done.returncode == 0 and f"run {ids[1]}" in done.stdout

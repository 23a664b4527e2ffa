"""Runs out of the history: CSV (one row per epoch and run) and TensorBoard event files (one
folder per run, scalars written with tf.summary, which ``tensorboard --logdir`` opens)."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from pathlib import Path

from engine.runs.store import Run
from engine.shared.atomic import atomic_write

FIRST_COLUMNS = ("run_id", "run_name", "epoch")


def metric_names(runs: Sequence[Run]) -> list[str]:
    """Every metric any of the runs recorded, the usual ones first."""
    seen: list[str] = []
    for run in runs:
        for epoch in run.epochs:
            seen += [name for name in epoch if name not in seen]
    usual = ["loss", "accuracy", "val_loss", "val_accuracy"]
    return [n for n in usual if n in seen] + sorted(n for n in seen if n not in usual)


def to_csv(runs: Sequence[Run], path: str | Path) -> Path:
    metrics = metric_names(runs)

    def write(temp: Path) -> None:
        with open(temp, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([*FIRST_COLUMNS, *metrics, "epoch_seconds"])
            for run in runs:
                for number, (epoch, seconds) in enumerate(
                    zip(run.epochs, run.epoch_seconds, strict=True), start=1
                ):
                    row = [run.id, run.name, number, *(epoch.get(m, "") for m in metrics)]
                    writer.writerow([*row, "" if seconds is None else seconds])

    return atomic_write(path, write)


def folder_name(run: Run) -> str:
    """``run-7-adam-lr0.001``: the id first (unique), then what tells runs apart at a glance."""
    label = re.sub(r"[^A-Za-z0-9._-]+", "-", run.name).strip("-")
    return f"run-{run.id}" + (f"-{label}" if label and label != f"run-{run.id}" else "")


def to_tensorboard(runs: Sequence[Run], folder: str | Path) -> list[Path]:
    """One event-file folder per run under ``folder``: each epoch metric as a scalar at step =
    epoch, the test results at the last epoch, and the settings as text."""
    import tensorflow as tf

    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    written = []
    for run in runs:
        target = root / folder_name(run)
        writer = tf.summary.create_file_writer(str(target))
        with writer.as_default():
            for number, epoch in enumerate(run.epochs, start=1):
                for name, value in epoch.items():
                    tf.summary.scalar(name, value, step=number)
            last = max(len(run.epochs), 1)
            for name in ("test_accuracy", "test_loss"):
                value = getattr(run, name)
                if value is not None:
                    tf.summary.scalar(name, value, step=last)
            tf.summary.text("settings", json.dumps(run.settings, indent=1), step=0)
        writer.close()
        written.append(target)
    return written

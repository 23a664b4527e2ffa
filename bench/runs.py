"""The run history at scale: listing 1,000 runs in the Runs panel, and overlaying 10 runs of 50
epochs, measured as the time the GUI thread is busy (a 5 ms timer's longest gap).

Targets: list_ms < 200 for 1,000 runs; overlay_stall_max_ms < 50 while 10 runs of 50 epochs are
selected one after another and drawn.
"""

from __future__ import annotations

import math
import tempfile
import time

from common import emit

RUNS = 1000
OVERLAID = 10
EPOCHS = 50


def fill(folder: str) -> None:
    from engine.runs import RunStore

    store = RunStore(folder)
    db = store._db()  # bulk insert in one transaction: the benchmark measures reading
    with db:
        for i in range(RUNS):
            cursor = db.execute(
                "INSERT INTO runs (started, source, status, settings, name, test_accuracy, "
                "seconds) VALUES (?, 'cli', 'finished', ?, ?, ?, ?)",
                (
                    f"2026-11-{1 + i % 28:02d}T10:{i % 60:02d}:00+00:00",
                    '{"epochs": 50, "batch_size": 128, "optimizer": "adam", '
                    f'"learning_rate": {0.001 * (1 + i % 5)}, "seed": {i}}}',
                    f"run {i + 1}",
                    0.95 + (i % 50) / 1000,
                    60.0 + i % 30,
                ),
            )
            run_id = cursor.lastrowid
            epochs = EPOCHS if i < OVERLAID else 5
            db.executemany(
                "INSERT INTO epochs (run_id, epoch, metrics, seconds) VALUES (?, ?, ?, 1.2)",
                [
                    (
                        run_id,
                        e,
                        f'{{"loss": {math.exp(-e / 10 - i / 100)}, '
                        f'"accuracy": {1 - math.exp(-e / 10) / 10}, '
                        f'"val_loss": {math.exp(-e / 11)}, "val_accuracy": 0.95}}',
                    )
                    for e in range(1, epochs + 1)
                ],
            )
    store.close()


def main() -> None:
    from app_training import StallMeter
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QApplication

    from engine.worker import Worker
    from widgets.mnist.runs_controller import RunsController
    from widgets.mnist.runs_panel import RunsPanel
    from widgets.mnist.runs_table import NAME

    app = QApplication([])
    folder = tempfile.mkdtemp()
    fill(folder)
    worker = Worker(load_tf=False)
    panel = RunsPanel(RunsController(worker, folder))
    panel.resize(1300, 600)
    panel.show()
    app.processEvents()
    started = time.perf_counter()
    panel.refresh()
    app.processEvents()
    list_ms = (time.perf_counter() - started) * 1000

    names = {f"run {i + 1}" for i in range(OVERLAID)}
    rows = [r for r in range(panel.model.rowCount()) if panel.model.index(r, NAME).data() in names]
    meter = StallMeter()
    meter.start()
    selection = panel.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:  # the selection grows one run at a time, redrawing the overlay each time
        selection.select(panel.model.index(row, 0), flags)
        deadline = time.perf_counter() + 0.05
        while time.perf_counter() < deadline:
            app.processEvents()
    meter.stop()
    stalls = meter.stalls_ms()
    drawn = sum(len(s.xs) for s in panel.charts["loss"].series)
    panel.controller.shutdown()
    emit(
        {
            "runs": panel.model.rowCount(),
            "list_ms": round(list_ms, 1),
            "overlaid_runs": len(rows),
            "overlaid_points": drawn,
            "overlay_stall_max_ms": stalls[-1] if stalls else 0,
        }
    )


if __name__ == "__main__":
    main()

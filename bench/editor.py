"""Tensor Editor: open a 1000×1000 float32 tensor, scroll to its end, edit a cell.

Drives the real tab offscreen through its engine worker. Each step is timed until its result is
painted. Targets: open < 300 ms, edit < 10 ms, memory O(elements) with no widget per cell.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from common import emit, median

SIDE = 1000


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds

    from PySide6.QtCore import QEventLoop, QObject, QTimer, Slot
    from PySide6.QtWidgets import QApplication

    from engine.editor.document import Mode
    from engine.worker import Worker
    from widgets.editor.view import TensorEditorTab

    app = QApplication(sys.argv[:1])
    worker = Worker()
    worker.start()
    tab = TensorEditorTab(worker)
    tab.resize(1200, 800)
    tab.show()

    class Waiter(QObject):
        @Slot()
        def done(self):
            self.loop.quit()

    waiter = Waiter()
    tab.operation_done.connect(waiter.done)

    def run_until_done(action, repaint_all: bool = False) -> float:
        waiter.loop = QEventLoop()
        guard = QTimer.singleShot(60_000, waiter.loop.quit)  # noqa: F841 (never hang)
        started = time.perf_counter()
        action()
        waiter.loop.exec()
        if repaint_all:
            tab.table.viewport().repaint()
        else:  # an edit invalidates one cell: paint just what it queued
            app.processEvents()
        return time.perf_counter() - started

    while not worker.is_ready:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.npy"
        np.save(path, np.random.default_rng(0).standard_normal((SIDE, SIDE), dtype=np.float32))
        before = rss_mb()
        opens, scrolls, edits, variable_edits = [], [], [], []
        for i in range(rounds):
            opens.append(run_until_done(lambda: tab.load_path(str(path)), repaint_all=True))
            assert tab.model.array.shape == (SIDE, SIDE)
            started = time.perf_counter()
            tab.table.scrollToBottom()
            tab.table.horizontalScrollBar().setValue(tab.table.horizontalScrollBar().maximum())
            tab.table.viewport().repaint()
            scrolls.append(time.perf_counter() - started)
            cell = tab.model.index(tab.model.rowCount() - 1, tab.model.columnCount() - 1)
            edits.append(run_until_done(lambda v=i, c=cell: tab.model.setData(c, str(v + 0.5))))
            assert tab.model.array[-1, -1] == np.float32(i + 0.5)
        grown_mb = rss_mb() - before
        run_until_done(lambda: tab.set_mode(Mode.VARIABLE))
        for i in range(rounds):
            cell = tab.model.index(i, i)
            variable_edits.append(run_until_done(lambda v=i, c=cell: tab.model.setData(c, str(v))))
        cell_widgets = len(tab.table.viewport().findChildren(QObject))
    tab.close()
    worker.shutdown(10)
    emit(
        {
            "open_ms": round(median(opens) * 1000, 1),
            "scroll_ms": round(median(scrolls) * 1000, 1),
            "edit_ms": round(median(edits) * 1000, 2),
            "variable_edit_ms": round(median(variable_edits) * 1000, 2),
            "rss_growth_mb": round(grown_mb, 1),
            "tensor_mb": round(SIDE * SIDE * 4 / 2**20, 1),
            "viewport_children": cell_widgets,
            "elements": SIDE * SIDE,
        }
    )


if __name__ == "__main__":
    main()

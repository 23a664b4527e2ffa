"""A GUI-thread QObject that records what a job's signals deliver, and on which thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Slot


def count_jobs(worker, monkeypatch) -> list[str]:
    """The labels of every job handed to ``worker`` from now on, in order."""
    labels: list[str] = []
    submit = worker.submit

    def spy(label, *args, **kwargs):
        labels.append(label)
        return submit(label, *args, **kwargs)

    monkeypatch.setattr(worker, "submit", spy)
    return labels


class JobRecorder(QObject):
    """Pass ``**recorder.slots()`` to ``Worker.submit``."""

    def __init__(self):
        super().__init__()
        self.results, self.progress, self.failures = [], [], []
        self.cancelled = False
        self.finished = False
        self.threads: set[int] = set()

    def slots(self) -> dict:
        return {
            "on_result": self.on_result,
            "on_progress": self.on_progress,
            "on_failed": self.on_failed,
            "on_cancelled": self.on_cancelled,
            "on_finished": self.on_finished,
        }

    def _seen(self):
        self.threads.add(threading.get_ident())

    @Slot(object)
    def on_result(self, value):
        self._seen()
        self.results.append(value)

    @Slot(object)
    def on_progress(self, value):
        self._seen()
        self.progress.append(value)

    @Slot(object)
    def on_failed(self, failure):
        self._seen()
        self.failures.append(failure)

    @Slot()
    def on_cancelled(self):
        self._seen()
        self.cancelled = True

    @Slot()
    def on_finished(self):
        self._seen()
        self.finished = True

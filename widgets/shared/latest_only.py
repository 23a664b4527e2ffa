"""Run only the newest of a burst of requests on the engine worker.

While one job runs, a new request replaces any request still waiting: when the running job ends,
only the latest waiting one is submitted. Dragging a slider therefore never queues hundreds of
stale TensorFlow jobs, and the view keeps up with the hand.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

from engine.worker import Job, Worker


class LatestOnlyRunner(QObject):
    result = Signal(object)
    failed = Signal(str, str)  # message, traceback text
    busy_changed = Signal(bool)

    def __init__(self, worker: Worker, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.worker = worker
        self.name = name
        self._running: Job | None = None
        self._waiting: tuple[Callable, tuple] | None = None
        self.submitted = 0  # jobs actually handed to the worker (tests check the coalescing)

    @property
    def busy(self) -> bool:
        return self._running is not None or self._waiting is not None

    def request(self, fn: Callable, *args) -> None:
        """Run ``fn(*args)`` on the worker now, or as soon as the running job ends."""
        self._waiting = (fn, args)
        if self._running is None:
            self._submit_waiting()

    def cancel(self) -> None:
        """Forget the waiting request and ask the running one to stop."""
        self._waiting = None
        if self._running is not None:
            self._running.cancel()

    def _submit_waiting(self) -> None:
        if self._waiting is None or self.worker.closing:
            self._waiting = None
            return
        fn, args = self._waiting
        self._waiting = None
        self.submitted += 1
        self._running = self.worker.submit(
            self.name,
            fn,
            *args,
            on_result=self._on_result,
            on_failed=self._on_failed,
            on_finished=self._on_finished,
        )
        self.busy_changed.emit(True)

    @Slot(object)
    def _on_result(self, value) -> None:
        self.result.emit(value)

    @Slot(str, str)
    def _on_failed(self, message: str, details: str) -> None:
        self.failed.emit(message, details)

    @Slot()
    def _on_finished(self) -> None:
        self._running = None
        self._submit_waiting()
        if self._running is None:
            self.busy_changed.emit(False)

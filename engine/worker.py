"""The one bridge between Qt and the engine: a long-lived QThread that runs jobs one at a time.

It imports TensorFlow on its own thread at start-up, so the window shows before TensorFlow has
loaded; jobs submitted meanwhile wait in the queue. A job is a callable, or a generator function
whose ``yield`` values are progress and whose ``return`` value is the result.

Connect a Job's signals only to methods of QObjects that live in the GUI thread: a lambda or a free
function connected to them runs in the worker thread (measured on this PySide6). Tabs do not call
``submit`` themselves: they go through a ``widgets.shared.jobs.JobChannel``, which does this right
and is the one place where failures are logged.
"""

from __future__ import annotations

import atexit
import inspect
import logging
import os
import queue
import threading
import time
import weakref
from collections.abc import Callable, Generator
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal

from engine.shared.jobs import JobCancelled, JobControl, JobFailure
from engine.shared.runtime import load_tensorflow

log = logging.getLogger(__name__)

EXIT_GRACE_S = 30.0  # at process exit, how long a worker may take to finish the TF import
LOADING = "Loading TensorFlow…"
READY = "Ready"
JOB_SIGNALS = ("started", "progress", "result", "failed", "cancelled", "finished")


class Job(QObject):
    """Handle of one submitted job. Lives in the GUI thread; the worker emits its signals."""

    started = Signal()
    progress = Signal(object)
    result = Signal(object)
    failed = Signal(object)  # a JobFailure
    cancelled = Signal()
    finished = Signal()  # always last, whatever the outcome

    def __init__(
        self,
        label: str,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        owner: object,
        pass_control: bool,
        parent: QObject,
    ):
        # The worker is the parent: Python dropping its last reference on the worker thread
        # must not destroy a QObject that lives in the GUI thread (that crashed the process).
        super().__init__(parent)
        self.label = label
        self.owner = owner  # who asked: another tab's job is told apart by this, not its label
        self.control = JobControl()
        self._fn: Callable[..., Any] | None = fn
        self._args: tuple[Any, ...] = args
        self._kwargs: dict[str, Any] = {"control": self.control} if pass_control else {}
        self.done = False

    def cancel(self) -> None:
        """Ask the job to stop; it does so at its next check (a yield, or a control poll)."""
        self.control.request_stop()

    def _execute(self) -> None:
        """Runs in the worker thread."""
        self.control.bind(self.progress.emit)
        self.started.emit()
        try:
            if self.control.stop_requested or self._fn is None:
                raise JobCancelled()
            value = self._fn(*self._args, **self._kwargs)
            if inspect.isgenerator(value):
                value = self._drain(value)
            self.result.emit(value)
        except JobCancelled:
            self.cancelled.emit()
        except Exception as exc:  # a failing job must never take the worker down
            self.failed.emit(JobFailure.from_exception(self.label, exc))
        finally:
            self.done = True
            self._fn, self._args, self._kwargs = None, (), {}  # drop big inputs at once
            self.finished.emit()

    def _drain(self, generator: Generator[Any, Any, Any]) -> Any:
        try:
            while True:
                if self.control.stop_requested:
                    generator.close()
                    raise JobCancelled()
                self.progress.emit(next(generator))
        except StopIteration as stop:
            return stop.value


class Worker(QThread):
    """Runs engine jobs in order on one thread that also owns the TensorFlow import."""

    state_changed = Signal(str)
    _lingering: set[Worker] = set()
    _instances: weakref.WeakSet[Worker] = weakref.WeakSet()

    def __init__(self, *, load_tf: bool = True, parent: QObject | None = None):
        super().__init__(parent)
        Worker._instances.add(self)
        self.setObjectName("engine-worker")
        self._load_tf = load_tf
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._current: Job | None = None
        self._unfinished = 0  # jobs submitted and not yet finished
        self._count_lock = threading.Lock()
        self._closing = False
        self.is_ready = False
        self.versions: dict[str, str] = {}
        self.load_error: str | None = None
        self.state = LOADING if load_tf else READY

    # --- GUI-thread API -------------------------------------------------------------------
    def submit(
        self,
        label: str,
        fn: Callable[..., Any],
        *args: Any,
        owner: object = None,
        pass_control: bool = False,
        **slots: Callable[..., Any],
    ) -> Job:
        """Queue ``fn(*args)`` and return its Job; ``label`` names it for people.

        ``slots`` connect the job's signals before it can start, so nothing is missed:
        ``on_started``, ``on_progress``, ``on_result``, ``on_failed``, ``on_cancelled``,
        ``on_finished``. Each must be a method of a QObject in the GUI thread. With
        ``pass_control`` the job is called as ``fn(*args, control=JobControl)``.
        """
        if self._closing:
            raise RuntimeError("the engine is shutting down")
        job = Job(label, fn, args, owner, pass_control, self)
        for key, slot in slots.items():
            signal_name = key.removeprefix("on_")
            if not key.startswith("on_") or signal_name not in JOB_SIGNALS:
                raise TypeError(f"unknown job signal {key!r}; use one of on_{JOB_SIGNALS}")
            if not (inspect.ismethod(slot) and isinstance(slot.__self__, QObject)):
                raise TypeError(
                    f"{key} must be a method of a QObject: other callables run in the worker thread"
                )
            getattr(job, signal_name).connect(slot)
        with self._count_lock:
            self._unfinished += 1
        self._queue.put(job)
        return job

    @property
    def closing(self) -> bool:
        return self._closing

    @property
    def current_job(self) -> Job | None:
        return self._current

    @property
    def busy(self) -> bool:
        """A job is queued or running. One counter, so there is no moment between taking a job
        off the queue and running it when the worker would look idle."""
        with self._count_lock:
            return self._unfinished > 0

    def shutdown(self, timeout_s: float = 5.0) -> bool:
        """Stop queued and running jobs, end the thread, and wait at most ``timeout_s``."""
        self._closing = True
        with self._queue.mutex:  # queued jobs end at once as cancelled, in order
            for pending in self._queue.queue:
                if pending is not None:
                    pending.cancel()
        current = self._current
        if current is not None:
            current.cancel()
        self._queue.put(None)
        self.requestInterruption()
        stopped = self.wait(int(timeout_s * 1000))
        if not stopped:
            # Still inside an uninterruptible call (the TensorFlow import): keep this QThread
            # alive until it ends by itself, since destroying a running QThread aborts.
            log.info("engine worker still busy after %.1f s; it ends on its own", timeout_s)
            Worker._lingering.add(self)
            self.finished.connect(self._release)
        return stopped

    def _release(self) -> None:
        Worker._lingering.discard(self)

    @classmethod
    def wait_for_lingering(cls, timeout_s: float) -> bool:
        """Give workers that are still winding down a bounded wait; True when all have ended."""
        deadline = time.monotonic() + timeout_s
        for worker in list(cls._lingering):
            left_ms = max(0, int((deadline - time.monotonic()) * 1000))
            if not worker.wait(left_ms):
                return False
            cls._lingering.discard(worker)
        return True

    @classmethod
    def end_all(cls, timeout_s: float) -> bool:
        """Shut down every worker still running and wait for all of them, at most ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        for worker in list(cls._instances):
            if shiboken6.isValid(worker) and worker.isRunning() and not worker.closing:
                worker.shutdown(max(0.0, deadline - time.monotonic()))
        return cls.wait_for_lingering(max(0.0, deadline - time.monotonic()))

    # --- worker thread ----------------------------------------------------------------------
    def run(self) -> None:
        if self._load_tf:
            self._set_state(LOADING)
            try:
                self.versions = load_tensorflow()
            except Exception as exc:
                self.load_error = f"TensorFlow failed to load: {exc}"
                log.exception("TensorFlow failed to load")
        self.is_ready = True
        self._set_state(self.load_error or READY)
        while True:
            job = self._queue.get()
            if job is None:
                return
            self._current = job
            self._set_state(f"Running: {job.label}")
            job._execute()
            self._current = None
            with self._count_lock:
                self._unfinished -= 1
            # Deleted on the GUI thread, after the signals it queued there have been delivered.
            job.deleteLater()
            del job
            if self._queue.empty() and not self._closing:
                self._set_state(self.load_error or READY)

    def _set_state(self, text: str) -> None:
        self.state = text
        self.state_changed.emit(text)


def _end_workers_at_exit() -> None:
    """A script or test that builds the window and simply ends must exit cleanly: Python then
    destroys the worker's QThread, and destroying a running QThread aborts the process. So wait
    here (registered after PySide6's own exit handler, hence run before it) until every worker
    has ended; the TensorFlow import cannot be cut short, but it ends within seconds.

    Modules imported meanwhile (TensorFlow pulls in h5py) register exit handlers that Python no
    longer runs once exit has begun, and h5py's C library then calls into the finished
    interpreter (a segfault, measured). Those late handlers are collected and run here."""
    late: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = []

    def collect(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[..., Any]:
        late.append((func, args, kwargs))
        return func

    register = atexit.register
    atexit.register = collect  # type: ignore[assignment]
    try:
        ended = Worker.end_all(EXIT_GRACE_S)
    finally:
        atexit.register = register
    for func, args, kwargs in reversed(late):
        func(*args, **kwargs)
    if not ended:
        log.error("an engine worker was busy %.0f s after exit; leaving without it", EXIT_GRACE_S)
        logging.shutdown()
        os._exit(1)


atexit.register(_end_workers_at_exit)

"""The one way a tab runs engine work: a JobChannel per kind of work, each with a policy.

- ``Policy.QUEUE``: every request runs, in the order made (edits of a tensor: none may be lost).
- ``Policy.LATEST``: while one request runs, a newer one replaces any still waiting, and results
  of superseded requests are dropped (dragging a slider never builds a backlog or shows an old
  answer after a new one).
- ``Policy.EXCLUSIVE``: one request at a time; another made while it runs is refused (training).

Each request carries a generation number; "stale" means "older than the newest request that
superseded the others", so no tab compares tokens, keys or job names of its own. Callbacks run on
the GUI thread (the channel relays the worker's signals through QObjects that live there), so
they may be any callable. Failures take one route (napari's ``_NotifyingMixin`` is the model):
logged here, refused input as one INFO line and anything else as an ERROR with its traceback,
then handed to the request's ``on_failed``, or else to the channel's ``failed`` signal.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from enum import Enum
from typing import Any, ClassVar

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

from engine.shared.jobs import JobFailure
from engine.worker import Job, Worker

log = logging.getLogger(__name__)

Callback = Callable[..., Any]


class Policy(Enum):
    QUEUE = "queue"
    LATEST = "latest"
    EXCLUSIVE = "exclusive"


class Request(QObject):
    """One request: it relays its job's signals (on the GUI thread) to the channel.

    A started request keeps itself alive until its job has finished, and holds its channel only
    weakly: a tab (and its channels) may be destroyed while a job still runs, and a job's last
    signals must then find a live receiver that simply drops them (measured: a receiver deleted
    while the worker emitted to it crashed the process)."""

    _in_flight: ClassVar[set[Request]] = set()

    def __init__(
        self,
        channel: JobChannel,
        generation: int,
        label: str,
        call: tuple[Callback, tuple[Any, ...], bool],
        callbacks: dict[str, Callback | None],
    ):
        super().__init__()
        self._channel = weakref.ref(channel)
        self.generation = generation
        self.label = label
        self.call = call
        self.callbacks = callbacks
        self.job: Job | None = None

    def start(self, worker: Worker, owner: str) -> None:
        fn, args, pass_control = self.call
        self.call = (fn, (), pass_control)  # the job holds the arguments from now on
        Request._in_flight.add(self)
        self.job = worker.submit(
            self.label,
            fn,
            *args,
            owner=owner,
            pass_control=pass_control,
            on_progress=self._progress,
            on_result=self._result,
            on_failed=self._failed,
            on_cancelled=self._cancelled,
            on_finished=self._finished,
        )

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _live_channel(self) -> JobChannel | None:
        channel = self._channel()
        return channel if channel is not None and shiboken6.isValid(channel) else None

    @Slot(object)
    def _progress(self, value: object) -> None:
        if channel := self._live_channel():
            channel._deliver(self, "on_progress", value)

    @Slot(object)
    def _result(self, value: object) -> None:
        if channel := self._live_channel():
            channel._deliver(self, "on_result", value)

    @Slot(object)
    def _failed(self, failure: JobFailure) -> None:
        if channel := self._live_channel():
            channel._fail(self, failure)

    @Slot()
    def _cancelled(self) -> None:
        if channel := self._live_channel():
            channel._deliver(self, "on_cancelled")

    @Slot()
    def _finished(self) -> None:
        self.job = None  # the worker deletes the job now
        Request._in_flight.discard(self)
        if channel := self._live_channel():
            channel._finish(self)


class JobChannel(QObject):
    busy_changed = Signal(bool)
    failed = Signal(object)  # a JobFailure of a request that has no on_failed of its own

    def __init__(
        self,
        worker: Worker,
        owner: str,
        policy: Policy = Policy.QUEUE,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.worker = worker
        self.owner = owner
        self.policy = policy
        self._generation = 0
        self._valid_from = 0  # results of requests older than this generation are dropped
        self._running: list[Request] = []  # handed to the worker, not finished yet
        self._waiting: Request | None = None  # LATEST: the one request held back

    # --- asking -----------------------------------------------------------------------------
    def submit(
        self,
        label: str,
        fn: Callback,
        *args: Any,
        on_result: Callback | None = None,
        on_progress: Callback | None = None,
        on_failed: Callback | None = None,
        on_cancelled: Callback | None = None,
        on_finished: Callback | None = None,
        pass_control: bool = False,
        supersede: bool | None = None,
    ) -> Request | None:
        """Run ``fn(*args)`` on the engine as this policy allows; None when refused (an
        EXCLUSIVE channel that is busy, or an engine that is shutting down).

        ``supersede`` (default: True for LATEST, else False) drops the results of every earlier
        request of this channel that has not delivered yet."""
        if self.worker.closing:
            return None
        if self.policy is Policy.EXCLUSIVE and self.busy:
            return None
        was_busy = self.busy
        self._generation += 1
        if supersede if supersede is not None else self.policy is Policy.LATEST:
            self._valid_from = self._generation
        callbacks = {
            "on_result": on_result,
            "on_progress": on_progress,
            "on_failed": on_failed,
            "on_cancelled": on_cancelled,
            "on_finished": on_finished,
        }
        request = Request(self, self._generation, label, (fn, args, pass_control), callbacks)
        if self.policy is Policy.LATEST and self._running:
            self._waiting = request  # replaces any request still waiting
        else:
            self._start(request)
        if not was_busy:
            self.busy_changed.emit(True)
        return request

    def cancel(self) -> None:
        """Forget a waiting request and ask the running ones to stop; none of them delivers."""
        self._valid_from = self._generation + 1
        self._waiting = None
        for request in self._running:
            request.cancel()
        if not self.busy:
            self.busy_changed.emit(False)

    # --- state ------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return bool(self._running) or self._waiting is not None

    def is_current(self, request: Request) -> bool:
        return request.generation >= self._valid_from

    def blocked_by(self) -> str | None:
        """What this channel's work waits for, as words that follow "Waiting ", or None:
        TensorFlow still loading, or another tab's job on the one engine thread."""
        if not self.busy:
            return None
        if not self.worker.is_ready:
            return "for TensorFlow to load"
        job = self.worker.current_job
        if job is not None and job.owner != self.owner:
            return f"for “{job.label}” ({job.owner}) to finish"
        return None

    # --- delivery (GUI thread) ---------------------------------------------------------------
    def _start(self, request: Request) -> None:
        self._running.append(request)
        request.start(self.worker, self.owner)

    def _deliver(self, request: Request, name: str, *value: object) -> None:
        callback = request.callbacks.get(name)
        if callback is not None and self.is_current(request):
            callback(*value)

    def _fail(self, request: Request, failure: JobFailure) -> None:
        if failure.expected:
            log.info("%s: %s refused: %s", self.owner, failure.label, failure.message)
        else:
            log.error("%s: %s failed\n%s", self.owner, failure.label, failure.details)
        if not self.is_current(request):
            return
        handler = request.callbacks.get("on_failed")
        if handler is not None:
            handler(failure)
        else:
            self.failed.emit(failure)

    def _finish(self, request: Request) -> None:
        if request in self._running:
            self._running.remove(request)
        on_finished = request.callbacks.get("on_finished")
        if on_finished is not None:
            on_finished()
        if self._waiting is not None and not self._running:
            waiting, self._waiting = self._waiting, None
            if not self.worker.closing:
                self._start(waiting)
        if not self.busy:
            self.busy_changed.emit(False)

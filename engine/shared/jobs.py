"""Cooperative control of a running job, with no Qt in it so engine code can accept it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class JobCancelled(Exception):
    """Raised by :meth:`JobControl.raise_if_stopped` to unwind a job that was asked to stop."""


class JobControl:
    """What a job sees of its runner: a stop flag to poll and a progress channel."""

    def __init__(self, report: Callable[[Any], None] | None = None):
        self._stop = threading.Event()
        self._report = report

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def request_stop(self) -> None:
        self._stop.set()

    def raise_if_stopped(self) -> None:
        if self._stop.is_set():
            raise JobCancelled()

    def report(self, progress: Any) -> None:
        if self._report is not None:
            self._report(progress)

    def bind(self, report: Callable[[Any], None]) -> None:
        """Called by the runner: progress from now on goes to ``report``."""
        self._report = report

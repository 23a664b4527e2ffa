"""What a job sees of its runner, and what a failed job reports: plain Python, no Qt, so engine
code (and scripts, tests) can use it without a worker."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class JobCancelled(Exception):
    """Unwinds a job that was asked to stop before it began or between two of its steps."""


class JobControl:
    """A stop flag for the job to poll, and a channel for its progress reports."""

    def __init__(self, report: Callable[[Any], None] | None = None):
        self._stop = threading.Event()
        self._report = report

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def request_stop(self) -> None:
        self._stop.set()

    def report(self, progress: object) -> None:
        if self._report is not None:
            self._report(progress)

    def bind(self, report: Callable[[Any], None]) -> None:
        """Called by the runner: progress from now on goes to ``report``."""
        self._report = report


# Exceptions that mean "this input or file cannot be used", not "the program is wrong": the
# engine raises them for refused input (ValueError and its kin) and for files (OSError).
EXPECTED_ERRORS: tuple[type[BaseException], ...] = (ValueError, OSError)


@dataclass(frozen=True)
class JobFailure:
    """Why a job ended with an exception: the message for the user, the exception's class, and
    the traceback for the log."""

    label: str
    message: str
    kind: str  # the exception's class name, e.g. "ValueError"
    details: str  # the formatted traceback
    expected: bool  # refused input or an unusable file, as opposed to a bug

    @classmethod
    def from_exception(cls, label: str, exc: BaseException) -> JobFailure:
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return cls(
            label=label,
            message=str(exc) or type(exc).__name__,
            kind=type(exc).__name__,
            details=details,
            expected=isinstance(exc, EXPECTED_ERRORS),
        )

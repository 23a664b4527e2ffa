"""Why is my gradient None? Runs one of TensorFlow's cases for real, on the engine thread, and
hands back what it printed (or the exception it raised, with its class)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QObject, Signal

from engine.gradients.none_cases import NoneCase, case, run_case
from engine.shared.jobs import JobFailure
from engine.worker import Worker
from widgets.shared.jobs import JobChannel, Policy

OWNER = "Gradients"


@dataclass(frozen=True)
class CaseOutcome:
    case: NoneCase
    lines: tuple[str, ...]  # what the program printed, or the exception it raised

    @property
    def exception(self) -> str:
        """The class TensorFlow raised (a line reads "…raised RuntimeError: …"), or ""."""
        for line in self.lines:
            _, raised, rest = line.partition("raised ")
            if raised and (not _ or _.endswith(": ")):
                return rest.split(":", 1)[0]
        return ""


class WhyNoneController(QObject):
    case_chosen = Signal(object)  # NoneCase: its code and explanation, before it has run
    case_ran = Signal(object)  # CaseOutcome

    def __init__(self, worker: Worker, parent: QObject | None = None):
        super().__init__(parent)
        self.channel = JobChannel(worker, OWNER, Policy.LATEST, self)
        self.last: CaseOutcome | None = None

    def choose(self, key: str) -> None:
        chosen = case(key)
        self.case_chosen.emit(chosen)
        self.channel.submit(
            f"Why None: {chosen.title}",
            partial(run_case, key),
            on_result=partial(self._ran, chosen),
            on_failed=partial(self._raised, chosen),
        )

    def _ran(self, chosen: NoneCase, lines: list[str]) -> None:
        self.last = CaseOutcome(chosen, tuple(lines))
        self.case_ran.emit(self.last)

    def _raised(self, chosen: NoneCase, failure: JobFailure) -> None:
        self.last = CaseOutcome(chosen, (f"raised {failure.kind}: {failure.message}",))
        self.case_ran.emit(self.last)

    def shutdown(self) -> None:
        self.channel.cancel()

"""The state behind "Train more": the epochs it adds (checked as typed, refused beside the field)
and what the trainer knows of the model it would continue. The controller owns one and asks it
how each run starts (widgets.mnist.continuation decides)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from engine.mnist.code import DataRecipe
from engine.mnist.model import TrainSettings
from engine.mnist.results import LoadedModel, RunResult
from widgets.mnist.continuation import CurrentModel, RunStart, more_epochs, plan_run
from widgets.mnist.messages import Notice
from widgets.shared.message_line import Severity

DEFAULT_MORE = "2"


class TrainMore(QObject):
    notice_changed = Signal(object)  # a Notice for the line beside the epochs field, or None
    available_changed = Signal(bool)  # whether there is a model to train more

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.text = DEFAULT_MORE
        self.model: CurrentModel | None = None
        self.notice: Notice | None = None

    # --- the epochs field ------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        """The field changed: a refusal it showed goes once the text is a count again."""
        self.text = text
        if self.notice is not None and more_epochs(text)[0] is not None:
            self._say(None)

    def epochs(self) -> int | None:
        """The epochs to add; None (and the reason beside the field) when the text is not."""
        epochs, problem = more_epochs(self.text)
        self._say(Notice(problem, Severity.ERROR) if problem else None)
        return epochs

    def _say(self, notice: Notice | None) -> None:
        self.notice = notice
        self.notice_changed.emit(notice)

    # --- the model -------------------------------------------------------------------------
    def plan(
        self, settings: TrainSettings, data: DataRecipe, classes: int, more: bool
    ) -> RunStart | None:
        """How a run with ``settings`` starts (Train, or with ``more`` Train more); None when
        the epochs field is wrong (it says why)."""
        epochs = self.epochs() if more else None
        if more and epochs is None:
            return None
        return plan_run(self.model, settings, data, classes, epochs)

    def trained(self, start: RunStart, data: DataRecipe, classes: int, result: RunResult) -> None:
        settings = start.settings
        self._set_model(
            CurrentModel(settings.layers, classes, data, settings.strategy, result.stages)
        )

    def loaded(self, loaded: LoadedModel) -> None:
        self._set_model(CurrentModel(loaded.layers, loaded.classes, None, "default", loaded.stages))

    def _set_model(self, model: CurrentModel) -> None:
        self.model = model
        self.available_changed.emit(True)

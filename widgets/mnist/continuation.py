"""Train more: whether a run continues the model on screen or has to start a new one, and what
to say about it. No Qt and no TensorFlow: the controller asks, the engine does the training.

A run continues the model when it trains the same layers, on the same data, under the same
tf.distribute strategy: those make a different model (or a model that cannot take the data).
The optimizer, its learning rate, the batch size, the validation split and the seed may change
from one run to the next; a change of optimizer or learning rate is marked on the curves.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from engine.mnist.code import DataRecipe
from engine.mnist.layer_spec import format_layers
from engine.mnist.layers import Layer
from engine.mnist.model import TrainSettings
from engine.mnist.stages import Stages
from engine.mnist.wording import count


@dataclass(frozen=True)
class CurrentModel:
    """What the trainer knows of the model it holds."""

    layers: tuple[Layer, ...]  # () when the builder cannot show them (a model file)
    classes: int  # its outputs
    data: DataRecipe | None  # what it was trained on here; None for a model file
    strategy: str
    stages: Stages  # its training so far

    @property
    def last_optimizer(self) -> tuple[str, float] | None:
        """The optimizer and learning rate of its last run, when it is known."""
        if not self.stages.stages:
            return None
        last = self.stages.stages[-1]
        return last.optimizer, last.learning_rate


@dataclass(frozen=True)
class RunStart:
    """How a run begins: what it trains with, and whether it goes on with the model."""

    settings: TrainSettings
    continues: bool
    stages: Stages  # the model's training before this run (empty for a new model)
    note: str = ""  # why Train more starts a new model, when it does
    marker: str = ""  # the optimizer or learning rate it changes to, for the curves
    refusal: str = ""  # why it cannot start at all

    @property
    def parent(self) -> int | None:
        """The run history's run this one continues."""
        return self.stages.last_run if self.continues else None


def more_epochs(text: str) -> tuple[int | None, str]:
    """The epochs "Train more" adds, or why the text is not a count of epochs."""
    cleaned = text.strip().replace("_", "")
    if not cleaned:
        return None, "Enter how many more epochs to train."
    try:
        epochs = int(cleaned)
    except ValueError:
        return None, f"Enter a whole number of epochs, not {cleaned!r}."
    if epochs < 1:
        return None, f"Train more needs at least 1 epoch (got {epochs})."
    return epochs, ""


def plan_run(
    model: CurrentModel | None,
    settings: TrainSettings,
    data: DataRecipe,
    classes: int,
    more: int | None,
) -> RunStart:
    """A fresh run of ``settings``, or with ``more`` epochs, a run that continues ``model``
    when it can (else a new model of ``more`` epochs, with a note saying why) on ``data`` of
    ``classes`` classes."""
    if more is None:
        return RunStart(settings, continues=False, stages=Stages())
    settings = replace(settings, epochs=more)
    if model is None:
        return RunStart(
            settings,
            False,
            Stages(),
            refusal="There is no model to train more yet: press Train, or load a .keras model.",
        )
    reason = _new_model_reason(model, settings, data)
    if reason:
        epochs = count(more, "epoch")
        note = f"{reason}, so Train more started a new model: {epochs} from epoch 1."
        return RunStart(settings, False, Stages(), note=note)
    if model.classes != classes:
        return RunStart(
            settings,
            False,
            Stages(),
            refusal=(
                f"The model has {model.classes} outputs, but the data has {classes} classes: "
                "it cannot train on it. The model is kept; Train starts a new one for this data."
            ),
        )
    return RunStart(settings, True, model.stages, marker=_marker(model, settings))


def _new_model_reason(model: CurrentModel, settings: TrainSettings, data: DataRecipe) -> str:
    if model.layers and model.layers != settings.layers:
        return (
            f"The layers ({format_layers(settings.layers)}) are not the model's "
            f"({format_layers(model.layers)})"
        )
    if model.data is not None and model.data != data:
        return "The data is not what the model was trained on"
    if model.strategy != settings.strategy:
        return "The distribution strategy changed (a model lives on the devices it was built on)"
    return ""


def _marker(model: CurrentModel, settings: TrainSettings) -> str:
    last = model.last_optimizer
    if last is None:
        return ""
    return change_label(last, (settings.optimizer, settings.learning_rate))


def change_label(before: tuple[str, float], after: tuple[str, float]) -> str:
    """What changes from one run to the next, for a marker on the curves: "adam, 0.001" for
    another optimizer, "learning rate 0.0005" for another rate; "" when neither changes."""
    if after[0] != before[0]:
        return f"{after[0]}, {after[1]:g}"
    if after[1] != before[1]:
        return f"learning rate {after[1]:g}"
    return ""

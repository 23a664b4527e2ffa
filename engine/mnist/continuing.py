"""Training a model more: what must hold for a run to continue a model, and compiling it for
the new run's settings without losing what its optimizer has learned.

A continued run keeps the model's weights and its optimizer's state (the step count, Adam's or
RMSprop's running averages). Only the learning rate is a plain variable of the optimizer, set
for the run; another optimizer, loss, steps_per_execution or XLA setting needs ``model.compile``
again, which keeps the weights and, when the optimizer's kind stays, its very optimizer object
and state.
"""

from __future__ import annotations

import math
from typing import Any

from engine.mnist.building import architecture, new_optimizer, optimizer_name
from engine.mnist.layer_spec import format_layers
from engine.mnist.model import TrainingError, TrainSettings
from engine.mnist.stages import Stages
from engine.shared.limits import shape_text
from engine.shared.mnist_data import MnistData


def check_continuable(
    model: Any, stages: Stages, strategy: str, data: MnistData, settings: TrainSettings
) -> None:
    """TrainingError when ``model`` (trained as ``stages`` say, under ``strategy``) cannot go
    on training on ``data`` with ``settings``; the message says why in the user's terms."""
    shape = tuple(int(n) for n in model.inputs[0].shape[1:])
    side = data.x_train.shape[1:]
    pixels = int(side[0]) * int(side[1])
    if math.prod(shape) != pixels:
        raise TrainingError(
            f"The model takes inputs shaped {shape_text(shape)}, which the "
            f"{side[0]}×{side[1]} images of this data do not fill: it cannot train on them."
        )
    outputs = int(model.outputs[0].shape[-1])
    if outputs != data.num_classes:
        raise TrainingError(
            f"The model has {outputs} outputs but the data has {data.num_classes} classes: "
            "it cannot train on it."
        )
    if stages.layers and format_layers(settings.layers) != stages.layers:
        raise TrainingError(
            f"The layers ({format_layers(settings.layers)}) are not the model's "
            f"({stages.layers}): Train more continues the same model; Train starts a new one."
        )
    if settings.strategy != strategy:
        raise TrainingError(
            f"The model was built for the {strategy!r} strategy, not {settings.strategy!r}: "
            "a model's variables live where it was built, so Train starts a new one."
        )


def prepare_to_continue(model: Any, settings: TrainSettings, samples: int) -> bool:
    """Make ``model`` ready to fit with ``settings`` on ``samples`` training samples (before
    the split); True when that took a new compile."""
    arch = architecture(settings, samples)
    same_kind = optimizer_name(model) == settings.optimizer
    compiled_alike = (
        bool(getattr(model, "compiled", False))
        and same_kind
        and model.loss == settings.loss
        and model.steps_per_execution == arch.steps_per_execution
        and model.jit_compile == arch.jit_compile
    )
    if not compiled_alike:
        optimizer = model.optimizer if same_kind else None
        model.compile(
            optimizer=optimizer or new_optimizer(settings.optimizer, settings.learning_rate),
            loss=settings.loss,
            metrics=["accuracy"],
            steps_per_execution=arch.steps_per_execution,
            jit_compile=arch.jit_compile,
        )
    model.optimizer.learning_rate = settings.learning_rate
    return not compiled_alike

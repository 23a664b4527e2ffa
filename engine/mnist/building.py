"""The Keras models a session trains: built and compiled once per architecture, then reused.

Every run must start exactly where a fresh script starts: ``keras.utils.set_random_seed(seed)``,
a new ``keras.Sequential`` of the same layers (its initial weights are drawn as each layer is
made), a fresh optimizer. Building and compiling a new model for every run gave the same numbers
but traced new tf.functions each time, and repeated Train/Stop made TensorFlow warn about
"excessive retracing". So a compiled model is kept per architecture and each run resets it: the
weights of a freshly made (uncompiled) model of the same seed, and the optimizer's variables as
they were before its first step. The compiled train and test functions are reused.

Predictions do not go through ``model.predict``: with steps_per_execution > 1 it passes a list of
as many batches as are left, and every new count or batch size traces its function again (the
test set, a limited test set, one drawn digit). ``forward_function`` traces once per model for
any number of rows, and computes what ``model.predict`` does on the same batches.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.mnist.architecture import build
from engine.mnist.devices import strategy
from engine.mnist.layers import Layer
from engine.mnist.model import OPTIMIZER_CLASSES, TrainSettings

CACHED_MODELS = 4  # architectures kept compiled (a few MB each)


@dataclass(frozen=True)
class Architecture:
    """What a compiled model is made of; the learning rate is not part of it (it is a variable
    of the optimizer, set for each run)."""

    layers: tuple[Layer, ...]
    optimizer: str
    loss: str
    steps_per_execution: int
    strategy: str
    jit_compile: bool


def architecture(settings: TrainSettings, samples: int) -> Architecture:
    """What ``settings`` compile to for ``samples`` training samples (before the split)."""
    return Architecture(
        settings.layers,
        settings.optimizer,
        settings.loss,
        settings.execution_steps(samples),
        settings.strategy,
        settings.jit_compile(samples),
    )


def new_model(layers: tuple[Layer, ...]) -> Any:
    """An uncompiled keras.Sequential of ``layers``, its weights drawn from Keras's seed."""
    return build(layers)


def new_optimizer(name: str, learning_rate: float) -> Any:
    import keras

    return getattr(keras.optimizers, OPTIMIZER_CLASSES[name])(learning_rate=learning_rate)


def compile_model(model: Any, arch: Architecture, optimizer: Any) -> None:
    model.compile(
        optimizer=optimizer,
        loss=arch.loss,
        metrics=["accuracy"],
        steps_per_execution=arch.steps_per_execution,
        jit_compile=arch.jit_compile,
    )
    # Its slot variables now, so that their starting values can be put back before each run.
    model.optimizer.build(model.trainable_variables)


def optimizer_name(model: Any) -> str | None:
    """The settings' name of ``model``'s optimizer ("adam"), or None when it has none this
    trainer offers."""
    kind = type(getattr(model, "optimizer", None)).__name__
    return next((name for name, cls in OPTIMIZER_CLASSES.items() if cls == kind), None)


def forward_function(model: Any) -> Any:
    """``model``'s forward pass (inference) as a tf.function of a float32 batch of any size,
    traced once; with XLA when the model compiled with it, as its ``predict`` would run."""
    import tensorflow as tf

    spec = tf.TensorSpec((None, *model.inputs[0].shape[1:]), tf.float32)

    def forward(x: Any) -> Any:
        return model(x, training=False)

    return tf.function(forward, input_signature=[spec], jit_compile=bool(model.jit_compile))


@dataclass
class CompiledModel:
    model: Any  # a compiled keras.Sequential
    forward: Any  # its forward_function
    start: list[np.ndarray]  # the optimizer's variables before its first step


class ModelCache:
    """Compiled models by architecture, each handed out reset to a fresh run's starting point."""

    def __init__(self, size: int = CACHED_MODELS) -> None:
        self.size = size
        self._models: OrderedDict[Architecture, CompiledModel] = OrderedDict()

    def fresh(self, settings: TrainSettings, samples: int) -> CompiledModel:
        """Seed Keras with ``settings.seed`` and return a compiled model whose weights and
        optimizer are those a new script gets after the same seed."""
        import keras

        keras.utils.set_random_seed(settings.seed)
        arch = architecture(settings, samples)
        with strategy(settings.strategy).scope():  # a mirrored model's variables: one per device
            made = new_model(settings.layers)  # draws the initial weights, as a script does
            cached = self._models.get(arch)
            if cached is None:
                compile_model(made, arch, new_optimizer(settings.optimizer, settings.learning_rate))
                start = [np.array(v.numpy()) for v in made.optimizer.variables]
                cached = CompiledModel(made, forward_function(made), start)
                self._models[arch] = cached
                while len(self._models) > self.size:
                    self._models.popitem(last=False)
                return cached
        self._models.move_to_end(arch)
        cached.model.set_weights(made.get_weights())
        for variable, value in zip(cached.model.optimizer.variables, cached.start, strict=True):
            variable.assign(value)
        cached.model.optimizer.learning_rate = settings.learning_rate
        return cached

    def forget(self, model: Any) -> None:
        """Drop ``model`` from the cache: it was compiled again for another architecture (a
        continued run changed its optimizer), so no fresh run may reset and reuse it."""
        for arch, cached in list(self._models.items()):
            if cached.model is model:
                del self._models[arch]

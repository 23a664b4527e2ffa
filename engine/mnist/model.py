"""What an MNIST model and its training run are made of, as plain data (no TensorFlow here).

The tab edits these settings, the CLI parses them, ``engine.mnist.building`` turns them into a
Keras model, and ``engine.mnist.code`` writes the equivalent stand-alone script.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.mnist.architecture import SEED, describe, input_shape_for
from engine.mnist.arithmetic import split_count, steps_per_epoch
from engine.mnist.devices import STRATEGIES, StrategyKind, batch_split, execution_steps
from engine.mnist.layers import Layer, Shape
from engine.mnist.wording import count

OPTIMIZERS = ("rmsprop", "adam", "sgd")
OPTIMIZER_CLASSES = {"rmsprop": "RMSprop", "adam": "Adam", "sgd": "SGD"}
DEFAULT_LEARNING_RATES = {"rmsprop": 0.001, "adam": 0.001, "sgd": 0.01}  # Keras's defaults
LOSSES = ("sparse_categorical_crossentropy", "categorical_crossentropy")
INPUT_DIM = 28 * 28
# XLA (jit_compile=True) fuses a training step's many small element-wise ops (bias adds, ReLU,
# softmax, the optimizer's update of every weight) into a few loops. Measured on this 2-core CPU,
# the two side by side in one process (bench/train.py, xla_paired_ratio): the seed Dense model's
# epoch on the full MNIST takes 14-17 % less (0.98 s against 1.30 s), while the small convnet's
# takes four times as long (XLA's CPU convolutions are slow). Compiling a model's batch shapes
# costs 0.8-1 s, which a 5-epoch run earns back from about XLA_MIN_SAMPLES training samples
# (0.32 s an epoch on 60,000), so smaller training sets go without. The app compiles the default
# model while MNIST loads (TrainingSession.prepare), so its default run gains it all.
# Decided by the model and the data, never by the number of epochs, so the same seed gives the
# same numbers however long the run; and written out rather than Keras's "auto", so that the
# app, the CLI and the exported code compile alike (and give the same numbers) on every machine.
# MirroredStrategy runs one step per call and was not measured with XLA, so it stays without.
XLA_MIN_SAMPLES = 30_000
PREDICT_BATCH = 2048  # test-set predictions go in batches of this size (the code says the same)


class TrainingError(ValueError):
    """Settings or data that cannot train (the message says which and why)."""


DEFAULT_LAYERS: tuple[Layer, ...] = SEED.layers  # Dense(512, relu) + Dense(10, softmax)


@dataclass(frozen=True)
class TrainSettings:
    layers: tuple[Layer, ...] = DEFAULT_LAYERS
    optimizer: str = "rmsprop"
    learning_rate: float = 0.001
    loss: str = "sparse_categorical_crossentropy"
    epochs: int = 5
    batch_size: int = 128
    validation_split: float = 0.0
    seed: int = 1
    # Batches per call into the compiled step: fewer Python round trips, faster epochs. The
    # callback (progress, Stop) runs between calls, so Stop acts within one such chunk.
    steps_per_execution: int = 32
    # "mirrored": one copy of the model per device through tf.distribute (engine.mnist.devices)
    strategy: StrategyKind = "default"

    def jit_compile(self, samples: int) -> bool:
        """Whether the model compiles with XLA when trained on ``samples`` samples (before the
        validation split): Dense-only models on full-size data under the default strategy."""
        return (
            self.strategy == "default"
            and self.input_shape == (INPUT_DIM,)
            and self.train_count(samples) >= XLA_MIN_SAMPLES
        )

    @property
    def input_shape(self) -> Shape:
        """One sample as the model takes it: (784,) for Dense-only, (28, 28, 1) with conv."""
        return input_shape_for(self.layers)

    def problems(self, train_samples: int, num_classes: int = 10) -> dict[str, str]:
        """Field name -> a message for each setting that cannot work; empty when all is well."""
        out: dict[str, str] = {}
        layer_problems = describe(self.layers, classes=num_classes).problems
        if layer_problems:
            out["layers"] = " ".join(layer_problems)
        if self.optimizer not in OPTIMIZERS:
            out["optimizer"] = f"Unknown optimizer {self.optimizer!r}."
        if not (math.isfinite(self.learning_rate) and self.learning_rate > 0):
            out["learning_rate"] = "The learning rate must be a positive number."
        if self.loss not in LOSSES:
            out["loss"] = f"Unknown loss {self.loss!r}."
        if self.epochs < 1:
            out["epochs"] = f"Epochs must be at least 1 (got {self.epochs})."
        if not 0.0 <= self.validation_split < 1.0:
            out["validation_split"] = "The validation split must be at least 0 and below 1."
        elif self.validation_split > 0 and split_count(train_samples, self.validation_split) in (
            0,
            train_samples,
        ):
            out["validation_split"] = (
                f"{count(train_samples, 'sample')} cannot be split {self.validation_split:g} for "
                "validation: both parts need at least one sample."
            )
        if self.batch_size < 1:
            out["batch_size"] = f"The batch size must be at least 1 (got {self.batch_size})."
        elif "validation_split" not in out and self.batch_size > self.train_count(train_samples):
            out["batch_size"] = (
                f"The batch size {self.batch_size:,} is larger than the "
                f"{count(self.train_count(train_samples), 'sample')} trained on."
            )
        if self.seed < 0 or self.seed >= 2**32:
            out["seed"] = "The seed must be a whole number 0 – 4294967295."
        if self.steps_per_execution < 1:
            out["steps_per_execution"] = "steps_per_execution must be at least 1."
        if self.strategy not in STRATEGIES:
            out["strategy"] = f"Unknown strategy {self.strategy!r}."
        return out

    def execution_steps(self, samples: int) -> int:
        """steps_per_execution actually used: at most the setting, and small enough that an
        epoch still gives about 8 progress points (and Stop checks) on a small dataset."""
        steps = steps_per_epoch(self.train_count(samples), self.batch_size)
        return execution_steps(self.strategy, max(1, min(self.steps_per_execution, steps // 8)))

    def train_count(self, samples: int) -> int:
        """The samples actually trained on: Keras holds the last part back for validation."""
        return split_count(samples, self.validation_split) if self.validation_split else samples

    def updates_text(self, samples: int, replicas: int = 1) -> str:
        """The gradient-update arithmetic, e.g. 'ceil(60000 / 128) = 469 per epoch × 5 = 2345';
        a mirrored run adds how each global batch is shared out over ``replicas``."""
        n = self.train_count(samples)
        steps = steps_per_epoch(n, self.batch_size)
        total = steps * self.epochs
        text = f"ceil({n} / {self.batch_size}) = {steps} per epoch × {self.epochs} = {total}"
        return text + self.split_text(replicas)

    def continued_text(self, samples: int, earlier_updates: int, replicas: int = 1) -> str:
        """The arithmetic of a continued run's total: 'ceil(60000 / 128) = 469 per epoch;
        2345 + 2 × 469 = 3283'."""
        n = self.train_count(samples)
        steps = steps_per_epoch(n, self.batch_size)
        total = earlier_updates + steps * self.epochs
        return (
            f"ceil({n} / {self.batch_size}) = {steps} per epoch; "
            f"{earlier_updates} + {self.epochs} × {steps} = {total}" + self.split_text(replicas)
        )

    def split_text(self, replicas: int) -> str:
        """How a mirrored run shares out each global batch ("" when not mirrored)."""
        if self.strategy != "mirrored":
            return ""
        return f" ({batch_split(self.batch_size, max(1, replicas)).text()})"


def preprocess(images: np.ndarray) -> np.ndarray:
    """MNIST's usual input: flatten each 28×28 image to 784 values and scale 0–255 to 0–1."""
    return images.reshape(len(images), -1).astype("float32") / 255.0

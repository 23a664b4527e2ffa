"""What a Dense MNIST model and its training run are made of, as plain data (no TensorFlow here).

The tab edits these settings, the CLI parses them, and ``engine.mnist.training`` turns them into a
Keras model; ``keras_code`` writes the equivalent stand-alone script.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.mnist.arithmetic import split_count, steps_per_epoch
from engine.shared.code import code_header

ACTIVATIONS = ("relu", "softmax", "sigmoid", "tanh", "elu", "gelu", "linear")
OPTIMIZERS = ("rmsprop", "adam", "sgd")
OPTIMIZER_CLASSES = {"rmsprop": "RMSprop", "adam": "Adam", "sgd": "SGD"}
DEFAULT_LEARNING_RATES = {"rmsprop": 0.001, "adam": 0.001, "sgd": 0.01}  # Keras's defaults
LOSSES = ("sparse_categorical_crossentropy", "categorical_crossentropy")
INPUT_DIM = 28 * 28
MAX_UNITS = 8192
MAX_LAYERS = 12


@dataclass(frozen=True)
class LayerSpec:
    units: int
    activation: str = "relu"

    def formula(self) -> str:
        inner = "dot(input, W) + b"
        return inner if self.activation == "linear" else f"{self.activation}({inner})"


def parameter_count(inputs: int, units: int) -> int:
    """A Dense layer has a weight matrix W (inputs × units) and a bias b (units)."""
    return inputs * units + units


@dataclass(frozen=True)
class LayerRow:
    """One Dense layer as model.summary() lists it, with the arithmetic behind its count."""

    name: str  # Keras's default name: dense, dense_1, …
    units: int
    formula: str  # e.g. relu(dot(input, W) + b)
    output_shape: str  # e.g. (None, 512)
    params: int
    arithmetic: str  # e.g. 784 × 512 + 512


def layer_table(layers: Sequence[LayerSpec], input_dim: int = INPUT_DIM) -> list[LayerRow]:
    """One row per layer: name, output shape, parameter count and its arithmetic."""
    rows, inputs = [], input_dim
    for i, layer in enumerate(layers):
        rows.append(
            LayerRow(
                name=f"dense_{i}" if i else "dense",
                units=layer.units,
                formula=layer.formula(),
                output_shape=f"(None, {layer.units})",
                params=parameter_count(inputs, layer.units),
                arithmetic=f"{inputs} × {layer.units} + {layer.units}",
            )
        )
        inputs = layer.units
    return rows


DEFAULT_LAYERS = (LayerSpec(512, "relu"), LayerSpec(10, "softmax"))


@dataclass(frozen=True)
class TrainSettings:
    layers: tuple[LayerSpec, ...] = DEFAULT_LAYERS
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

    def problems(self, train_samples: int, num_classes: int = 10) -> dict[str, str]:
        """Field name -> a message for each setting that cannot work; empty when all is well."""
        out: dict[str, str] = {}
        if not self.layers:
            out["layers"] = "Add at least one Dense layer."
        elif len(self.layers) > MAX_LAYERS:
            out["layers"] = f"At most {MAX_LAYERS} layers."
        else:
            for i, layer in enumerate(self.layers, 1):
                if not 1 <= layer.units <= MAX_UNITS:
                    out["layers"] = f"Layer {i}: units must be 1–{MAX_UNITS}, not {layer.units}."
                    break
                if layer.activation not in ACTIVATIONS:
                    out["layers"] = f"Layer {i}: unknown activation {layer.activation!r}."
                    break
            else:
                last = self.layers[-1]
                if last.units != num_classes:
                    out["layers"] = (
                        f"The last layer needs {num_classes} units, one per class "
                        f"(it has {last.units})."
                    )
                elif last.activation != "softmax":
                    out["layers"] = (
                        "The last layer needs a softmax activation: the loss expects probabilities."
                    )
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
                f"{train_samples:,} samples cannot be split {self.validation_split:g} for "
                "validation: both parts need at least one sample."
            )
        if self.batch_size < 1:
            out["batch_size"] = f"The batch size must be at least 1 (got {self.batch_size})."
        elif "validation_split" not in out and self.batch_size > self.train_count(train_samples):
            out["batch_size"] = (
                f"The batch size {self.batch_size:,} is larger than the "
                f"{self.train_count(train_samples):,} samples trained on."
            )
        if self.seed < 0 or self.seed >= 2**32:
            out["seed"] = "The seed must be a whole number 0 – 4294967295."
        if self.steps_per_execution < 1:
            out["steps_per_execution"] = "steps_per_execution must be at least 1."
        return out

    def execution_steps(self, samples: int) -> int:
        """steps_per_execution actually used: at most the setting, and small enough that an
        epoch still gives about 8 progress points (and Stop checks) on a small dataset."""
        steps = steps_per_epoch(self.train_count(samples), self.batch_size)
        return max(1, min(self.steps_per_execution, steps // 8))

    def train_count(self, samples: int) -> int:
        """The samples actually trained on: Keras holds the last part back for validation."""
        return split_count(samples, self.validation_split) if self.validation_split else samples

    def updates_text(self, samples: int) -> str:
        """The gradient-update arithmetic, e.g. 'ceil(60000 / 128) = 469 per epoch × 5 = 2345'."""
        n = self.train_count(samples)
        steps = steps_per_epoch(n, self.batch_size)
        total = steps * self.epochs
        return f"ceil({n} / {self.batch_size}) = {steps} per epoch × {self.epochs} = {total}"


def preprocess(images: np.ndarray) -> np.ndarray:
    """MNIST's usual input: flatten each 28×28 image to 784 values and scale 0–255 to 0–1."""
    return images.reshape(len(images), -1).astype("float32") / 255.0


def keras_code(
    settings: TrainSettings, data_path: str | None = None, samples: int | None = None
) -> str:
    """A stand-alone script that trains the same model with the same settings."""
    s = settings
    lines = [code_header(keras=True, tensorflow=False)]
    lines.append(f"keras.utils.set_random_seed({s.seed})")
    if data_path:
        lines.append(f"with np.load({data_path!r}) as f:")
        lines.append('    x_train, y_train = f["x_train"], f["y_train"]')
        lines.append('    x_test, y_test = f["x_test"], f["y_test"]')
    else:
        lines.append("# Reads ~/.keras/datasets/mnist.npz (downloaded the first time).")
        lines.append("(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()")
    lines += [
        "",
        "# Preprocessing: (n, 28, 28) uint8 -> (n, 784) float32 in [0, 1]",
        "x_train = x_train.reshape((len(x_train), 28 * 28)).astype('float32') / 255",
        "x_test = x_test.reshape((len(x_test), 28 * 28)).astype('float32') / 255",
    ]
    if s.loss == "categorical_crossentropy":
        n = s.layers[-1].units if s.layers else 10
        lines += [
            f"y_train = keras.utils.to_categorical(y_train, {n})  # one-hot labels",
            f"y_test = keras.utils.to_categorical(y_test, {n})",
        ]
    lines += ["", "model = keras.Sequential(["]
    lines.append(f"    keras.Input(shape=({INPUT_DIM},)),")
    for layer in s.layers:
        lines.append(f"    keras.layers.Dense({layer.units}, activation={layer.activation!r}),")
    lines += ["])", ""]
    spe = s.execution_steps(samples) if samples else s.steps_per_execution
    opt = f"keras.optimizers.{OPTIMIZER_CLASSES.get(s.optimizer, s.optimizer)}"
    lines += [
        "model.compile(",
        f"    optimizer={opt}(learning_rate={s.learning_rate!r}),",
        f"    loss={s.loss!r},",
        "    metrics=['accuracy'],",
        f"    steps_per_execution={spe},  # batches per call into the compiled step",
        ")",
        "model.summary()",
        "history = model.fit(",
        "    x_train,",
        "    y_train,",
        f"    epochs={s.epochs},",
        f"    batch_size={s.batch_size},",
    ]
    if s.validation_split:
        lines.append(f"    validation_split={s.validation_split!r},")
    lines += [
        ")",
        "test_loss, test_accuracy = model.evaluate(x_test, y_test)",
        'print(f"test accuracy: {test_accuracy:.4f}")',
    ]
    return "\n".join(lines) + "\n"

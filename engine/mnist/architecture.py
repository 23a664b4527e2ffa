"""A Sequential MNIST model as a list of layer specs: what each layer makes of one sample, what
stops the list from training, the presets, and the Keras model and source code it stands for.

``describe`` is pure Python, so the layer list can be checked on every edit before anything
trains; its shapes and parameter counts equal what Keras reports for the model ``build`` makes
(tests build both and compare).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.mnist.layers import Conv2D, Dense, Dropout, Flatten, Layer, MaxPooling2D, Shape
from engine.mnist.wording import count
from engine.shared.limits import shape_text

IMAGE_SHAPE: Shape = (28, 28, 1)  # what a model with spatial layers takes: height, width, channels
FLAT_SHAPE: Shape = (28 * 28,)  # what a Dense-only model takes: one row of 784 pixels
CLASSES = 10
MAX_LAYERS = 12


class ArchitectureError(ValueError):
    """A layer list that cannot build; the message lists each layer's problem."""


@dataclass(frozen=True)
class LayerRow:
    """One layer as the model builder lists it: its shapes for one sample, its weights and the
    arithmetic behind them, and what keeps it from building (empty when nothing does)."""

    name: str  # the Keras layer's name: conv2d, max_pooling2d, conv2d_1, …
    layer: Layer
    input_shape: Shape | None  # None after a layer that cannot build
    output_shape: Shape | None
    params: int
    params_arithmetic: str  # "3 × 3 × 1 × 32 + 32"; for layers without weights, why
    shape_arithmetic: str  # "28 − 3 + 1 = 26"
    problem: str


@dataclass(frozen=True)
class Description:
    input_shape: Shape
    rows: tuple[LayerRow, ...]
    problem: str = ""  # about the list as a whole (empty, too long); rows hold their own

    @property
    def params(self) -> int:
        return sum(row.params for row in self.rows)

    @property
    def problems(self) -> list[str]:
        """Every reason the model cannot train, each naming its layer; empty when it can."""
        found = [self.problem] if self.problem else []
        for number, row in enumerate(self.rows, 1):
            if row.problem:
                found.append(f"Layer {number} ({row.name}): {row.problem}.")
        return found

    def shape_path(self) -> str:
        """The sample's shape through the model, in the rank explorer's notation:
        (28, 28, 1) → (26, 26, 32) → …; a "?" where a layer cannot build."""
        shapes = [shape_text(self.input_shape)]
        for row in self.rows:
            if row.output_shape is None:
                shapes.append("?")
                break
            shapes.append(shape_text(row.output_shape))
        return " → ".join(shapes)


def input_shape_for(layers: Sequence[Layer]) -> Shape:
    """(28, 28, 1) when a layer works on images (Conv2D, MaxPooling2D); (784,) otherwise, so a
    Dense-only model takes the same flattened input as before there were conv layers."""
    spatial = any(isinstance(layer, Conv2D | MaxPooling2D) for layer in layers)
    return IMAGE_SHAPE if spatial else FLAT_SHAPE


def model_kind(layers: Sequence[Layer]) -> str:
    """ "convnet" when a layer works on images, "dense" otherwise: the run history's word for it,
    and the command line's --model."""
    return "convnet" if input_shape_for(layers) == IMAGE_SHAPE else "dense"


def describe(
    layers: Sequence[Layer], input_shape: Shape | None = None, classes: int = CLASSES
) -> Description:
    """One row per layer for one sample of ``input_shape`` (by default ``input_shape_for``)."""
    start = input_shape_for(layers) if input_shape is None else tuple(input_shape)
    shape: Shape | None = start
    rows, seen = [], Counter[str]()
    for number, layer in enumerate(layers, 1):
        kind = layer.keras_name
        name = f"{kind}_{seen[kind]}" if seen[kind] else kind  # Keras's own numbering
        seen[kind] += 1
        step = layer.step(shape) if shape is not None else None
        problem = step.problem if step else ""
        if number == len(layers) and not problem:
            problem = _last_layer_problem(layer, classes)
        rows.append(
            LayerRow(
                name=name,
                layer=layer,
                input_shape=shape,
                output_shape=step.output if step else None,
                params=step.params if step else 0,
                params_arithmetic=step.params_arithmetic if step else "",
                shape_arithmetic=step.shape_arithmetic if step else "",
                problem=problem,
            )
        )
        shape = step.output if step else None
    whole = ""
    if not layers:
        whole = "Add at least one layer."
    elif len(layers) > MAX_LAYERS:
        whole = f"At most {MAX_LAYERS} layers (this list has {len(layers)})."
    return Description(start, tuple(rows), whole)


def _last_layer_problem(layer: Layer, classes: int) -> str:
    if not isinstance(layer, Dense):
        return f"the last layer must be Dense({classes}, softmax): one probability per class"
    if layer.units != classes:
        return (
            f"the last layer needs {count(classes, 'unit')}, one per class (it has {layer.units})"
        )
    if layer.activation != "softmax":
        return "the last layer needs a softmax activation: the loss expects probabilities"
    return ""


# --- presets --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Preset:
    name: str
    layers: tuple[Layer, ...]
    epochs: int
    batch_size: int
    optimizer: str
    learning_rate: float


SEED = Preset(
    "Seed: Dense 512 + 10",
    (Dense(512, "relu"), Dense(10, "softmax")),
    epochs=5,
    batch_size=128,
    optimizer="rmsprop",
    learning_rate=0.001,
)
# Keras's MNIST convnet example (keras.io/examples/vision/mnist_convnet). Its epochs, batch
# size and optimizer were chosen with bench/convnet.py on this 2-core CPU: the smallest setting
# whose median test accuracy over three seeds reaches 0.990 in under two minutes a run
# (bench/measured/convnet.json holds the run the test suite checks these numbers against).
SMALL_CONVNET = Preset(
    "Small convnet",
    (
        Conv2D(32, 3, "relu"),
        MaxPooling2D(2),
        Conv2D(64, 3, "relu"),
        MaxPooling2D(2),
        Flatten(),
        Dropout(0.5),
        Dense(10, "softmax"),
    ),
    epochs=6,
    batch_size=32,
    optimizer="adam",
    learning_rate=0.001,
)
PRESETS = (SEED, SMALL_CONVNET)


# --- the Keras model, its code and its input ------------------------------------------------
def build(layers: Sequence[Layer], input_shape: Shape | None = None) -> Any:
    """The keras.Sequential (not compiled) of ``layers``, named mnist_dense or mnist_convnet,
    its layers named as ``describe`` names them; ArchitectureError when the list cannot build."""
    description = checked(layers, input_shape)
    import keras

    model = keras.Sequential(name=f"mnist_{model_kind(layers)}")
    model.add(keras.Input(shape=description.input_shape))
    for row in description.rows:
        model.add(row.layer.keras_layer(row.name))
    return model


def checked(layers: Sequence[Layer], input_shape: Shape | None = None) -> Description:
    """``describe``, raising ArchitectureError with every problem when there is one."""
    description = describe(layers, input_shape)
    if description.problems:
        raise ArchitectureError(" ".join(description.problems))
    return description


def model_code(layers: Sequence[Layer], input_shape: Shape | None = None) -> list[str]:
    """The source lines ``model = keras.Sequential([...])`` that build the same model."""
    description = checked(layers, input_shape)
    lines = ["model = keras.Sequential(["]
    lines.append(f"    keras.Input(shape={shape_text(description.input_shape)}),")
    for row in description.rows:
        shapes = f"{shape_text(row.input_shape or ())} -> {shape_text(row.output_shape or ())}"
        lines.append(f"    {row.layer.code()},  # {shapes}")
    lines.append("])")
    return lines


@dataclass(frozen=True)
class Preprocessing:
    input_shape: Shape
    code: list[str]  # a comment, then the lines that prepare x_train and x_test
    words: str  # why the data takes this shape


def preprocessing(input_shape: Shape) -> Preprocessing:
    """How MNIST's (n, 28, 28) uint8 images become the float32 input a model of
    ``input_shape`` takes, as code and in words."""
    target = "(n, " + shape_text(input_shape)[1:].rstrip(",)") + ")"
    if tuple(input_shape) == FLAT_SHAPE:
        reshape = "(len({x}), 28 * 28)"
        words = (
            f"Each (28, 28) image becomes one row of 784 pixels: {target}. A Dense layer takes "
            "a vector per sample, so the rows and columns of the picture are laid end to end."
        )
    elif tuple(input_shape) == IMAGE_SHAPE:
        reshape = "(len({x}), 28, 28, 1)"
        words = (
            f"Rank 4, {target}: samples, height, width, channels. Conv2D slides its kernels "
            "over height and width and mixes the channels, so each image keeps its rows and "
            "columns and gains a channel axis of length 1 (grey; a colour photo has 3)."
        )
    else:
        raise ValueError(f"MNIST images do not reshape to {shape_text(input_shape)}")
    code = [f"# Preprocessing: (n, 28, 28) uint8 -> {target} float32 in [0, 1]"]
    for x in ("x_train", "x_test"):
        code.append(f"{x} = {x}.reshape({reshape.format(x=x)}).astype('float32') / 255")
    return Preprocessing(tuple(input_shape), code, words)


def prepare(images: np.ndarray, input_shape: Shape) -> np.ndarray:
    """(n, 28, 28) uint8 images as the float32 (n, *input_shape) input in [0, 1] that the
    preprocessing code makes."""
    if math.prod(images.shape[1:]) != math.prod(input_shape):
        raise ValueError(
            f"images of shape {shape_text(images.shape[1:])} do not reshape to "
            f"{shape_text(input_shape)}"
        )
    return images.reshape((len(images), *input_shape)).astype("float32") / 255.0

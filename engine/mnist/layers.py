"""The layers a Sequential MNIST model can be built from, as frozen plain data (no TensorFlow).

Each layer knows what it does to the shape of one sample, how many weights it has (and the
arithmetic behind that count), the Keras call that makes it, and how to make that Keras layer.
The numbers follow Keras's own rules for these layers with their defaults: "valid" padding, a
convolution stride of 1, and a pooling stride equal to the pool size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral
from typing import Any, ClassVar, Protocol

from engine.shared.limits import shape_text

Shape = tuple[int, ...]  # one sample's shape, without the batch axis: (28, 28, 1), (784,)

ACTIVATIONS = ("relu", "softmax", "sigmoid", "tanh", "elu", "gelu", "linear")
MAX_UNITS = 8192
MAX_FILTERS = 1024
# Kernels and pools larger than MNIST's 28 pixels are allowed here so that "larger than its
# input" can be reported on the layer's row instead of refused while typing.
MAX_WINDOW = 64
# A Dense layer after a Flatten of a big feature map can ask for billions of weights; ~100
# million (400 MB as float32, more with the optimizer's state) is already more than this
# machine trains in reasonable time, and it still admits today's largest Dense layers
# (8192 × 8192 ≈ 67 million).
MAX_LAYER_PARAMS = 100_000_000


@dataclass(frozen=True)
class Step:
    """What one layer makes of its input: the output shape (None when the layer cannot take
    that input), the weight count, the arithmetic behind both, and the problem if any."""

    output: Shape | None
    params: int = 0
    params_arithmetic: str = ""  # e.g. "3 × 3 × 1 × 32 + 32"
    shape_arithmetic: str = ""  # e.g. "28 − 3 + 1 = 26"
    problem: str = ""


class Layer(Protocol):
    """What every layer spec offers (the frozen dataclasses below)."""

    # Keras's default name for the first layer of this kind: dense, conv2d, max_pooling2d, …
    keras_name: ClassVar[str]

    def step(self, shape: Shape) -> Step: ...

    def label(self) -> str: ...  # for people: "Conv2D(32, 3×3, relu)"

    def formula(self) -> str: ...  # what it computes: "relu(conv(input, K) + b)"

    def code(self) -> str: ...  # the keras.layers call that builds it

    def keras_layer(self, name: str) -> Any: ...  # that Keras layer (imports Keras)


def _check_activation(activation: str) -> None:
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r} (known: {', '.join(ACTIVATIONS)})")


def _check_whole(value: int, low: int, high: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ValueError(f"{what} must be a whole number, not {value!r}")
    if value < low:
        raise ValueError(f"{what} must be at least {low}")
    if value > high:
        raise ValueError(f"{what} must be at most {high}")


def _image(shape: Shape, kind: str) -> Step | None:
    """The problem of a spatial layer that gets no image, or None when ``shape`` is one."""
    if len(shape) == 3:
        return None
    return Step(
        None,
        problem=(
            f"{kind} needs an image (height, width, channels) but gets {shape_text(shape)}: "
            "put it before any Flatten or Dense layer"
        ),
    )


def _too_many(params: int) -> str:
    if params <= MAX_LAYER_PARAMS:
        return ""
    return f"this layer would have {params:,} weights; the limit is {MAX_LAYER_PARAMS:,}"


@dataclass(frozen=True)
class Dense:
    units: int
    activation: str = "relu"

    keras_name: ClassVar[str] = "dense"

    def __post_init__(self) -> None:
        _check_whole(self.units, 1, MAX_UNITS, "units")
        _check_activation(self.activation)

    def step(self, shape: Shape) -> Step:
        if len(shape) != 1:
            # Keras would apply the layer to the last axis at every position and keep the
            # image's shape: no error, but no vector of class scores either.
            return Step(
                None,
                problem=(
                    f"a Flatten is missing before this Dense layer: it gets {shape_text(shape)}, "
                    "an image, where it needs a vector"
                ),
            )
        (inputs,) = shape
        params = inputs * self.units + self.units
        return Step(
            (self.units,),
            params,
            f"{inputs} × {self.units} + {self.units}",
            f"one value per unit: {self.units}",
            _too_many(params),
        )

    def label(self) -> str:
        return f"Dense({self.units}, {self.activation})"

    def formula(self) -> str:
        return _activated(self.activation, "dot(input, W) + b")

    def code(self) -> str:
        return f"keras.layers.Dense({self.units}, activation={self.activation!r})"

    def keras_layer(self, name: str) -> Any:
        import keras

        return keras.layers.Dense(self.units, activation=self.activation, name=name)


@dataclass(frozen=True)
class Conv2D:
    filters: int
    kernel: int  # a square kernel: kernel × kernel pixels
    activation: str = "relu"

    keras_name: ClassVar[str] = "conv2d"

    def __post_init__(self) -> None:
        _check_whole(self.filters, 1, MAX_FILTERS, "filters")
        _check_whole(self.kernel, 1, MAX_WINDOW, "a kernel size")
        _check_activation(self.activation)

    def step(self, shape: Shape) -> Step:
        refused = _image(shape, "Conv2D")
        if refused:
            return refused
        height, width, channels = shape
        k = self.kernel
        if k > height or k > width:
            return Step(
                None,
                problem=f"the {k}×{k} kernel is larger than its {height}×{width} input",
            )
        params = k * k * channels * self.filters + self.filters
        out_h, out_w = height - k + 1, width - k + 1  # "valid": the kernel stays inside
        return Step(
            (out_h, out_w, self.filters),
            params,
            f"{k} × {k} × {channels} × {self.filters} + {self.filters}",
            _sides(height, width, f"{{}} − {k} + 1 = {{}}", out_h, out_w),
            _too_many(params),
        )

    def label(self) -> str:
        return f"Conv2D({self.filters}, {self.kernel}×{self.kernel}, {self.activation})"

    def formula(self) -> str:
        return _activated(self.activation, "conv(input, K) + b")

    def code(self) -> str:
        k = self.kernel
        return (
            f"keras.layers.Conv2D({self.filters}, kernel_size=({k}, {k}), "
            f"activation={self.activation!r})"
        )

    def keras_layer(self, name: str) -> Any:
        import keras

        k = self.kernel
        return keras.layers.Conv2D(
            self.filters, kernel_size=(k, k), activation=self.activation, name=name
        )


@dataclass(frozen=True)
class MaxPooling2D:
    pool: int  # a square pool, also its stride: pool × pool pixels become one

    keras_name: ClassVar[str] = "max_pooling2d"

    def __post_init__(self) -> None:
        _check_whole(self.pool, 1, MAX_WINDOW, "a pool size")

    def step(self, shape: Shape) -> Step:
        refused = _image(shape, "MaxPooling2D")
        if refused:
            return refused
        height, width, channels = shape
        p = self.pool
        out_h, out_w = height // p, width // p  # "valid": a partial last window is dropped
        if out_h == 0 or out_w == 0:
            return Step(
                None,
                problem=(f"the {p}×{p} pool shrinks the {height}×{width} input to {out_h}×{out_w}"),
            )
        return Step(
            (out_h, out_w, channels),
            0,
            "no weights: the maximum of each window",
            _sides(height, width, f"{{}} // {p} = {{}}", out_h, out_w),
        )

    def label(self) -> str:
        return f"MaxPooling2D({self.pool}×{self.pool})"

    def formula(self) -> str:
        return f"the maximum of each {self.pool}×{self.pool} window"

    def code(self) -> str:
        return f"keras.layers.MaxPooling2D(pool_size=({self.pool}, {self.pool}))"

    def keras_layer(self, name: str) -> Any:
        import keras

        return keras.layers.MaxPooling2D(pool_size=(self.pool, self.pool), name=name)


@dataclass(frozen=True)
class Flatten:
    keras_name: ClassVar[str] = "flatten"

    def step(self, shape: Shape) -> Step:
        size = math.prod(shape)
        return Step(
            (size,),
            0,
            "no weights: the same values in one row",
            f"{' × '.join(str(n) for n in shape)} = {size}",
        )

    def label(self) -> str:
        return "Flatten()"

    def formula(self) -> str:
        return "the same values in one row"

    def code(self) -> str:
        return "keras.layers.Flatten()"

    def keras_layer(self, name: str) -> Any:
        import keras

        return keras.layers.Flatten(name=name)


@dataclass(frozen=True)
class Dropout:
    rate: float  # the fraction of inputs set to 0 at each training step (none at prediction)

    keras_name: ClassVar[str] = "dropout"

    def __post_init__(self) -> None:
        if not (isinstance(self.rate, int | float) and 0.0 <= self.rate < 1.0):
            raise ValueError(f"a dropout rate must be at least 0 and below 1, not {self.rate!r}")

    def step(self, shape: Shape) -> Step:
        return Step(
            shape,
            0,
            "no weights",
            f"unchanged; {self.rate:g} of the values are zeroed while training",
        )

    def label(self) -> str:
        return f"Dropout({self.rate:g})"

    def formula(self) -> str:
        return f"input; while training, {self.rate:g} of it set to 0 (the rest scaled up)"

    def code(self) -> str:
        return f"keras.layers.Dropout({self.rate!r})"

    def keras_layer(self, name: str) -> Any:
        import keras

        return keras.layers.Dropout(self.rate, name=name)


def _activated(activation: str, inner: str) -> str:
    return inner if activation == "linear" else f"{activation}({inner})"


def _sides(height: int, width: int, rule: str, out_h: int, out_w: int) -> str:
    """The output-side arithmetic once when the input is square, per side otherwise."""
    if height == width:
        return rule.format(height, out_h)
    return f"height {rule.format(height, out_h)}, width {rule.format(width, out_w)}"

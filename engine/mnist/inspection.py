"""What a trained model looks at: the saliency of one digit (the gradient of the predicted
class's probability with respect to the input pixels, the Gradients tab's tf.GradientTape lesson
applied to a trained network) and, for a conv model, each Conv2D layer's activations and filters.

Everything returned is plain NumPy, so the GUI can draw it without touching TensorFlow.
TensorFlow is imported inside the functions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.mnist.model import TrainingError
from engine.mnist.training import TrainingSession
from engine.shared.code import code_header
from engine.shared.limits import shape_text

SIDE = 28


@dataclass(frozen=True)
class Saliency:
    image: np.ndarray  # (28, 28) float32 in [0, 1]: the input the model saw
    gradient: np.ndarray  # (28, 28) float32: d probability(predicted) / d pixel
    predicted: int
    probability: float
    input_shape: tuple[int, ...]  # the model's input for one sample: (784,) or (28, 28, 1)
    code: str  # standalone tf.GradientTape code that computes the same gradient


@dataclass(frozen=True)
class FeatureMaps:
    """One Conv2D layer seen on one image."""

    name: str
    activation: str  # its activation function's name: relu, tanh, linear, …
    activations: np.ndarray | None  # (h, w, filters) float32: its output; None without an image
    kernels: np.ndarray  # (k, k, in_channels, filters) float32: its filters


def as_pixels(image: np.ndarray) -> np.ndarray:
    """A 28×28 image as float32 in [0, 1]: whole numbers are read as 0–255 (MNIST's uint8),
    floats as already scaled."""
    array = np.asarray(image)
    if array.shape != (SIDE, SIDE):
        raise ValueError(f"expected a 28×28 image, got shape {shape_text(array.shape)}")
    if array.dtype.kind in "iu":
        if array.min(initial=0) < 0 or array.max(initial=0) > 255:
            raise ValueError("whole-number pixels must be 0–255")
        return array.astype(np.float32) / np.float32(255.0)
    if array.dtype.kind != "f":
        raise ValueError(f"pixels must be numbers, not {array.dtype}")
    if not (np.isfinite(array).all() and array.min() >= 0.0 and array.max() <= 1.0):
        raise ValueError("float pixels must be finite and in [0, 1]")
    return array.astype(np.float32)


def _input_shape(model: Any) -> tuple[int, ...]:
    shape = tuple(int(n) for n in model.inputs[0].shape[1:])
    if math.prod(shape) != SIDE * SIDE:
        raise ValueError(f"the model takes {shape_text(shape)}, not a 28×28 image")
    return shape


def saliency(model: Any, image: np.ndarray, model_path: str | None = "model.keras") -> Saliency:
    """The gradient of the predicted class's probability with respect to each input pixel.

    ``model_path`` is where the code's ``load_model`` finds the same model (a .keras file);
    None for code that uses a ``model`` made before it (by the training code)."""
    import tensorflow as tf

    pixels = as_pixels(image)
    shape = _input_shape(model)
    x = tf.constant(pixels.reshape((1, *shape)))
    with tf.GradientTape() as tape:
        tape.watch(x)  # a constant is not followed unless asked
        probabilities = model(x, training=False)
        predicted = int(np.argmax(probabilities[0]))
        probability = probabilities[0, predicted]
    gradient = tape.gradient(probability, x)
    return Saliency(
        image=pixels,
        gradient=np.asarray(gradient).reshape((SIDE, SIDE)).astype(np.float32),
        predicted=predicted,
        probability=float(probability),
        input_shape=shape,
        code=saliency_code(np.asarray(image), shape, model_path),
    )


def saliency_code(image: np.ndarray, input_shape: tuple[int, ...], model_path: str | None) -> str:
    """A script that loads the model (from ``model_path``; None: the ``model`` that code run
    before made) and prints the saliency ``saliency`` computes."""
    whole = image.dtype.kind in "iu"
    rows = [", ".join(_pixel(v, whole) for v in row) for row in np.asarray(image)]
    lines = [code_header(keras=True)]
    if model_path is None:
        lines.append("# model: the trained model, made by the code above")
    else:
        lines.append(f"model = keras.models.load_model({model_path!r})")
    lines.append("image = np.array([")
    lines += [f"    [{row}]," for row in rows]
    scale = " / 255  # uint8 0-255 -> [0, 1]" if whole else "  # already in [0, 1]"
    lines.append(f"], dtype='float32'){scale}")
    lines += [
        "",
        f"x = tf.constant(image.reshape((1, {', '.join(map(str, input_shape))})))"
        "  # a batch of one, shaped as the model's input",
        "with tf.GradientTape() as tape:",
        "    tape.watch(x)  # x is a constant: the tape follows it only when told to",
        "    probabilities = model(x, training=False)",
        "    predicted = int(np.argmax(probabilities[0]))",
        "    probability = probabilities[0, predicted]",
        "# How much the predicted class's probability changes per unit of each pixel",
        "saliency = tape.gradient(probability, x).numpy().reshape((28, 28))",
        'print(f"predicted {predicted} with probability {float(probability):.4f}")',
        "print(np.round(saliency / np.abs(saliency).max(), 2))  # scaled to [-1, 1]",
    ]
    return "\n".join(lines) + "\n"


def _pixel(value: Any, whole: bool) -> str:
    if whole:
        return f"{int(value):3d}"  # aligned, so that the digit shows in the code
    # The shortest text that reads back as the same float32.
    return np.format_float_positional(np.float32(value), unique=True, trim="-")


def feature_maps(model: Any, image: np.ndarray | None) -> list[FeatureMaps]:
    """Each Conv2D layer's kernels and, for ``image``, its activations, in layer order; empty
    for a model without Conv2D layers."""
    import keras
    import tensorflow as tf

    if image is None:
        return [
            _maps(layer, None) for layer in model.layers if isinstance(layer, keras.layers.Conv2D)
        ]
    x = tf.constant(as_pixels(image).reshape((1, *_input_shape(model))))
    if not isinstance(model, keras.Sequential):  # e.g. a functional model loaded from a file
        convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
        probe = keras.Model(model.inputs[0], [layer.output for layer in convs])
        outputs = probe(x, training=False) if convs else []
        outputs = outputs if isinstance(outputs, list | tuple) else [outputs]
        return [_maps(c, np.asarray(y[0], np.float32)) for c, y in zip(convs, outputs, strict=True)]
    maps = []
    for layer in model.layers:  # one pass through the Sequential, keeping what conv layers make
        x = layer(x, training=False)
        if isinstance(layer, keras.layers.Conv2D):
            maps.append(_maps(layer, np.asarray(x[0], dtype=np.float32)))
    return maps


def _maps(layer: Any, activations: np.ndarray | None) -> FeatureMaps:
    activation = getattr(layer.activation, "__name__", str(layer.activation))
    kernels = np.asarray(layer.kernel, dtype=np.float32)
    return FeatureMaps(str(layer.name), str(activation), activations, kernels)


# --- the app's jobs: the session's model, on the engine's thread -----------------------------
def _model(session: TrainingSession) -> Any:
    if session.model is None:
        raise TrainingError("There is no model yet: train one or load a .keras file.")
    return session.model


def session_saliency(
    session: TrainingSession, image: np.ndarray, model_path: str | None
) -> Saliency:
    """``saliency`` of the session's model."""
    return saliency(_model(session), image, model_path)


def session_feature_maps(session: TrainingSession, image: np.ndarray | None) -> list[FeatureMaps]:
    """``feature_maps`` of the session's model."""
    return feature_maps(_model(session), image)

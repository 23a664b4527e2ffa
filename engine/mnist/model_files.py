"""Saving and loading whole Keras models, with refusals that say what is wrong with the file.

Keras's own messages speak of its internals: a file that is not a zip archive is reported as
"File not found", one without a model inside as a KeyError about config.json. The checks here
come first and word it for the person who picked the file.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from engine.mnist.layers import Conv2D, Dense, Dropout, Flatten, Layer, MaxPooling2D
from engine.mnist.model import INPUT_DIM, TrainingError
from engine.mnist.results import LoadedModel
from engine.mnist.stages import Stages, read_stages, write_stages
from engine.shared.atomic import atomic_write

LOADABLE_SUFFIXES = (".keras", ".h5")  # Keras 3's format, and the legacy HDF5 one it still reads
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


class ModelFileError(TrainingError):
    """A model file that cannot be saved or loaded (the message says why, in the user's terms)."""


def save_model_file(model: Any, path: str | os.PathLike[str], stages: Stages | None = None) -> Path:
    """Write ``model`` to ``path`` atomically, with its training record (``stages``) inside:
    a temporary file in the same folder, then rename. If anything fails, an existing file at
    ``path`` stays as it was."""
    path = Path(path)
    if path.suffix != ".keras":
        raise ModelFileError(f"Keras saves whole models as .keras files, not {path.suffix!r}.")

    def write(temp: Path) -> None:
        model.save(temp)
        if stages is not None:
            write_stages(temp, stages)

    return atomic_write(path, write, suffix=".keras")


def check_model_file(path: Path) -> None:
    """Refuse, in words about the file, what Keras would refuse in words about itself."""
    name = path.name
    if not path.exists():
        raise ModelFileError(f"There is no file {path}.")
    if not path.is_file():
        raise ModelFileError(f"{path} is a folder, not a model file.")
    if path.suffix == ".h5":
        with path.open("rb") as file:
            if file.read(len(HDF5_SIGNATURE)) != HDF5_SIGNATURE:
                raise ModelFileError(f"{name} is not a Keras model: it is not an HDF5 file.")
        return
    if not zipfile.is_zipfile(path):
        raise ModelFileError(
            f"{name} is not a Keras model: a .keras file is a zip archive holding the model's "
            "config.json and its weights, and this file is not a zip archive."
        )
    with zipfile.ZipFile(path) as archive:
        if "config.json" not in archive.namelist():
            raise ModelFileError(
                f"{name} is a zip archive but not a Keras model: it has no config.json inside."
            )


def load_model_file(path: str | os.PathLike[str]) -> tuple[Any, LoadedModel]:
    """Load a .keras (or legacy .h5) model that takes 28×28 inputs; returns it with its layers
    as the builder lists them, its parameter count and its training record."""
    import keras

    path = Path(path)
    check_model_file(path)
    try:
        model = keras.models.load_model(path)
    except Exception as exc:  # Keras raises anything from ValueError to KeyError here
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelFileError(
            f"{path.name} holds a model that Keras cannot rebuild ({reason[:200]})."
        ) from exc
    if not getattr(model, "inputs", None):
        raise ModelFileError(f"{path.name} holds a model with no defined input shape.")
    in_shape = tuple(model.inputs[0].shape[1:])
    if int(np.prod(in_shape)) != INPUT_DIM:
        raise ModelFileError(
            f"{path.name} expects inputs shaped {in_shape}; this trainer feeds 28×28 images."
        )
    iterations = getattr(getattr(model, "optimizer", None), "iterations", None)
    stages = read_stages(path) or Stages(
        unrecorded_updates=int(iterations.numpy()) if iterations is not None else 0
    )
    loaded = LoadedModel(
        str(path),
        builder_layers(model),
        int(model.count_params()),
        stages,
        int(model.outputs[0].shape[-1]),
    )
    return model, loaded


def builder_layers(model: Any) -> tuple[Layer, ...]:
    """``model``'s layers as the builder lists them; () when one of them is none of the kinds
    it offers (or differs from them: strides, padding, a non-square window)."""
    layers = []
    for layer in model.layers:
        found = _builder_layer(layer, layer.get_config())
        if found is None:
            return ()
        layers.append(found)
    return tuple(layers)


def _builder_layer(layer: Any, config: dict[str, Any]) -> Layer | None:
    kind = type(layer).__name__
    try:
        if kind == "Dense":
            return Dense(int(config["units"]), str(config["activation"]))
        if kind == "Conv2D" and _square(config["kernel_size"]) and _plain(config, (1, 1)):
            return Conv2D(
                int(config["filters"]), int(config["kernel_size"][0]), config["activation"]
            )
        if kind == "MaxPooling2D" and _square(config["pool_size"]):
            pool = int(config["pool_size"][0])
            if _plain(config, (pool, pool)):
                return MaxPooling2D(pool)
        if kind == "Flatten":
            return Flatten()
        if kind == "Dropout":
            return Dropout(float(config["rate"]))
    except (KeyError, TypeError, ValueError):
        return None
    return None


def _square(window: Any) -> bool:
    return len(window) == 2 and window[0] == window[1]


def _plain(config: dict[str, Any], strides: tuple[int, int]) -> bool:
    """Keras's defaults, which the builder's layers always have: no padding, plain strides."""
    return config.get("padding") == "valid" and tuple(config.get("strides") or strides) == strides

"""The Rank Explorer's examples: from a scalar up to rank-5 video, plus real MNIST digits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

CUSTOM = "custom"  # the key of a tensor that is none of the examples (typed, or changed)
DIGITS = "mnist"  # the example read from a file: real MNIST digits


@dataclass(frozen=True)
class Example:
    key: str
    title: str
    text: str | None  # a literal parse_literal reads; None for data loaded from a file
    names: tuple[str, ...] | None  # what each axis means, when the example says so
    about: str


EXAMPLES = (
    Example("scalar", "Scalar · rank 0", "np.array(2)", (), "A single number: no axes at all."),
    Example("vector", "Vector · rank 1", "[2, 3]", None, "One axis: a row of numbers."),
    Example("matrix", "Matrix · rank 2", "[[2, 3], [4, 5]]", None, "Two axes: rows and columns."),
    Example(
        "rank3",
        "Rank-3 tensor · (3, 2, 3)",
        "[[[2, 3, 4], [5, 6, 7]], [[8, 9, 10], [11, 12, 13]], [[14, 15, 16], [17, 18, 19]]]",
        None,
        "Three matrices of 2 rows and 3 columns, stacked along axis 0.",
    ),
    Example(
        "vector-data",
        "Vector data · (samples, features)",
        "[[34, 172, 68], [27, 160, 55], [45, 181, 90], [52, 168, 74]]",
        ("samples", "features"),
        "Four people, each described by age, height in cm and weight in kg.",
    ),
    Example(
        "timeseries",
        "Time series · (samples, timesteps, features)",
        "[[[12.5, 81, 3.1], [13.2, 78, 3.6], [14.8, 72, 4.0], [15.1, 70, 4.4]], "
        "[[8.3, 90, 1.2], [8.9, 88, 1.5], [10.4, 84, 2.1], [11.0, 80, 2.3]]]",
        ("samples", "timesteps", "features"),
        "Two weather stations, four hourly readings each of temperature, humidity and wind.",
    ),
    Example(
        "images",
        "Images · (samples, height, width, channels)",
        "np.arange(96, dtype='uint8').reshape(2, 4, 4, 3)",
        ("samples", "height", "width", "channels"),
        "Two tiny 4×4 RGB pictures; the values count up in memory order.",
    ),
    Example(
        "video",
        "Video · (samples, frames, height, width, channels)",
        "np.arange(216, dtype='uint8').reshape(2, 3, 4, 3, 3)",
        ("samples", "frames", "height", "width", "channels"),
        "Two clips of three 4×3 RGB frames each: a rank-5 tensor.",
    ),
    Example(
        DIGITS,
        "MNIST digits · (samples, height, width)",
        None,
        ("samples", "height", "width"),
        "Real handwritten digits from the MNIST test set, 28×28 grayscale pixels each.",
    ),
)

MNIST_BATCH = 8


def example(key: str) -> Example:
    for item in EXAMPLES:
        if item.key == key:
            return item
    raise KeyError(key)


@dataclass(frozen=True)
class DigitBatch:
    images: np.ndarray  # (n, 28, 28) uint8
    labels: tuple[int, ...]
    source: str  # where the digits came from, for people
    file: Path | None  # the .npz they were read from; None if the source names none


def mnist_batch(count: int = MNIST_BATCH) -> DigitBatch:
    """The first ``count`` MNIST test digits, from the file engine.shared.mnist_data reads by
    default (the Keras cache, else the bundled copy; reads a file: use the worker)."""
    from engine.shared.mnist_data import load_mnist

    data = load_mnist()
    count = max(1, min(int(count), len(data.x_test)))
    images = np.array(data.x_test[:count])
    return DigitBatch(
        images, tuple(int(v) for v in data.y_test[:count]), data.source, _file(data.source)
    )


def _file(source: str) -> Path | None:
    """Which file load_mnist read. MnistData says it only in words ("bundled MNIST <path>",
    "Keras cache <path>", with a note after a skipped cache), so look for the two paths it
    may have read by default; the bundled one first, as a skipped cache is named in its note."""
    from engine.shared.mnist_data import bundled_path, keras_cache_path

    for path in (bundled_path(), keras_cache_path()):
        if f" {path}" in source:
            return path
    return None

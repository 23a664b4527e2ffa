"""The arithmetic of a training run: batches per epoch, gradient updates, the validation split."""

from __future__ import annotations

import math


def gradient_updates(samples: int, batch_size: int, epochs: int) -> int:
    """ceil(samples / batch_size) * epochs: one update per batch, the last batch may be short."""
    return steps_per_epoch(samples, batch_size) * _positive("epochs", epochs)


def steps_per_epoch(samples: int, batch_size: int) -> int:
    if samples < 0:
        raise ValueError(f"samples must not be negative, got {samples}")
    return math.ceil(samples / _positive("batch size", batch_size))


def split_count(samples: int, validation_split: float) -> int:
    """How many samples Keras trains on with ``validation_split``: the first
    floor(n * (1 - split)); the rest are held out for validation."""
    if not 0.0 <= validation_split < 1.0:
        raise ValueError(f"validation split must be in [0, 1), got {validation_split}")
    return int(math.floor(samples * (1.0 - validation_split)))


def _positive(name: str, value: int) -> int:
    if int(value) != value or value < 1:
        raise ValueError(f"{name} must be a whole number of at least 1, got {value}")
    return int(value)

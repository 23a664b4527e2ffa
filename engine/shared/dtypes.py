"""The dtypes the app knows by name: what a literal may ask for, and what files may hold."""

from __future__ import annotations

import numpy as np

DTYPES = (
    "bool",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "float16",
    "float32",
    "float64",
)


def numpy_name(dtype: np.dtype | str | type) -> str:
    """``np.float32``; ``np.bool_`` for bool, the spelling every NumPy version knows."""
    name = np.dtype(dtype).name
    return "np.bool_" if name == "bool" else f"np.{name}"

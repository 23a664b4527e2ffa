"""Loading TensorFlow once, on whichever thread asks first (the worker thread in the app)."""

from __future__ import annotations

import os
import platform


def load_tensorflow() -> dict[str, str]:
    """Import TensorFlow and Keras and return their versions (slow: ~3 s the first time)."""
    # Silence TensorFlow's C++ start-up banner; real errors still reach the log.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras
    import tensorflow as tf

    return {"TensorFlow": tf.__version__, "Keras": keras.__version__}


def python_version() -> str:
    return platform.python_version()

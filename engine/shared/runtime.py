"""Loading TensorFlow once, on whichever thread asks first (the worker thread in the app)."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

XLA_CACHE_FLAG = "--tf_xla_persistent_cache_directory"


def load_tensorflow() -> dict[str, str]:
    """Import TensorFlow and Keras and return their versions (slow: ~3 s the first time)."""
    # Silence TensorFlow's C++ start-up banner; real errors still reach the log.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    use_xla_cache()
    import keras
    import tensorflow as tf

    return {"TensorFlow": tf.__version__, "Keras": keras.__version__}


def python_version() -> str:
    return platform.python_version()


def cache_folder() -> Path:
    """The user's cache folder for the app: ``$XDG_CACHE_HOME/tensor-workbench`` (default
    ``~/.cache``) on Linux, ``~/Library/Caches`` on macOS, ``%LOCALAPPDATA%`` on Windows. Without
    spaces in its own name: TensorFlow's flags are split at spaces."""
    if sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "tensor-workbench"


def use_xla_cache() -> None:
    """Keep what XLA compiles on disk (TensorFlow's persistent cache, keyed by the compiled
    program), so that a model's training step compiled in one session loads in milliseconds in
    the next instead of compiling again for about a second. Call before TensorFlow starts; a
    cache the user's TF_XLA_FLAGS already name is kept, and a folder path with a space in it
    (which TensorFlow's flag parser would split) goes without."""
    flags = os.environ.get("TF_XLA_FLAGS", "")
    folder = cache_folder() / "xla"
    if XLA_CACHE_FLAG in flags or any(c.isspace() for c in str(folder)):
        return
    os.environ["TF_XLA_FLAGS"] = f"{flags} {XLA_CACHE_FLAG}={folder}".strip()

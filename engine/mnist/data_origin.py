"""Where a run's data came from, so that the code a tab shows reads the very same file.

``load_mnist(None)`` reads Keras's cache when it holds a good copy, else the bundled one; an
explicit path is an .npz file or a folder of IDX files. The generated code cannot call the
app's loader (it must run anywhere, offline), so it names the file or the IDX files itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from engine.shared.mnist_data import (
    ARRAY_NAMES,
    IDX_NAMES,
    MnistData,
    bundled_path,
    keras_cache_path,
    load_mnist,
)


@dataclass(frozen=True)
class DataOrigin:
    kind: Literal["npz", "idx"]
    path: str  # the .npz file, or the folder of IDX files (absolute)
    idx_files: tuple[str, ...] = ()  # for "idx": the file names of x_train, y_train, x_test, y_test


@dataclass(frozen=True)
class LoadedData:
    """Data as loaded for the trainer, with where it came from."""

    data: MnistData
    origin: DataOrigin


def idx_file_names(folder: Path) -> tuple[str, ...]:
    """The names of the four IDX files in ``folder``, as load_mnist finds them."""
    names = []
    for array in ARRAY_NAMES:
        for stem in IDX_NAMES[array]:
            found = [n for n in (stem, f"{stem}.gz") if (folder / n).is_file()]
            if found:
                names.append(found[0])
                break
    return tuple(names)


def data_origin(path: str | os.PathLike[str] | None, data: MnistData | None = None) -> DataOrigin:
    """Where ``data``, loaded by ``load_mnist(path)``, was read from; before it has loaded
    (``data`` None), where it will be read from."""
    if path is not None and str(path).strip():
        chosen = Path(path).expanduser().resolve()
        if chosen.is_dir():
            return DataOrigin("idx", str(chosen), idx_file_names(chosen))
        return DataOrigin("npz", str(chosen))
    if data is not None and data.path is not None:  # the file load_mnist actually read
        return DataOrigin("npz", str(data.path.resolve()))
    cache = keras_cache_path()
    return DataOrigin("npz", str((cache if cache.is_file() else bundled_path()).resolve()))


def load_with_origin(path: str | os.PathLike[str] | None = None) -> LoadedData:
    data = load_mnist(path)
    return LoadedData(data, data_origin(path, data))

"""MNIST-shaped data: loading the digits from wherever they are (the trainer and the rank
explorer both read them).

``load_mnist`` looks, in order, at an explicit path (an .npz in Keras's layout, or a folder of
the four IDX files, gzipped or not), then Keras's cache ``~/.keras/datasets/mnist.npz``, then the
copy bundled in ``resources/mnist.npz``. It never downloads.
"""

from __future__ import annotations

import os
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.shared.idx import IdxError, read_idx
from resources import resource_path

ARRAY_NAMES = ("x_train", "y_train", "x_test", "y_test")
IMAGE_SHAPE = (28, 28)
# Accepted IDX file names for each array (LeCun's, and the dotted variant some mirrors use).
IDX_NAMES = {
    "x_train": ("train-images-idx3-ubyte", "train-images.idx3-ubyte"),
    "y_train": ("train-labels-idx1-ubyte", "train-labels.idx1-ubyte"),
    "x_test": ("t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"),
    "y_test": ("t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"),
}


class DatasetError(ValueError):
    """A data file that is missing, unreadable or not shaped like MNIST."""


@dataclass(frozen=True)
class MnistData:
    x_train: np.ndarray  # (n, 28, 28) uint8
    y_train: np.ndarray  # (n,) uint8
    x_test: np.ndarray
    y_test: np.ndarray
    source: str  # where it came from, for people
    path: Path | None = None  # the .npz file or IDX folder it was read from (code reads it too)

    @property
    def num_classes(self) -> int:
        return int(max(self.y_train.max(initial=0), self.y_test.max(initial=0))) + 1

    def subset(self, limit: int | None) -> MnistData:
        """The first ``limit`` training and test samples (all of them for None)."""
        if limit is None:
            return self
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        return MnistData(
            self.x_train[:limit],
            self.y_train[:limit],
            self.x_test[:limit],
            self.y_test[:limit],
            f"{self.source}, first {limit:,}",
            self.path,
        )


# --- loading ------------------------------------------------------------------------------
_cache: dict[tuple[object, ...], MnistData] = {}
_cache_lock = threading.Lock()


def keras_cache_path() -> Path:
    """Where ``keras.datasets.mnist.load_data()`` keeps its download (honours KERAS_HOME)."""
    base = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(base) / "datasets" / "mnist.npz"


def bundled_path() -> Path:
    return resource_path("mnist.npz")


def load_mnist(path: str | os.PathLike[str] | None = None) -> MnistData:
    """Load MNIST-shaped data; see the module docstring for where it looks.

    Raises DatasetError for an explicit path that is missing, corrupt or mis-shaped. A broken
    Keras cache is skipped (the bundled copy is used, and ``source`` says so).
    """
    if path is not None and str(path).strip():
        return _load_path(Path(path).expanduser())
    note = ""
    cache = keras_cache_path()
    if cache.is_file():
        try:
            return _load_cached(cache, "Keras cache")
        except DatasetError as exc:
            note = f" (skipped the Keras cache: {exc})"
    bundled = bundled_path()
    if not bundled.is_file():
        raise DatasetError(f"the bundled MNIST file is missing: {bundled}")
    data = _load_cached(bundled, "bundled MNIST")
    if note:
        data = MnistData(
            data.x_train, data.y_train, data.x_test, data.y_test, data.source + note, data.path
        )
    return data


def _load_path(path: Path) -> MnistData:
    if path.is_dir():
        return _load_cached(path, "IDX files")
    if not path.exists():
        raise DatasetError(f"no such file or folder: {path}")
    return _load_cached(path, "file")


def _load_cached(path: Path, label: str) -> MnistData:
    """Loads once per (path, size, mtime): opening the same data again costs nothing."""
    key = (str(path.resolve()), *_stamp(path))
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None:
        return hit
    arrays = _read_idx_folder(path) if path.is_dir() else _read_npz(path)
    data = _validate(arrays, f"{label} {path}", path)
    with _cache_lock:
        # Keep only the latest version of each path, so edited files do not pile up.
        for old in [k for k in _cache if k[0] == key[0]]:
            del _cache[old]
        _cache[key] = data
    return data


def _stamp(path: Path) -> tuple[object, ...]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file())
        return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    st = path.stat()
    return (st.st_size, st.st_mtime_ns)


def _read_npz(path: Path) -> dict[str, np.ndarray]:
    try:
        npz = np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as exc:
        # NumPy's own text for junk suggests unpickling it: not advice to pass on.
        reason = "neither a zip archive nor a NumPy file" if "pickled" in str(exc) else exc
        raise DatasetError(f"{path.name} is not a readable .npz file ({reason})") from exc
    if not isinstance(npz, np.lib.npyio.NpzFile):
        raise DatasetError(f"{path.name} holds a single array (.npy), not an .npz archive")
    with npz:
        missing = [name for name in ARRAY_NAMES if name not in npz.files]
        if missing:
            raise DatasetError(
                f"{path.name} lacks the array(s) {', '.join(missing)}; expected Keras's "
                f"layout {', '.join(ARRAY_NAMES)} (found: {', '.join(npz.files) or 'none'})"
            )
        try:
            return {name: npz[name] for name in ARRAY_NAMES}
        except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
            raise DatasetError(f"{path.name} is damaged ({exc})") from exc


def _find_idx(folder: Path, name: str) -> Path:
    for stem in IDX_NAMES[name]:
        for candidate in (folder / stem, folder / f"{stem}.gz"):
            if candidate.is_file():
                return candidate
    wanted = IDX_NAMES[name][0]
    raise DatasetError(f"{folder} has no {wanted} (or {wanted}.gz): expected the four IDX files")


def _read_idx_folder(folder: Path) -> dict[str, np.ndarray]:
    arrays = {}
    for name in ARRAY_NAMES:
        file = _find_idx(folder, name)
        try:
            arrays[name] = read_idx(file)
        except IdxError as exc:
            raise DatasetError(str(exc)) from exc
        except OSError as exc:
            raise DatasetError(f"cannot read {file}: {exc}") from exc
    return arrays


def _validate(arrays: dict[str, np.ndarray], source: str, path: Path) -> MnistData:
    out = {}
    for name in ARRAY_NAMES:
        a = np.asarray(arrays[name])
        images = name.startswith("x")
        want = f"(n, {IMAGE_SHAPE[0]}, {IMAGE_SHAPE[1]})" if images else "(n,)"
        if (images and a.shape[1:] != IMAGE_SHAPE) or (a.ndim != (3 if images else 1)):
            raise DatasetError(f"{name} has shape {a.shape}; expected {want}")
        if a.dtype != np.uint8:
            if a.dtype.kind not in "iu" or (a.size and (a.min() < 0 or a.max() > 255)):
                raise DatasetError(
                    f"{name} holds {a.dtype} values; expected whole numbers 0-255 (uint8)"
                )
            a = a.astype(np.uint8)
        a = np.ascontiguousarray(a)
        a.setflags(write=False)  # shared through the cache: nobody may change it
        out[name] = a
    for part in ("train", "test"):
        n_x, n_y = len(out[f"x_{part}"]), len(out[f"y_{part}"])
        if n_x != n_y:
            raise DatasetError(f"x_{part} has {n_x:,} images but y_{part} has {n_y:,} labels")
    if len(out["x_train"]) == 0:
        raise DatasetError("the training set is empty")
    return MnistData(**out, source=source, path=path)

"""Load and save the editor's tensor as .npy, .npz or CSV, with clear errors and atomic saves."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from engine.editor.values import EDITOR_DTYPES, Operand
from engine.shared.atomic import atomic_write
from engine.shared.limits import check_size

SUFFIXES = (".npy", ".npz", ".csv")
FILE_FILTER = "NumPy array (*.npy);;NumPy archive (*.npz);;CSV (*.csv);;All files (*)"
# Close relatives are widened to a dtype the editor holds; anything else is refused.
WIDEN = {
    "int8": "int32",
    "int16": "int32",
    "uint8": "int32",
    "uint16": "int32",
    "uint32": "int64",
    "float16": "float32",
}


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"{path.name}: use a .npy, .npz or .csv file")
    return suffix


def load_tensor(path: str | Path) -> Operand:
    """The array in ``path`` and the NumPy code that loads it. Bad files: ValueError."""
    path = Path(path)
    suffix = _suffix(path)
    if not path.is_file():
        raise ValueError(f"{path.name} does not exist")
    quoted = repr(str(path))
    try:
        if suffix == ".npy":
            array, code = np.load(path, allow_pickle=False), f"np.load({quoted})"
        elif suffix == ".npz":
            with np.load(path, allow_pickle=False) as archive:
                if not archive.files:
                    raise ValueError(f"{path.name} holds no arrays")
                key = archive.files[0]
                array, code = archive[key], f"np.load({quoted})[{key!r}]"
        else:
            array = np.loadtxt(path, delimiter=",", ndmin=2, dtype=np.float64)
            code = f'np.loadtxt({quoted}, delimiter=",", ndmin=2)'
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, KeyError) as exc:
        raise ValueError(f"{path.name} is not a valid {suffix} file: {exc}") from None
    if not isinstance(array, np.ndarray):
        raise ValueError(f"{path.name} does not hold an array")
    name = array.dtype.name
    if name in WIDEN:
        array, code = array.astype(WIDEN[name]), f"{code}.astype(np.{WIDEN[name]})"
    elif name not in EDITOR_DTYPES:
        raise ValueError(
            f"{path.name} holds {name} values; the editor holds {', '.join(EDITOR_DTYPES)}"
        )
    check_size(array.shape)
    return Operand(np.ascontiguousarray(array), code)


def save_tensor(path: str | Path, array: np.ndarray, name: str = "x") -> str:
    """Write ``array`` atomically and return the code that does the same."""
    path = Path(path)
    suffix = _suffix(path)
    array = np.asarray(array)
    if suffix == ".csv" and array.ndim > 2:
        raise ValueError(f"CSV holds at most 2 axes; save a rank-{array.ndim} tensor as .npy")
    source = name if name == "x" else f"{name}.numpy()"
    quoted = repr(str(path))
    if suffix == ".npy":
        code = f"np.save({quoted}, {source})"
    elif suffix == ".npz":
        code = f"np.savez({quoted}, {name}={source})"
    else:
        fmt = _csv_format(array.dtype)
        code = f'np.savetxt({quoted}, {source}, delimiter=",", fmt="{fmt}")'

    # typed loosely: NumPy's stub reads a dict of arrays as its own keyword arguments
    named: dict[str, Any] = {name: array}

    def write(temp: Path) -> None:
        with open(temp, "wb") as handle:
            if suffix == ".npy":
                np.save(handle, array, allow_pickle=False)
            elif suffix == ".npz":
                np.savez(handle, **named)
            else:
                np.savetxt(
                    handle, np.atleast_1d(array), delimiter=",", fmt=_csv_format(array.dtype)
                )

    atomic_write(path, write)
    return code


def _csv_format(dtype: np.dtype[Any]) -> str:
    if dtype.kind in "bi":
        return "%d"
    return "%.9g" if dtype == np.float32 else "%.17g"  # enough digits to read back exactly

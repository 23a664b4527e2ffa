"""Load and save the editor's tensor as .npy, .npz or CSV, with errors in the user's terms and
atomic saves. The CSV format (a first line with dtype and shape) lives in csv_files."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from engine.editor.csv_files import read_csv, save_code, write_csv
from engine.editor.values import EDITOR_DTYPES, Operand
from engine.shared.atomic import atomic_write
from engine.shared.limits import check_size

SUFFIXES = (".npy", ".npz", ".csv")
# Open starts on every kind the editor reads at once; Save offers one format per filter.
OPEN_FILTER = (
    "All supported (*.npy *.npz *.csv);;NumPy array (*.npy);;NumPy archive (*.npz);;"
    "CSV (*.csv);;All files (*)"
)
SAVE_FILTER = "NumPy array (*.npy);;NumPy archive (*.npz);;CSV (*.csv)"
# Close relatives are widened to a dtype the editor holds; anything else is refused.
WIDEN = {
    "int8": "int32",
    "int16": "int32",
    "uint8": "int32",
    "uint16": "int32",
    "uint32": "int64",
    "float16": "float32",
}
NPY_SIGNATURE = b"\x93NUMPY"
ZIP_SIGNATURE = b"PK"  # an .npz is a zip archive
# NumPy's own words for a file that stops before its header or data does.
CUT_SHORT = ("EOF", "Failed to read all data", "not fully written", "No data left")


@dataclass(frozen=True)
class LoadedTensor(Operand):
    notice: str = ""  # what changed on the way in (a CSV from elsewhere is read as float64)


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"{path.name}: use a .npy, .npz or .csv file")
    return suffix


def save_suffix(path: str, chosen_filter: str) -> str:
    """The path to save to: a name typed without a suffix gets the chosen filter's format."""
    if Path(path).suffix:
        return path
    for suffix in SUFFIXES:
        if f"*{suffix})" in chosen_filter:
            return path + suffix
    return path + ".npy"


def load_tensor(path: str | Path) -> LoadedTensor:
    """The array in ``path``, the NumPy code that loads it, and what changed on the way in.
    Bad files: ValueError saying what is wrong in the user's terms."""
    path = Path(path)
    suffix = _suffix(path)
    if not path.is_file():
        raise ValueError(f"{path.name} does not exist")
    quoted, notice = repr(str(path)), ""
    if suffix == ".csv":
        array, code, notice = read_csv(path)
    elif suffix == ".npy":
        array, code = _read_npy(path), f"np.load({quoted})"
    else:
        array, key = _read_npz(path)
        code = f"np.load({quoted})[{key!r}]"
    name = array.dtype.name
    if name in WIDEN:
        array, code = array.astype(WIDEN[name]), f"{code}.astype(np.{WIDEN[name]})"
    elif name not in EDITOR_DTYPES:
        raise ValueError(
            f"{path.name} holds {name} values; the editor holds {', '.join(EDITOR_DTYPES)}"
        )
    check_size(array.shape)
    # not np.ascontiguousarray: it turns a scalar into shape (1,)
    return LoadedTensor(np.asarray(array, order="C"), code, notice=notice)


def _start(path: Path, signature: bytes, kind: str) -> None:
    """Refuse a file that is not of its kind before NumPy reads it: NumPy takes any file without
    the .npy signature for a pickle and says it "contains pickled (object) data"."""
    with open(path, "rb") as handle:
        head = handle.read(len(signature))
    if not head:
        raise ValueError(f"{path.name} is empty")
    if head != signature:
        raise ValueError(
            f"{path.name} is not a valid {path.suffix.lower()} file: it does not start the way "
            f"{kind} does, so it holds something else (or was renamed)"
        )


def _read_npy(path: Path) -> np.ndarray:
    _start(path, NPY_SIGNATURE, "a NumPy array file")
    try:
        array = np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        raise ValueError(f"{path.name} is not a valid .npy file: {_why(exc)}") from None
    return _numbers(array, path.name)


def _read_npz(path: Path) -> tuple[np.ndarray, str]:
    _start(path, ZIP_SIGNATURE, "a NumPy archive (a zip file)")
    try:
        with np.load(path, allow_pickle=False) as archive:
            if not archive.files:
                raise ValueError(f"{path.name} holds no arrays")
            key = archive.files[0]
            try:
                array = archive[key]
            except (ValueError, OSError, EOFError) as exc:
                raise ValueError(f"{path.name}, array {key!r}: {_why(exc)}") from None
    except (OSError, EOFError, zipfile.BadZipFile, KeyError) as exc:
        raise ValueError(f"{path.name} is a damaged .npz archive: {exc}") from None
    return _numbers(array, f"{path.name}, array {key!r}"), key


def _why(exc: Exception) -> str:
    text = str(exc)
    if isinstance(exc, EOFError) or any(words in text for words in CUT_SHORT):
        return "it ends early, so it is incomplete or damaged"
    if "Object arrays" in text or "pickle" in text:
        return (
            "it holds Python objects (saved with pickle), not numbers; the editor opens numeric "
            "arrays only, and never runs code from a file"
        )
    return f"its header is damaged ({text})"


def _numbers(array: object, where: str) -> np.ndarray:
    if not isinstance(array, np.ndarray):
        raise ValueError(f"{where} does not hold an array")
    return array


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
        code = save_code(quoted, source, array)

    # typed loosely: NumPy's stub reads a dict of arrays as its own keyword arguments
    named: dict[str, Any] = {name: array}

    def write(temp: Path) -> None:
        with open(temp, "wb") as handle:
            if suffix == ".npy":
                np.save(handle, array, allow_pickle=False)
            elif suffix == ".npz":
                np.savez(handle, **named)
            else:
                write_csv(handle, array)

    atomic_write(path, write)
    return code

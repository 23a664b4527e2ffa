"""The editor's CSV format: plain comma-separated numbers after one comment line that records the
dtype and the shape, so that a save and an open give back exactly the same tensor.

Why a comment line: a bare CSV loses everything but the numbers. Before it, float32 came back as
float64, an int32 vector (5,) as a (5, 1) float64 column, a scalar as (1, 1) and bool as float64.
``# dtype=int32 shape=(5,)`` is what ``np.savetxt(..., header=...)`` writes; ``np.loadtxt`` and
spreadsheets skip or show it as one comment, so other programs still see a plain CSV.
Values are written with enough digits to read back bit for bit: float32 needs 9 significant
digits, float64 17 (checked over random bit patterns in the tests); integers and bool (as 1/0)
are written whole. A CSV without the line (from a spreadsheet) is read as float64, one row per
line, and the user is told exactly that.
"""

from __future__ import annotations

import math
import re
import warnings
from pathlib import Path
from typing import Any, Literal

import numpy as np

from engine.shared.dtypes import numpy_name

HEADER = re.compile(r"#\s*dtype=(\w+)\s+shape=\(([\d,\s]*)\)\s*")
CONVERT = re.compile(r"could not convert string '(.*)' to (\w+)")
COLUMNS = re.compile(r"number of columns changed")


def header_text(array: np.ndarray) -> str:
    """What follows ``# `` on the first line: ``dtype=float32 shape=(4, 6)``."""
    return f"dtype={array.dtype.name} shape={tuple(array.shape)!r}"


def value_format(dtype: np.dtype[Any]) -> str:
    if dtype.kind in "bi":
        return "%d"
    return "%.9g" if dtype == np.float32 else "%.17g"  # enough digits to read back exactly


def rows_of(array: np.ndarray) -> np.ndarray:
    """What np.savetxt can write (1 or 2 axes): a scalar becomes one value on one line."""
    return np.atleast_1d(array)


def save_code(quoted: str, source: str, array: np.ndarray) -> str:
    """The statement that writes the same file as ``write_csv``."""
    rows = f"np.atleast_1d({source})" if array.ndim == 0 else source
    return (
        f'np.savetxt({quoted}, {rows}, delimiter=",", fmt="{value_format(array.dtype)}", '
        f'header="{header_text(array)}")'
    )


def write_csv(handle: Any, array: np.ndarray) -> None:
    np.savetxt(
        handle,
        rows_of(array),
        delimiter=",",
        fmt=value_format(array.dtype),
        header=header_text(array),
    )


def read_csv(path: Path) -> tuple[np.ndarray, str, str]:
    """The array, the NumPy code that reads it, and a notice ("" when nothing changed on the
    way). Unreadable content: ValueError in the user's terms."""
    quoted = repr(str(path))
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise ValueError(f"{path.name} is not a text file, so it cannot be a CSV") from None
    found = HEADER.fullmatch(lines[0].strip()) if lines else None
    if found is None:
        return _read_plain(path, lines, quoted)
    name, shape_text = found.groups()
    shape = tuple(int(n) for n in shape_text.replace(",", " ").split())
    try:
        dtype = np.dtype(name)
    except TypeError:
        raise ValueError(f"{path.name}: its first line names an unknown dtype {name!r}") from None
    array = _loadtxt(path, lines, dtype, ndmin=1)
    if array.size != math.prod(shape):
        raise ValueError(
            f"{path.name}: its first line says shape {shape}, {math.prod(shape):,} values, "
            f"but it holds {array.size:,}"
        )
    code = f'np.loadtxt({quoted}, delimiter=",", dtype={numpy_name(dtype)}).reshape({shape!r})'
    return array.reshape(shape), code, ""


def _read_plain(path: Path, lines: list[str], quoted: str) -> tuple[np.ndarray, str, str]:
    if not any(line.strip() and not line.lstrip().startswith("#") for line in lines):
        raise ValueError(f"{path.name} holds no numbers")
    array = _loadtxt(path, lines, np.dtype(np.float64), ndmin=2)
    notice = (
        f"{path.name} has no “# dtype=… shape=…” first line (it was not saved here), so it was "
        f"read as float64 with shape {tuple(array.shape)!r}: one row per line. Save it from "
        "here to keep a dtype and shape."
    )
    return array, f'np.loadtxt({quoted}, delimiter=",", ndmin=2)', notice


def _loadtxt(
    path: Path, lines: list[str], dtype: np.dtype[Any], ndmin: Literal[1, 2]
) -> np.ndarray:
    try:
        with warnings.catch_warnings():  # an empty tensor's file holds no data, on purpose
            warnings.simplefilter("ignore", UserWarning)
            array: np.ndarray = np.loadtxt(path, delimiter=",", dtype=dtype, ndmin=ndmin)
    except ValueError as exc:
        raise ValueError(_explain(path.name, lines, str(exc), dtype)) from None
    return array


def _explain(name: str, lines: list[str], error: str, dtype: np.dtype[Any]) -> str:
    """np.loadtxt's complaint, said with the file's own line numbers (NumPy counts rows in a
    way that differs between its messages)."""
    data = [
        (number, [field.strip() for field in line.split(",")])
        for number, line in enumerate(lines, start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    bad = CONVERT.search(error)
    if bad:
        token = bad.group(1).strip()
        wanted = {"b": "0 or 1", "i": "a whole number"}.get(dtype.kind, "a number")
        where = next((f", line {n}" for n, fields in data if token in fields), "")
        return f"{name}{where}: {token!r} is not {wanted} ({dtype.name})"
    if COLUMNS.search(error) and data:
        first_line, first = data[0]
        for number, fields in data:
            if len(fields) != len(first):
                return (
                    f"{name}: line {number} has {len(fields)} values but line {first_line} has "
                    f"{len(first)}; every row needs the same number of values"
                )
    return f"{name} is not a CSV of numbers: {error}"

"""Reading LeCun's IDX files (the original MNIST format), plain or gzipped, with no TensorFlow."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import numpy as np

# Type byte of the IDX header -> big-endian NumPy dtype.
IDX_DTYPES: dict[int, np.dtype[Any]] = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
MAX_BYTES = 1 << 31  # refuse absurd headers before allocating anything


class IdxError(ValueError):
    """The file is not a well-formed IDX file."""


def read_bytes(path: Path) -> bytes:
    """The file's bytes, gunzipped when it starts with gzip's magic number."""
    data = Path(path).read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise IdxError(f"{Path(path).name}: broken gzip data ({exc})") from exc
    return data


def parse_idx(data: bytes, name: str = "IDX file") -> np.ndarray:
    """Decode an IDX byte string: 2 zero bytes, a type byte, a rank byte, rank big-endian
    uint32 sizes, then the values in C order."""
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise IdxError(f"{name}: not an IDX file (bad magic number)")
    type_code, rank = data[2], data[3]
    if type_code not in IDX_DTYPES:
        raise IdxError(f"{name}: unknown IDX value type 0x{type_code:02x}")
    header = 4 + 4 * rank
    if rank == 0 or len(data) < header:
        raise IdxError(f"{name}: truncated IDX header")
    shape = tuple(int(v) for v in np.frombuffer(data, ">u4", count=rank, offset=4))
    dtype = IDX_DTYPES[type_code]
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if expected > MAX_BYTES:
        raise IdxError(f"{name}: header claims an impossible size {shape}")
    if len(data) - header != expected:
        raise IdxError(
            f"{name}: header says shape {shape} ({expected:,} bytes of data) "
            f"but the file holds {len(data) - header:,} bytes"
        )
    values = np.frombuffer(data, dtype, offset=header).reshape(shape)
    return values.astype(dtype.newbyteorder("="))


def read_idx(path: Path) -> np.ndarray:
    return parse_idx(read_bytes(path), Path(path).name)

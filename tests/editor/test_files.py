"""engine.editor.files and csv_files: a save and an open give back the same tensor (dtype, shape
and every bit) in each format, a CSV from elsewhere says how it was read, and a bad file says
what is wrong in the user's terms."""

from __future__ import annotations

import numpy as np
import pytest

from engine.editor.files import (
    OPEN_FILTER,
    SAVE_FILTER,
    load_tensor,
    save_suffix,
    save_tensor,
)

SHAPES = [(), (5,), (1, 6), (6, 1), (3, 4)]
DTYPES = ["float32", "float64", "int32", "int64", "bool"]


def sample(dtype: str, shape: tuple[int, ...]) -> np.ndarray:
    """Values that a careless format would change: thirds, extremes, signs."""
    size = int(np.prod(shape))
    rng = np.random.default_rng(size)
    if dtype == "bool":
        return (rng.random(size) > 0.5).reshape(shape)
    if dtype.startswith("int"):
        info = np.iinfo(dtype)
        values = rng.integers(info.min, info.max, size, dtype=dtype, endpoint=True)
        values.flat[0] = info.min
        return values.reshape(shape)
    values = (rng.standard_normal(size) / 3).astype(dtype)
    values.flat[-1] = np.finfo(dtype).max
    return values.reshape(shape)


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("suffix", [".npy", ".npz", ".csv"])
def test_every_format_keeps_dtype_shape_and_every_bit(tmp_path, suffix, dtype, shape):
    array = sample(dtype, shape)
    path = tmp_path / f"t{suffix}"
    save_tensor(path, array)
    loaded = load_tensor(path)
    assert same_bits(loaded.array, array), (loaded.array, array)
    assert loaded.notice == ""


def test_float32_csv_round_trips_every_kind_of_value(tmp_path):
    """9 significant digits give back each float32 exactly: random bit patterns (subnormals and
    huge exponents included), signed zeros, infinities and NaN."""
    bits = np.random.default_rng(1).integers(0, 2**32, 20_000, dtype=np.uint64)
    values = bits.astype(np.uint32).view(np.float32)
    values = values[np.isfinite(values)]
    specials = np.array(
        [0.1, -0.0, 1e-45, np.finfo(np.float32).tiny, np.inf, -np.inf, np.nan], np.float32
    )
    array = np.concatenate([values, specials])
    save_tensor(tmp_path / "t.csv", array)
    back = load_tensor(tmp_path / "t.csv").array
    assert same_bits(back, array)


def test_the_csv_is_plain_numbers_after_one_comment_line(tmp_path):
    array = np.array([[1, 2, 3], [4, 5, 6]], np.int32)
    save_tensor(tmp_path / "t.csv", array)
    lines = (tmp_path / "t.csv").read_text().splitlines()
    assert lines == ["# dtype=int32 shape=(2, 3)", "1,2,3", "4,5,6"]
    # any other reader that skips '#' lines sees an ordinary CSV
    np.testing.assert_array_equal(np.loadtxt(tmp_path / "t.csv", delimiter=","), array)
    save_tensor(tmp_path / "b.csv", np.array([True, False]))
    assert (tmp_path / "b.csv").read_text().splitlines()[1:] == ["1", "0"]


def test_a_csv_from_elsewhere_is_read_as_float64_and_says_so(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("1,2\n3,4.5\n5,6\n")
    loaded = load_tensor(path)
    assert loaded.array.dtype == np.float64 and loaded.array.shape == (3, 2)
    assert "sheet.csv has no" in loaded.notice
    assert "read as float64 with shape (3, 2)" in loaded.notice
    path.write_text("7\n8\n")
    assert load_tensor(path).array.shape == (2, 1)  # one row per line


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,2\n3,abc\n", "bad.csv, line 2: 'abc' is not a number (float64)"),
        ("1,2\n3\n", "bad.csv: line 2 has 1 values but line 1 has 2"),
        ("# dtype=int32 shape=(2,)\n1\n2.5\n", "bad.csv, line 3: '2.5' is not a whole number"),
        ("# dtype=int32 shape=(3,)\n1\n2\n", "its first line says shape (3,), 3 values, but it"),
        ("# dtype=bool shape=(1,)\nyes\n", "'yes' is not 0 or 1 (bool)"),
        ("# dtype=complex64 shape=(1,)\n1\n", "holds complex64 values; the editor holds"),
        ("# dtype=thing shape=(1,)\n1\n", "names an unknown dtype 'thing'"),
        ("", "bad.csv holds no numbers"),
    ],
)
def test_a_bad_csv_says_what_and_where(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ValueError) as info:
        load_tensor(path)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("junk.npy", b"garbage!", "junk.npy is not a valid .npy file: it does not start the way"),
        ("empty.npy", b"", "empty.npy is empty"),
        ("cut.npy", b"\x93NUMPY\x01\x00garbage", "cut.npy is not a valid .npy file: it ends early"),
        ("junk.npz", b"garbage!", "junk.npz is not a valid .npz file: it does not start the way"),
        ("words.csv", b"\xff\xfe\x00\x01", "words.csv is not a text file"),
    ],
)
def test_a_broken_file_is_described_in_the_users_terms(tmp_path, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValueError) as info:
        load_tensor(path)
    assert says in str(info.value)
    assert "pickle" not in str(info.value) and "allow_pickle" not in str(info.value)


def test_truncated_data_and_pickled_objects(tmp_path):
    np.save(tmp_path / "full.npy", np.arange(100.0))
    (tmp_path / "cut.npy").write_bytes((tmp_path / "full.npy").read_bytes()[:200])
    with pytest.raises(ValueError, match="cut.npy is not a valid .npy file: it ends early"):
        load_tensor(tmp_path / "cut.npy")
    np.save(tmp_path / "objects.npy", np.array([1, "a", None], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError, match="holds Python objects .saved with pickle., not numbers"):
        load_tensor(tmp_path / "objects.npy")


def test_the_open_dialog_starts_on_every_supported_kind_and_save_adds_the_chosen_suffix():
    assert OPEN_FILTER.split(";;")[0] == "All supported (*.npy *.npz *.csv)"
    assert "All supported" not in SAVE_FILTER  # a save writes one format
    filters = SAVE_FILTER.split(";;")
    assert [save_suffix("/d/t", chosen) for chosen in filters] == [
        "/d/t.npy",
        "/d/t.npz",
        "/d/t.csv",
    ]
    assert save_suffix("/d/t.csv", filters[0]) == "/d/t.csv"  # a typed suffix wins

"""engine.mnist: the gradient-update arithmetic and every place load_mnist reads from."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil

import numpy as np
import pytest

from engine.mnist import DatasetError, gradient_updates, load_mnist
from engine.mnist.arithmetic import split_count
from engine.mnist.data_origin import DataOrigin, data_origin, load_with_origin
from engine.mnist.model import TrainSettings
from engine.shared import mnist_data as mnist
from engine.shared.idx import IdxError, parse_idx


def write_idx(path, array: np.ndarray, *, compress: bool = False) -> None:
    """Write ``array`` (uint8) as an IDX file, gzipped when ``compress``."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + np.asarray(array.shape, ">u4").tobytes()
    data = header + array.tobytes()
    path.write_bytes(gzip.compress(data, mtime=0) if compress else data)


IDX_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}


def small_arrays(seed=0, n_train=12, n_test=5):
    rng = np.random.default_rng(seed)
    return {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, n_train, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, n_test, dtype=np.uint8),
    }


def assert_same(data, arrays):
    for name, expected in arrays.items():
        got = getattr(data, name)
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, expected)


@pytest.fixture
def home(tmp_path, monkeypatch):
    """An empty home folder, so the real ~/.keras cannot leak into a test."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("KERAS_HOME", raising=False)
    return folder


# --- gradient_updates -----------------------------------------------------------------------
def test_the_classic_example_makes_2345_updates():
    assert gradient_updates(60000, 128, 5) == 2345
    assert gradient_updates(60000, 128, 1) == 469  # 468 full batches + one of 96


@pytest.mark.parametrize(
    "samples, batch, epochs, expected",
    [(128, 128, 1, 1), (129, 128, 1, 2), (1, 1, 3, 3), (0, 32, 4, 0), (48000, 128, 5, 1875)],
)
def test_gradient_updates_is_ceil_times_epochs(samples, batch, epochs, expected):
    assert gradient_updates(samples, batch, epochs) == expected


@pytest.mark.parametrize("batch, epochs", [(0, 5), (-1, 5), (128, 0), (128, -2)])
def test_gradient_updates_rejects_non_positive_settings(batch, epochs):
    with pytest.raises(ValueError, match="at least 1"):
        gradient_updates(60000, batch, epochs)


def test_validation_split_counts_like_keras():
    # Keras trains on the first floor(n * (1 - split)) samples.
    assert split_count(60000, 0.2) == 48000
    assert split_count(10, 0.25) == 7
    assert TrainSettings(validation_split=0.2).updates_text(60000) == (
        "ceil(48000 / 128) = 375 per epoch × 5 = 1875"
    )
    assert TrainSettings().updates_text(60000) == "ceil(60000 / 128) = 469 per epoch × 5 = 2345"


# --- load_mnist: every source -----------------------------------------------------------------
def test_bundled_data_is_the_real_mnist(home):
    data = load_mnist()
    assert data.source.startswith("bundled MNIST")
    assert data.x_train.shape == (60000, 28, 28) and data.x_test.shape == (10000, 28, 28)
    assert data.y_train.shape == (60000,) and data.y_test.shape == (10000,)
    assert {a.dtype for a in (data.x_train, data.y_train, data.x_test, data.y_test)} == {
        np.dtype(np.uint8)
    }
    digests = {
        "x_train": ("741c9888", "cf757"),
        "y_train": ("1feba77c", "20c13"),
        "x_test": ("6d87418d", "2c9d161"),
        "y_test": ("ddeff807", "852ff5"),
    }
    for name, (head, tail) in digests.items():
        digest = hashlib.sha256(getattr(data, name).tobytes()).hexdigest()
        assert digest.startswith(head) and digest.endswith(tail), name


def test_loading_again_is_cached(home):
    first = load_mnist()
    assert load_mnist() is first  # same path and mtime: no second read
    assert not first.x_train.flags.writeable  # shared, so read-only


def test_explicit_npz(tmp_path, home):
    arrays = small_arrays()
    path = tmp_path / "digits.npz"
    np.savez_compressed(path, **arrays)
    data = load_mnist(path)
    assert_same(data, arrays)
    assert str(path) in data.source


def test_a_changed_file_is_read_again(tmp_path, home):
    path = tmp_path / "digits.npz"
    np.savez(path, **small_arrays(1))
    load_mnist(path)
    new = small_arrays(2, n_train=7)
    np.savez(path, **new)
    os.utime(path, ns=(1, 2_000_000_000_000_000_000))  # a different mtime for sure
    assert_same(load_mnist(path), new)


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzipped"])
def test_idx_folder(tmp_path, home, compress):
    arrays = small_arrays(3)
    for name, stem in IDX_FILES.items():
        write_idx(tmp_path / (stem + (".gz" if compress else "")), arrays[name], compress=compress)
    data = load_mnist(tmp_path)
    assert_same(data, arrays)
    assert data.source.startswith("IDX files")


def test_idx_header_is_big_endian_lecun_format():
    raw = (
        bytes([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28])
        + bytes(range(256)) * 6
        + bytes(2 * 784 - 1536)
    )
    array = parse_idx(raw)
    assert array.shape == (2, 28, 28) and array.dtype == np.uint8
    assert array[0, 0, :5].tolist() == [0, 1, 2, 3, 4]


def test_keras_cache_location_comes_before_the_bundled_copy(home):
    arrays = small_arrays(4)
    cache = home / ".keras" / "datasets"
    cache.mkdir(parents=True)
    np.savez(cache / "mnist.npz", **arrays)
    data = load_mnist()
    assert data.source.startswith("Keras cache")
    assert_same(data, arrays)


def test_a_broken_keras_cache_falls_back_to_the_bundled_copy(home):
    cache = home / ".keras" / "datasets"
    cache.mkdir(parents=True)
    (cache / "mnist.npz").write_bytes(b"not a zip")
    data = load_mnist()
    assert data.source.startswith("bundled MNIST") and "skipped the Keras cache" in data.source
    assert data.x_train.shape == (60000, 28, 28)


def test_missing_bundled_file_is_a_clear_error(home, monkeypatch, tmp_path):
    monkeypatch.setattr(mnist, "bundled_path", lambda: tmp_path / "gone.npz")
    with pytest.raises(DatasetError, match="bundled MNIST file is missing"):
        load_mnist()


# --- load_mnist: bad files ---------------------------------------------------------------------
def test_missing_path(tmp_path):
    with pytest.raises(DatasetError, match="no such file or folder"):
        load_mnist(tmp_path / "nope.npz")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "not a readable .npz"),
        (b"hello, not numpy", "neither a zip archive nor a NumPy file"),
    ],
)
def test_corrupt_npz(tmp_path, content, message):
    path = tmp_path / "bad.npz"
    path.write_bytes(content)
    with pytest.raises(DatasetError, match=message):
        load_mnist(path)


def test_truncated_npz(tmp_path):
    path = tmp_path / "cut.npz"
    np.savez(tmp_path / "whole.npz", **small_arrays())
    data = (tmp_path / "whole.npz").read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DatasetError, match="cut.npz"):
        load_mnist(path)


def test_npy_instead_of_npz(tmp_path):
    path = tmp_path / "one.npy"
    np.save(path, np.zeros((3, 28, 28), np.uint8))
    with pytest.raises(DatasetError, match="single array"):
        load_mnist(path)


def test_npz_without_keras_names(tmp_path):
    path = tmp_path / "other.npz"
    np.savez(path, images=np.zeros((3, 28, 28), np.uint8))
    with pytest.raises(DatasetError, match="lacks the array.*x_train.*found: images"):
        load_mnist(path)


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("x_train", np.zeros((12, 28, 27), np.uint8), r"x_train has shape \(12, 28, 27\)"),
        ("x_test", np.zeros((5, 784), np.uint8), r"x_test has shape \(5, 784\)"),
        ("y_train", np.zeros((12, 1), np.uint8), r"y_train has shape \(12, 1\)"),
        ("y_train", np.zeros(11, np.uint8), "12 images but y_train has 11 labels"),
        ("x_train", np.full((12, 28, 28), 0.5, np.float32), "float32 values"),
        ("y_test", np.full(5, 300, np.int64), "whole numbers 0-255"),
    ],
)
def test_mis_shaped_npz(tmp_path, name, value, message):
    arrays = small_arrays() | {name: value}
    path = tmp_path / "shape.npz"
    np.savez(path, **arrays)
    with pytest.raises(DatasetError, match=message):
        load_mnist(path)


def test_integer_pixels_are_accepted_as_uint8(tmp_path):
    arrays = small_arrays()
    path = tmp_path / "ints.npz"
    np.savez(path, **(arrays | {"y_train": arrays["y_train"].astype(np.int64)}))
    assert_same(load_mnist(path), arrays)


def test_idx_folder_missing_a_file(tmp_path):
    arrays = small_arrays()
    for name in ("x_train", "y_train", "x_test"):
        write_idx(tmp_path / IDX_FILES[name], arrays[name])
    with pytest.raises(DatasetError, match="no t10k-labels-idx1-ubyte"):
        load_mnist(tmp_path)


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda b: b"\x01" + b[1:], "bad magic number"),
        (lambda b: b[:-10], "header says shape"),
        (lambda b: b[:2] + b"\x07" + b[3:], "unknown IDX value type"),
        (lambda b: gzip.compress(b)[:30], "broken gzip data"),
    ],
    ids=["magic", "truncated", "type", "gzip"],
)
def test_corrupt_idx_file(tmp_path, mutate, message):
    arrays = small_arrays()
    for name, stem in IDX_FILES.items():
        write_idx(tmp_path / stem, arrays[name])
    target = tmp_path / IDX_FILES["x_train"]
    target.write_bytes(mutate(target.read_bytes()))
    with pytest.raises(DatasetError, match=message):
        load_mnist(tmp_path)


def test_parse_idx_rejects_an_absurd_header():
    with pytest.raises(IdxError, match="impossible size"):
        parse_idx(bytes([0, 0, 8, 3]) + np.array([60000, 9999, 9999], ">u4").tobytes())


def test_fashion_style_data_in_a_copied_bundle(tmp_path, home):
    # Any dataset in Keras's layout loads the same way (e.g. Fashion-MNIST's .npz).
    copy = tmp_path / "copy.npz"
    shutil.copy(mnist.bundled_path(), copy)
    assert load_mnist(copy).x_train.shape == (60000, 28, 28)


def test_subset_takes_the_first_samples(home):
    data = load_mnist().subset(100)
    assert data.x_train.shape == (100, 28, 28) and data.y_test.shape == (100,)
    with pytest.raises(ValueError):
        load_mnist().subset(0)


def test_the_data_knows_the_file_it_was_read_from(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "no-cache"))
    data = load_mnist()
    assert data.path == mnist.bundled_path() and data.subset(10).path == data.path


# --- where the code reads the data from -----------------------------------------------------
def test_the_origin_names_the_file_the_default_lookup_read(home):
    bundled = str(mnist.bundled_path().resolve())
    assert load_with_origin().origin == DataOrigin("npz", bundled)
    cache = home / ".keras" / "datasets" / "mnist.npz"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"not a zip")  # a broken cache is skipped: the bundled copy is read
    assert data_origin(None) == DataOrigin("npz", str(cache.resolve()))  # what it will try
    assert load_with_origin().origin == DataOrigin("npz", bundled)
    np.savez(cache, **small_arrays(5))
    loaded = load_with_origin()
    assert loaded.origin == DataOrigin("npz", str(cache.resolve()))
    assert loaded.data.x_train.shape == (12, 28, 28)


def test_the_origin_of_an_idx_folder_lists_its_four_files_as_found(tmp_path, home):
    arrays = small_arrays(6)
    for name, array in arrays.items():
        stem = IDX_FILES[name].replace("-idx", ".idx") if name == "x_test" else IDX_FILES[name]
        write_idx(tmp_path / f"{stem}.gz", array, compress=True)
    loaded = load_with_origin(tmp_path)
    assert loaded.origin == DataOrigin(
        "idx",
        str(tmp_path.resolve()),
        (
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz",
            "t10k-images.idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz",
        ),
    )
    assert_same(loaded.data, arrays)

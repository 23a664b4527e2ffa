"""engine.ranks.code: the script the code pane builds runs in a fresh, offline Python and builds
and prints exactly what the tab's engine computed."""

from __future__ import annotations

import numpy as np
import pytest

from engine.ranks.code import (
    digits_code,
    literal_code,
    literal_source,
    operation_code,
    undo_code,
)
from engine.ranks.examples import EXAMPLES, DigitBatch, mnist_batch
from engine.ranks.operations import apply_operation, tf_refusal
from engine.shared.code import code_header
from engine.shared.dtypes import DTYPES
from engine.shared.literals import parse_literal
from engine.shared.mnist_data import bundled_path


def numpy_line(x: np.ndarray) -> str:
    """What the script's NumPy print shows for x."""
    return f"{x.ndim} {x.shape} {x.dtype} {x.size}"


def test_a_literal_is_spelled_the_way_numpy_reads_it_the_same():
    assert literal_source("[[1, 2], [3, 4]]") == "np.array([[1, 2], [3, 4]])"
    assert literal_source("1, 2") == "np.array((1, 2))"  # not np.array(1, 2): 2 is no dtype
    assert literal_source("np.zeros((2, 3))") == "np.zeros((2, 3))"
    assert literal_source("tf.constant([1, 2])") == "np.array([1, 2])"  # int64, as the app
    assert literal_source("numpy.ones(3, dtype=tf.int8)") == "np.ones(3, dtype='int8')"
    assert literal_source("[1, 2]  # two") == "np.array([1, 2])"
    assert literal_code("[1]").startswith(code_header())


# Texts parse_literal reads, several of which Python reads differently when pasted as typed.
LITERALS = [
    "[[1, 2], [3, 4]]",
    "1, 2",
    "(1.5, 2)",
    "-3",
    "True",
    "[[True, False]]",
    "1e400",
    "tf.constant([1, 2])",
    "tf.constant([[1.5, 2]], dtype=tf.float16)",
    "numpy.array([7], dtype=numpy.uint16)",
    "np.asarray([1, 2], dtype='int8')",
    "np.zeros((2, 3), dtype=bool)",
    "np.ones(3, dtype=tf.int32)",
    "np.arange(0, 1, 0.25, dtype=np.float32).reshape(2, 2)",
    "np.array([[1, 2, 3]]).reshape((3, 1))",
    *(item.text for item in EXAMPLES if item.text is not None),
]


def test_every_literal_script_builds_the_array_the_app_parsed(run_scripts):
    ran = run_scripts([literal_code(text) for text in LITERALS])
    for text, script in zip(LITERALS, ran, strict=True):
        expected = parse_literal(text)
        assert not script.error, (text, script.error)
        assert script.x.dtype == expected.dtype and script.x.shape == expected.shape, text
        np.testing.assert_array_equal(script.x, expected)
        np.testing.assert_array_equal(script.t, expected)  # t = tf.constant(x) keeps dtype
        assert script.printed[0] == numpy_line(expected), text
        assert script.dims == expected.shape and script.rank == expected.ndim


def test_operation_and_undo_lines():
    x = parse_literal("np.arange(18).reshape(3, 2, 3)")
    result = apply_operation(x, "sum", "0")
    assert operation_code(result) == (
        "\n\nx = np.sum(x, axis=0)  # (3, 2, 3) -> (2, 3)\nt = tf.reduce_sum(t, axis=0)\n"
        "print(x.ndim, x.shape, x.dtype, x.size)\n"
        "print(tf.rank(t), t.shape, t.dtype, tf.size(t))"
    )
    assert undo_code("x = np.sum(x, axis=0)", (3, 2, 3)) == (
        "\n\n# undone: x = np.sum(x, axis=0)\n# undo: back to shape (3, 2, 3)"
    )
    long = undo_code("x = np.array([" + "1, " * 40 + "1])", ()).splitlines()[2]
    assert len(long) == len("# undone: ") + 70 and long.endswith("1…")


def test_a_step_tensorflow_refuses_says_so_and_starts_t_again():
    flags = parse_literal("[[True, False], [True, True]]")
    result = apply_operation(flags, "sum", "0")
    refusal = tf_refusal(result.operation, flags.dtype)
    assert refusal == "tf.reduce_sum takes no bool tensor"
    code = operation_code(result, refusal)
    assert "# TensorFlow refuses tf.reduce_sum(t, axis=0): tf.reduce_sum takes no bool " in code
    assert code.endswith("t = tf.constant(x)\nprint(x.ndim, x.shape, x.dtype, x.size)")


def test_the_digits_script_reads_the_file_the_app_read(run_scripts, tmp_path, monkeypatch):
    bundled = mnist_batch(3)
    assert bundled.file == bundled_path()
    # A Keras cache comes first, as engine.shared.mnist_data reads it; other digits in it.
    rng = np.random.default_rng(7)
    arrays = {
        "x_train": rng.integers(0, 256, (5, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, 5, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (4, 28, 28), dtype=np.uint8),
        "y_test": np.array([3, 1, 4, 1], np.uint8),
    }
    cache = tmp_path / "keras" / "datasets" / "mnist.npz"
    cache.parent.mkdir(parents=True)
    np.savez(cache, **arrays)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    cached = mnist_batch(8)
    assert cached.file == cache and cached.labels == (3, 1, 4, 1)
    unknown = DigitBatch(bundled.images, bundled.labels, "a file from elsewhere", None)
    ran = run_scripts([digits_code(bundled), digits_code(cached), digits_code(unknown)])
    for batch, script in zip((bundled, cached), ran, strict=False):
        assert not script.error, script.error
        assert "mnist.load_data" not in digits_code(batch)  # it downloads: never offline
        assert script.printed[0] == f"labels: {list(batch.labels)}"
        assert script.printed[1] == numpy_line(batch.images)
        assert script.x.dtype == np.uint8 and script.t.dtype == np.uint8
        np.testing.assert_array_equal(script.x, batch.images)
        np.testing.assert_array_equal(script.t, batch.images)
    assert "which names no file this script" in digits_code(unknown)
    assert "SystemExit: the MNIST file the app read is unknown" in ran[2].error


@pytest.mark.parametrize("dtype", DTYPES)
def test_tf_refusal_is_what_tensorflow_does(dtype):
    import tensorflow as tf

    from engine.ranks.operations import run_tensorflow

    x = np.ones((2, 3, 1), dtype=dtype)
    for kind, argument in [
        ("reshape", "3, 2"),
        ("expand_dims", "0"),
        ("squeeze", ""),
        ("transpose", ""),
        ("slice", "..., ::-1, 0"),
        ("sum", "1"),
        ("mean", "0, 1"),
    ]:
        operation = apply_operation(x, kind, argument).operation
        try:
            run_tensorflow(tf.constant(x), operation)
        except tf.errors.InvalidArgumentError:
            refused = True
        else:
            refused = False
        assert bool(tf_refusal(operation, x.dtype)) == refused, (dtype, kind)

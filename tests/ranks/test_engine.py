"""engine.ranks: parsing, describing, shape operations, indexing, broadcasting, TensorFlow's view
and the code the tab shows."""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.ranks import describe, parse_literal
from engine.ranks.broadcasting import broadcast
from engine.ranks.examples import EXAMPLES, example, mnist_batch
from engine.ranks.indexing import parse_index
from engine.ranks.operations import apply_operation, run_tensorflow
from engine.ranks.wording import counted
from engine.shared.limits import MAX_ELEMENTS
from engine.shared.literals import MAX_TEXT_CHARS, format_literal
from engine.shared.shapes import resolve_shape

RANK3 = "[[[2, 3, 4], [5, 6, 7]], [[8, 9, 10], [11, 12, 13]], [[14, 15, 16], [17, 18, 19]]]"

# --- every example ---------------------------------------------------------------------------

EXPECTED = {
    "scalar": ((), "int64"),
    "vector": ((2,), "int64"),
    "matrix": ((2, 2), "int64"),
    "rank3": ((3, 2, 3), "int64"),
    "vector-data": ((4, 3), "int64"),
    "timeseries": ((2, 4, 3), "float64"),
    "images": ((2, 4, 4, 3), "uint8"),
    "video": ((2, 3, 4, 3, 3), "uint8"),
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_each_example_parses_to_its_shape_and_describes_every_axis(key):
    item = example(key)
    array = parse_literal(item.text)
    shape, dtype = EXPECTED[key]
    assert array.shape == shape and array.dtype == np.dtype(dtype)
    info = describe(array, item.names)
    assert (info.rank, info.shape, info.dtype, info.size) == (
        len(shape),
        shape,
        dtype,
        int(np.prod(shape)),
    )
    assert len(info.axes) == len(shape)
    for axis, (length, text) in enumerate(zip(shape, info.axes, strict=True)):
        assert text.startswith(f"axis {axis}: length {length}")
        if item.names:
            assert text.endswith(f"({item.names[axis]})")


def test_every_example_is_covered():
    assert {e.key for e in EXAMPLES} == set(EXPECTED) | {"mnist"}


def test_scalar_is_rank_zero_with_no_axes():
    info = describe(parse_literal("np.array(2)"))
    assert (info.rank, info.shape, info.size, info.axes) == (0, (), 1, ())
    assert parse_literal("2")[()] == 2 and parse_literal("-2.5").dtype == np.float64


def test_rank3_example_values_and_axis_texts():
    array = parse_literal(RANK3)
    np.testing.assert_array_equal(array, np.arange(2, 20).reshape(3, 2, 3))
    assert describe(array).axes == (
        "axis 0: length 3 (matrices)",
        "axis 1: length 2 (rows)",
        "axis 2: length 3 (columns)",
    )


def test_rank5_video_axes_are_named():
    item = example("video")
    info = describe(parse_literal(item.text), item.names)
    assert info.rank == 5
    assert info.axes[1] == "axis 1: length 3 (frames)"
    assert info.axes[4] == "axis 4: length 3 (channels)"


def test_mnist_batch_is_real_digits():
    batch = mnist_batch(8)
    assert batch.images.shape == (8, 28, 28) and batch.images.dtype == np.uint8
    assert batch.labels == (7, 2, 1, 0, 4, 1, 4, 9)  # the first MNIST test labels
    assert batch.images.max() == 255 and batch.images.flags.writeable
    assert describe(batch.images, example("mnist").names).axes[0] == "axis 0: length 8 (samples)"


@pytest.mark.parametrize(
    ("text", "shape", "dtype"),
    [
        ("[True, False]", (2,), "bool"),
        ("[1, 2.5]", (2,), "float64"),
        ("((1, 2), (3, 4))", (2, 2), "int64"),
        ("[]", (0,), "float64"),
        ("[[], []]", (2, 0), "float64"),
        ("np.array([[1, 2]], dtype='float32')", (1, 2), "float32"),
        ("np.array([1, 2], dtype=np.int8)", (2,), "int8"),
        ("tf.constant([1, 2, 3])", (3,), "int64"),
        ("np.zeros((2, 3))", (2, 3), "float64"),
        ("np.ones(4, dtype='uint8')", (4,), "uint8"),
        ("np.arange(24).reshape(2, 3, 4)", (2, 3, 4), "int64"),
        ("np.arange(12).reshape((3, -1))", (3, 4), "int64"),
        ("np.zeros(()) ", (), "float64"),
    ],
)
def test_literal_forms(text, shape, dtype):
    array = parse_literal(text)
    assert array.shape == shape and array.dtype == np.dtype(dtype)


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[1, 2, 3], [4, 5, 6], [7, 8]]", "row 2 at depth 1 has 2 items, expected 3"),
        ("[[[1, 2], [3, 4]], [[1, 2], [3]]]", "row [1][1] at depth 2 has 1 item, expected 2"),
        ("[[1, 2], 3]", "item 1 at depth 1 is a number, expected a list of 2 items"),
        ("[1, [2, 3]]", "item 1 at depth 1 is a list"),
        ("[1, 'a']", "the string 'a' at column 5"),
        ("['x']", "the string 'x'"),
        ("[1, None]", "None at column 5"),
        ("[1j]", "the complex number 1j"),
        ("[1 + 2j]", "only numbers"),
        ("{1: 2}", "a dict"),
        ("{1, 2}", "a set"),
        ("abc", "the name 'abc'"),
        ("__import__('os').system('true')", "not supported"),
        ("[1, 2] * 10", "only numbers"),
        ("10 ** 100", "only numbers"),
        ("[99999999999999999999999]", "does not fit in a 64-bit integer"),
        ("np.array([300], dtype='uint8')", "do not fit dtype uint8"),
        ("np.array([1], dtype='complex64')", "Unknown dtype"),
        ("np.zeros((10000, 10000))", "100,000,000 elements; the limit is 10,000,000"),
        ("np.ones((5000, 5000, 5000))", "the limit is 10,000,000"),
        ("np.arange(1e12)", "the limit is 10,000,000"),
        ("np.arange(5).reshape(2, 2)", "Cannot reshape 5 elements into (2, 2)"),
        ("np.zeros((-1, 2))", "negative"),
        ("[1, 2", "never closed"),
        ("", "Type a number"),
        ("   ", "Type a number"),
        ("\x00", "null bytes"),
        ("[" * 60 + "]" * 60, "Nested 60 brackets deep"),
        ("-" * 100_000 + "1", ""),
    ],
)
def test_bad_literals_raise_a_clear_value_error(text, message):
    with pytest.raises(ValueError) as caught:
        parse_literal(text)
    assert message in str(caught.value)


def test_absurdly_long_text_is_refused_before_parsing():
    text = "[" + "1, " * (MAX_TEXT_CHARS // 3 + 10) + "1]"
    started = time.perf_counter()
    with pytest.raises(ValueError, match="characters long; the limit is 200,000"):
        parse_literal(text)
    assert time.perf_counter() - started < 0.5


def test_shape_limits_are_checked_before_any_allocation():
    assert MAX_ELEMENTS == 10_000_000
    started = time.perf_counter()
    with pytest.raises(ValueError, match="limit is 10,000,000"):
        parse_literal("np.zeros((100000, 100000, 100000))")
    assert time.perf_counter() - started < 0.1
    assert parse_literal("np.zeros((10, 1000, 1000), dtype='uint8')").size == MAX_ELEMENTS


@pytest.mark.parametrize(
    "text",
    ["np.array(2)", "[2, 3]", RANK3, "[1.5, -0.25]", "[True]", "np.array([], dtype='int64')"],
)
def test_format_literal_round_trips(text):
    array = parse_literal(text)
    again = parse_literal(format_literal(array))
    assert again.dtype == array.dtype and again.shape == array.shape
    np.testing.assert_array_equal(again, array)
    assert format_literal(np.zeros(5000)) is None and format_literal(np.array([np.nan])) is None


# --- operations --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "argument", "after", "code", "tf_code"),
    [
        ("reshape", "2, 9", (2, 9), "np.reshape(x, (2, 9))", "tf.reshape(t, (2, 9))"),
        ("reshape", "(-1, 3)", (6, 3), "np.reshape(x, (-1, 3))", "tf.reshape(t, (-1, 3))"),
        ("reshape", "18", (18,), "np.reshape(x, (18,))", "tf.reshape(t, (18,))"),
        (
            "expand_dims",
            "0",
            (1, 3, 2, 3),
            "np.expand_dims(x, axis=0)",
            "tf.expand_dims(t, axis=0)",
        ),
        (
            "expand_dims",
            "-1",
            (3, 2, 3, 1),
            "np.expand_dims(x, axis=-1)",
            "tf.expand_dims(t, axis=-1)",
        ),
        ("squeeze", "", (3, 2, 3), "np.squeeze(x)", "tf.squeeze(t)"),
        ("transpose", "", (3, 2, 3), "np.transpose(x)", "tf.transpose(t)"),
        (
            "transpose",
            "1, 0, 2",
            (2, 3, 3),
            "np.transpose(x, (1, 0, 2))",
            "tf.transpose(t, perm=[1, 0, 2])",
        ),
        ("slice", "x[0]", (2, 3), "x[0]", "t[0]"),
        ("slice", "x[:, 1]", (3, 3), "x[:, 1]", "t[:, 1]"),
        ("slice", "..., 0", (3, 2), "x[..., 0]", "t[..., 0]"),
        ("slice", "1:, None, ::2", (2, 1, 1, 3), "x[1:, None, ::2]", "t[1:, None, ::2]"),
        ("sum", "0", (2, 3), "np.sum(x, axis=0)", "tf.reduce_sum(t, axis=0)"),
        ("sum", "", (), "np.sum(x)", "tf.reduce_sum(t)"),
        ("mean", "-1", (3, 2), "np.mean(x, axis=-1)", "tf.reduce_mean(t, axis=-1)"),
        ("mean", "(0, 2)", (2,), "np.mean(x, axis=(0, 2))", "tf.reduce_mean(t, axis=[0, 2])"),
    ],
)
def test_operation_shapes_and_code(kind, argument, after, code, tf_code):
    x = parse_literal(RANK3)
    result = apply_operation(x, kind, argument)
    assert (result.before, result.after, result.value.shape) == ((3, 2, 3), after, after)
    assert (result.code, result.tf_code) == (code, tf_code)


def test_operation_values_match_numpy():
    x = parse_literal(RANK3)
    np.testing.assert_array_equal(apply_operation(x, "slice", "[:, 1]").value, x[:, 1])
    np.testing.assert_array_equal(
        apply_operation(x, "sum", "0").value, [[24, 27, 30], [33, 36, 39]]
    )
    np.testing.assert_array_equal(apply_operation(x, "transpose", "").value, x.T)
    assert apply_operation(x, "mean", "").value == pytest.approx(10.5)
    kept = apply_operation(x, "sum", "1", keepdims=True)
    assert kept.after == (3, 1, 3) and kept.code == "np.sum(x, axis=1, keepdims=True)"
    assert apply_operation(kept.value, "squeeze", "1").after == (3, 3)


def test_axis_names_follow_their_axes():
    item = example("images")
    x = parse_literal(item.text)
    moved = apply_operation(x, "transpose", "0, 3, 1, 2", names=item.names)
    assert moved.names == ("samples", "channels", "height", "width")
    first = apply_operation(x, "slice", "x[0]", names=item.names)
    assert first.names == ("height", "width", "channels")
    assert apply_operation(x, "mean", "3", names=item.names).names == (
        "samples",
        "height",
        "width",
    )
    assert apply_operation(x, "expand_dims", "1", names=item.names).names[1] == "new"


@pytest.mark.parametrize(
    ("kind", "argument", "message"),
    [
        ("reshape", "4, 5", "Cannot reshape 18 elements into (4, 5), which holds 20."),
        ("reshape", "4, -1", "18 is not a multiple of 4"),
        ("reshape", "-1, -1", "at most one can be inferred"),
        ("reshape", "2.5, 2", "whole number"),
        ("reshape", "", "Type a shape"),
        ("reshape", "1, 10000000, 2", "Cannot reshape 18 elements"),
        ("expand_dims", "4", "axis 4 is out of range for rank 4"),
        ("squeeze", "1", "Axis 1 has length 2: squeeze removes only axes of length 1."),
        ("transpose", "0, 0, 1", "not an ordering of the 3 axes"),
        ("transpose", "0, 1", "not an ordering"),
        ("slice", "5", "Index 5 is out of range for axis 0, which has length 3."),
        ("slice", "0, 0, 0, 0", "Too many indices"),
        ("slice", "..., ...", "at most one '...'"),
        ("slice", "::0", "step cannot be 0"),
        ("slice", "x[__import__('os')]", "Index parts must be"),
        ("slice", "0] + x[1", "not a simple index"),
        ("sum", "3", "axis 3 is out of range for rank 3"),
        ("mean", "0, 0", "same axis twice"),
        ("cube", "", "Unknown operation"),
    ],
)
def test_bad_operations_raise_clear_errors(kind, argument, message):
    with pytest.raises(ValueError) as caught:
        apply_operation(parse_literal(RANK3), kind, argument)
    assert message in str(caught.value)


def test_reshape_of_a_huge_shape_is_refused():
    with pytest.raises(ValueError, match="Cannot reshape 5 elements"):
        resolve_shape(5, (100000, 100000))
    with pytest.raises(ValueError, match="limit is 10,000,000"):
        resolve_shape(20_000_000, (-1,))


def test_parse_index_forms():
    assert parse_index("x[0]") == (0,)
    assert parse_index("[:, 1]") == (slice(None), 1)
    assert parse_index("..., -1") == (Ellipsis, -1)
    assert parse_index("tf.newaxis, 1:3") == (None, slice(1, 3, None))


def test_broadcasting_shapes():
    found = broadcast((8, 1, 6, 1), (7, 1, 5))
    assert found.shape == (8, 7, 6, 5) == np.broadcast_shapes((8, 1, 6, 1), (7, 1, 5))
    assert found.table.splitlines()[-1] == "result 8 7 6 5"
    assert broadcast((), (3,)).shape == (3,)
    with pytest.raises(ValueError, match="at axis -1 the lengths are 4 and 3"):
        broadcast((3, 4), (2, 3))


# --- TensorFlow's side -------------------------------------------------------------------------


def test_tensorflow_view_and_replayed_operations_match_numpy():
    from engine.ranks.tf_view import TensorFlowSteps, tensorflow_view

    x = parse_literal(RANK3)
    view = tensorflow_view(x, TensorFlowSteps(x, from_list=True))
    assert (view.rank, view.shape, view.dtype, view.size) == (
        3,
        "TensorShape([3, 2, 3])",
        "tf.int64",
        18,
    )
    assert view.rank_repr == "<tf.Tensor: shape=(), dtype=int32, numpy=3>"
    assert view.list_dtype == "tf.int32"  # tf.constant of the Python list picks 32 bits
    assert tensorflow_view(np.array(2)).shape == "TensorShape([])"

    import tensorflow as tf

    for kind, argument in [
        ("reshape", "2, 9"),
        ("expand_dims", "1"),
        ("squeeze", ""),
        ("transpose", "2, 0, 1"),
        ("slice", "x[:, 1]"),
        ("slice", "..., None, 0"),
        ("sum", "1"),
        ("mean", "(0, 2)"),
    ]:
        result = apply_operation(x.astype(np.float32), kind, argument)
        replayed = run_tensorflow(tf.constant(x.astype(np.float32)), result.operation)
        np.testing.assert_allclose(replayed.numpy(), result.value, rtol=1e-6)
        steps = TensorFlowSteps(x.astype("f4")).then(result.operation, x, refused=False)
        checked = tensorflow_view(result.value, steps)
        assert checked.agrees is True and checked.dims == result.after

    found = broadcast((8, 1, 6, 1), (7, 1, 5))  # the TensorFlow line it shows gives the same
    assert found.tf_code == (
        "tf.broadcast_static_shape(tf.TensorShape([8, 1, 6, 1]), tf.TensorShape([7, 1, 5]))"
    )
    static = tf.broadcast_static_shape(tf.TensorShape([8, 1, 6, 1]), tf.TensorShape([7, 1, 5]))
    assert tuple(static.as_list()) == found.shape

    truncated = apply_operation(x, "mean", "1")  # integer mean: TF keeps int64 and truncates
    steps = TensorFlowSteps(x).then(truncated.operation, x, refused=False)
    view = tensorflow_view(truncated.value, steps)
    assert view.agrees is False and "truncates" in view.note
    # t keeps TensorFlow's dtype in later steps, as in the code pane's script
    flat = apply_operation(truncated.value, "reshape", "-1")
    later = tensorflow_view(flat.value, steps.then(flat.operation, truncated.value, False))
    assert later.dtype == "tf.int64" and later.dims == (9,) and later.agrees is False
    assert "TensorFlow gives int64, NumPy float64" in later.note
    flags = parse_literal("[True, False]")
    refused = apply_operation(flags, "sum", "")
    steps = TensorFlowSteps(flags).then(refused.operation, flags, refused=True)
    view = tensorflow_view(refused.value, steps)
    assert "bool is not in the list of allowed values" in view.error
    # after a refused step t starts again from NumPy's result, as the script says
    again = apply_operation(refused.value, "expand_dims", "0")
    view = tensorflow_view(again.value, steps.then(again.operation, refused.value, False))
    assert view.error == "" and view.dtype == "tf.int64" and view.agrees is True


# --- fuzzing -----------------------------------------------------------------------------------

FUZZ = settings(
    max_examples=1000, deadline=2000, suppress_health_check=[HealthCheck.too_slow], database=None
)


def _only_array_or_value_error(text: str) -> None:
    started = time.perf_counter()
    try:
        result = parse_literal(text)
    except ValueError:
        pass
    else:
        assert isinstance(result, np.ndarray) and result.size <= MAX_ELEMENTS
    assert time.perf_counter() - started < 1.0


@FUZZ
@given(st.text(alphabet=st.characters(codec="ascii"), max_size=120))
def test_fuzz_ascii_text(text):
    _only_array_or_value_error(text)


@FUZZ
@given(st.text(max_size=120))
def test_fuzz_unicode_text(text):
    _only_array_or_value_error(text)


@FUZZ
@given(
    st.text(alphabet="[](),.-+0123456789 eE_jnpzrosaTFNue'\"", max_size=80).map(
        lambda t: t.replace("np", "np.zeros")
    )
)
def test_fuzz_literal_like_text(text):
    _only_array_or_value_error(text)


SCALARS = st.one_of(
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.text(max_size=3),
    st.complex_numbers(max_magnitude=10),
)


@FUZZ
@given(st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4), max_leaves=30))
def test_fuzz_nested_lists(value):
    text = repr(value)
    try:
        result = parse_literal(text)
    except ValueError:
        return
    assert isinstance(result, np.ndarray)
    np.testing.assert_array_equal(result, np.array(value))


@FUZZ
@given(
    st.sampled_from(["reshape", "expand_dims", "squeeze", "transpose", "slice", "sum", "mean"]),
    st.one_of(
        st.text(max_size=40),
        st.text(alphabet="0123456789-+:,.()[] xNoneTrue", max_size=30),
    ),
    st.booleans(),
)
def test_fuzz_operation_arguments(kind, argument, keepdims):
    x = np.arange(24).reshape(2, 3, 1, 4)
    try:
        result = apply_operation(x, kind, argument, keepdims=keepdims)
    except ValueError:
        return
    assert result.value.shape == result.after and result.before == (2, 3, 1, 4)
    assert len(result.names) == result.value.ndim


@pytest.mark.parametrize(
    ("text", "kind", "argument", "message"),
    [
        ("[1, 2]", "slice", "0, 0", "Too many indices: x has 1 axis, the index uses 2."),
        ("[[1, 2]]", "slice", "0, 0, 0", "Too many indices: x has 2 axes, the index uses 3."),
        ("np.array(5)", "slice", "0", "Too many indices: x has 0 axes, the index uses 1."),
        ("[1, 2]", "transpose", "0, 0", "Axes (0, 0) are not an ordering of the one axis 0;"),
        ("[[1, 2]]", "transpose", "1, 1", "not an ordering of the 2 axes 0..1; each must"),
        ("np.array(5)", "transpose", "0", "Axes (0,) are not an ordering of no axes (a scalar)"),
    ],
)
def test_refusals_count_axes_in_words_that_agree(text, kind, argument, message):
    with pytest.raises(ValueError) as caught:
        apply_operation(parse_literal(text), kind, argument)
    assert message in str(caught.value)


def test_counted_nouns_agree_with_their_number():
    assert [counted(n, "axis") for n in (0, 1, 2)] == ["0 axes", "1 axis", "2 axes"]
    assert counted(1, "int64 value") == "1 int64 value"
    assert counted(12_345, "position") == "12,345 positions"

"""engine.editor (document, operations, values, files): each mode's semantics with TensorFlow's real
error text, every bad input leaving the value unchanged, files, and generated code that runs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from fresh_python import run_python
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.editor import operations as tensors
from engine.editor.files import load_tensor, save_tensor
from engine.editor.values import make_operand, parse_new_shape, parse_value
from engine.shared.limits import MAX_ELEMENTS
from engine.tensors import ImmutableTensorError, Mode, TensorDocument

ROOT = Path(__file__).resolve().parents[2]


def tf_item_assignment_message() -> str:
    """What TensorFlow itself says when a tf.constant is assigned to."""
    import tensorflow as tf

    with pytest.raises(TypeError) as info:
        tf.constant([1.0])[0] = 2.0
    return str(info.value)


def grid(dtype="float32", mode=Mode.NUMPY) -> TensorDocument:
    return TensorDocument((np.arange(6) % 7).astype(dtype).reshape(2, 3), mode=mode)


# --- modes ----------
def test_numpy_mode_assigns_in_place_and_records_the_statement():
    doc = grid()
    assert doc.python_type == "numpy.ndarray"
    assert doc.set_item((0, 0), "0") == 0.0
    assert doc.last_code == "x[0, 0] = 0."
    doc.set_item((1, 2), 3.25)
    assert doc.last_code == "x[1, 2] = 3.25"
    np.testing.assert_array_equal(doc.to_numpy(), [[0, 1, 2], [3, 4, 3.25]])


def test_to_numpy_is_a_copy():
    doc = grid()
    doc.to_numpy()[0, 0] = 99
    assert doc.to_numpy()[0, 0] == 0


def test_constant_mode_refuses_with_tensorflows_own_message():
    doc = grid(mode=Mode.CONSTANT)
    assert doc.python_type == "EagerTensor"
    with pytest.raises(ImmutableTensorError) as info:
        doc.set_item((0, 1), "7")
    assert isinstance(info.value, TypeError)
    assert str(info.value) == tf_item_assignment_message()
    assert "does not support item assignment" in str(info.value)
    assert doc.last_code == "t[0, 1] = 7."
    np.testing.assert_array_equal(doc.to_numpy(), np.arange(6).reshape(2, 3))


def test_constant_mode_refuses_assign_and_assign_add():
    doc = grid(mode=Mode.CONSTANT)
    for method, operand in (("assign", "ones"), ("assign_add", "zeros")):
        with pytest.raises(ImmutableTensorError) as info:
            getattr(doc, method)(make_operand(operand, (2, 3), "float32"))
        assert str(info.value) == (
            f"'tensorflow.python.framework.ops.EagerTensor' object has no attribute '{method}'"
        )
    np.testing.assert_array_equal(doc.to_numpy(), np.arange(6).reshape(2, 3))


def test_variable_mode_assigns_through_assign():
    doc = grid(mode=Mode.VARIABLE)
    assert doc.python_type == "ResourceVariable"
    doc.set_item((0, 0), "3")
    assert doc.last_code == "v[0, 0].assign(3.)"
    doc.assign_add(make_operand("ones", (2, 3), "float32"))
    assert doc.last_code == "v.assign_add(tf.ones_like(v))"
    np.testing.assert_array_equal(doc.to_numpy(), [[4, 2, 3], [4, 5, 6]])
    doc.assign(make_operand("zeros", (2, 3), "float32"))
    assert not doc.to_numpy().any()


def test_numpy_assign_and_assign_add():
    doc = grid("int32")
    doc.assign_add(make_operand("literal", (2, 3), "int32", literal="10"))
    assert doc.last_code == "x += np.full((2, 3), 10, dtype=np.int32)"
    doc.assign(make_operand("literal", (2, 3), "int32", literal="[[1, 2, 3], [4, 5, 6]]"))
    assert doc.last_code == "x[...] = np.array([[1, 2, 3], [4, 5, 6]], dtype=np.int32)"
    np.testing.assert_array_equal(doc.to_numpy(), [[1, 2, 3], [4, 5, 6]])


@pytest.mark.parametrize("path", [("constant", "variable", "numpy"), ("variable", "constant")])
def test_set_mode_keeps_the_numbers_and_changes_the_type(path):
    doc = TensorDocument(np.array([[1.5, -2.0], [np.nan, 1e-7]], dtype=np.float64))
    before = doc.to_numpy()
    types = {"numpy": "numpy.ndarray", "constant": "EagerTensor", "variable": "ResourceVariable"}
    for mode in path:
        doc.set_mode(mode)
        assert doc.mode is Mode(mode)
        assert doc.python_type == types[mode]
        assert doc.dtype == np.float64
        np.testing.assert_array_equal(doc.to_numpy(), before)


def test_scalar_and_vector_and_bool():
    scalar = TensorDocument(np.float32(2.0), mode=Mode.VARIABLE)
    scalar.set_item((), "5")
    # a rank-0 variable has no cells to index: TensorFlow's spelling assigns the whole of it
    assert (scalar.last_code, scalar.to_numpy()) == ("v.assign(5.)", 5.0)
    numpy_scalar = TensorDocument(np.float32(2.0))
    numpy_scalar.set_item((), "5")
    assert numpy_scalar.last_code == "x[()] = 5."
    flags = TensorDocument(np.zeros(3, bool))
    flags.set_item((1,), "True")
    assert flags.last_code == "x[1] = True"
    np.testing.assert_array_equal(flags.to_numpy(), [False, True, False])


def test_block_assignment_in_each_mode():
    block = np.array([[9, 8]], np.float32)
    index = (slice(0, 1), slice(1, 3))
    numpy_doc, variable_doc = grid(), grid(mode=Mode.VARIABLE)
    numpy_doc.set_block(index, block)
    variable_doc.set_block(index, block)
    assert numpy_doc.last_code == "x[0:1, 1:3] = np.array([[9., 8.]], dtype=np.float32)"
    assert variable_doc.last_code == "v[0:1, 1:3].assign(np.array([[9., 8.]], dtype=np.float32))"
    np.testing.assert_array_equal(variable_doc.to_numpy(), [[0, 9, 8], [3, 4, 5]])
    with pytest.raises(ImmutableTensorError):
        grid(mode=Mode.CONSTANT).set_block(index, block)


# --- bad input leaves the value unchanged ----------
BAD_CELLS = [
    ("float32", "abc", "is not a number"),
    ("float32", "2**40", "is not a number"),
    ("float32", "", "type a number"),
    ("float32", "1e39", "too large for float32"),
    ("int32", "3.5", "not a whole number"),
    ("int32", 3.5, "not a whole number"),
    ("int32", str(2**40), "does not fit in int32"),
    ("int32", 2**40, "does not fit in int32"),
    ("int64", str(2**63), "does not fit in int64"),
    ("int32", "nan", "int32 has no NaN"),
    ("int64", float("nan"), "int64 has no NaN"),
    ("int32", "inf", "cannot hold infinity"),
    ("bool", "maybe", "type True or False"),
    ("bool", 2, "type True or False"),
    ("float64", [1.0], "is not a number"),
]


@pytest.mark.parametrize("mode", [Mode.NUMPY, Mode.CONSTANT, Mode.VARIABLE])
@pytest.mark.parametrize(("dtype", "value", "message"), BAD_CELLS)
def test_bad_cell_values_raise_value_error_and_change_nothing(mode, dtype, value, message):
    doc = grid(dtype, mode)
    before = doc.to_numpy()
    with pytest.raises(ValueError, match=message):
        doc.set_item((1, 1), value)
    np.testing.assert_array_equal(doc.to_numpy(), before)
    assert doc.to_numpy().dtype == np.dtype(dtype)


@pytest.mark.parametrize("mode", [Mode.NUMPY, Mode.VARIABLE])
def test_bad_whole_values_change_nothing(mode):
    doc = grid("int32", mode)
    before = doc.to_numpy()
    with pytest.raises(ValueError, match="shape"):
        doc.assign(make_operand("literal", (2, 3), "int32", literal="[1, 2]"))
    with pytest.raises(ValueError, match="does not fit in int32"):
        doc.assign_add(np.full((2, 3), 2**31 - 3, np.int64))
    with pytest.raises(ValueError, match="Ragged list: row 1 at depth 1 has 1 item"):
        make_operand("literal", (2, 3), "int32", literal="[[1, 2], [3]]")
    with pytest.raises(IndexError, match="outside shape"):
        doc.set_item((2, 0), "1")
    np.testing.assert_array_equal(doc.to_numpy(), before)


@pytest.mark.parametrize(
    ("dtype", "literal", "message"),
    [
        ("int32", "[[1.5, 2, 3], [4, 5, 6]]", "only whole numbers"),
        ("int32", "[[1099511627776, 2, 3], [4, 5, 6]]", "does not fit in int32"),
        ("int64", "[[nan, 2, 3], [4, 5, 6]]", "Found the name 'nan' at column 3"),
        ("float32", "[[1e40, 2, 3], [4, 5, 6]]", "too large for float32"),
        ("float32", "[['a', 2, 3], [4, 5, 6]]", "Found the string 'a' at column 3"),
        ("bool", "[[2, 0, 1], [0, 1, 0]]", "only True/False"),
        ("float32", "[[1, 2, 3], [4, 5, 6]] + 1", "Found an expression at column 1"),
        ("float32", "[" * 5000, "5000 brackets deep; the limit is 40"),
        ("float32", "", "type a number"),
    ],
)
def test_bad_literals_are_refused(dtype, literal, message):
    with pytest.raises(ValueError, match=message):
        make_operand("literal", (2, 3), dtype, literal=literal)


@pytest.mark.parametrize("mode", list(Mode))
def test_undo_restores_cells_and_values_in_every_mode(mode):
    doc = grid(mode=mode)
    done = tensors.restore_cells(doc, (slice(0, 2), 1), np.array([7, 8], np.float32))
    assert not done.error and doc.mode is mode
    np.testing.assert_array_equal(doc.to_numpy()[:, 1], [7, 8])
    tensors.restore(doc, np.ones((3, 2), np.int64), Mode.VARIABLE)
    assert (doc.mode, doc.shape, doc.dtype) == (Mode.VARIABLE, (3, 2), np.int64)
    doc.set_mode(Mode.VARIABLE)
    assert doc.last_code == ""  # already a variable: nothing to do


def test_outcomes_report_refusals_without_raising_and_carry_one_cell():
    doc = grid(mode=Mode.VARIABLE)
    done = tensors.edit_cell(doc, (0, 2), "8")
    assert (done.error, done.index, done.value, done.array) == ("", (0, 2), 8.0, None)
    refused = tensors.edit_cell(grid(mode=Mode.CONSTANT), (0, 0), "1")
    assert refused.immutable and "item assignment" in refused.error
    bad = tensors.edit_cell(doc, (0, 0), "x")
    assert "not a number" in bad.error and not bad.immutable


def test_shapes_and_sizes():
    assert parse_new_shape("6, 8") == (6, 8)
    assert parse_new_shape("(2, 3, 4)") == (2, 3, 4)
    assert parse_new_shape("6x8") == (6, 8)
    assert parse_new_shape("") == ()
    for text, message in (
        ("3, a", "not a whole number"),
        ("0, 3", "at least 1"),
        ("4000, 4000", "10,000,000"),
    ):
        with pytest.raises(ValueError, match=message):
            parse_new_shape(text)
    doc = grid()
    outcome = tensors.new_value(doc, "zeros", (MAX_ELEMENTS + 1,), "float32")
    assert "the limit is 10,000,000" in outcome.error
    assert doc.shape == (2, 3)


def test_fills():
    assert make_operand("range", (2, 2), "int64").array.tolist() == [[0, 1], [2, 3]]
    a = make_operand("random normal", (3,), "float32", seed=5).array
    np.testing.assert_array_equal(
        a, np.random.default_rng(5).standard_normal((3,)).astype(np.float32)
    )
    assert make_operand("range", (4,), "bool").array.tolist() == [False, True, False, True]


@settings(max_examples=25, deadline=None)
@given(
    mode=st.sampled_from([Mode.NUMPY, Mode.VARIABLE]),
    edits=st.lists(
        st.tuples(st.integers(0, 1), st.integers(0, 2), st.integers(-(2**31), 2**31 - 1)),
        max_size=6,
    ),
)
def test_cell_edits_match_numpy_in_every_mutable_mode(mode, edits):
    doc, reference = grid("int32", mode), grid("int32").to_numpy()
    for row, col, value in edits:
        doc.set_item((row, col), str(value))
        reference[row, col] = value
    np.testing.assert_array_equal(doc.to_numpy(), reference)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=12), dtype=st.sampled_from(["float32", "int32", "int64", "bool"]))
def test_parse_value_either_fits_the_dtype_or_says_why(text, dtype):
    try:
        value = parse_value(text, dtype)
    except ValueError as exc:
        assert str(exc)
        return
    assert value.dtype == np.dtype(dtype)
    if dtype == "float32" and not np.isnan(value):
        assert np.isinf(value) == np.isinf(float(text.strip()))


# --- files ----------
@pytest.mark.parametrize("suffix", [".npy", ".npz", ".csv"])
@pytest.mark.parametrize("dtype", ["float32", "int64"])
def test_save_then_load_round_trips(tmp_path, suffix, dtype):
    array = (np.arange(12).reshape(3, 4) * 1.5 if dtype == "float32" else np.arange(12)).astype(
        dtype
    )
    array = array.reshape(3, 4)
    path = tmp_path / f"t{suffix}"
    code = save_tensor(path, array, "v")
    assert "v.numpy()" in code
    loaded = load_tensor(path)
    np.testing.assert_array_equal(loaded.array, array)
    if suffix != ".csv":
        assert loaded.array.dtype == array.dtype
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left behind


def test_corrupt_and_unsupported_files_are_clear_value_errors(tmp_path):
    corrupt = tmp_path / "broken.npy"
    corrupt.write_bytes(b"\x93NUMPY this is not an array")
    with pytest.raises(ValueError, match=r"broken\.npy is not a valid \.npy file"):
        load_tensor(corrupt)
    strings = tmp_path / "words.npy"
    np.save(strings, np.array(["a", "b"]))
    with pytest.raises(ValueError, match="holds <U1 values|holds str32 values"):
        load_tensor(strings)
    with pytest.raises(ValueError, match="does not exist"):
        load_tensor(tmp_path / "missing.npy")
    with pytest.raises(ValueError, match=".npy, .npz or .csv"):
        load_tensor(tmp_path / "a.txt")
    np.save(tmp_path / "small.npy", np.arange(3, dtype=np.uint8))
    assert load_tensor(tmp_path / "small.npy").array.dtype == np.int32


def test_unwritable_folder_and_odd_archives(tmp_path):
    doc = grid()
    refused = tensors.save_file(doc, str(tmp_path / "missing" / "a.npy"))
    assert refused.error == f"The folder {tmp_path / 'missing'} does not exist."
    np.savez(tmp_path / "empty.npz")
    with pytest.raises(ValueError, match="holds no arrays"):
        load_tensor(tmp_path / "empty.npz")
    np.savez(tmp_path / "two.npz", first=np.arange(3.0), second=np.ones(2))
    loaded = load_tensor(tmp_path / "two.npz")
    assert loaded.code.endswith("['first']") and loaded.array.tolist() == [0, 1, 2]
    np.save(tmp_path / "half.npy", np.ones(2, np.float16))
    assert load_tensor(tmp_path / "half.npy").code.endswith(".astype(np.float32)")


def test_failed_save_keeps_the_old_file(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("1,2\n")
    with pytest.raises(ValueError, match="CSV holds at most 2 axes"):
        save_tensor(path, np.zeros((2, 2, 2)))
    assert path.read_text() == "1,2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_document_load_and_save_outcomes(tmp_path):
    doc = grid(mode=Mode.VARIABLE)
    saved = tensors.save_file(doc, str(tmp_path / "a.npy"))
    assert saved.code == f"np.save({str(tmp_path / 'a.npy')!r}, v.numpy())"
    (tmp_path / "bad.npy").write_bytes(b"garbage")
    refused = tensors.load_file(doc, str(tmp_path / "bad.npy"))
    assert "not a valid .npy file" in refused.error
    loaded = tensors.load_file(doc, str(tmp_path / "a.npy"))
    assert loaded.code == f"v = tf.Variable(np.load({str(tmp_path / 'a.npy')!r}))"
    np.testing.assert_array_equal(loaded.array, np.arange(6).reshape(2, 3))


# --- the recorded code really reproduces the value ----------
def test_last_code_statements_reproduce_the_value_in_a_fresh_python(tmp_path):
    start = make_operand("range", (2, 3), "float32")
    doc = TensorDocument(start.array)
    script = ["import numpy as np", "import tensorflow as tf", f"x = {start.code}"]

    def step(action, *args):
        try:
            action(*args)
        except ImmutableTensorError:
            script.append(f"# {doc.last_code}")  # refused: TensorFlow would raise here
            return
        script.append(doc.last_code)

    step(doc.set_item, (0, 0), "0.1")
    step(doc.set_mode, Mode.CONSTANT)
    step(doc.set_item, (0, 1), "5")
    step(doc.set_mode, Mode.VARIABLE)
    step(doc.set_item, (1, 2), "-2.5e-3")
    step(doc.assign_add, make_operand("random normal", (2, 3), "float32", seed=7))
    step(doc.set_block, (slice(1, 2), slice(0, 2)), np.array([[np.nan, np.inf]], np.float32))
    step(doc.set_block, (slice(0, 2), slice(0, 3)), np.arange(6).reshape(2, 3) / 7)  # long
    step(doc.set_mode, Mode.NUMPY)
    step(
        doc.assign_add, make_operand("literal", (2, 3), "float32", literal="[[1, 2, 3], [4, 5, 6]]")
    )
    flags = TensorDocument(np.zeros((2, 2), bool))
    script.append("f = np.zeros((2, 2), bool)")
    flags.assign(make_operand("literal", (2, 2), "bool", literal="True"))
    script.append(flags.last_code.replace("x", "f", 1))
    flags.set_block((slice(0, 1), slice(0, 2)), np.array([[False, True]]))
    script.append(flags.last_code.replace("x", "f", 1))
    script.append("np.save('out.npy', np.asarray(x))\nnp.save('flags.npy', f)")
    (tmp_path / "run.py").write_text("\n".join(script) + "\n")
    done = run_python("run.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    np.testing.assert_array_equal(np.load(tmp_path / "out.npy"), doc.to_numpy())
    np.testing.assert_array_equal(np.load(tmp_path / "flags.npy"), [[False, True], [True, True]])

"""The tensor editor's model: one value held as a NumPy array, a tf.constant or a tf.Variable.

Each operation does what the matching Python statement does, and records that statement in
``last_code`` (``x[0, 0] = 0.``, ``v[0, 0].assign(3.)``), so the code pane can show it.
TensorFlow is imported inside the methods that need it: the GUI thread imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np

from engine.editor.values import (
    Operand,
    array_code,
    check_array,
    index_code,
    make_operand,
    parse_value,
    scalar_code,
)


class Mode(str, Enum):
    NUMPY = "numpy"
    CONSTANT = "constant"
    VARIABLE = "variable"


# The Python name the generated code gives the held value in each mode.
NAMES = {Mode.NUMPY: "x", Mode.CONSTANT: "t", Mode.VARIABLE: "v"}


class ImmutableTensorError(TypeError):
    """TensorFlow refused to change a tf.constant; the message is TensorFlow's own."""


class TensorDocument:
    def __init__(self, value, mode=Mode.NUMPY, dtype=None):
        array = np.asarray(value)
        array = check_array(array, array.dtype if dtype is None else dtype)
        self.mode = Mode.NUMPY
        self._value = np.array(array, copy=True)
        self.last_code = f"x = {array_code(array)}" if array.size <= 64 else ""
        if Mode(mode) is not Mode.NUMPY:
            self.set_mode(mode)

    # --- what is held ----------
    @property
    def name(self) -> str:
        return NAMES[self.mode]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(int(n) for n in self._value.shape)

    @property
    def dtype(self) -> np.dtype:
        if self.mode is Mode.NUMPY:
            return self._value.dtype
        return np.dtype(self._value.dtype.as_numpy_dtype)

    @property
    def python_type(self) -> str:
        """numpy.ndarray, EagerTensor or ResourceVariable: the class of the held object."""
        kind = type(self._value)
        return "numpy.ndarray" if kind is np.ndarray else kind.__name__

    def to_numpy(self) -> np.ndarray:
        if self.mode is Mode.NUMPY:
            return self._value.copy()
        return np.array(self._value.numpy(), copy=True)

    # --- operations ----------
    def set_mode(self, mode) -> None:
        """Convert the held value to an ndarray, a tf.constant or a tf.Variable (same numbers)."""
        mode = Mode(mode)
        if mode is self.mode:
            self.last_code = ""
            return
        old_name, array = self.name, self.to_numpy()
        self._value = self._wrap(array, mode)
        self.mode = mode
        if mode is Mode.NUMPY:
            self.last_code = f"x = {old_name}.numpy()"
        elif mode is Mode.CONSTANT:
            self.last_code = f"t = tf.constant({old_name})"
        else:
            self.last_code = f"v = tf.Variable({old_name})"

    def replace(self, value, code: str | None = None) -> None:
        """Hold a new value (a new tensor, a loaded file); ``code`` is NumPy code that makes it."""
        array = check_array(value, np.asarray(value).dtype)
        new = self._wrap(np.array(array, copy=True), self.mode)
        self._value = new
        expression = code if code is not None else array_code(array)
        self.last_code = f"{self.name} = {self._wrapped_code(expression)}"

    def restore(self, value, mode) -> None:
        """Go back to an earlier value and mode exactly (undo); records no code."""
        mode = Mode(mode)
        self._value = self._wrap(np.array(value, copy=True), mode)
        self.mode = mode
        self.last_code = ""

    def set_item(self, index: tuple, value) -> np.generic:
        """``x[i, j] = value`` / refused for a tf.constant / ``v[i, j].assign(value)``.

        Returns the stored value. Bad text or a value the dtype cannot hold: ValueError.
        """
        index = self._check_index(index)
        stored = parse_value(value, self.dtype)
        self._write(index, stored, scalar_code(stored))
        return stored

    def set_block(self, index: tuple, values) -> np.ndarray:
        """Assign a rectangular block (a paste): ``x[0:2, 1:3] = np.array(...)``."""
        index = self._check_index(index, slices=True)
        target_shape = np.empty(self.shape, dtype=np.bool_)[index].shape
        block = check_array(values, self.dtype)
        if block.shape != target_shape:
            raise ValueError(f"{block.shape} values do not fit a block of shape {target_shape}")
        self._write(index, block, array_code(block))
        return block.copy()

    def _write(self, index: tuple, stored, literal: str) -> None:
        """Item assignment as each mode spells it (a constant refuses, as TensorFlow does)."""
        target = f"{self.name}[{index_code(index)}]"
        if self.mode is Mode.VARIABLE:
            self.last_code = f"{target}.assign({literal})"
            self._value[index].assign(stored)
            return
        self.last_code = f"{target} = {literal}"
        if self.mode is Mode.NUMPY:
            self._value[index] = stored
        else:
            self._refuse_item_assignment(index, stored)

    def assign(self, value) -> None:
        """``x[...] = value`` / refused for a tf.constant / ``v.assign(value)``."""
        self._whole("assign", value)

    def assign_add(self, delta) -> None:
        """``x += delta`` / refused for a tf.constant / ``v.assign_add(delta)``."""
        self._whole("assign_add", delta)

    # --- internals ----------
    def _whole(self, method: str, value) -> None:
        operand = value if isinstance(value, Operand) else None
        array = check_array(operand.array if operand else value, self.dtype)
        if array.shape != self.shape:
            raise ValueError(
                f"a value of shape {array.shape} cannot {method} to shape {self.shape}"
            )
        if method == "assign_add" and self.dtype.kind == "b":
            raise ValueError("assign_add needs numbers; a bool tensor has no addition")
        code = operand.code if operand else array_code(array)
        name = self.name
        if self.mode is Mode.VARIABLE and operand and operand.tf_code:
            code = operand.tf_code.format(name=name)
        if self.mode is Mode.NUMPY:
            self.last_code = f"x[...] = {code}" if method == "assign" else f"x += {code}"
            if method == "assign":
                self._value[...] = array
            else:
                self._check_sum(array)
                self._value += array
        elif self.mode is Mode.CONSTANT:
            self.last_code = f"{name}.{method}({code})"
            try:  # really ask TensorFlow, so the message is its own
                getattr(self._value, method)(array)
            except AttributeError as exc:
                raise ImmutableTensorError(str(exc)) from exc
            raise AssertionError("TensorFlow changed a tf.constant")  # pragma: no cover
        else:
            self.last_code = f"{name}.{method}({code})"
            if method == "assign_add":
                self._check_sum(array)
            getattr(self._value, method)(array)

    def _check_sum(self, delta: np.ndarray) -> None:
        """Integers would wrap around silently; refuse instead and keep the value."""
        if self.dtype.kind != "i":
            return
        total = self.to_numpy().astype(np.float64) + delta.astype(np.float64)
        info = np.iinfo(self.dtype)
        if total.size and (total.min() < info.min or total.max() > info.max):
            raise ValueError(f"the sum does not fit in {self.dtype.name}; nothing was added")

    def _refuse_item_assignment(self, index: tuple, value) -> None:
        try:  # really ask TensorFlow, so the message is its own
            self._value[index] = value
        except TypeError as exc:
            raise ImmutableTensorError(str(exc)) from exc
        raise AssertionError("TensorFlow changed a tf.constant")  # pragma: no cover

    def _check_index(self, index, slices: bool = False) -> tuple:
        index = tuple(index) if isinstance(index, (tuple, list)) else (index,)
        if len(index) != len(self.shape):
            raise IndexError(
                f"index {index} needs {len(self.shape)} positions for shape {self.shape}"
            )
        checked = []
        for item, size in zip(index, self.shape, strict=True):
            if isinstance(item, slice) and slices:
                start, stop, step = item.indices(size)
                if step != 1 or start >= stop or item.start is None or item.stop is None:
                    raise IndexError(f"{item} is not a block inside an axis of {size}")
                if not (0 <= item.start < item.stop <= size):
                    raise IndexError(f"{item.start}:{item.stop} does not fit an axis of {size}")
                checked.append(slice(int(item.start), int(item.stop)))
                continue
            if isinstance(item, (bool, np.bool_)) or not isinstance(item, (int, np.integer)):
                raise IndexError(f"{item!r} is not a position")
            if not 0 <= int(item) < size:
                raise IndexError(f"index {index} is outside shape {self.shape}")
            checked.append(int(item))
        return tuple(checked)

    def _wrapped_code(self, expression: str) -> str:
        if self.mode is Mode.CONSTANT:
            return f"tf.constant({expression})"
        if self.mode is Mode.VARIABLE:
            return f"tf.Variable({expression})"
        return expression

    @staticmethod
    def _wrap(array: np.ndarray, mode: Mode):
        if mode is Mode.NUMPY:
            return array
        import tensorflow as tf

        if mode is Mode.CONSTANT:
            return tf.constant(array)
        return tf.Variable(array)


# --- worker jobs: run one document operation and return plain data for the GUI -------------------
@dataclass(frozen=True)
class Outcome:
    """What one operation did. ``error`` is set (and nothing changed) when it was refused."""

    code: str
    mode: Mode
    python_type: str
    error: str = ""
    immutable: bool = False  # refused by TensorFlow because a tf.constant cannot change
    index: tuple | None = None  # the cell or block changed
    value: object = None  # the stored cell value or block
    array: np.ndarray | None = None  # the whole new value, when all of it changed


def _outcome(doc: TensorDocument, **fields) -> Outcome:
    return Outcome(code=doc.last_code, mode=doc.mode, python_type=doc.python_type, **fields)


def _run(doc: TensorDocument, action, whole: bool, index=None) -> Outcome:
    try:
        value = action()
    except ImmutableTensorError as exc:
        return _outcome(doc, error=str(exc), immutable=True, index=index)
    except (ValueError, IndexError) as exc:
        return Outcome(code="", mode=doc.mode, python_type=doc.python_type, error=str(exc))
    if whole:
        return _outcome(doc, array=doc.to_numpy())
    return _outcome(doc, index=index, value=value)


def edit_cell(doc: TensorDocument, index: tuple, value) -> Outcome:
    index = tuple(index)
    return _run(doc, lambda: doc.set_item(index, value), whole=False, index=index)


def edit_block(doc: TensorDocument, index: tuple, values) -> Outcome:
    index = tuple(index)
    return _run(doc, lambda: doc.set_block(index, values), whole=False, index=index)


def assign_whole(doc: TensorDocument, method: str, operand: Operand) -> Outcome:
    action = doc.assign if method == "assign" else doc.assign_add
    return _run(doc, lambda: action(operand), whole=True)


def replace_whole(doc: TensorDocument, operand: Operand) -> Outcome:
    return _run(doc, lambda: doc.replace(operand.array, operand.code), whole=True)


def change_mode(doc: TensorDocument, mode) -> Outcome:
    """Numbers stay the same, so only the mode and the code come back (no array copy)."""
    return _run(doc, lambda: doc.set_mode(mode), whole=False)


def restore(doc: TensorDocument, array: np.ndarray, mode) -> Outcome:
    return _run(doc, lambda: doc.restore(array, mode), whole=False)


def restore_cells(doc: TensorDocument, index: tuple, values) -> Outcome:
    """Undo/redo of a cell or block edit: put the given values back without refusal."""

    def put():
        mode = doc.mode
        if mode is Mode.NUMPY:
            doc._value[index] = values
        elif mode is Mode.VARIABLE:
            doc._value[index].assign(values)
        else:  # a tf.constant cannot change in place: rebuild it, as undo must work in any mode
            array = doc.to_numpy()
            array[index] = values
            doc.restore(array, mode)
        doc.last_code = ""
        return values

    return _run(doc, put, whole=False, index=tuple(index))


def load_file(doc: TensorDocument, path: str) -> Outcome:
    from engine.editor.files import load_tensor

    try:
        operand = load_tensor(path)
    except (ValueError, OSError) as exc:
        return Outcome(code="", mode=doc.mode, python_type=doc.python_type, error=str(exc))
    return replace_whole(doc, operand)


def save_file(doc: TensorDocument, path: str) -> Outcome:
    """Saving changes nothing held, so the outcome carries only the code (or the error)."""
    from engine.editor.files import save_tensor

    try:
        code = save_tensor(path, doc.to_numpy(), doc.name)
    except (ValueError, OSError) as exc:
        return Outcome(code="", mode=doc.mode, python_type=doc.python_type, error=str(exc))
    return Outcome(code=code, mode=doc.mode, python_type=doc.python_type)


def assign_value(doc: TensorDocument, method: str, kind: str, seed: int = 0, literal: str = ""):
    """assign / assign_add of ones, zeros, random normal or a typed literal, built to fit."""
    try:
        operand = make_operand(kind, doc.shape, doc.dtype, seed=seed, literal=literal)
    except ValueError as exc:
        return Outcome(code="", mode=doc.mode, python_type=doc.python_type, error=str(exc))
    return assign_whole(doc, method, operand)


def new_value(doc: TensorDocument, kind: str, shape: tuple, dtype: str, seed: int = 0):
    """A new tensor of ``shape`` and ``dtype`` filled with zeros, ones, random normal or range."""
    try:
        operand = make_operand(kind, shape, dtype, seed=seed)
    except ValueError as exc:
        return Outcome(code="", mode=doc.mode, python_type=doc.python_type, error=str(exc))
    return replace_whole(doc, operand)

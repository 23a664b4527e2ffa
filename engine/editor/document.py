"""The tensor editor's model: one value held as a NumPy array, a tf.constant or a tf.Variable.

Each operation does what the matching Python statement does, and records that statement in
``last_code`` (``x[0, 0] = 0.``, ``v[0, 0].assign(3.)``), so the code pane can show it.
TensorFlow is imported inside the methods that need it: the GUI thread imports this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from engine.editor.values import (
    CellValue,
    Operand,
    TensorIndex,
    array_code,
    check_array,
    index_code,
    parse_value,
    scalar_code,
)


class Mode(str, Enum):
    NUMPY = "numpy"
    CONSTANT = "constant"
    VARIABLE = "variable"


# The Python name the generated code gives the held value in each mode.
NAMES = {Mode.NUMPY: "x", Mode.CONSTANT: "t", Mode.VARIABLE: "v"}


# What a cell or block edit stored: one NumPy scalar, or a block of the tensor.
Stored = np.generic | np.ndarray
WholeMethod = Literal["assign", "assign_add"]


class ImmutableTensorError(TypeError):
    """TensorFlow refused to change a tf.constant. The message is TensorFlow's own, and ``raised``
    names the exception class it raised: TypeError for item assignment (``t[0] = 1.``),
    AttributeError for ``t.assign(...)`` and ``t.assign_add(...)`` (an EagerTensor has no such
    method). The class stays a TypeError, as the engine contract names it."""

    def __init__(self, message: str, raised: str):
        super().__init__(message)
        self.raised = raised


class TensorDocument:
    def __init__(
        self,
        value: npt.ArrayLike,
        mode: Mode | str = Mode.NUMPY,
        dtype: npt.DTypeLike | None = None,
    ):
        array = np.asarray(value)
        array = check_array(array, array.dtype if dtype is None else dtype)
        self.mode = Mode.NUMPY
        # An ndarray, a tf.constant (EagerTensor) or a tf.Variable: TensorFlow ships no types.
        self._value: Any = np.array(array, copy=True)
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
    def dtype(self) -> np.dtype[Any]:
        held = self._value.dtype if self.mode is Mode.NUMPY else self._value.dtype.as_numpy_dtype
        resolved: np.dtype[Any] = np.dtype(held)
        return resolved

    @property
    def python_type(self) -> str:
        """numpy.ndarray, EagerTensor or ResourceVariable: the class of the held object."""
        kind = type(self._value)
        return "numpy.ndarray" if kind is np.ndarray else kind.__name__

    def to_numpy(self) -> np.ndarray:
        source = self._value if self.mode is Mode.NUMPY else self._value.numpy()
        return np.array(source, copy=True)

    # --- operations ----------
    def set_mode(self, mode: Mode | str) -> None:
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

    def replace(self, value: npt.ArrayLike, code: str | None = None) -> None:
        """Hold a new value (a new tensor, a loaded file); ``code`` is NumPy code that makes it."""
        array = check_array(value, np.asarray(value).dtype)
        new = self._wrap(np.array(array, copy=True), self.mode)
        self._value = new
        expression = code if code is not None else array_code(array)
        self.last_code = f"{self.name} = {self._wrapped_code(expression)}"

    def restore(self, value: npt.ArrayLike, mode: Mode | str) -> None:
        """Go back to an earlier value and mode exactly (undo); records no code."""
        mode = Mode(mode)
        self._value = self._wrap(np.array(value, copy=True), mode)
        self.mode = mode
        self.last_code = ""

    def restore_cells(self, index: TensorIndex, values: Stored) -> None:
        """Put earlier values of a cell or block back (undo/redo of an edit); records no code.

        Never refused: a tf.constant cannot change in place, so it is rebuilt, as undo must
        work in every mode."""
        if self.mode is Mode.NUMPY:
            self._value[index] = values
        elif self.mode is Mode.VARIABLE:
            self._value[index].assign(values)
        else:
            array = self.to_numpy()
            array[index] = values
            self.restore(array, self.mode)
        self.last_code = ""

    def set_item(self, index: TensorIndex, value: CellValue) -> np.generic:
        """``x[i, j] = value`` / refused for a tf.constant / ``v[i, j].assign(value)``.

        Returns the stored value. Bad text or a value the dtype cannot hold: ValueError.
        """
        index = self._check_index(index)
        stored = parse_value(value, self.dtype)
        self._write(index, stored, scalar_code(stored))
        return stored

    def set_block(self, index: TensorIndex, values: npt.ArrayLike) -> np.ndarray:
        """Assign a rectangular block (a paste): ``x[0:2, 1:3] = np.array(...)``."""
        index = self._check_index(index, slices=True)
        target_shape = np.empty(self.shape, dtype=np.bool_)[index].shape
        block = check_array(values, self.dtype)
        if block.shape != target_shape:
            raise ValueError(f"{block.shape} values do not fit a block of shape {target_shape}")
        self._write(index, block, array_code(block))
        return block.copy()

    def _write(self, index: TensorIndex, stored: Stored, literal: str) -> None:
        """Item assignment as each mode spells it (a constant refuses, as TensorFlow does)."""
        target = f"{self.name}[{index_code(index)}]"
        if self.mode is Mode.VARIABLE:
            # A rank-0 variable has no cells: the whole of it is assigned, spelled as TF does.
            cell = self._value[index] if index else self._value
            self.last_code = f"{target if index else self.name}.assign({literal})"
            cell.assign(stored)
            return
        self.last_code = f"{target} = {literal}"
        if self.mode is Mode.NUMPY:
            self._value[index] = stored
        else:
            self._refuse_item_assignment(index, stored)

    def assign(self, value: Operand | npt.ArrayLike) -> None:
        """``x[...] = value`` / refused for a tf.constant / ``v.assign(value)``."""
        self._whole("assign", value)

    def assign_add(self, delta: Operand | npt.ArrayLike) -> None:
        """``x += delta`` / refused for a tf.constant / ``v.assign_add(delta)``."""
        self._whole("assign_add", delta)

    # --- internals ----------
    def _whole(self, method: WholeMethod, value: Operand | npt.ArrayLike) -> None:
        operand = value if isinstance(value, Operand) else None
        array = check_array(value.array if isinstance(value, Operand) else value, self.dtype)
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
            try:  # really ask TensorFlow, so the message and the exception class are its own
                getattr(self._value, method)(array)
            except (AttributeError, TypeError) as exc:
                raise ImmutableTensorError(str(exc), type(exc).__name__) from exc
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

    def _refuse_item_assignment(self, index: TensorIndex, value: Stored) -> None:
        try:  # really ask TensorFlow, so the message and the exception class are its own
            self._value[index] = value
        except (TypeError, AttributeError) as exc:
            raise ImmutableTensorError(str(exc), type(exc).__name__) from exc
        raise AssertionError("TensorFlow changed a tf.constant")  # pragma: no cover

    def _check_index(self, index: Sequence[int | slice] | int, slices: bool = False) -> TensorIndex:
        items = tuple(index) if isinstance(index, (tuple, list)) else (index,)
        if len(items) != len(self.shape):
            raise IndexError(
                f"index {items} needs {len(self.shape)} positions for shape {self.shape}"
            )
        checked: list[int | slice] = []
        for item, size in zip(items, self.shape, strict=True):
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
                raise IndexError(f"index {items} is outside shape {self.shape}")
            checked.append(int(item))
        return tuple(checked)

    def _wrapped_code(self, expression: str) -> str:
        if self.mode is Mode.CONSTANT:
            return f"tf.constant({expression})"
        if self.mode is Mode.VARIABLE:
            return f"tf.Variable({expression})"
        return expression

    @staticmethod
    def _wrap(array: np.ndarray, mode: Mode) -> Any:
        if mode is Mode.NUMPY:
            return array
        import tensorflow as tf

        if mode is Mode.CONSTANT:
            return tf.constant(array)
        return tf.Variable(array)

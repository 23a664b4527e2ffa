"""TensorTableModel on its own (no worker, no view): the perspective over a tensor of any rank,
formatting, headers, repaints limited to the cells an edit covers, and edits asked for by signal,
never applied here and never answered with a dialog."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from widgets.editor.table_model import TensorTableModel

DISPLAY = Qt.ItemDataRole.DisplayRole


def rects(model: TensorTableModel) -> list[tuple[int, int, int, int]]:
    """Every dataChanged rectangle from now on, as (top, left, bottom, right)."""
    changed: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda a, b, roles: changed.append((a.row(), a.column(), b.row(), b.column()))
    )
    return changed


def test_model_repaints_only_the_cells_an_edit_covers(qtbot):
    model = TensorTableModel()
    model.set_array(np.zeros((2, 3, 4), np.float32))  # shows axis 1 × axis 2 at axis 0 = 0
    changed = rects(model)
    model.cell_changed((0, 2, 1), 5)
    model.cell_changed((1, 2, 1), 6)  # in the array, not on screen
    model.cell_changed((0, slice(0, 2), slice(1, 4)), 7)
    assert changed == [(2, 1, 2, 1), (0, 1, 1, 3)]
    assert model.data(model.index(1, 1)) == "7" and model.data(model.index(2, 1)) == "5"
    assert model.array[1, 2, 1] == 6
    vector = TensorTableModel()
    vector.set_array(np.arange(5))
    vector_changed = rects(vector)
    vector.cell_changed((slice(1, 3),), np.array([8, 9]))
    assert vector_changed == [(1, 0, 2, 0)]
    assert vector.data(vector.index(2, 0)) == "9"
    assert vector.data(vector.index(4, 0)) == "4"
    assert vector.data(vector.index(4, 0), Qt.ItemDataRole.ToolTipRole) == "[4] = 4"


def test_scalar_vector_and_matrix_show_whole():
    model = TensorTableModel()
    model.set_array(np.array(2.5, np.float64))
    assert (model.rowCount(), model.columnCount()) == (1, 1)
    assert model.tensor_index(0, 0) == ()
    model.set_array(np.array([True, False, True]))
    assert (model.rowCount(), model.columnCount()) == (3, 1)
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["True", "False", "True"]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignCenter
    )
    model.set_array(np.array([[1 / 3, 2.0]], np.float32))
    assert model.data(model.index(0, 0)) == "0.333333"  # short on screen
    assert model.data(model.index(0, 0), Qt.ItemDataRole.EditRole) == "0.33333334"  # exact


def test_headers_number_the_positions_of_each_orientation():
    model = TensorTableModel()
    model.set_array(np.zeros((4, 6), np.int32))
    horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
    assert [model.headerData(s, horizontal, DISPLAY) for s in range(6)] == list("012345")
    assert [model.headerData(s, vertical, DISPLAY) for s in range(4)] == list("0123")
    # a section exists only as far as its own axis runs: 4 rows, 6 columns
    assert model.headerData(5, vertical, DISPLAY) is None
    assert model.headerData(5, horizontal, DISPLAY) == "5"
    assert model.headerData(6, horizontal, DISPLAY) is None
    assert model.headerData(0, horizontal, Qt.ItemDataRole.ToolTipRole) is None


def test_rank_three_starts_on_its_last_two_axes_and_keeps_the_perspective():
    model = TensorTableModel()
    perspectives = []
    model.perspective_changed.connect(lambda: perspectives.append(model.fixed))
    array = np.arange(24).reshape(2, 3, 4)
    model.set_array(array)
    assert (model.row_axis, model.col_axis, model.fixed) == (1, 2, {0: 0})
    model.set_slice(2, 0, {1: 2})  # rows along axis 2, columns along axis 0, at axis 1 = 2
    assert (model.rowCount(), model.columnCount()) == (4, 2)
    assert model.data(model.index(3, 1)) == str(array[1, 2, 3])
    assert model.tensor_index(3, 1) == (1, 2, 3)
    assert model.block_index(1, 0, 2, 2) == ((slice(0, 2), 2, slice(1, 3)), True)
    np.testing.assert_array_equal(model.grid_block(1, 0, 2, 2), array[0:2, 2, 1:3].T)
    # a new value of the same rank keeps the axes and clamps positions to the new shape
    model.set_array(np.zeros((2, 2, 4)))
    assert (model.row_axis, model.col_axis, model.fixed) == (2, 0, {1: 1})
    assert perspectives == [{0: 0}, {1: 2}, {1: 1}]


def test_edits_are_asked_for_by_signal_and_bad_text_is_reported_without_a_dialog(qtbot):
    model = TensorTableModel()
    model.set_array(np.zeros((2, 3), np.int32))
    requested, rejected = [], []
    model.edit_requested.connect(lambda index, text: requested.append((index, text)))
    model.edit_rejected.connect(rejected.append)
    assert model.setData(model.index(1, 2), "7") is True
    assert requested == [((1, 2), "7")]
    assert model.array[1, 2] == 0  # applied only when the engine reports it
    assert model.setData(model.index(0, 0), "2.5") is False
    assert rejected == ["2.5 is not a whole number, and int32 holds only integers"]
    assert len(requested) == 1
    assert QApplication.activeModalWidget() is None
    model.mutable = False  # a tf.constant: the edit is still asked for (to be refused there)
    assert model.setData(model.index(0, 1), "3") is False
    assert requested[-1] == ((0, 1), "3")
    assert model.setData(model.index(0, 1), "3", Qt.ItemDataRole.DisplayRole) is False
    assert len(requested) == 2


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "int64", "bool"])
def test_every_cell_is_editable_in_every_dtype(dtype):
    model = TensorTableModel()
    model.set_array(np.zeros((2, 2), dtype))
    flags = model.flags(model.index(1, 1))
    assert flags & Qt.ItemFlag.ItemIsEditable and flags & Qt.ItemFlag.ItemIsSelectable

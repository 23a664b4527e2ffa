"""The slice bar on its own, over a table model and no engine: it shows the model's perspective,
edits it, and follows the model when a new tensor arrives."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets.editor.slice_bar import SliceBar
from widgets.editor.table_model import TensorTableModel

CUBE = np.arange(24, dtype=np.int64).reshape(2, 3, 4)


@pytest.fixture
def model() -> TensorTableModel:
    model = TensorTableModel()
    model.set_array(CUBE.copy())
    return model


@pytest.fixture
def bar(show, model):
    """The bar inside a window, as in the tab (on its own it would be a window itself)."""
    window = QWidget()  # held until the test ends: it owns the bar
    bar = SliceBar(model)
    QVBoxLayout(window).addWidget(bar)
    show(window, size=(700, 80))
    yield bar


def choose(combo, index: int) -> None:
    """Pick an entry as a user does (activated is what a click or a key press emits)."""
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_it_shows_the_axes_and_a_position_per_hidden_axis(bar, model):
    assert bar.isVisible()
    assert [bar.row_axis_combo.itemText(i) for i in range(3)] == [
        "axis 0 (2)",
        "axis 1 (3)",
        "axis 2 (4)",
    ]
    assert (bar.row_axis_combo.currentIndex(), bar.col_axis_combo.currentIndex()) == (1, 2)
    assert list(bar.axis_spins) == [0]
    spin = bar.axis_spins[0]
    assert (spin.minimum(), spin.maximum(), spin.value(), spin.prefix()) == (0, 1, 0, "axis 0 = ")


def test_moving_a_position_moves_the_grid(bar, model):
    bar.axis_spins[0].setValue(1)
    assert model.fixed == {0: 1}
    assert model.data(model.index(0, 0)) == "12"


def test_choosing_the_axis_the_other_selector_holds_swaps_the_two(bar, model):
    bar.axis_spins[0].setValue(1)
    choose(bar.row_axis_combo, 2)  # the columns' axis: rows and columns swap
    assert (model.row_axis, model.col_axis, model.fixed) == (2, 1, {0: 1})
    assert (model.rowCount(), model.columnCount()) == (4, 3)
    assert model.data(model.index(3, 1)) == str(CUBE[1, 1, 3])
    assert bar.col_axis_combo.currentIndex() == 1
    choose(bar.col_axis_combo, 0)  # a hidden axis: the one it replaces becomes hidden at 0
    assert (model.row_axis, model.col_axis, model.fixed) == (2, 0, {1: 0})
    assert list(bar.axis_spins) == [1] and bar.axis_spins[1].value() == 0
    assert bar.axis_spins[1].maximum() == 2


def test_it_follows_the_model(bar, model):
    spin = bar.axis_spins[0]
    model.set_slice(1, 2, {0: 1})  # moved elsewhere: the same widgets show the new position
    assert bar.axis_spins[0] is spin and spin.value() == 1
    model.set_array(np.zeros((5, 3, 4)))  # same rank, a new shape: rebuilt for it
    assert bar.axis_spins[0] is not spin
    assert bar.axis_spins[0].maximum() == 4 and bar.axis_spins[0].value() == 1
    model.set_array(np.zeros((2, 3, 4, 5)))  # a new rank starts on its last two axes
    assert list(bar.axis_spins) == [0, 1]
    assert (bar.row_axis_combo.currentIndex(), bar.col_axis_combo.currentIndex()) == (2, 3)
    model.set_array(np.zeros((3, 3)))  # the grid shows a matrix whole: nothing to choose
    assert bar.isHidden() and bar.axis_spins == {}
    model.set_array(CUBE.copy())
    assert bar.isVisible() and list(bar.axis_spins) == [0]

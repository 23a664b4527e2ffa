"""LayerList on its own: the Dense layers, their formulas and parameter counts, and editing them."""

from __future__ import annotations

from engine.mnist.model import DEFAULT_LAYERS, LayerSpec
from widgets.mnist.layer_list import LayerList


def column(layers: LayerList, index: int) -> list[str]:
    return [layers.table.item(row, index).text() for row in range(layers.table.rowCount())]


def test_the_default_model_with_formulas_and_parameter_counts(qtbot):
    layers = LayerList()
    qtbot.addWidget(layers)
    assert layers.layers() == DEFAULT_LAYERS
    assert column(layers, 2) == ["relu(dot(input, W) + b)", "softmax(dot(input, W) + b)"]
    assert column(layers, 3) == ["401,920", "5,130"]
    assert layers.table.item(0, 3).toolTip() == "784 × 512 + 512 = 401,920 (W entries + b)"
    assert "bias vector of 10 values" in layers.table.item(1, 2).toolTip()
    assert layers.total_parameters() == 401_920 + 5_130


def test_editing_a_row_updates_it_and_the_rows_after_it(qtbot):
    layers = LayerList()
    qtbot.addWidget(layers)
    with qtbot.waitSignal(layers.changed):
        layers.table.cellWidget(0, 0).setValue(64)
    assert column(layers, 3) == ["50,240", "650"]  # 784·64 + 64, then 64·10 + 10
    with qtbot.waitSignal(layers.changed):
        layers.table.cellWidget(0, 1).setCurrentText("linear")
    assert column(layers, 2)[0] == "dot(input, W) + b"
    assert layers.layers() == (LayerSpec(64, "linear"), LayerSpec(10, "softmax"))


def test_adding_removing_and_resetting_layers(qtbot):
    layers = LayerList()
    qtbot.addWidget(layers)
    with qtbot.waitSignal(layers.changed):
        layers.add_button.click()  # goes in before the output layer
    assert layers.layers() == (LayerSpec(512), LayerSpec(128), LayerSpec(10, "softmax"))
    assert column(layers, 3) == ["401,920", "65,664", "1,290"]
    layers.table.selectRow(0)
    layers.remove_button.click()
    assert layers.layers() == (LayerSpec(128), LayerSpec(10, "softmax"))
    layers.table.clearSelection()
    layers.remove_button.click()  # nothing selected: the layer before the output goes
    assert layers.layers() == (LayerSpec(10, "softmax"),)
    assert not layers.remove_button.isEnabled()
    layers.remove_selected()  # the last layer always stays
    assert layers.layers() == (LayerSpec(10, "softmax"),)
    layers.reset_button.click()
    assert layers.layers() == DEFAULT_LAYERS and layers.remove_button.isEnabled()

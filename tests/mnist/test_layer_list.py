"""LayerList on its own: the layers of every kind, their output shapes and parameter counts, a
message on the row of a layer that cannot build, and editing, adding, moving and removing."""

from __future__ import annotations

import pytest

from engine.mnist.architecture import SMALL_CONVNET
from engine.mnist.layer_spec import parse_layers
from engine.mnist.layers import Conv2D, Dense, Flatten, MaxPooling2D
from engine.mnist.model import DEFAULT_LAYERS
from widgets.mnist.layer_list import LayerList


def outputs(layers: LayerList) -> list[str]:
    return [layers.output(i).text().replace("\u00a0", " ") for i in range(len(layers.layers()))]


def made(qtbot, given=DEFAULT_LAYERS) -> LayerList:
    layers = LayerList()
    qtbot.addWidget(layers)
    layers.set_layers(given)
    return layers


def test_the_default_model_with_shapes_formulas_and_parameter_counts(qtbot):
    layers = made(qtbot)
    assert layers.layers() == DEFAULT_LAYERS
    assert outputs(layers) == ["→ (512,) · 401,920 params", "→ (10,) · 5,130 params"]
    tip = layers.output(0).toolTip()
    assert "784 × 512 + 512 = 401,920" in tip and "relu(dot(input, W) + b)" in tip
    assert "(784,) → (512,)" in tip
    assert "softmax(dot(input, W) + b)" in layers.output(1).toolTip()
    assert layers.message(0) is None and layers.message(1) is None


def test_the_convnet_rows_show_each_output_shape_and_weight_count(qtbot):
    layers = made(qtbot, SMALL_CONVNET.layers)
    assert layers.layers() == SMALL_CONVNET.layers
    assert [text.split(" · ")[0] for text in outputs(layers)] == [
        "→ (26, 26, 32)",
        "→ (13, 13, 32)",
        "→ (11, 11, 64)",
        "→ (5, 5, 64)",
        "→ (1600,)",
        "→ (1600,)",
        "→ (10,)",
    ]
    assert outputs(layers)[0].endswith("320 params") and outputs(layers)[1].endswith("0 params")
    assert "3 × 3 × 1 × 32 + 32 = 320" in layers.output(0).toolTip()
    assert "28 − 3 + 1 = 26" in layers.output(0).toolTip()
    assert [layers.kind(i).currentText() for i in range(7)] == [
        "Conv2D",
        "MaxPooling2D",
        "Conv2D",
        "MaxPooling2D",
        "Flatten",
        "Dropout",
        "Dense",
    ]


def test_editing_a_row_updates_it_and_the_rows_after_it(qtbot):
    layers = made(qtbot)
    with qtbot.waitSignal(layers.changed):
        layers.editor(0).units.setValue(64)
    assert outputs(layers) == ["→ (64,) · 50,240 params", "→ (10,) · 650 params"]  # 784·64 + 64, …
    with qtbot.waitSignal(layers.changed):
        layers.editor(0).activation.setCurrentText("linear")
    assert "output = dot(input, W) + b" in layers.output(0).toolTip()
    assert layers.layers() == (Dense(64, "linear"), Dense(10, "softmax"))


def test_a_layer_that_cannot_build_gets_its_message_on_its_row(qtbot):
    layers = made(qtbot, parse_layers("conv8k3,pool2,flatten,dense10"))
    table = layers.table
    assert table.rowCount() == 4
    with qtbot.waitSignal(layers.changed):
        layers.kind(2).setCurrentText("Dense")  # a Dense where the Flatten was: an image comes in
    assert layers.layers()[2] == Dense(128, "relu")
    message = layers.message(2)
    assert message is not None and not message.isHidden()
    assert message.text().startswith("Layer 3 cannot build: a Flatten is missing before this")
    # The message is the row right beneath its layer, across the whole table.
    assert table.cellWidget(3, 0) is message and table.columnSpan(3, 0) == 2
    assert table.rowCount() == 5 and layers.output(3).text().startswith("—")
    assert layers.message(3) is None  # the layer after it has no shape, but no fault of its own
    # A kernel larger than its input, on its own row; fixing it takes the message away.
    with qtbot.waitSignal(layers.changed):
        layers.kind(2).setCurrentText("Flatten")
    assert layers.message(2) is None and table.rowCount() == 4
    with qtbot.waitSignal(layers.changed):
        layers.editor(0).kernel.setValue(30)
    assert "the 30×30 kernel is larger than its 28×28 input" in layers.message(0).text()
    assert table.cellWidget(1, 0) is layers.message(0)
    assert table.cellWidget(2, 0).isAncestorOf(layers.kind(1))  # the layers move down beneath it
    with qtbot.waitSignal(layers.changed):
        layers.editor(0).kernel.setValue(3)
    with qtbot.waitSignal(layers.changed):
        layers.editor(1).pool.setValue(40)
    assert "the 40×40 pool shrinks the 26×26 input to 0×0" in layers.message(1).text()


def test_adding_moving_removing_layers(qtbot):
    layers = made(qtbot)
    with qtbot.waitSignal(layers.changed):
        layers.add_button.click()  # nothing selected: before the output layer
    assert layers.layers() == (Dense(512), Dense(128), Dense(10, "softmax"))
    assert outputs(layers)[1] == "→ (128,) · 65,664 params"
    layers.table.selectRow(0)
    layers.add_button.click()  # after the selected layer
    assert layers.layers() == (Dense(512), Dense(128), Dense(128), Dense(10, "softmax"))
    layers.kind(1).setCurrentText("Conv2D")
    assert layers.layers()[1] == Conv2D(32, 3, "relu")
    # The input is an image now: the Dense before the Conv2D cannot take it.
    assert "a Flatten is missing" in layers.message(0).text()
    layers.table.selectRow(1)  # the message row stands for its layer
    assert layers.selected_layer() == 0
    layers.select_layer(1)
    layers.up_button.click()
    assert layers.layers()[:2] == (Conv2D(32, 3, "relu"), Dense(512))
    assert layers.selected_layer() == 0
    layers.down_button.click()
    assert layers.layers()[:2] == (Dense(512), Conv2D(32, 3, "relu"))
    layers.remove_button.click()  # the selected (moved) layer
    assert layers.layers() == (Dense(512), Dense(128), Dense(10, "softmax"))
    layers.table.clearSelection()
    layers.remove_button.click()  # nothing selected: the layer before the output goes
    layers.remove_button.click()
    assert layers.layers() == (Dense(10, "softmax"),)
    assert not layers.remove_button.isEnabled()
    layers.remove_selected()  # the last layer always stays
    assert layers.layers() == (Dense(10, "softmax"),)
    layers.set_layers((MaxPooling2D(2), Flatten(), Dense(10, "softmax")))
    assert outputs(layers)[0] == "→ (14, 14, 1) · 0 params"


def test_every_control_of_a_row_is_named_for_a_screen_reader(qtbot):
    layers = made(qtbot, SMALL_CONVNET.layers)
    assert layers.kind(0).accessibleName() == "Layer 1 kind"
    assert layers.editor(0).filters.accessibleName() == "Layer 1 filters"
    assert layers.editor(0).kernel.accessibleName() == "Layer 1 kernel size"
    assert layers.editor(0).activation.accessibleName() == "Layer 1 activation"
    assert layers.editor(1).pool.accessibleName() == "Layer 2 pool size"
    assert layers.editor(5).rate.accessibleName() == "Layer 6 dropout rate"
    assert layers.editor(6).units.accessibleName() == "Layer 7 units"


@pytest.mark.parametrize("scale", [1.0, 1.6])
def test_each_row_shows_its_whole_output_in_a_narrow_settings_column(qtbot, scale):
    """The output sits beneath a row's settings, so a 330-pixel list shows all of it; in two
    lines where the text is wider than its column (a larger font), never cut off."""
    layers = made(qtbot, SMALL_CONVNET.layers)
    font = layers.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    layers.setFont(font)
    layers.resize(330, 900)
    layers.show()
    qtbot.waitExposed(layers)
    table = layers.table
    wrapped = 0
    for index in range(len(SMALL_CONVNET.layers)):
        label = layers.output(index)
        metrics = label.fontMetrics()
        lines = 1 if metrics.horizontalAdvance(label.text()) <= label.width() else 2
        wrapped += lines == 2
        assert all(
            metrics.horizontalAdvance(part) <= label.width() for part in label.text().split(" · ")
        )
        assert label.height() >= lines * metrics.lineSpacing()
        assert label.geometry().bottom() < label.parentWidget().height()  # not cut off below
        right = label.mapTo(table.viewport(), label.rect().topRight()).x()
        assert right <= table.viewport().width()
    assert (wrapped > 0) == (scale > 1)
    assert scale > 1 or not table.horizontalScrollBar().isVisible()

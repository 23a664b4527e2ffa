"""Conv layers in the tab: the presets, the rank-4 input explained where the data is prepared,
a list that cannot build refused on its row, a small convnet trained to the command line's and
the code's numbers, and the builder's layers kept in the settings (old ones migrated)."""

from __future__ import annotations

import json
import re

from fresh_python import run_python

from engine.mnist.architecture import SEED, SMALL_CONVNET
from engine.mnist.layers import Dense
from engine.mnist.model import DEFAULT_LAYERS
from widgets.mnist.settings import MnistSettings
from widgets.mnist.view import MnistTrainerTab
from widgets.shared.message_line import Severity
from widgets.shared.settings import SettingsStore

TIMEOUT = 120_000


def preset(tab, name: str) -> None:
    [button] = [b for b in tab.form.preset_buttons if b.text() == name]
    button.click()


def shown(tab) -> str:
    text = re.sub("<[^>]+>", "", tab.results.test_label.text())
    return text[0].lower() + text[1:]


def test_the_presets_set_the_model_and_its_fit_settings(qtbot, tab):
    form, box = tab.form, tab.data_box
    changes = []
    form.changed.connect(lambda: changes.append(1))
    preset(tab, "Small convnet")
    assert len(changes) == 1  # one change, checked once
    assert form.layer_list.layers() == SMALL_CONVNET.layers
    fields = {name: form.fields[name].text() for name in ("epochs", "batch_size", "learning_rate")}
    assert fields == {"epochs": "6", "batch_size": "32", "learning_rate": "0.001"}
    assert form.optimizer_combo.currentText() == "adam"
    assert "ceil(60000 / 32) = 1875 per epoch × 6 = 11250" in form.updates_label.text()
    assert form.shapes_label.text() == (
        "One sample: (28, 28, 1) → (26, 26, 32) → (13, 13, 32) → (11, 11, 64) → (5, 5, 64) → "
        "(1600,) → (1600,) → (10,)"
    )
    assert "34,826" in form.params_label.text()
    # Where the data is prepared: rank 4, with the reshape line the code has.
    text = box.preprocess_label.text()
    assert "x = x.reshape((len(x), 28, 28, 1)).astype(&#x27;float32&#x27;) / 255" in text
    assert "(60,000, 28, 28) uint8 0–255 → (60,000, 28, 28, 1) float32" in text
    assert "channel" in box.preprocess_label.toolTip()
    code = tab.details.code_pane.code()
    assert "x_train = x_train.reshape((len(x_train), 28, 28, 1)).astype('float32') / 255" in code
    assert "keras.layers.Conv2D(32, kernel_size=(3, 3), activation='relu')," in code
    assert "conv2d (Conv2D)" in tab.details.summary_text.toPlainText()
    preset(tab, SEED.name)
    assert form.layer_list.layers() == DEFAULT_LAYERS
    assert form.fields["batch_size"].text() == "128" and form.optimizer_combo.currentText() == (
        "rmsprop"
    )
    assert "→ (60,000, 784) float32" in box.preprocess_label.text()
    assert "x_train.reshape((len(x_train), 28 * 28))" in tab.details.code_pane.code()


def test_a_convnet_trains_to_the_numbers_of_the_command_line_and_the_code(qtbot, tab, tmp_path):
    preset(tab, "Small convnet")
    for name, value in dict(limit="600", epochs="1").items():
        tab.form.fields[name].setText(value)
    # Without the Flatten the list cannot build: said on the row, and Train is refused.
    layers = tab.form.layer_list
    layers.select_layer(4)
    layers.remove_button.click()
    assert "a Flatten is missing" in layers.message(5).text()
    tab.run_bar.train_button.click()
    assert not tab.controller.training
    assert tab.run_bar.run_message.severity is Severity.ERROR
    assert "Layer 6 (dense): a Flatten is missing" in tab.run_bar.run_message.text()
    layers.set_layers(SMALL_CONVNET.layers)
    tab.run_bar.train_button.click()
    qtbot.waitUntil(lambda: not tab.controller.training, timeout=TIMEOUT)
    evaluation = tab.controller.evaluation
    assert evaluation is not None and evaluation.test_samples == 600
    assert tab.controller.result.report.updates_done == 19  # ceil(600 / 32)
    args = ["--model", "convnet", "--epochs", "1", "--limit", "600", "--json", "--no-record"]
    done = run_python("-m", "engine.mnist", *args, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["layers"] == "conv32k3,pool2,conv64k3,pool2,flatten,drop0.5,dense10"
    assert result["test_accuracy"] == evaluation.test_accuracy
    assert result["test_loss"] == evaluation.test_loss
    code = tab.details.code_pane.code()
    done = run_python("-c", code, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == shown(tab)


def test_the_layers_are_kept_and_the_old_stored_form_is_migrated(qtbot, worker, settings):
    settings.setValue("schema_version", 2)
    settings.setValue("mnist/layers", "256:tanh,10:softmax")  # as version 2 stored them
    store = SettingsStore(settings)
    assert settings.value("mnist/layers") == "dense256:tanh,dense10:softmax"
    tab = MnistTrainerTab(worker)
    qtbot.addWidget(tab)
    tab.apply_settings(store.read(tab.settings_group, MnistSettings()))
    assert tab.form.layer_list.layers() == (Dense(256, "tanh"), Dense(10, "softmax"))
    tab.form.apply_preset(SMALL_CONVNET)
    tab.run_bar.more_edit.setText("3")
    store.write(tab.settings_group, tab.settings())
    assert settings.value("mnist/layers") == "conv32k3,pool2,conv64k3,pool2,flatten,drop0.5,dense10"
    other = MnistTrainerTab(worker)
    qtbot.addWidget(other)
    other.apply_settings(store.read(other.settings_group, MnistSettings()))
    assert other.form.layer_list.layers() == SMALL_CONVNET.layers
    assert other.run_bar.more_edit.text() == "3"

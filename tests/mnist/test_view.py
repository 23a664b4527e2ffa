"""The MNIST Trainer tab in a real window with a real worker: train on a subset, watch it, stop,
evaluate, draw, save and load, and the messages for bad input."""

from __future__ import annotations

import numpy as np
import pytest
from demo_states import SEVEN

from widgets.mnist.settings import MnistSettings
from widgets.mnist.view import MnistTrainerTab
from widgets.shared.message_line import Severity
from widgets.shared.settings import SettingsStore

TIMEOUT = 120_000
SERIES = ("loss", "val_loss", "accuracy", "val_accuracy")  # the lines, as the plots hold them


@pytest.fixture
def tab(qtbot, worker):
    widget = MnistTrainerTab(worker)
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.data is not None, timeout=TIMEOUT)
    yield widget
    widget.shutdown()
    qtbot.waitUntil(lambda: not worker.busy, timeout=TIMEOUT)


def set_fields(tab, **values):
    for name, value in values.items():
        tab.fields[name].setText(str(value))


def wait_prediction(qtbot, tab):
    """Until the shown prediction is for the drawing as it is now."""
    qtbot.waitUntil(
        lambda: tab.prediction_version == tab.drawing_version and not tab.predict_jobs.busy,
        timeout=TIMEOUT,
    )


def train(qtbot, tab):
    tab.train_button.click()
    assert tab.training
    qtbot.waitUntil(lambda: not tab.training, timeout=TIMEOUT)


def drawn_lines(curves) -> list[tuple[list[float], list[float]]]:
    """What the live plots show: each line's points, loss plot first."""
    figure = curves.lazy.content.figure
    return [
        (list(line.get_xdata()), list(line.get_ydata()))
        for axes in figure.axes
        for line in axes.get_lines()
    ]


def test_the_data_summary_and_the_update_arithmetic(tab):
    assert "(60000, 28, 28) uint8" in tab.data_summary.text()
    assert "0:5,923" in tab.data_summary.text()  # class counts of the real MNIST
    assert "float32" in tab.preprocess_label.text()
    assert len(tab.sample_grid.images) == 16
    assert "ceil(60000 / 128) = 469 per epoch × 5 = 2345" in tab.updates_label.text()
    set_fields(tab, validation_split="0.2", epochs="3")
    assert "ceil(48000 / 128) = 375 per epoch × 3 = 1125" in tab.updates_label.text()
    set_fields(tab, limit="2000")
    assert "ceil(1600 / 128) = 13 per epoch × 3 = 39" in tab.updates_label.text()
    assert "Dense(512, activation='relu')" in tab.code_pane.code()
    assert "401,920" in tab.summary_text.toPlainText() and "407,050" in tab.params_label.text()


def test_train_watch_evaluate_draw_save_and_load(qtbot, tab, tmp_path):
    set_fields(tab, limit="2000", epochs="3", batch_size="64", validation_split="0.1")
    tab.canvas.draw_stroke(SEVEN)
    assert "a model" in tab.prediction_label.text() or tab.predict_timer.isActive()
    tab.train_button.click()
    assert not tab.train_button.isEnabled() and tab.stop_button.isEnabled()
    qtbot.waitUntil(lambda: tab._progress_count > 0, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not tab.training, timeout=TIMEOUT)
    # Progress and live curves: train points per report, validation points per epoch.
    assert tab.progress.value() == tab.progress.maximum()
    assert "Done: 3/3 epochs, 87 updates" in tab.progress_label.text()  # ceil(1800/64) * 3
    curves = tab.curves
    assert curves.data["val_loss"][0] == [1, 2, 3]
    assert len(curves.data["loss"][0]) >= 3
    # The plots show every point received (drawn by the curves' next refresh).
    qtbot.waitUntil(
        lambda: drawn_lines(curves) == [curves.data[key] for key in SERIES], timeout=5_000
    )
    assert (
        tab.run_message.severity is Severity.INFO
        and "87 gradient updates" in tab.run_message.text()
    )
    # Evaluated on the (limited) test set.
    ev = tab.evaluation
    assert ev.test_samples == 2000 and ev.test_accuracy > 0.8
    assert "Test accuracy" in tab.test_label.text()
    assert tab.confusion.matrix.sum() == 2000
    assert len(tab.wrong_grid.images) == min(40, ev.wrong_count)
    assert len(tab.weights_grid.images) == 32
    # The drawing made before training is predicted with the new model.
    wait_prediction(qtbot, tab)
    assert tab.prediction.probabilities.shape == (10,)
    assert tab.bars.probabilities is not None
    # Drawing more asks again (coalesced), and the answer arrives.
    tab.canvas.draw_stroke([(100, 150), (200, 150)])
    wait_prediction(qtbot, tab)
    assert str(tab.prediction.digit) in tab.prediction_label.text()
    first = tab.prediction.probabilities
    # Save, then load into the same tab: the same drawing gets the same probabilities.
    path = tmp_path / "digits.keras"
    tab.save_model(str(path))
    qtbot.waitUntil(lambda: not tab.file_jobs.busy, timeout=TIMEOUT)
    assert tab.file_message.severity is Severity.INFO and path.is_file()
    tab.load_model(str(path))
    qtbot.waitUntil(lambda: not tab.file_jobs.busy, timeout=TIMEOUT)
    wait_prediction(qtbot, tab)
    assert "Loaded" in tab.file_message.text()
    np.testing.assert_allclose(tab.prediction.probabilities, first, rtol=1e-5, atol=1e-6)
    # A broken model file is refused and the model stays.
    junk = tmp_path / "junk.keras"
    junk.write_bytes(b"garbage")
    tab.load_model(str(junk))
    qtbot.waitUntil(lambda: not tab.file_jobs.busy, timeout=TIMEOUT)
    assert tab.file_message.severity is Severity.ERROR and "unchanged" in tab.file_message.text()
    assert tab.has_model


def test_stop_ends_the_run_and_keeps_the_model(qtbot, tab):
    set_fields(tab, limit="4000", epochs="200", batch_size="32")
    tab.train_button.click()
    qtbot.waitUntil(lambda: tab._progress_count > 0, timeout=TIMEOUT)
    # Starting again while a run is going is refused with a message.
    tab.start_training()
    assert tab.run_message.severity is Severity.ERROR and "already going" in tab.run_message.text()
    tab.stop_button.click()
    qtbot.waitUntil(lambda: not tab.training, timeout=TIMEOUT)
    assert tab.result.report.stopped
    assert tab.result.report.updates_done < tab.result.report.planned_updates
    assert (
        tab.run_message.severity is Severity.WARNING and "Stopped after" in tab.run_message.text()
    )
    assert tab.has_model and tab.evaluation is not None  # still usable: it was evaluated
    assert tab.train_button.isEnabled() and not tab.stop_button.isEnabled()


def test_a_huge_learning_rate_is_reported_and_the_weights_stay_finite(qtbot, tab):
    set_fields(tab, limit="1000", epochs="2", learning_rate="1e20")
    train(qtbot, tab)
    assert (
        tab.run_message.severity is Severity.ERROR and "loss became nan" in tab.run_message.text()
    )
    assert np.isfinite(tab.evaluation.test_loss)


def test_bad_settings_get_messages_beside_their_fields(qtbot, tab):
    set_fields(tab, epochs="0", batch_size="-3", learning_rate="fast")
    assert "at least 1" in tab.field_messages["epochs"].text()
    assert tab.field_messages["batch_size"].severity is Severity.ERROR
    assert "Enter a number" in tab.field_messages["learning_rate"].text()
    tab.start_training()
    assert not tab.training and tab.run_message.severity is Severity.ERROR
    set_fields(tab, epochs="2", batch_size="500", learning_rate="0.001", limit="100")
    assert "larger than the 100 samples" in tab.field_messages["batch_size"].text()
    set_fields(tab, batch_size="32", validation_split="1.5")
    assert tab.field_messages["validation_split"].severity is Severity.ERROR
    set_fields(tab, validation_split="0", limit="")
    assert all(m.severity is None for m in tab.field_messages.values())
    assert "469 per epoch × 2 = 938" not in tab.updates_label.text()  # batch 32 now
    assert "ceil(60000 / 32) = 1875 per epoch × 2 = 3750" in tab.updates_label.text()
    # An output layer that does not match the ten classes.
    tab.layer_list.table.cellWidget(1, 0).setValue(7)
    assert "needs 10 units" in tab.layers_message.text()
    tab.start_training()
    assert not tab.training


def test_a_bad_data_file_keeps_the_loaded_data(qtbot, tab, tmp_path):
    before = tab.data
    junk = tmp_path / "broken.npz"
    junk.write_bytes(b"\x00" * 100)
    tab.load_data(str(junk))
    qtbot.waitUntil(lambda: not tab.data_jobs.busy, timeout=TIMEOUT)
    assert tab.data_message.severity is Severity.ERROR and "broken.npz" in tab.data_message.text()
    assert "previous data stays" in tab.data_message.text()
    assert tab.data is before
    # A good file of the same layout (Fashion-MNIST would look the same) replaces it.
    good = tmp_path / "fashion.npz"
    rng = np.random.default_rng(0)
    np.savez(
        good,
        x_train=rng.integers(0, 256, (300, 28, 28), dtype=np.uint8),
        y_train=np.arange(300, dtype=np.uint8) % 10,
        x_test=rng.integers(0, 256, (50, 28, 28), dtype=np.uint8),
        y_test=np.arange(50, dtype=np.uint8) % 10,
    )
    tab.load_data(str(good))
    qtbot.waitUntil(lambda: not tab.data_jobs.busy, timeout=TIMEOUT)
    assert tab.data.x_train.shape == (300, 28, 28) and tab.data_message.severity is None
    assert "ceil(300 / 128) = 3 per epoch" in tab.updates_label.text()


def test_settings_round_trip_and_bad_stored_values(qtbot, worker, settings, tab):
    set_fields(tab, epochs="7", batch_size="256", seed="42")
    tab.optimizer_combo.setCurrentText("adam")
    tab.layer_list.set_layers(tab.layer_list.layers()[:1] * 0 + tab.layer_list.layers())
    store = SettingsStore(settings)
    store.write(tab.settings_group, tab.settings())
    other = MnistTrainerTab(worker)
    qtbot.addWidget(other)
    other.apply_settings(store.read(other.settings_group, MnistSettings()))
    assert other.fields["epochs"].text() == "7" and other.fields["seed"].text() == "42"
    assert other.optimizer_combo.currentText() == "adam"
    settings.setValue("mnist/layers", "lots:of,garbage")
    settings.setValue("mnist/optimizer", "nonsense")
    third = MnistTrainerTab(worker)
    qtbot.addWidget(third)
    third.apply_settings(store.read(third.settings_group, MnistSettings()))
    assert [(x.units, x.activation) for x in third.layer_list.layers()] == [
        (512, "relu"),
        (10, "softmax"),
    ]
    assert third.optimizer_combo.currentText() == "rmsprop"


def test_a_remembered_data_file_that_is_gone_falls_back_to_mnist(qtbot, worker, settings, tmp_path):
    settings.setValue("mnist/data_path", str(tmp_path / "moved.npz"))
    widget = MnistTrainerTab(worker)
    qtbot.addWidget(widget)
    widget.apply_settings(SettingsStore(settings).read(widget.settings_group, MnistSettings()))
    widget.show()
    qtbot.waitUntil(lambda: widget.data is not None and not widget.data_jobs.busy, timeout=TIMEOUT)
    assert widget.data.x_train.shape == (60000, 28, 28)
    assert (
        widget.data_message.severity is Severity.ERROR and "moved.npz" in widget.data_message.text()
    )
    assert "Using MNIST instead" in widget.data_message.text()
    assert widget.data_path is None

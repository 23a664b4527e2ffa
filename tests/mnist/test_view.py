"""The MNIST Trainer tab in a real window with a real worker: train on a subset, watch it, stop,
evaluate, draw, save and load, and the messages for bad input. (The tab fixture: conftest.py.)"""

from __future__ import annotations

import numpy as np
import pytest
from demo_states import SEVEN

from widgets.mnist.settings import MnistSettings
from widgets.mnist.view import MnistTrainerTab
from widgets.shared.message_line import Severity
from widgets.shared.settings import SettingsStore

TIMEOUT = 120_000


def set_fields(tab, **values):
    for name, value in values.items():
        tab.form.fields[name].setText(str(value))


def wait_prediction(qtbot, tab):
    """Until the shown prediction is for the drawing as it is now."""
    drawing = tab.controller.drawing
    qtbot.waitUntil(lambda: drawing.current and not drawing.jobs.busy, timeout=TIMEOUT)


def train(qtbot, tab):
    tab.run_bar.train_button.click()
    assert tab.controller.training
    qtbot.waitUntil(lambda: not tab.controller.training, timeout=TIMEOUT)


def test_the_data_summary_and_the_update_arithmetic(tab):
    box, form, details = tab.data_box, tab.form, tab.details
    assert "(60000, 28, 28) uint8" in box.data_summary.text()
    assert "0:5,923" in box.data_summary.text()  # class counts of the real MNIST
    assert "float32" in box.preprocess_label.text()
    assert len(box.sample_strip.images) == 12
    assert len(details.sample_grid.images) == 16
    assert "ceil(60000 / 128) = 469 per epoch × 5 = 2345" in form.updates_label.text()
    set_fields(tab, validation_split="0.2", epochs="3")
    assert "ceil(48000 / 128) = 375 per epoch × 3 = 1125" in form.updates_label.text()
    set_fields(tab, limit="2000")
    assert "ceil(1600 / 128) = 13 per epoch × 3 = 39" in form.updates_label.text()
    assert "Dense(512, activation='relu')" in details.code_pane.code()
    assert "401,920" in details.summary_text.toPlainText()
    assert "407,050" in form.params_label.text()


def test_train_watch_evaluate_draw_save_and_load(qtbot, tab, tmp_path, paints_its_data):
    controller, run_bar, results, panel = tab.controller, tab.run_bar, tab.results, tab.digit_panel
    set_fields(tab, limit="2000", epochs="3", batch_size="64", validation_split="0.1")
    panel.canvas.draw_stroke(SEVEN)
    assert "a model" in panel.prediction_label.text() or controller.drawing.debounce.pending
    reports = []
    controller.progressed.connect(reports.append)
    run_bar.train_button.click()
    assert not run_bar.train_button.isEnabled() and run_bar.stop_button.isEnabled()
    assert not results.save_button.isEnabled() and not tab.data_box.bundled_button.isEnabled()
    qtbot.waitUntil(lambda: len(reports) > 0, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not controller.training, timeout=TIMEOUT)
    assert results.save_button.isEnabled() and tab.data_box.bundled_button.isEnabled()
    # Progress and live curves: train points per report, validation points per epoch.
    assert [r.epoch for r in reports if r.kind == "epoch"] == [1, 2, 3]
    assert reports[-1].updates == reports[-1].planned_updates == 87  # ceil(1800/64) * 3
    assert run_bar.progress.value() == run_bar.progress.maximum()
    assert "Done: 3/3 epochs, 87 updates" in run_bar.progress_label.text()
    curves = tab.curves
    assert curves.data["val_loss"][0] == [1, 2, 3]
    assert len(curves.data["loss"][0]) >= 3
    # The plots show every point received (drawn by the curves' next refresh).
    qtbot.waitUntil(lambda: paints_its_data(curves), timeout=5_000)
    assert (
        run_bar.run_message.severity is Severity.INFO
        and "87 gradient updates" in run_bar.run_message.text()
    )
    # Evaluated on the (limited) test set.
    ev = controller.evaluation
    assert ev.test_samples == 2000 and ev.test_accuracy > 0.8
    assert "Test accuracy" in results.test_label.text()
    assert results.confusion.matrix.sum() == 2000
    assert len(tab.details.gallery.grid.images) == min(200, ev.wrong_count)
    assert len(tab.details.weights_grid.images) == 32
    # The drawing made before training is predicted with the new model.
    wait_prediction(qtbot, tab)
    assert controller.drawing.prediction.probabilities.shape == (10,)
    assert panel.bars.probabilities is not None
    # Drawing more asks again (coalesced), and the answer arrives.
    panel.canvas.draw_stroke([(100, 150), (200, 150)])
    wait_prediction(qtbot, tab)
    assert str(controller.drawing.prediction.digit) in panel.prediction_label.text()
    first = controller.drawing.prediction.probabilities
    # Save, then load into the same tab: the same drawing gets the same probabilities.
    path = tmp_path / "digits.keras"
    controller.save_model(str(path))
    qtbot.waitUntil(lambda: not controller.file_jobs.busy, timeout=TIMEOUT)
    assert results.file_message.severity is Severity.INFO and path.is_file()
    controller.load_model(str(path))
    qtbot.waitUntil(lambda: not controller.file_jobs.busy, timeout=TIMEOUT)
    wait_prediction(qtbot, tab)
    assert "Loaded" in results.file_message.text()
    np.testing.assert_allclose(
        controller.drawing.prediction.probabilities, first, rtol=1e-5, atol=1e-6
    )
    # A broken model file is refused and the model stays.
    junk = tmp_path / "junk.keras"
    junk.write_bytes(b"garbage")
    controller.load_model(str(junk))
    qtbot.waitUntil(lambda: not controller.file_jobs.busy, timeout=TIMEOUT)
    assert results.file_message.severity is Severity.ERROR
    assert "unchanged" in results.file_message.text()
    # In the user's terms: what is wrong with the file, not Keras's "File not found".
    assert "junk.keras is not a Keras model" in results.file_message.text()
    assert "not found" not in results.file_message.text()
    assert controller.has_model


def test_stop_ends_the_run_and_keeps_the_model(qtbot, tab):
    controller, run_bar = tab.controller, tab.run_bar
    message = run_bar.run_message
    set_fields(tab, limit="4000", epochs="200", batch_size="32")
    with qtbot.waitSignal(controller.progressed, timeout=TIMEOUT):
        run_bar.train_button.click()
    # Starting again while a run is going is refused with a message.
    controller.start_training()
    assert message.severity is Severity.ERROR and "already going" in message.text()
    run_bar.stop_button.click()
    assert not run_bar.stop_button.isEnabled()
    assert "Stopping" in run_bar.progress_label.text()
    qtbot.waitUntil(lambda: not controller.training, timeout=TIMEOUT)
    assert controller.result.report.stopped
    assert controller.result.report.updates_done < controller.result.report.planned_updates
    assert message.severity is Severity.WARNING and "Stopped after" in message.text()
    # Still usable: it was evaluated.
    assert controller.has_model and controller.evaluation is not None
    assert run_bar.train_button.isEnabled() and not run_bar.stop_button.isEnabled()


def test_a_stop_in_the_second_epoch_counts_one_full_epoch_and_plots_where_it_stopped(qtbot, tab):
    controller, run_bar = tab.controller, tab.run_bar
    set_fields(tab, limit="4000", epochs="200", batch_size="32", validation_split="0.2")
    steps = 100  # ceil(3200 / 32)

    def stop_in_epoch_two(progress):
        if progress.epoch == 2 and controller.train_request is not None:
            run_bar.stop_button.click()

    controller.progressed.connect(stop_in_epoch_two)
    train(qtbot, tab)
    report = controller.result.report
    assert report.stopped and report.steps_per_epoch == steps
    assert report.epochs_done == 1 and 0 < report.interrupted_batches < steps
    batches = report.interrupted_batches
    message = run_bar.run_message.text()
    assert (
        f"({report.epochs_run:.2f} epochs: 1 full epoch, then {batches} of 100 batches" in message
    )
    assert "full epochs)" not in message
    assert run_bar.progress_label.text().startswith(
        f"Stopped in epoch 2/200 at batch {batches}/100, {report.updates_done:,} updates"
    )
    # The curves end where the run stopped, validation included (measured there, 1.xx).
    curves = tab.curves
    for series in ("loss", "accuracy", "val_loss", "val_accuracy"):
        assert curves.data[series][0][-1] == pytest.approx(report.epochs_run)
    assert curves.data["val_loss"][0] == pytest.approx([1.0, report.epochs_run])


def test_a_huge_learning_rate_is_reported_and_the_weights_stay_finite(qtbot, tab):
    set_fields(tab, limit="1000", epochs="2", learning_rate="1e20")
    train(qtbot, tab)
    message = tab.run_bar.run_message
    assert message.severity is Severity.ERROR and "loss became nan" in message.text()
    assert np.isfinite(tab.controller.evaluation.test_loss)


def test_bad_settings_get_messages_beside_their_fields(qtbot, tab):
    form, controller, run_message = tab.form, tab.controller, tab.run_bar.run_message
    messages = form.field_messages
    set_fields(tab, epochs="0", batch_size="-3", learning_rate="fast")
    assert "at least 1" in messages["epochs"].text()
    assert messages["batch_size"].severity is Severity.ERROR
    assert "Enter a number" in messages["learning_rate"].text()
    assert "fix the settings" in form.updates_label.text()
    controller.start_training()
    assert not controller.training and run_message.severity is Severity.ERROR
    # Every problem, the fields' own first: "fast" is not read as a number at all.
    assert run_message.text() == (
        "Cannot train yet: Enter a number, not 'fast'. Epochs must be at least 1 (got 0). "
        "The batch size must be at least 1 (got -3)."
    )
    set_fields(tab, epochs="2", batch_size="500", learning_rate="0.001", limit="100")
    assert "larger than the 100 samples" in messages["batch_size"].text()
    set_fields(tab, batch_size="32", validation_split="1.5")
    assert messages["validation_split"].severity is Severity.ERROR
    set_fields(tab, validation_split="0", limit="")
    assert all(m.severity is None for m in messages.values())
    # Once the settings are fixed, the run line no longer shows the refusal.
    assert run_message.severity is Severity.INFO and "press Train" in run_message.text()
    assert "469 per epoch × 2 = 938" not in form.updates_label.text()  # batch 32 now
    assert "ceil(60000 / 32) = 1875 per epoch × 2 = 3750" in form.updates_label.text()
    # An output layer that does not match the ten classes.
    form.layer_list.editor(1).units.setValue(7)
    assert "needs 10 units" in form.layer_list.message(1).text()  # on the layer's own row
    assert "Layer 2 cannot build" in form.layers_message.text()
    controller.start_training()
    assert not controller.training


def test_a_bad_data_file_keeps_the_loaded_data(qtbot, tab, tmp_path):
    source, message = tab.controller.data_source, tab.data_box.data_message
    before = source.data
    junk = tmp_path / "broken.npz"
    junk.write_bytes(b"\x00" * 100)
    source.load(str(junk))
    qtbot.waitUntil(lambda: not source.jobs.busy, timeout=TIMEOUT)
    assert message.severity is Severity.ERROR and "broken.npz" in message.text()
    assert "previous data stays" in message.text()
    assert source.data is before
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
    source.load(str(good))
    qtbot.waitUntil(lambda: not source.jobs.busy, timeout=TIMEOUT)
    assert source.data.x_train.shape == (300, 28, 28) and message.severity is None
    assert "ceil(300 / 128) = 3 per epoch" in tab.form.updates_label.text()
    # The Keras code reads the opened file, and the tab remembers it.
    assert repr(str(good)) in tab.details.code_pane.code()
    assert tab.settings().data_path == str(good)


def test_settings_round_trip_and_bad_stored_values(qtbot, worker, settings, tab):
    set_fields(tab, epochs="7", batch_size="256", seed="42")
    tab.form.optimizer_combo.setCurrentText("adam")
    tab.form.layer_list.add_layer()
    store = SettingsStore(settings)
    store.write(tab.settings_group, tab.settings())
    other = MnistTrainerTab(worker)
    qtbot.addWidget(other)
    other.apply_settings(store.read(other.settings_group, MnistSettings()))
    fields = other.form.fields
    assert fields["epochs"].text() == "7" and fields["seed"].text() == "42"
    assert fields["batch_size"].text() == "256"
    assert other.form.optimizer_combo.currentText() == "adam"
    assert other.form.layer_list.layers() == tab.form.layer_list.layers()
    assert len(other.form.layer_list.layers()) == 3
    settings.setValue("mnist/layers", "lots:of,garbage")
    settings.setValue("mnist/optimizer", "nonsense")
    third = MnistTrainerTab(worker)
    qtbot.addWidget(third)
    third.apply_settings(store.read(third.settings_group, MnistSettings()))
    assert [(x.units, x.activation) for x in third.form.layer_list.layers()] == [
        (512, "relu"),
        (10, "softmax"),
    ]
    assert third.form.optimizer_combo.currentText() == "rmsprop"


def test_a_remembered_data_file_that_is_gone_falls_back_to_mnist(qtbot, worker, settings, tmp_path):
    settings.setValue("mnist/data_path", str(tmp_path / "moved.npz"))
    widget = MnistTrainerTab(worker)
    qtbot.addWidget(widget)
    widget.apply_settings(SettingsStore(settings).read(widget.settings_group, MnistSettings()))
    widget.show()
    source, message = widget.controller.data_source, widget.data_box.data_message
    qtbot.waitUntil(lambda: source.data is not None and not source.jobs.busy, timeout=TIMEOUT)
    assert source.data.x_train.shape == (60000, 28, 28)
    assert message.severity is Severity.ERROR and "moved.npz" in message.text()
    assert "Using MNIST instead" in message.text()
    assert source.path is None

"""Train more in the tab: the same model goes on (epochs, updates, one continuous curve, the run
history's parent, the code), a change of learning rate is marked on the curves, other layers
start a new model with a note, a loaded model shows its curves and continues, and bad input is
refused where it was typed with the model and its curves kept."""

from __future__ import annotations

import re

import pytest
from fresh_python import run_python

from engine.mnist.layers import Dense
from engine.runs import RunStore
from widgets.mnist.curve_panel import Marker
from widgets.mnist.view import MnistTrainerTab
from widgets.shared.message_line import Severity

TIMEOUT = 120_000
SMALL = (Dense(64, "relu"), Dense(10, "softmax"))


@pytest.fixture
def tab(qtbot, show, worker, history):
    widget = show(MnistTrainerTab(worker))
    qtbot.waitUntil(lambda: widget.controller.data_source.data is not None, timeout=TIMEOUT)
    widget.form.layer_list.set_layers(SMALL)
    yield widget
    widget.shutdown()
    qtbot.waitUntil(lambda: not worker.busy, timeout=TIMEOUT)


def set_fields(tab, **values):
    for name, value in values.items():
        tab.form.fields[name].setText(str(value))


def run(qtbot, tab, button) -> None:
    button.click()
    qtbot.waitUntil(lambda: not tab.controller.training, timeout=TIMEOUT)
    controller = tab.controller
    qtbot.waitUntil(lambda: not controller.evaluation_jobs.busy, timeout=TIMEOUT)


def more(qtbot, tab, epochs) -> None:
    tab.run_bar.more_edit.setText(str(epochs))
    run(qtbot, tab, tab.run_bar.more_button)


def shown(tab) -> str:
    text = re.sub("<[^>]+>", "", tab.results.test_label.text())
    return text[0].lower() + text[1:]


def test_train_more_goes_on_with_the_same_model_curves_and_history(qtbot, tab, history, tmp_path):
    controller, curves = tab.controller, tab.curves
    set_fields(tab, limit=1000, epochs=2, batch_size=100)  # 10 updates an epoch
    assert not tab.run_bar.more_button.isEnabled()  # nothing to continue yet
    run(qtbot, tab, tab.run_bar.train_button)
    assert tab.run_bar.more_button.isEnabled()
    before = {key: (list(xs), list(ys)) for key, (xs, ys) in curves.data.items()}
    notices = []
    controller.run_notice_changed.connect(notices.append)
    more(qtbot, tab, 1)
    # The run said what it would do: epoch 3, and the arithmetic of the total.
    assert notices[0].text == (
        "Training 1 more epoch (epochs 3–3) on 1,000 samples: ceil(1000 / 100) = 10 per epoch; "
        "20 + 1 × 10 = 30 gradient updates in all."
    )
    report = controller.result.report
    assert (report.first_epoch, report.updates_done, report.total_updates) == (2, 10, 30)
    assert "The model has now had 30 gradient updates (20 + 10) over 3 epochs." in (
        tab.run_bar.run_message.text()
    )
    assert tab.run_bar.progress_label.text().startswith("Done: 3/3 epochs, 30 updates")
    # One continuous curve: the first run's points, then the new ones after them, to epoch 3.
    for key in ("loss", "accuracy"):  # no validation split: no validation points
        (xs, ys), (old_xs, old_ys) = curves.data[key], before[key]
        assert xs[: len(old_xs)] == old_xs and ys[: len(old_ys)] == old_ys
        assert all(x > 2 for x in xs[len(old_xs) :]) and len(xs) > len(old_xs)
        assert xs == sorted(xs)
    assert curves.epochs == 3 and curves.data["loss"][0][-1] == 3.0
    assert curves.markers == []  # the optimizer and its rate did not change
    # The run history: the second run continues the first.
    store = RunStore(history)
    first, second = store.runs()
    store.close()
    assert second.parent == first.id and first.parent is None
    assert second.gradient_updates == 10 and second.settings["epochs"] == 1
    assert second.settings["layers"] == "dense64,dense10"
    # The code pane and the notebook repeat both runs and print the same numbers.
    code = tab.details.code_pane.code()
    assert "initial_epoch=2," in code and "epochs=3," in code
    assert f"# The trainer showed: {shown(tab)}" in code
    section = tab.notebook_section()
    done = run_python("-c", section.cells[0], cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == shown(tab)
    assert "Epoch 3/3" in done.stdout  # Keras's own log counts on


def test_a_bad_epoch_count_is_refused_beside_its_field_and_nothing_changes(qtbot, tab):
    controller = tab.controller
    set_fields(tab, limit=300, epochs=1, batch_size=100)
    run(qtbot, tab, tab.run_bar.train_button)
    result, curve = controller.result, [list(v) for v in tab.curves.data["loss"]]
    line = tab.run_bar.more_message
    for text, words in (
        ("0", "Train more needs at least 1 epoch (got 0)."),
        ("two", "Enter a whole number of epochs, not 'two'."),
        ("", "Enter how many more epochs to train."),
    ):
        tab.run_bar.more_edit.setText(text)
        tab.run_bar.more_button.click()
        assert not controller.training and line.severity is Severity.ERROR
        assert line.text() == words and not line.isHidden()
    assert controller.result is result and [list(v) for v in tab.curves.data["loss"]] == curve
    tab.run_bar.more_edit.setText("1")
    assert line.severity is None and line.isHidden()


def test_a_new_learning_rate_is_marked_and_other_layers_start_a_new_model(qtbot, tab):
    controller, curves = tab.controller, tab.curves
    set_fields(tab, limit=500, epochs=1, batch_size=100)
    run(qtbot, tab, tab.run_bar.train_button)
    set_fields(tab, learning_rate="0.0005")
    more(qtbot, tab, 1)
    assert curves.markers == [Marker(1.0, "learning rate 0.0005")]
    tab.form.optimizer_combo.setCurrentText("adam")
    set_fields(tab, learning_rate="0.001")
    more(qtbot, tab, 1)
    assert curves.markers[-1] == Marker(2.0, "adam, 0.001")
    assert controller.session.stages.epochs == 3
    # Other layers are another model: Train more starts one, and says so.
    notices = []
    controller.run_notice_changed.connect(notices.append)
    tab.form.layer_list.editor(0).units.setValue(32)
    more(qtbot, tab, 1)
    started = [n for n in notices if "new model" in n.text][0]
    assert started.severity is Severity.WARNING
    assert started.text.startswith(
        "The layers (dense32,dense10) are not the model's (dense64,dense10), so Train more "
        "started a new model: 1 epoch from epoch 1."
    )
    assert controller.result.report.first_epoch == 0 and curves.markers == []
    assert curves.data["loss"][0][0] < 1 and curves.epochs == 1


def test_a_loaded_model_shows_its_curves_and_continues(qtbot, tab, history, tmp_path):
    controller, curves = tab.controller, tab.curves
    set_fields(tab, limit=500, epochs=2, batch_size=100)
    run(qtbot, tab, tab.run_bar.train_button)
    losses = controller.result.report.history["loss"]
    path = tmp_path / "two-epochs.keras"
    controller.save_model(str(path))
    qtbot.waitUntil(lambda: not controller.file_jobs.busy, timeout=TIMEOUT)
    set_fields(tab, seed=9)
    run(qtbot, tab, tab.run_bar.train_button)  # another model on screen
    controller.load_model(str(path))
    qtbot.waitUntil(
        lambda: not controller.file_jobs.busy and not controller.evaluation_jobs.busy,
        timeout=TIMEOUT,
    )
    assert "trained 2 epochs, 10 gradient updates" in tab.results.file_message.text()
    assert curves.data["loss"] == ([1.0, 2.0], losses) and curves.epochs == 2
    before = [list(v) for v in curves.data["loss"]]
    # A corrupt file: said where the files are handled; the model and its curves stay.
    junk = tmp_path / "junk.keras"
    junk.write_bytes(b"garbage")
    controller.load_model(str(junk))
    qtbot.waitUntil(lambda: not controller.file_jobs.busy, timeout=TIMEOUT)
    assert tab.results.file_message.severity is Severity.ERROR
    assert "junk.keras is not a Keras model" in tab.results.file_message.text()
    assert [list(v) for v in curves.data["loss"]] == before
    more(qtbot, tab, 1)
    report = controller.result.report
    assert (report.first_epoch, report.earlier_updates, report.total_updates) == (2, 10, 15)
    assert curves.data["loss"][0][:2] == [1.0, 2.0] and curves.data["loss"][0][-1] == 3.0
    store = RunStore(history)
    runs = store.runs()
    store.close()
    assert runs[-1].parent == runs[0].id  # the run the file's model came from
    code = tab.details.code_pane.code()
    assert f"keras.models.load_model({str(path)!r})" in code and "initial_epoch=2," in code

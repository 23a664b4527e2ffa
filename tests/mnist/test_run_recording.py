"""Every training run goes into the run history, from the app and from the command line: its
settings, each epoch's metrics as TensorFlow reported them, the test result, how it ended, and
(when asked) the model, which the Runs panel opens again."""

from __future__ import annotations

import json

import numpy as np
import pytest
from fresh_python import run_python

from engine.runs import RunStore
from widgets.mnist.view import MnistTrainerTab
from widgets.shared.message_line import Severity

TIMEOUT = 120_000


@pytest.fixture
def tab(qtbot, show, worker, history):
    widget = show(MnistTrainerTab(worker))
    qtbot.waitUntil(lambda: widget.controller.data_source.data is not None, timeout=TIMEOUT)
    yield widget
    widget.shutdown()
    qtbot.waitUntil(lambda: not worker.busy, timeout=TIMEOUT)


def set_fields(tab, **values):
    for name, value in values.items():
        tab.form.fields[name].setText(str(value))


def recorded(history) -> list:
    store = RunStore(history)
    try:
        return store.runs()
    finally:
        store.close()


def test_a_gui_run_is_recorded_with_what_tensorflow_reported(qtbot, tab, history):
    controller = tab.controller
    set_fields(tab, limit="1000", epochs="2", batch_size="100", validation_split="0.1")
    epochs = []
    controller.progressed.connect(lambda p: p.kind == "epoch" and epochs.append(p))
    tab.run_bar.train_button.click()
    qtbot.waitUntil(lambda: not controller.training, timeout=TIMEOUT)
    [run] = recorded(history)
    assert run.source == "gui" and run.status == "finished" and run.finished
    assert run.settings["epochs"] == 2 and run.settings["batch_size"] == 100
    assert run.settings["limit"] == 1000 and run.settings["layers"] == "dense512,dense10"
    assert run.settings["model"] == "dense" and run.parent is None
    # The very numbers the tab received, epoch by epoch, and the test result it shows.
    assert [e["loss"] for e in run.epochs] == [p.loss for p in epochs]
    assert [e["val_accuracy"] for e in run.epochs] == [p.val_accuracy for p in epochs]
    assert run.gradient_updates == 18  # ceil(900 / 100) × 2
    assert run.test_accuracy == controller.evaluation.test_accuracy
    assert run.test_loss == controller.evaluation.test_loss
    assert run.model_path is None  # not kept unless asked
    # The Runs tab lists it when shown.
    tab.details.setCurrentWidget(tab.runs_panel)
    assert tab.runs_panel.model.rowCount() == 1


def test_a_kept_model_opens_again_from_the_runs_panel(qtbot, tab, history):
    controller, panel = tab.controller, tab.runs_panel
    panel.keep_box.setChecked(True)
    set_fields(tab, limit="500", epochs="1", batch_size="50", validation_split="0")
    tab.run_bar.train_button.click()
    qtbot.waitUntil(lambda: not controller.training, timeout=TIMEOUT)
    [run] = recorded(history)
    assert run.model_path and run.model_path.startswith(str(history))
    first = controller.evaluation
    # Train another model over it, then bring the kept one back.
    set_fields(tab, epochs="2")
    tab.run_bar.train_button.click()
    qtbot.waitUntil(lambda: not controller.training, timeout=TIMEOUT)
    assert controller.evaluation.test_loss != first.test_loss
    tab.details.setCurrentWidget(panel)
    panel.select_ids([run.id])
    assert panel.reopen_button.isEnabled()
    panel.reopen_button.click()
    qtbot.waitUntil(lambda: not controller.file_jobs.busy, timeout=TIMEOUT)
    assert "Loaded" in tab.results.file_message.text()
    controller.evaluate()
    qtbot.waitUntil(lambda: not controller.evaluation_jobs.busy, timeout=TIMEOUT)
    np.testing.assert_allclose(controller.evaluation.test_loss, first.test_loss, rtol=1e-5)


def test_a_stopped_run_is_recorded_as_stopped(qtbot, tab, history):
    controller = tab.controller
    set_fields(tab, limit="2000", epochs="200", batch_size="32")
    with qtbot.waitSignal(controller.progressed, timeout=TIMEOUT):
        tab.run_bar.train_button.click()
    tab.run_bar.stop_button.click()
    qtbot.waitUntil(lambda: not controller.training, timeout=TIMEOUT)
    [run] = recorded(history)
    assert run.status == "stopped"
    assert run.gradient_updates == controller.result.report.updates_done < 200 * 63


def test_a_history_that_cannot_be_written_never_stops_training(qtbot, tab, history):
    history.parent.mkdir(parents=True, exist_ok=True)
    history.write_text("a file where the folder should be")
    controller = tab.controller
    set_fields(tab, limit="300", epochs="1", batch_size="100")
    tab.run_bar.train_button.click()
    qtbot.waitUntil(lambda: not controller.training, timeout=TIMEOUT)
    assert controller.result.report.updates_done == 3 and controller.evaluation is not None
    message = tab.runs_panel.message
    assert message.severity is Severity.WARNING and "history" in message.text()


def test_the_command_line_records_its_runs_unless_told_not_to(history):
    args = ("-m", "engine.mnist", "--epochs", "1", "--hidden", "32", "--limit", "500", "--json")
    done = run_python(*args, timeout=240)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    [run] = recorded(history)
    assert result["run_id"] == run.id and run.source == "cli" and run.status == "finished"
    assert run.test_accuracy == result["test_accuracy"]
    assert run.gradient_updates == result["gradient_updates"] == 4  # ceil(500 / 128)
    assert run.settings["layers"] == "dense32,dense10" and run.settings["model"] == "dense"
    done = run_python(*args, "--no-record", timeout=240)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1])["run_id"] is None
    assert len(recorded(history)) == 1


def test_three_command_line_trainings_and_the_app_are_all_recorded_at_once(qtbot, tab, history):
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TF_CPP_MIN_LOG_LEVEL": "3"}
    command = [sys.executable, "-m", "engine.mnist", "--hidden", "16", "--limit", "300"]
    processes = [
        subprocess.Popen(
            [*command, "--epochs", "3", "--seed", str(seed)],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        for seed in (1, 2, 3)
    ]
    controller = tab.controller
    set_fields(tab, limit="300", epochs="4", batch_size="30")
    tab.run_bar.train_button.click()
    qtbot.waitUntil(lambda: not controller.training, timeout=TIMEOUT)
    errors = [p.communicate(timeout=240)[1] for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], errors
    assert not any("locked" in e or "not recorded" in e for e in errors)
    runs = recorded(history)
    assert sorted((r.source, r.status, len(r.epochs)) for r in runs) == [
        ("cli", "finished", 3),
        ("cli", "finished", 3),
        ("cli", "finished", 3),
        ("gui", "finished", 4),
    ]
    assert tab.runs_panel.message.text() == ""


def test_the_runs_screenshot_state_overlays_the_three_optimizers(tab, history):
    from demo_states import mnist_runs

    mnist_runs(tab)
    runs = recorded(history)
    assert sorted(r.settings["optimizer"] for r in runs) == ["adam", "rmsprop", "sgd"]
    assert all(r.status == "finished" and len(r.epochs) == 4 for r in runs)
    panel = tab.runs_panel
    assert tab.details.currentWidget() is panel
    assert panel.selected_ids() == sorted(r.id for r in runs)
    # Each run drawn with its train line and its validation dots.
    assert len(panel.charts["loss"].series) == 6

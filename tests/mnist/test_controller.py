"""The MNIST Trainer's controller with an engine that never loads TensorFlow: what it refuses and
says before there is data or a model, and how it checks the settings."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engine.mnist.model import DEFAULT_LAYERS
from widgets.mnist.controller import MnistController
from widgets.mnist.drawing_predictions import NO_DRAWING
from widgets.mnist.inputs import FormText
from widgets.mnist.messages import READY
from widgets.mnist.settings import MnistSettings
from widgets.shared.message_line import Severity


def form(**changes: object) -> FormText:
    stored = MnistSettings()
    texts = {f.name: getattr(stored, f.name) for f in dataclasses.fields(FormText)}
    return FormText(**(texts | {"layers": DEFAULT_LAYERS} | changes))


@pytest.fixture
def controller(qtbot, bare_worker):
    made = MnistController(bare_worker)
    yield made
    made.shutdown()


def test_settings_are_checked_against_mnist_before_the_data_loads(qtbot, controller):
    with qtbot.waitSignal(controller.settings_checked) as shown:
        controller.set_form(form(epochs="0"))
    checked = shown.args[0]
    assert checked is controller.settings_check and checked.settings is None
    assert checked.errors == {"epochs": "Epochs must be at least 1 (got 0)."}
    assert checked.samples == 60000
    controller.set_form(form(batch_size="70000"))
    assert "larger than the 60,000 samples" in controller.settings_check.errors["batch_size"]
    assert controller.current_data() is None


def test_training_before_the_data_is_refused_until_the_settings_change(qtbot, controller):
    controller.set_form(form())
    assert controller.run_notice == READY
    with qtbot.assertNotEmitted(controller.running_changed):
        controller.start_training()
    assert not controller.training and controller.train_request is None
    notice = controller.run_notice
    assert notice.severity is Severity.ERROR and "data has not loaded" in notice.text
    with qtbot.waitSignal(controller.run_notice_changed) as shown:
        controller.set_form(form(epochs="3"))  # valid settings: the refusal is no longer news
    assert shown.args == [READY]
    with qtbot.assertNotEmitted(controller.stopping):
        controller.stop_training()  # nothing runs: nothing to stop


def test_without_a_model_nothing_is_saved_evaluated_or_predicted(qtbot, controller):
    with qtbot.waitSignal(controller.file_notice) as shown:
        assert not controller.file_action_allowed(saving=True)
    assert shown.args[0].severity is Severity.ERROR and "no model to save" in shown.args[0].text
    with qtbot.waitSignal(controller.file_notice) as shown:
        controller.save_model("never.keras")
    assert "no model to save" in shown.args[0].text and not controller.file_jobs.busy
    with qtbot.assertNotEmitted(controller.file_notice):
        assert controller.file_action_allowed(saving=False)  # loading one is how to get one
    with qtbot.waitSignal(controller.test_status) as shown:
        controller.evaluate()
    assert shown.args == ["There is no model yet: train one or load a .keras file."]
    assert not controller.evaluation_jobs.busy


def test_drawing_waits_for_a_pause_and_a_model(qtbot, controller):
    strokes = np.zeros((280, 280), np.uint8)
    strokes[100:180, 130:150] = 255
    drawing = controller.drawing
    drawing.set_drawing(strokes)
    drawing.set_drawing(strokes)  # strokes grow: one request once drawing pauses
    assert drawing.version == 2 and drawing.debounce.pending
    with qtbot.waitSignal(drawing.status) as shown:
        pass
    assert shown.args == ["Train or load a model to get a prediction."]
    assert not drawing.current and not drawing.jobs.busy
    with qtbot.waitSignal(drawing.predicted) as shown:
        drawing.set_drawing(None)  # a blank canvas needs no model
    assert shown.args == [NO_DRAWING] and drawing.prediction is NO_DRAWING
    assert drawing.current

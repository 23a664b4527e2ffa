"""Training a model more (engine.mnist.training.train_more): the epoch count, the updates, the
history and the optimizer's state go on; the training record travels in the .keras file; what
cannot continue is refused with the model kept; and the code repeats a continued run."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from dataclasses import replace

import numpy as np
import pytest
from fresh_python import run_python

from engine.mnist import load_mnist
from engine.mnist.code import DataRecipe, RunRecipe
from engine.mnist.continued_code import LoadedStart, ModelRecipe, continued_code
from engine.mnist.data_origin import data_origin
from engine.mnist.layers import Dense
from engine.mnist.model import TrainingError, TrainSettings
from engine.mnist.stages import STAGES_ENTRY, Stages
from engine.mnist.training import TrainingSession
from engine.shared.jobs import JobControl
from engine.shared.mnist_data import MnistData, bundled_path

SMALL = TrainSettings(layers=(Dense(64), Dense(10, "softmax")), epochs=2, batch_size=64)
STEPS = 32  # ceil(2000 / 64)


@pytest.fixture(scope="module")
def subset():
    return load_mnist().subset(2000)


def weights(session: TrainingSession) -> list[np.ndarray]:
    return [np.array(w) for w in session.model.get_weights()]


def test_train_more_goes_on_with_the_epochs_updates_history_and_optimizer(subset):
    session = TrainingSession()
    first = session.train(subset, SMALL)
    reports = []
    more = session.train_more(subset, replace(SMALL, epochs=1), JobControl(reports.append))
    assert (first.updates_done, more.updates_done) == (2 * STEPS, STEPS)
    assert (more.first_epoch, more.earlier_updates) == (2, 2 * STEPS)
    assert (more.total_epochs, more.total_updates) == (3, 3 * STEPS)
    assert int(session.model.optimizer.iterations.numpy()) == 3 * STEPS  # one optimizer
    epochs = [r for r in reports if r.kind == "epoch"]
    assert [(r.epoch, r.epochs, r.updates, r.planned_updates) for r in epochs] == [(3, 3, 96, 96)]
    positions = [r.position for r in reports]
    assert positions == sorted(positions) and positions[0] > 2 and positions[-1] == 3.0
    stages = session.stages
    assert [stage.epochs for stage in stages.stages] == [2, 1]
    assert (stages.epochs, stages.updates, stages.epochs_run) == (3, 96, 3.0)
    assert stages.history["loss"] == (*first.history["loss"], *more.history["loss"])
    assert stages.layers == "dense64,dense10"


def test_the_record_travels_in_the_model_file_and_a_loaded_model_continues_alike(subset, tmp_path):
    path = tmp_path / "model.keras"
    session = TrainingSession()
    session.train(subset, SMALL, run_id=7)
    session.save(path)
    with zipfile.ZipFile(path) as archive:
        assert {"config.json", "model.weights.h5", STAGES_ENTRY} <= set(archive.namelist())
        record = json.loads(archive.read(STAGES_ENTRY))
    assert record["stages"][0]["epochs"] == 2 and record["stages"][0]["run_id"] == 7
    slower = replace(SMALL, epochs=1, learning_rate=0.0005)
    session.train_more(subset, slower)
    here = session.evaluate(subset)
    other = TrainingSession()
    loaded = other.load(path)
    assert loaded.stages == Stages.from_json(json.dumps(record)) and loaded.classes == 10
    assert loaded.stages.last_run == 7 and loaded.layers == SMALL.layers
    more = other.train_more(subset, slower)
    assert (more.first_epoch, more.earlier_updates, more.total_updates) == (2, 64, 96)
    # The saved optimizer state, the same seed, the same numbers as going on in memory.
    there = other.evaluate(subset)
    assert (there.test_accuracy, there.test_loss) == (here.test_accuracy, here.test_loss)


def test_another_optimizer_compiles_again_and_fresh_runs_stay_fresh(subset):
    session = TrainingSession()
    session.train(subset, replace(SMALL, epochs=1))
    model = session.model
    session.train_more(subset, replace(SMALL, epochs=1, optimizer="adam"))
    assert type(session.model.optimizer).__name__ == "Adam" and session.model is model
    assert session.stages.stages[-1].optimizer == "adam"
    # The model compiled for Adam has left the cache: a new rmsprop run starts from scratch,
    # exactly as in a session that never continued anything.
    session.train(subset, SMALL)
    fresh = TrainingSession()
    fresh.train(subset, SMALL)
    assert session.model is not model
    for a, b in zip(weights(session), weights(fresh), strict=True):
        np.testing.assert_array_equal(a, b)


def test_what_cannot_continue_is_refused_and_the_model_is_kept(subset, tmp_path):
    session = TrainingSession()
    with pytest.raises(TrainingError, match="no model yet"):
        session.train_more(subset, SMALL)
    session.train(subset, replace(SMALL, epochs=1))
    before, stages = weights(session), session.stages
    twelve = dataclasses.replace(subset, y_train=subset.y_train % 12, y_test=subset.y_test)
    twelve.y_train[:5] = 11  # labels 0–11: twelve classes
    assert twelve.num_classes == 12
    with pytest.raises(TrainingError, match="has 10 outputs but the data has 12 classes"):
        session.train_more(twelve, replace(SMALL, layers=(Dense(64), Dense(12, "softmax"))))
    with pytest.raises(TrainingError, match=r"layers \(dense32,dense10\) are not the model's"):
        session.train_more(subset, replace(SMALL, layers=(Dense(32), Dense(10, "softmax"))))
    with pytest.raises(TrainingError, match="built for the 'default' strategy"):
        session.train_more(subset, replace(SMALL, strategy="mirrored"))
    with pytest.raises(TrainingError, match="Epochs must be at least 1"):
        session.train_more(subset, replace(SMALL, epochs=0))
    # A model file that is missing, corrupt, or takes other inputs: the model stays.
    wide = tmp_path / "wide.keras"
    import keras

    keras.Sequential(
        [keras.Input((32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(10)]
    ).save(wide)
    junk = tmp_path / "junk.keras"
    junk.write_bytes(b"PK not really")
    for path, words in (
        (wide, r"expects inputs shaped \(32, 32, 3\)"),
        (junk, "not a Keras model"),
        (tmp_path / "gone.keras", "There is no file"),
    ):
        with pytest.raises(TrainingError, match=words):
            session.load(path)
    assert session.stages == stages
    for a, b in zip(weights(session), before, strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_file_without_a_record_continues_from_its_optimizer_step_count(subset, tmp_path):
    import keras

    session = TrainingSession()
    session.train(subset, replace(SMALL, epochs=1))
    path = tmp_path / "plain.keras"
    session.model.save(path)  # as Keras saves it: no training record
    loaded = TrainingSession().load(path)
    assert loaded.stages.stages == () and loaded.stages.unrecorded_updates == STEPS
    assert loaded.stages.layers == "dense64,dense10"  # from the model itself
    keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")]).save(
        tmp_path / "bare.keras"
    )
    other = TrainingSession()
    bare = other.load(tmp_path / "bare.keras")  # never compiled: no optimizer at all
    assert bare.stages.updates == 0
    more = other.train_more(subset, replace(SMALL, layers=bare.layers, epochs=1))
    assert (more.first_epoch, more.total_updates) == (0, STEPS)


def run_code(code: str, folder) -> str:
    done = run_python("-c", code, cwd=folder, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def printed(session: TrainingSession, data: MnistData) -> str:
    ev = session.evaluate(data)
    return (
        f"test accuracy {ev.test_accuracy:.4f} · test loss {ev.test_loss:.4f} · "
        f"{ev.wrong_count:,} of {ev.test_samples:,} wrong"
    )


def test_the_code_of_a_continued_run_prints_the_same_numbers(subset, tmp_path):
    """Trained, then more with another learning rate and batch size (a new compile for the
    new steps_per_execution), then more with Adam; and a model file continued after loading."""
    data = DataRecipe(data_origin(bundled_path()), 2000)
    session = TrainingSession()
    runs = [
        SMALL,
        replace(SMALL, epochs=1, learning_rate=0.0005, batch_size=100, seed=3),
        replace(SMALL, epochs=1, optimizer="adam", validation_split=0.1),
    ]
    session.train(subset, runs[0])
    path = tmp_path / "after-one.keras"
    session.save(path)
    for settings in runs[1:]:
        session.train_more(subset, settings)
    recipes = [RunRecipe(settings, data, 2000) for settings in runs]
    code = continued_code(ModelRecipe(recipes[0], tuple(recipes[1:])))
    assert "initial_epoch=2," in code and "initial_epoch=3," in code
    assert "model.optimizer.learning_rate = 0.0005" in code
    assert "optimizer=model.optimizer," in code  # batch 100: another steps_per_execution
    assert "keras.optimizers.Adam(learning_rate=0.001)" in code
    assert run_code(code, tmp_path) == printed(session, subset)
    # The model file, loaded and trained more as the second run did.
    other = TrainingSession()
    loaded = other.load(path)
    other.train_more(subset, runs[1])
    start = LoadedStart(str(path), None, loaded.stages.epochs)
    code = continued_code(ModelRecipe(start, (recipes[1],)))
    assert "keras.models.load_model(" in code and "model.input_shape[1:]" in code
    assert run_code(code, tmp_path) == printed(other, subset)


@pytest.mark.slow
def test_five_epochs_then_two_more_make_seven_and_3283_updates():
    """The seed model on the full data: 5 epochs (2,345 updates), then Train more 2."""
    data = load_mnist()
    session = TrainingSession()
    first = session.train(data, TrainSettings())
    reports = []
    more = session.train_more(data, TrainSettings(epochs=2), JobControl(reports.append))
    assert first.updates_done == 2345 and more.updates_done == 2 * 469
    assert (more.total_epochs, more.total_updates) == (7, 3283)
    assert int(session.model.optimizer.iterations.numpy()) == 3283
    assert TrainSettings(epochs=2).continued_text(60000, 2345) == (
        "ceil(60000 / 128) = 469 per epoch; 2345 + 2 × 469 = 3283"
    )
    assert [r.epoch for r in reports if r.kind == "epoch"] == [6, 7]
    assert reports[-1].updates == reports[-1].planned_updates == 3283
    assert len(session.stages.history["accuracy"]) == 7
    assert session.evaluate(data).test_accuracy > 0.975

"""engine.mnist.training and the CLI: real (small) Keras runs on the bundled MNIST."""

from __future__ import annotations

import json
import math
import zipfile

import numpy as np
import pytest
from fresh_python import run_python

from engine.mnist import load_mnist
from engine.mnist.architecture import describe
from engine.mnist.code import DataRecipe, RunRecipe, training_code
from engine.mnist.data_origin import DataOrigin
from engine.mnist.drawing import mnist_like
from engine.mnist.layers import Dense
from engine.mnist.model import TrainingError, TrainSettings
from engine.mnist.progress import TrainingProgress
from engine.mnist.training import TrainingSession, train_and_evaluate
from engine.shared.jobs import JobControl

SMALL = dict(layers=(Dense(64, "relu"), Dense(10, "softmax")), epochs=2, batch_size=64)


@pytest.fixture(scope="module")
def subset():
    return load_mnist().subset(2000)


@pytest.fixture(scope="module")
def trained(subset):
    """One session trained on 2,000 samples, shared by the read-only tests below."""
    reports = []
    session = TrainingSession()
    report = session.train(
        subset, TrainSettings(**SMALL, validation_split=0.1), JobControl(reports.append)
    )
    return session, report, reports


def test_a_short_run_learns_well_above_chance(trained, subset):
    session, report, _ = trained
    assert report.train_samples == 1800  # floor(2000 * 0.9)
    assert report.planned_updates == report.updates_done == math.ceil(1800 / 64) * 2 == 58
    assert report.epochs_done == 2 and not report.stopped and not report.diverged
    assert set(report.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert report.history["loss"][1] < report.history["loss"][0]
    evaluation = session.evaluate(subset)
    assert evaluation.test_accuracy > 0.75  # chance is 0.1
    assert evaluation.confusion.shape == (10, 10) and evaluation.confusion.sum() == 2000
    assert np.trace(evaluation.confusion) == round(evaluation.test_accuracy * 2000)
    assert evaluation.wrong_count == 2000 - np.trace(evaluation.confusion)
    # Every test digit's answer, which the confusion matrix counts.
    assert evaluation.test_images is subset.x_test
    np.testing.assert_array_equal(evaluation.test_labels, subset.y_test)
    pairs = evaluation.test_labels * 10 + evaluation.predicted
    np.testing.assert_array_equal(np.bincount(pairs, minlength=100), evaluation.confusion.ravel())
    assert evaluation.weight_images.shape == (32, 28, 28)
    assert 0 < evaluation.test_loss < 1.5


def test_progress_reports_batches_and_every_epoch_end(trained):
    _, _, reports = trained
    assert all(isinstance(r, TrainingProgress) for r in reports)
    epochs = [r for r in reports if r.kind == "epoch"]
    assert [r.epoch for r in epochs] == [1, 2]
    assert all(r.val_loss is not None and r.val_accuracy is not None for r in epochs)
    batches = [r for r in reports if r.kind == "batch"]
    assert batches and all(r.loss is not None and r.val_loss is None for r in batches)
    assert all(0 < r.position <= r.epoch for r in reports)
    updates = [r.updates for r in reports]
    assert updates == sorted(updates) and updates[-1] == 58
    assert all(r.steps == 29 and r.planned_updates == 58 and r.epochs == 2 for r in reports)


def test_evaluation_loss_matches_keras_evaluate(trained, subset):
    session, _, _ = trained
    x = subset.x_test.reshape(-1, 784).astype("float32") / 255
    loss, accuracy = session.model.evaluate(x, subset.y_test.astype("int32"), verbose=0)
    evaluation = session.evaluate(subset)
    assert evaluation.test_accuracy == pytest.approx(accuracy, abs=1e-6)
    assert evaluation.test_loss == pytest.approx(loss, rel=1e-4)


def test_stop_ends_early_and_keeps_a_usable_model(subset):
    control = JobControl()
    seen = []

    def report(message):
        seen.append(message)
        control.request_stop()  # as if the user pressed Stop at the first report

    control.bind(report)
    session = TrainingSession()
    settings = TrainSettings(**(SMALL | {"epochs": 20, "steps_per_execution": 4}))
    result = train_and_evaluate(session, subset, settings, control=control)
    assert result.report.stopped
    # Stop acts after the chunk in which it was requested: at most one more chunk of 4.
    assert result.report.updates_done <= seen[0].updates + 4
    assert result.report.updates_done < result.report.planned_updates
    assert result.evaluation.test_samples == 2000  # the model still evaluates


def test_a_non_finite_loss_stops_and_keeps_finite_weights(subset):
    session = TrainingSession()
    report = session.train(subset, TrainSettings(**SMALL, learning_rate=1e20))
    assert "The loss became nan" in report.diverged and "smaller learning rate" in report.diverged
    assert all(np.isfinite(w).all() for w in session.model.get_weights())
    evaluation = session.evaluate(subset)
    assert np.isfinite(evaluation.test_loss)


def test_categorical_crossentropy_with_one_hot_labels(subset):
    session = TrainingSession()
    settings = TrainSettings(**SMALL, loss="categorical_crossentropy", optimizer="adam")
    report = session.train(subset.subset(600), settings)
    assert report.history["accuracy"][-1] > 0.5


def test_bad_settings_are_refused_before_building_anything(subset):
    session = TrainingSession()
    with pytest.raises(TrainingError, match="larger than the 2,000 samples"):
        session.train(subset, TrainSettings(batch_size=5000))
    with pytest.raises(TrainingError, match="Epochs must be at least 1"):
        session.train(subset, TrainSettings(epochs=0))
    with pytest.raises(TrainingError, match="last layer needs 10 units"):
        session.train(subset, TrainSettings(layers=(Dense(5, "softmax"),)))
    assert session.model is None
    with pytest.raises(TrainingError, match="no model yet"):
        session.evaluate(subset)


def test_save_is_atomic_and_load_predicts_identically(trained, subset, tmp_path):
    session, _, _ = trained
    path = tmp_path / "model.keras"
    session.save(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.keras"]  # no temp file left
    before = path.read_bytes()
    other = TrainingSession()
    loaded = other.load(path)
    assert loaded.parameters == 784 * 64 + 64 + 64 * 10 + 10
    assert loaded.layers == (Dense(64, "relu"), Dense(10, "softmax"))
    assert loaded.path == str(path)
    x = subset.x_test[:50].reshape(50, 784).astype("float32") / 255
    np.testing.assert_array_equal(
        other.model.predict(x, verbose=0), session.model.predict(x, verbose=0)
    )
    # A save that fails (here the target is a folder) leaves no temp file and no damage.
    folder = tmp_path / "taken.keras"
    folder.mkdir()
    with pytest.raises(OSError):
        session.save(folder)
    assert folder.is_dir() and sorted(p.name for p in tmp_path.iterdir()) == [
        "model.keras",
        "taken.keras",
    ]
    # A refused save (no model) leaves the previous file byte for byte.
    with pytest.raises(TrainingError):
        TrainingSession().save(path)
    assert path.read_bytes() == before


def test_loading_a_bad_file_says_what_is_wrong_and_keeps_the_current_model(trained, tmp_path):
    session, _, _ = trained
    model = session.model
    junk = tmp_path / "junk.keras"
    junk.write_bytes(b"not a model")
    with pytest.raises(TrainingError, match="junk.keras is not a Keras model") as refused:
        session.load(junk)
    assert "not a zip archive" in str(refused.value)
    assert "File not found" not in str(refused.value)  # Keras's words for it
    archive = tmp_path / "photos.keras"
    with zipfile.ZipFile(archive, "w") as opened:
        opened.writestr("holiday.txt", "not a model")
    with pytest.raises(TrainingError, match="zip archive but not a Keras model: it has no config"):
        session.load(archive)
    old = tmp_path / "old.h5"
    old.write_bytes(b"garbage")
    with pytest.raises(TrainingError, match="old.h5 is not a Keras model: it is not an HDF5 file"):
        session.load(old)
    with pytest.raises(TrainingError, match="There is no file"):
        session.load(tmp_path / "missing.keras")
    with pytest.raises(TrainingError, match="is a folder"):
        session.load(tmp_path)
    assert session.model is model


def test_mnist_like_preprocessing_matches_the_mnist_recipe(subset):
    assert mnist_like(np.zeros((280, 280))) is None
    bar = np.zeros((280, 280))
    bar[40:240, 100:140] = 255  # a tall stroke: 200 px high
    image = mnist_like(bar)
    rows, cols = np.nonzero(image > 0.5)
    assert image.shape == (28, 28) and image.dtype == np.float32
    assert rows.max() - rows.min() + 1 == 20  # the longest side scaled to 20 px
    com = np.array(np.nonzero(image)).T.astype(float).T @ image[np.nonzero(image)] / image.sum()
    assert np.allclose(com, 14.0, atol=0.5)  # centred by its centre of mass
    # An MNIST digit blown up 10× comes back close to the original.
    digit = subset.x_test[0]
    back = mnist_like(np.kron(digit, np.ones((10, 10))))
    assert np.corrcoef(back.ravel(), digit.ravel() / 255)[0, 1] > 0.99


def test_a_drawn_test_digit_is_recognised(trained, subset):
    session, _, _ = trained
    hits = 0
    for i in range(10):
        prediction = session.predict_drawing(np.kron(subset.x_test[i], np.ones((10, 10))))
        assert prediction.probabilities.shape == (10,)
        assert prediction.probabilities.sum() == pytest.approx(1.0, abs=1e-5)
        hits += prediction.digit == subset.y_test[i]
    assert hits >= 7
    assert session.predict_drawing(np.zeros((280, 280))).digit is None


def code_for(settings: TrainSettings) -> str:
    data = DataRecipe(DataOrigin("npz", "/data/mnist.npz"), None)
    return training_code(RunRecipe(settings, data, 60000))


def test_keras_code_names_every_setting():
    code = code_for(TrainSettings(validation_split=0.2, optimizer="adam", seed=7))
    for text in (
        "keras.layers.Dense(512, activation='relu')",
        "keras.layers.Dense(10, activation='softmax')",
        "keras.optimizers.Adam(learning_rate=0.001)",
        "loss='sparse_categorical_crossentropy'",
        "epochs=5",
        "batch_size=128",
        "validation_split=0.2",
        "keras.utils.set_random_seed(7)",
        "astype('float32') / 255",
    ):
        assert text in code
    assert "to_categorical" in code_for(TrainSettings(loss="categorical_crossentropy"))
    assert "np.load('/data/mnist.npz')" in code and "load_data" not in code


def test_dense_rows_count_weights_and_biases():
    rows = describe((Dense(512, "relu"), Dense(10, "softmax"))).rows
    assert [r.name for r in rows] == ["dense", "dense_1"]
    assert [r.params for r in rows] == [784 * 512 + 512, 512 * 10 + 10]
    assert [r.params_arithmetic for r in rows] == ["784 × 512 + 512", "512 × 10 + 10"]
    assert [r.output_shape for r in rows] == [(512,), (10,)]
    assert rows[1].layer.formula() == "softmax(dot(input, W) + b)"
    assert Dense(3, "linear").formula() == "dot(input, W) + b"


def run_cli(*args):
    return run_python("-m", "engine.mnist", *args, timeout=240)


def test_cli_json_prints_the_same_numbers_as_the_engine(subset):
    done = run_cli(
        "--epochs", "2", "--hidden", "64", "--batch-size", "64", "--limit", "2000", "--json"
    )
    assert done.returncode == 0, done.stderr
    assert "epoch 2/2" in done.stderr and "ceil(2000 / 64) = 32 per epoch × 2 = 64" in done.stderr
    assert " loss=" in done.stderr and " accuracy=" in done.stderr and "val_" not in done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["gradient_updates"] == 64 and result["train_samples"] == 2000
    assert result["epochs"] == 2 and result["batch_size"] == 64
    assert result["seconds"] > 0
    # The GUI calls the same engine: same settings and seed, the very same numbers, also from
    # a session that trained other models before (it reuses their compiled functions).
    session = TrainingSession()
    session.prepare(subset)
    session.train(subset, TrainSettings(**(SMALL | {"epochs": 1}), seed=9))
    session.train(subset, TrainSettings(**SMALL, seed=1))
    evaluation = session.evaluate(subset)
    assert result["test_accuracy"] == evaluation.test_accuracy
    assert result["test_loss"] == evaluation.test_loss


def test_cli_reports_bad_input_clearly(tmp_path):
    done = run_cli("--epochs", "0", "--limit", "100")
    assert done.returncode == 2 and "Epochs must be at least 1" in done.stderr
    done = run_cli("--data", str(tmp_path / "missing.npz"))
    assert done.returncode == 2 and "no such file or folder" in done.stderr


@pytest.mark.slow
def test_one_full_epoch_reaches_95_percent():
    data = load_mnist()
    session = TrainingSession()
    report = session.train(data, TrainSettings(epochs=1))
    assert report.updates_done == 469 and report.train_samples == 60000
    assert session.evaluate(data).test_accuracy >= 0.95


def stop_when(condition):
    """A JobControl that asks to stop at the first progress report meeting ``condition``."""
    control = JobControl()
    reports = []

    def report(progress):
        reports.append(progress)
        if condition(progress):
            control.request_stop()

    control.bind(report)
    return control, reports


def test_stop_counts_only_finished_epochs_and_reports_where_it_stopped(subset):
    settings = TrainSettings(**(SMALL | {"epochs": 5, "steps_per_execution": 4}))
    steps = math.ceil(2000 / 64)  # 32 batches an epoch
    # Stop pressed as epoch 1 ends: the run ends after the next chunk, 4 batches into epoch 2.
    control, reports = stop_when(lambda p: p.kind == "epoch")
    report = TrainingSession().train(subset, settings, control)
    assert report.stopped and report.updates_done == steps + 4
    assert report.epochs_done == 1  # the interrupted second epoch is not a full one
    assert report.interrupted_batches == report.updates_done - steps
    assert report.epochs_run == pytest.approx(report.updates_done / steps)
    assert len(report.history["loss"]) == 1  # one finished epoch's metrics
    last = reports[-1]
    assert last.kind == "stopped" and last.epoch == 2
    assert last.step == report.interrupted_batches and last.updates == report.updates_done
    assert last.position == pytest.approx(report.epochs_run)  # where the curves end
    # Stopped inside the first epoch: no full epoch at all.
    control, reports = stop_when(lambda _p: True)  # at the first report: ends a chunk later
    report = TrainingSession().train(subset, settings, control)
    assert report.epochs_done == 0 and report.updates_done == 8
    assert reports[-1].kind == "stopped" and reports[-1].position < 1


RETRACE_SCRIPT = """
import logging, sys
import numpy as np
from engine.mnist import load_mnist
from engine.mnist.layers import Dense
from engine.mnist.model import TrainSettings
from engine.mnist.training import TrainingSession, train_and_evaluate
from engine.shared.jobs import JobControl

warnings = []
handler = logging.Handler()
handler.emit = lambda record: warnings.append(record.getMessage())
logging.getLogger("tensorflow").addHandler(handler)
data = load_mnist().subset(2000)
session = TrainingSession()
session.prepare(data)  # as the tab does when the data loads
drawing = np.kron(data.x_test[0], np.ones((10, 10)))
small = dict(layers=(Dense(64, "relu"), Dense(10, "softmax")), batch_size=64)
results = set()
for cycle in range(10):
    control = JobControl()
    control.bind(lambda _progress, control=control: control.request_stop())  # Stop at once
    epochs = 50 if cycle % 2 else 40  # the settings change a little between runs
    settings = TrainSettings(**small, epochs=epochs)
    result = train_and_evaluate(session, data, settings, drawing, control)
    results.add((result.report.updates_done, result.evaluation.test_loss))
    session.evaluate(data.subset(500))  # Evaluate on fewer samples, another batch size
print(len(results), [w[:90] for w in warnings if "retracing" in w])
"""


def test_repeated_train_and_stop_never_retrace():
    """Each run resets the compiled model of its architecture instead of building a new one,
    and predictions take any number of rows, so TensorFlow never warns (in a fresh process, as
    in the app) that its functions keep being traced."""
    done = run_python("-c", RETRACE_SCRIPT, timeout=240)
    assert done.returncode == 0, done.stderr
    # One result: every run started from the same seeded weights. No retracing warning.
    assert done.stdout.strip().splitlines()[-1] == "1 []"
    assert "retracing" not in done.stderr

"""XLA where it pays: Dense-only models on full-size data under the default strategy compile with
it; convnets, small data and mirrored runs do not. The trained model, its predictions and the code
pane all follow that."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from engine.mnist import load_mnist
from engine.mnist.architecture import SMALL_CONVNET
from engine.mnist.code import DataRecipe, RunRecipe, training_code
from engine.mnist.continued_code import ModelRecipe, continued_code
from engine.mnist.data_origin import DataOrigin
from engine.mnist.layers import Dense
from engine.mnist.model import PREDICT_BATCH, XLA_MIN_SAMPLES, TrainSettings
from engine.mnist.training import TrainingSession

DENSE = TrainSettings(layers=(Dense(32, "relu"), Dense(10, "softmax")), epochs=1, batch_size=64)
CONVNET = TrainSettings(layers=SMALL_CONVNET.layers, epochs=1, batch_size=64)


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def code_for(settings: TrainSettings, samples: int = 60000) -> str:
    data = DataRecipe(DataOrigin("npz", "/m.npz"), None)
    return training_code(RunRecipe(settings, data, samples))


def test_only_dense_models_on_full_size_data_under_the_default_strategy_use_xla():
    assert TrainSettings().jit_compile(60000)  # the seed model on MNIST
    assert DENSE.jit_compile(XLA_MIN_SAMPLES)
    assert not DENSE.jit_compile(XLA_MIN_SAMPLES - 1)
    # What counts is what is trained on: the validation split is held back.
    assert not TrainSettings(validation_split=0.5).jit_compile(XLA_MIN_SAMPLES + 1)
    assert not CONVNET.jit_compile(60000)
    assert not TrainSettings(strategy="mirrored").jit_compile(60000)


@pytest.mark.parametrize(
    ("settings", "samples", "jit"),
    [(DENSE, XLA_MIN_SAMPLES, True), (DENSE, 3000, False), (CONVNET, 3000, False)],
    ids=["dense-full-size", "dense-small", "convnet"],
)
def test_the_model_and_its_code_compile_as_the_settings_say(mnist, settings, samples, jit):
    data = mnist.subset(samples)
    session = TrainingSession()
    session.train(data, settings)
    assert session.model.jit_compile is settings.jit_compile(samples) is jit
    assert f"jit_compile={jit}," in code_for(settings, samples)
    # The trainer's predictions are model.predict's to the last bit, XLA or not, so the code's
    # printed numbers are the screen's (the test set: full batches of 2048 and a short one).
    x = data.x_test.reshape((len(data.x_test), *settings.input_shape)).astype("float32") / 255
    expected = session.model.predict(x, batch_size=PREDICT_BATCH, verbose=0)
    evaluation = session.evaluate(data)
    picked = np.clip(expected[np.arange(len(x)), data.y_test.astype(np.int64)], 1e-7, 1.0)
    assert evaluation.test_loss == float(-np.mean(np.log(picked)))
    assert evaluation.test_accuracy == float(np.mean(expected.argmax(axis=1) == data.y_test))
    drawn = session.predict_drawing(np.kron(data.x_test[0], np.ones((10, 10))))
    one = drawn.image.reshape((1, *settings.input_shape))
    assert np.array_equal(drawn.probabilities, session.model.predict(one, verbose=0)[0])


def test_the_code_says_why_xla_is_on_or_off():
    assert "15 % faster for Dense layers" in code_for(DENSE)
    assert "slower for convolutions" in code_for(CONVNET)
    assert "outweighs the gain under 30,000 samples" in code_for(DENSE, 3000)
    mirrored = code_for(TrainSettings(strategy="mirrored"))
    assert "jit_compile=False" in mirrored and "MirroredStrategy" in mirrored


def test_training_more_on_small_data_compiles_again_without_xla_and_the_code_says_so(mnist):
    session = TrainingSession()
    session.train(mnist.subset(XLA_MIN_SAMPLES), DENSE)
    assert session.model.jit_compile is True
    session.train_more(mnist.subset(3000), DENSE)
    assert session.model.jit_compile is False
    data = DataRecipe(DataOrigin("npz", "/m.npz"), None)
    recipe = ModelRecipe(
        RunRecipe(DENSE, data, XLA_MIN_SAMPLES),
        (RunRecipe(DENSE, replace(data, limit=3000), 3000),),
    )
    code = continued_code(recipe)
    first, more = code.split("# Train more")
    assert "jit_compile=True," in first and "jit_compile=False," in more
    assert "optimizer=model.optimizer," in more  # compiled again, its state kept

"""engine.mnist.inspection beyond one Sequential model: filters without an image, models that
are not Sequential, the session jobs the tab runs, and tape code for a model made by code run
before it."""

from __future__ import annotations

import numpy as np
import pytest
from fresh_python import run_python

from engine.mnist import load_mnist
from engine.mnist.architecture import build, describe, prepare
from engine.mnist.inspection import (
    feature_maps,
    saliency,
    session_feature_maps,
    session_saliency,
)
from engine.mnist.layer_spec import parse_layers
from engine.mnist.model import TrainingError
from engine.mnist.training import TrainingSession


@pytest.fixture(scope="module")
def data():
    return load_mnist().subset(1000)


@pytest.fixture(scope="module")
def convnet(data):
    import keras

    layers = parse_layers("conv4k3,pool2,conv6k3:tanh,flatten,dense10")
    keras.utils.set_random_seed(1)
    model = build(layers)
    model.compile("adam", "sparse_categorical_crossentropy")
    x = prepare(data.x_train, describe(layers).input_shape)
    model.fit(x, data.y_train.astype("int32"), epochs=1, batch_size=64, verbose=0)
    return model


def test_without_an_image_the_filters_alone(convnet):
    maps = feature_maps(convnet, None)
    assert [(m.name, m.activation) for m in maps] == [("conv2d", "relu"), ("conv2d_1", "tanh")]
    assert all(m.activations is None for m in maps)
    assert [m.kernels.shape for m in maps] == [(3, 3, 1, 4), (3, 3, 4, 6)]
    np.testing.assert_array_equal(maps[1].kernels, convnet.get_layer("conv2d_1").kernel.numpy())


def test_a_functional_model_gives_the_same_maps_as_its_sequential_twin(convnet, data):
    import keras

    inputs = keras.Input((28, 28, 1))
    x = inputs
    for layer in convnet.layers:  # the same layers, made anew for a graph of their own
        copy = type(layer).from_config(layer.get_config())
        x = copy(x)
        copy.set_weights(layer.get_weights())
    functional = keras.Model(inputs, x)
    assert not isinstance(functional, keras.Sequential)
    twin = feature_maps(functional, data.x_test[3])
    maps = feature_maps(convnet, data.x_test[3])
    assert [m.name for m in twin] == [m.name for m in maps]
    for a, b in zip(twin, maps, strict=True):
        np.testing.assert_allclose(a.activations, b.activations, rtol=1e-5, atol=1e-6)
    assert (maps[1].activations < 0).any()  # tanh: signed


def test_the_session_jobs_use_the_session_s_model_and_refuse_without_one(convnet, data):
    session = TrainingSession()
    with pytest.raises(TrainingError, match="no model yet"):
        session_saliency(session, data.x_test[0], None)
    with pytest.raises(TrainingError, match="no model yet"):
        session_feature_maps(session, None)
    session.model = convnet
    shown = session_saliency(session, data.x_test[0], None)
    np.testing.assert_array_equal(shown.gradient, saliency(convnet, data.x_test[0]).gradient)
    assert shown.input_shape == (28, 28, 1)
    assert [m.name for m in session_feature_maps(session, data.x_test[0])] == [
        "conv2d",
        "conv2d_1",
    ]


def test_tape_code_for_a_model_made_before_it_runs_after_that_code(convnet, data, tmp_path):
    path = tmp_path / "made.keras"
    convnet.save(path)
    image = data.x_test[5]
    shown = saliency(convnet, image, model_path=None)
    assert "load_model" not in shown.code and "the trained model, made by the code above" in (
        shown.code
    )
    before = f"import keras\nmodel = keras.models.load_model({str(path)!r})\n"
    out = tmp_path / "saliency.npy"
    done = run_python("-c", before + shown.code + f"np.save({str(out)!r}, saliency)\n")
    assert done.returncode == 0, done.stderr
    np.testing.assert_allclose(np.load(out), shown.gradient, rtol=1e-5, atol=1e-8)

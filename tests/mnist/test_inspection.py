"""engine.mnist.inspection: saliency and feature maps of small trained models (MNIST subsets)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from fresh_python import run_python

from engine.mnist import load_mnist
from engine.mnist.architecture import build, describe, prepare
from engine.mnist.inspection import feature_maps, saliency
from engine.mnist.layer_spec import parse_layers


@pytest.fixture(scope="module")
def data():
    return load_mnist().subset(2000)


def _trained(spec: str, data):
    import keras

    layers = parse_layers(spec)
    keras.utils.set_random_seed(3)
    model = build(layers)
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    x = prepare(data.x_train, describe(layers).input_shape)
    model.fit(x, data.y_train.astype("int32"), epochs=2, batch_size=64, verbose=0)
    return model


@pytest.fixture(scope="module")
def convnet(data):
    return _trained("conv8k3,pool2,conv16k3,pool2,flatten,drop0.25,dense10", data)


@pytest.fixture(scope="module")
def dense(data):
    return _trained("dense64,dense10", data)


def _probability(model, pixels, digit):
    x = pixels.reshape((1, *model.inputs[0].shape[1:])).astype("float32")
    return float(model(x, training=False)[0, digit])


def _directional_derivative(model, pixels, digit, direction):
    """d probability(digit) along ``direction``, by forward-mode autodiff: an independent
    computation of what the reverse-mode tape gives as gradient · direction."""
    import tensorflow as tf

    shape = (1, *model.inputs[0].shape[1:])
    x = tf.constant(pixels.reshape(shape))
    with tf.autodiff.ForwardAccumulator(x, tf.constant(direction.reshape(shape))) as accumulator:
        probability = model(x, training=False)[0, digit]
    return float(accumulator.jvp(probability))


@pytest.mark.parametrize("which", ["convnet", "dense"])
def test_saliency_is_the_gradient_of_the_predicted_probability(which, request, data):
    model = request.getfixturevalue(which)
    image = data.x_test[0]  # a 7
    result = saliency(model, image)
    pixels = image.astype(np.float32) / 255
    probabilities = np.asarray(model(pixels.reshape((1, *model.inputs[0].shape[1:]))))[0]
    assert result.predicted == int(np.argmax(probabilities)) == 7
    assert result.probability == pytest.approx(float(probabilities.max()), rel=1e-6)
    assert result.gradient.shape == (28, 28) and result.gradient.dtype == np.float32
    np.testing.assert_array_equal(result.image, pixels)
    assert np.abs(result.gradient).max() > 0
    directions = np.random.default_rng(0).normal(size=(3, 28, 28)).astype(np.float32)
    for direction in (result.gradient, *directions):
        along = _directional_derivative(model, pixels, result.predicted, direction)
        expected = float(np.sum(result.gradient.astype(np.float64) * direction))
        assert along == pytest.approx(expected, rel=1e-3, abs=1e-6)


def test_the_dense_saliency_matches_a_finite_difference(dense, data):
    # Only for the Dense model: MaxPooling2D over the blank background compares equal values,
    # where the probability has a kink and a difference quotient averages two slopes.
    pixels = data.x_test[0].astype(np.float32) / 255
    result = saliency(dense, data.x_test[0])
    direction = result.gradient / np.linalg.norm(result.gradient)
    step = 1e-3
    up = _probability(dense, pixels + step * direction, result.predicted)
    down = _probability(dense, pixels - step * direction, result.predicted)
    assert (up - down) / (2 * step) == pytest.approx(np.linalg.norm(result.gradient), rel=0.02)


def test_a_float_image_gives_the_same_saliency_as_its_uint8_pixels(convnet, data):
    from_uint8 = saliency(convnet, data.x_test[1])
    from_float = saliency(convnet, data.x_test[1].astype(np.float32) / 255)
    np.testing.assert_array_equal(from_uint8.gradient, from_float.gradient)
    assert from_uint8.predicted == from_float.predicted


def test_bad_images_are_refused_with_a_clear_message(convnet):
    with pytest.raises(ValueError, match=r"expected a 28×28 image, got shape \(28, 27\)"):
        saliency(convnet, np.zeros((28, 27), np.uint8))
    with pytest.raises(ValueError, match="in \\[0, 1\\]"):
        saliency(convnet, np.full((28, 28), 2.0))
    with pytest.raises(ValueError, match="0–255"):
        feature_maps(convnet, np.full((28, 28), 300))


@pytest.mark.parametrize("kind", ["uint8", "float"])
def test_the_tape_code_computes_the_same_saliency_in_a_fresh_python(kind, convnet, data, tmp_path):
    path = tmp_path / "model.keras"
    convnet.save(path)
    image = data.x_test[2] if kind == "uint8" else data.x_test[2] / 255.0
    result = saliency(convnet, image, model_path=str(path))
    assert "tf.GradientTape()" in result.code and "tape.watch(x)" in result.code
    out = tmp_path / "saliency.npy"
    script = result.code + f"np.save({str(out)!r}, saliency)\n"
    script += "print(json.dumps([predicted, float(probability)]))\n"
    done = run_python("-c", "import json\n" + script, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0] == f"predicted {result.predicted} with probability {result.probability:.4f}"
    predicted, probability = json.loads(lines[-1])
    assert predicted == result.predicted
    assert probability == pytest.approx(result.probability, rel=1e-6)
    np.testing.assert_allclose(np.load(out), result.gradient, rtol=1e-5, atol=1e-8)


def test_feature_maps_are_each_conv_layer_s_output_and_kernels(convnet, data):
    import keras

    maps = feature_maps(convnet, data.x_test[0])
    assert [m.name for m in maps] == ["conv2d", "conv2d_1"]
    assert [m.activations.shape for m in maps] == [(26, 26, 8), (11, 11, 16)]
    assert [m.kernels.shape for m in maps] == [(3, 3, 1, 8), (3, 3, 8, 16)]
    x = data.x_test[:1].reshape((1, 28, 28, 1)).astype("float32") / 255
    for m in maps:
        layer = convnet.get_layer(m.name)
        probe = keras.Model(convnet.inputs[0], layer.output)  # Keras's own way to read a layer
        np.testing.assert_allclose(m.activations, np.asarray(probe(x))[0], rtol=1e-5, atol=1e-6)
        np.testing.assert_array_equal(m.kernels, layer.get_weights()[0])
        assert m.activations.dtype == m.kernels.dtype == np.float32
        assert m.activations.min() >= 0  # relu
    assert feature_maps(convnet, np.zeros((28, 28), np.float32))[0].activations.shape[-1] == 8


def test_a_model_without_conv_layers_has_no_feature_maps(dense, data):
    assert feature_maps(dense, data.x_test[0]) == []

"""engine.mnist.layer_spec: the --layers text, read and written (no TensorFlow)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.mnist.layer_spec import EXAMPLE, LayerSpecError, format_layers, parse_layers
from engine.mnist.layers import ACTIVATIONS, Conv2D, Dense, Dropout, Flatten, MaxPooling2D

CONVNET = (
    Conv2D(32, 3, "relu"),
    MaxPooling2D(2),
    Conv2D(64, 3, "relu"),
    MaxPooling2D(2),
    Flatten(),
    Dropout(0.5),
    Dense(10, "softmax"),
)


def test_the_documented_example_is_keras_s_mnist_convnet():
    assert parse_layers(EXAMPLE) == CONVNET
    assert format_layers(CONVNET) == EXAMPLE


@pytest.mark.parametrize(
    ("text", "layers"),
    [
        ("dense512,dense10", (Dense(512, "relu"), Dense(10, "softmax"))),
        ("dense512:relu,dense10:softmax", (Dense(512, "relu"), Dense(10, "softmax"))),
        # A Dense that ends the spec defaults to softmax; anywhere else to relu.
        ("dense10", (Dense(10, "softmax"),)),
        ("dense64:tanh,dense10:sigmoid", (Dense(64, "tanh"), Dense(10, "sigmoid"))),
        ("conv16k5:tanh,flatten", (Conv2D(16, 5, "tanh"), Flatten())),
        (
            " Conv8K3 , POOL3 ,Flatten, drop.25 ",
            (Conv2D(8, 3), MaxPooling2D(3), Flatten(), Dropout(0.25)),
        ),
        ("drop0", (Dropout(0.0),)),
    ],
)
def test_parts_read_as_layers(text, layers):
    assert parse_layers(text) == layers


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("conv32k3,pool2,pool0", "part 3 'pool0': a pool size must be at least 1"),
        ("dense0", "part 1 'dense0': units must be at least 1"),
        ("dense99999", "part 1 'dense99999': units must be at most 8192"),
        ("conv32k0", "part 1 'conv32k0': a kernel size must be at least 1"),
        ("conv0k3", "part 1 'conv0k3': filters must be at least 1"),
        (
            "dense512,drop1.5,dense10",
            "part 2 'drop1.5': a dropout rate must be at least 0 and below 1",
        ),
        ("dense512,lstm64,dense10", "part 2 'lstm64': unknown layer; expected denseN, convFkK"),
        ("dense,dense10", "part 1 'dense': not a dense layer as written here; e.g. dense512"),
        ("conv32,dense10", "part 1 'conv32': not a conv layer as written here; e.g. conv32k3"),
        ("dropout0.5", "part 1 'dropout0.5': not a drop layer as written here; e.g. drop0.5"),
        ("pool2:relu", "part 1 'pool2:relu': not a pool layer as written here; e.g. pool2"),
        (
            "dense10:softy",
            "part 1 'dense10:softy': unknown activation 'softy'; expected one of relu",
        ),
        ("conv8k3,,dense10", "part 2 is empty (two commas in a row?)"),
        ("", "the layer spec is empty"),
        ("  ", "the layer spec is empty"),
    ],
)
def test_a_bad_spec_names_its_bad_part(text, message):
    with pytest.raises(LayerSpecError) as caught:
        parse_layers(text)
    assert str(caught.value).startswith(message)
    assert isinstance(caught.value, ValueError)  # the CLI's "exit 2" handler catches these


def test_the_writer_adds_an_activation_only_where_it_is_not_the_default():
    layers = (Dense(64, "softmax"), Conv2D(4, 2, "elu"), Flatten(), Dense(10, "relu"))
    assert format_layers(layers) == "dense64:softmax,conv4k2:elu,flatten,dense10:relu"
    assert format_layers((Dropout(1e-05),)) == "drop0.00001"  # plain digits, never 1e-05


_activations = st.sampled_from(ACTIVATIONS)
_layers = st.one_of(
    st.builds(Dense, st.integers(1, 8192), _activations),
    st.builds(Conv2D, st.integers(1, 1024), st.integers(1, 64), _activations),
    st.builds(MaxPooling2D, st.integers(1, 64)),
    st.just(Flatten()),
    st.builds(Dropout, st.floats(0.0, 1.0, exclude_max=True)),
)


@given(st.lists(_layers, min_size=1, max_size=12))
def test_any_layer_list_survives_a_round_trip_through_its_text(layers):
    text = format_layers(layers)
    assert parse_layers(text) == tuple(layers)
    assert parse_layers(text.upper().replace(",", " , ")) == tuple(layers)

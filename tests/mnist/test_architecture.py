"""engine.mnist.architecture: the layer rows, the problems that stop training, the presets, and
the Keras model and code they stand for (compared with what Keras itself reports)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from engine.mnist import load_mnist
from engine.mnist.architecture import (
    FLAT_SHAPE,
    IMAGE_SHAPE,
    PRESETS,
    SEED,
    SMALL_CONVNET,
    ArchitectureError,
    build,
    describe,
    input_shape_for,
    model_code,
    prepare,
    preprocessing,
)
from engine.mnist.layer_spec import format_layers, parse_layers
from engine.mnist.layers import Conv2D, Dense, Dropout, MaxPooling2D
from engine.mnist.model import DEFAULT_LAYERS, TrainSettings, preprocess

MEASURED = Path(__file__).resolve().parents[2] / "bench" / "measured" / "convnet.json"

# Architectures whose numbers are compared with Keras's: the presets and some that exercise
# every rule (odd sides under a pool, kernels of 1 and 5, a stack of Dense after the conv part).
ARCHITECTURES = [
    (SEED.layers, None),
    (SMALL_CONVNET.layers, None),
    (parse_layers("conv8k5:tanh,pool3,conv16k1,flatten,drop0.2,dense32,dense10"), None),
    (parse_layers("conv4k3,conv4k3,pool2,conv6k2:elu,pool2,flatten,dense10"), None),
    (parse_layers("flatten,dense64:gelu,drop0.1,dense10"), IMAGE_SHAPE),
    (parse_layers("conv3k3,pool2,flatten,dense10"), (21, 17, 3)),  # not square, 3 channels
]


def test_the_convnet_rows_read_like_model_summary_with_the_arithmetic():
    description = describe(SMALL_CONVNET.layers)
    assert description.input_shape == (28, 28, 1)
    assert description.shape_path() == (
        "(28, 28, 1) → (26, 26, 32) → (13, 13, 32) → (11, 11, 64) → (5, 5, 64) → (1600,) → "
        "(1600,) → (10,)"
    )
    rows = {row.name: row for row in description.rows}
    assert list(rows) == [
        "conv2d",
        "max_pooling2d",
        "conv2d_1",
        "max_pooling2d_1",
        "flatten",
        "dropout",
        "dense",
    ]
    assert rows["conv2d"].params == 320
    assert rows["conv2d"].params_arithmetic == "3 × 3 × 1 × 32 + 32"
    assert rows["conv2d"].shape_arithmetic == "28 − 3 + 1 = 26"
    assert rows["conv2d_1"].params_arithmetic == "3 × 3 × 32 × 64 + 64"
    assert rows["max_pooling2d_1"].shape_arithmetic == "11 // 2 = 5"
    assert rows["max_pooling2d_1"].params == 0
    assert rows["flatten"].shape_arithmetic == "5 × 5 × 64 = 1600"
    assert rows["dense"].params_arithmetic == "1600 × 10 + 10"
    assert rows["dense"].input_shape == (1600,)
    assert description.params == 320 + 18_496 + 16_010 == 34_826
    assert description.problems == [] and all(row.problem == "" for row in description.rows)


def test_a_dense_only_model_takes_the_flat_input_as_before():
    assert input_shape_for(SEED.layers) == FLAT_SHAPE == (784,)
    assert input_shape_for(parse_layers("flatten,dense10")) == FLAT_SHAPE
    assert input_shape_for(parse_layers("pool2,flatten,dense10")) == IMAGE_SHAPE
    rows = describe(SEED.layers).rows
    assert [(row.params_arithmetic, row.params) for row in rows] == [
        ("784 × 512 + 512", 401_920),
        ("512 × 10 + 10", 5_130),
    ]


def test_a_rectangular_input_gets_the_arithmetic_per_side():
    rows = describe(parse_layers("conv3k3,pool2,flatten,dense10"), (21, 17, 3)).rows
    assert rows[0].shape_arithmetic == "height 21 − 3 + 1 = 19, width 17 − 3 + 1 = 15"
    assert rows[1].shape_arithmetic == "height 19 // 2 = 9, width 15 // 2 = 7"
    assert rows[0].params_arithmetic == "3 × 3 × 3 × 3 + 3"


@pytest.mark.parametrize(
    ("spec", "layer", "problem"),
    [
        (
            "conv32k3,pool2,dense10",
            3,
            "a Flatten is missing before this Dense layer: it gets (13, 13, 32)",
        ),
        ("dense512,conv8k3,flatten,dense10", 1, "a Flatten is missing before this Dense layer"),
        ("conv8k3,pool2,conv8k14,flatten,dense10", 3, "the 14×14 kernel is larger than its 13×13"),
        ("conv8k30,flatten,dense10", 1, "the 30×30 kernel is larger than its 28×28 input"),
        ("conv8k3,pool32,flatten,dense10", 2, "the 32×32 pool shrinks the 26×26 input to 0×0"),
        (
            "conv8k3,pool2,pool2,pool2,pool2,pool2,flatten,dense10",  # 26, 13, 6, 3, 1, 0
            6,
            "the 2×2 pool shrinks the 1×1 input to 0×0",
        ),
        ("conv8k3,flatten,conv8k3,dense10", 3, "Conv2D needs an image (height, width, channels)"),
        ("conv8k3,flatten,pool2,dense10", 3, "MaxPooling2D needs an image"),
        ("conv8k3,flatten,dense10,drop0.5", 4, "the last layer must be Dense(10, softmax)"),
        ("conv8k3,flatten,dense12", 3, "the last layer needs 10 units, one per class (it has 12)"),
        ("conv8k3,flatten,dense10:relu", 3, "the last layer needs a softmax activation"),
        (
            "conv1024k3,flatten,dense8192",
            3,
            "this layer would have 5,670,707,200 weights; the limit is 100,000,000",
        ),
    ],
)
def test_a_list_that_cannot_build_says_so_on_the_row_and_nothing_builds(spec, layer, problem):
    layers = parse_layers(spec)
    description = describe(layers)
    flagged = [i for i, row in enumerate(description.rows, 1) if row.problem]
    assert flagged == [layer]
    assert description.rows[layer - 1].problem.startswith(problem)
    name = description.rows[layer - 1].name
    assert description.problems[0].startswith(f"Layer {layer} ({name}): {problem}")
    with pytest.raises(ArchitectureError, match=f"Layer {layer} "):
        build(layers)
    with pytest.raises(ArchitectureError):
        model_code(layers)


def test_rows_after_a_layer_that_cannot_build_have_no_shape():
    description = describe(parse_layers("conv8k30,pool2,flatten,dense10"))
    assert [row.output_shape for row in description.rows] == [None] * 4
    assert [row.input_shape for row in description.rows] == [(28, 28, 1), None, None, None]
    assert description.shape_path() == "(28, 28, 1) → ?"
    assert len(description.problems) == 1


def test_an_empty_or_overlong_list_is_a_problem_of_the_whole_list():
    assert describe([]).problems == ["Add at least one layer."]
    thirteen = [Dense(16)] * 12 + [Dense(10, "softmax")]
    assert describe(thirteen).problems == ["At most 12 layers (this list has 13)."]


@pytest.mark.parametrize(("layers", "input_shape"), ARCHITECTURES)
def test_shapes_counts_and_names_equal_what_keras_reports(layers, input_shape):
    description = describe(layers, input_shape)
    model = build(layers, input_shape)
    assert tuple(model.inputs[0].shape[1:]) == description.input_shape
    assert [layer.name for layer in model.layers] == [row.name for row in description.rows]
    assert [tuple(layer.output.shape[1:]) for layer in model.layers] == [
        row.output_shape for row in description.rows
    ]
    assert [layer.count_params() for layer in model.layers] == [
        row.params for row in description.rows
    ]
    assert model.count_params() == description.params


def test_build_makes_the_model_keras_s_example_writes_by_hand():
    import keras

    by_hand = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
            keras.layers.MaxPooling2D(pool_size=(2, 2)),
            keras.layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
            keras.layers.MaxPooling2D(pool_size=(2, 2)),
            keras.layers.Flatten(),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    built = build(SMALL_CONVNET.layers)
    assert [type(layer) for layer in built.layers] == [type(layer) for layer in by_hand.layers]
    assert [layer.get_config() | {"name": ""} for layer in built.layers] == [
        layer.get_config() | {"name": ""} for layer in by_hand.layers
    ]


@pytest.mark.parametrize(("layers", "input_shape"), ARCHITECTURES[:4])
def test_the_model_code_builds_the_same_model(layers, input_shape):
    import keras

    lines = model_code(layers, input_shape)
    assert lines[0] == "model = keras.Sequential([" and lines[-1] == "])"
    scope: dict = {"keras": keras}
    exec("\n".join(lines), scope)
    from_code, built = scope["model"], build(layers, input_shape)
    assert from_code.count_params() == built.count_params()
    assert [layer.get_config() | {"name": ""} for layer in from_code.layers] == [
        layer.get_config() | {"name": ""} for layer in built.layers
    ]


def test_the_convnet_code_shows_each_layer_s_shapes():
    assert model_code(SMALL_CONVNET.layers)[1:3] == [
        "    keras.Input(shape=(28, 28, 1)),",
        "    keras.layers.Conv2D(32, kernel_size=(3, 3), activation='relu'),"
        "  # (28, 28, 1) -> (26, 26, 32)",
    ]


@pytest.mark.parametrize("input_shape", [FLAT_SHAPE, IMAGE_SHAPE])
def test_the_preprocessing_code_makes_what_prepare_makes(input_shape):
    data = load_mnist().subset(50)
    steps = preprocessing(input_shape)
    scope = {"x_train": data.x_train, "x_test": data.x_test}
    exec("\n".join(steps.code), scope)
    for name, images in (("x_train", data.x_train), ("x_test", data.x_test)):
        prepared = prepare(images, input_shape)
        assert prepared.shape == (50, *input_shape) and prepared.dtype == np.float32
        np.testing.assert_array_equal(scope[name], prepared)
    assert steps.code[0].startswith("# Preprocessing: (n, 28, 28) uint8 -> (n, ")


def test_the_preprocessing_explains_both_shapes():
    flat, image = preprocessing(FLAT_SHAPE), preprocessing(IMAGE_SHAPE)
    assert "(n, 784)" in flat.words and "Dense" in flat.words
    assert "28 * 28" in flat.code[1]
    assert "(n, 28, 28, 1)" in image.words and "channel" in image.words
    assert "reshape((len(x_train), 28, 28, 1))" in image.code[1]
    # The flat input is exactly what the trainer feeds its Dense models today.
    images = load_mnist().subset(20).x_test
    np.testing.assert_array_equal(prepare(images, FLAT_SHAPE), preprocess(images))
    with pytest.raises(ValueError, match="do not reshape to"):
        preprocessing((28, 28, 3))
    with pytest.raises(ValueError, match="do not reshape to"):
        prepare(images, (28, 28, 3))


def test_the_seed_preset_is_today_s_default_model_unchanged():
    defaults = TrainSettings()
    assert SEED.name == "Seed: Dense 512 + 10"
    assert [(layer.units, layer.activation) for layer in SEED.layers] == [
        (layer.units, layer.activation) for layer in DEFAULT_LAYERS
    ]
    assert (SEED.epochs, SEED.batch_size, SEED.optimizer, SEED.learning_rate) == (
        defaults.epochs,
        defaults.batch_size,
        defaults.optimizer,
        defaults.learning_rate,
    )
    assert [preset.name for preset in PRESETS] == ["Seed: Dense 512 + 10", "Small convnet"]


def test_the_convnet_preset_is_what_the_benchmark_measured_reaching_its_target():
    measured = json.loads(MEASURED.read_text(encoding="utf-8"))
    convnet = measured["convnet"]
    assert convnet["layers"] == format_layers(SMALL_CONVNET.layers)
    assert (
        convnet["epochs"],
        convnet["batch_size"],
        convnet["optimizer"],
        convnet["learning_rate"],
    ) == (
        SMALL_CONVNET.epochs,
        SMALL_CONVNET.batch_size,
        SMALL_CONVNET.optimizer,
        SMALL_CONVNET.learning_rate,
    )
    assert len(convnet["test_accuracy"]) == 3
    assert float(np.median(convnet["test_accuracy"])) >= 0.990
    assert max(convnet["run_s"]) < 120  # "under ~2 minutes a run" on the 2-core CPU
    assert measured["dense"]["layers"] == format_layers(SEED.layers) == "dense512,dense10"
    assert measured["dense"]["epochs"] == SEED.epochs


def test_layer_values_are_checked_when_made():
    with pytest.raises(ValueError, match="units must be at least 1"):
        Dense(0)
    with pytest.raises(ValueError, match="unknown activation 'relux'"):
        Conv2D(8, 3, "relux")
    with pytest.raises(ValueError, match="a whole number"):
        MaxPooling2D(2.5)
    with pytest.raises(ValueError, match="below 1"):
        Dropout(float("nan"))

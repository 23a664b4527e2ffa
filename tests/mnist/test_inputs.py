"""What the trainer's settings fields mean, without Qt: parsing, the checks against the data, and
the layers as stored text."""

from __future__ import annotations

import dataclasses

from engine.mnist.architecture import MAX_LAYERS
from engine.mnist.layer_spec import format_layers
from engine.mnist.layers import Conv2D, Dense, Flatten
from engine.mnist.model import DEFAULT_LAYERS, TrainSettings
from widgets.mnist.inputs import FormText, check, stored_layers
from widgets.mnist.settings import MnistSettings


def form(**changes: object) -> FormText:
    """The form as a new tab shows it, with ``changes`` typed in."""
    stored = MnistSettings()
    texts = {f.name: getattr(stored, f.name) for f in dataclasses.fields(FormText)}
    return FormText(**(texts | {"layers": DEFAULT_LAYERS} | changes))


def test_the_defaults_are_the_classic_run():
    checked = check(form(), 60000, 10)
    assert checked.settings == TrainSettings()
    assert checked.errors == {} and checked.samples == 60000 and checked.limit is None


def test_each_problem_is_worded_for_its_field_in_the_forms_order():
    checked = check(
        form(epochs="2.5", batch_size=" ", learning_rate="fast", seed="-1", limit="0"), 60000, 10
    )
    assert checked.settings is None
    assert checked.errors == {
        "epochs": "Enter a whole number, not '2.5'.",
        "batch_size": "Enter a whole number.",
        "limit": "Use at least 1 sample, or leave it blank for all.",
        "learning_rate": "Enter a number, not 'fast'.",
        "seed": "The seed must be a whole number 0 – 4294967295.",
    }
    assert checked.limit is None and checked.samples == 60000


def test_a_limit_bounds_the_samples_and_underscores_group_digits():
    checked = check(form(epochs="1_0", limit="2_000", validation_split="0.1"), 60000, 10)
    assert checked.settings is not None and checked.settings.epochs == 10
    assert checked.limit == 2000 and checked.samples == 2000
    assert checked.settings.train_count(checked.samples) == 1800
    more = check(form(limit="100000"), 60000, 10)
    assert more.limit == 100000 and more.samples == 60000


def test_the_settings_are_checked_against_the_data():
    small = check(form(batch_size="500"), 300, 10)
    assert small.errors == {
        "batch_size": "The batch size 500 is larger than the 300 samples trained on."
    }
    twelve_classes = check(form(), 60000, 12)
    assert "needs 12 units" in twelve_classes.errors["layers"]
    assert twelve_classes.settings is None and twelve_classes.layers == DEFAULT_LAYERS
    halves = form(validation_split="0.5", batch_size="1")
    assert check(halves, 3, 10).errors == {}  # trains on 1, validates on 2
    assert "cannot be split" in check(halves, 1, 10).errors["validation_split"]


def test_layers_as_stored_text():
    layers = (Conv2D(8, 5, "tanh"), Flatten(), Dense(256, "tanh"), Dense(10, "softmax"))
    assert format_layers(layers) == "conv8k5:tanh,flatten,dense256:tanh,dense10"
    assert stored_layers(format_layers(layers)) == layers
    assert stored_layers("dense512:relu,dense10:softmax") == DEFAULT_LAYERS
    for malformed in ("", "lots:of,garbage", "512", "512:relu", "dense512:relu:extra"):
        assert stored_layers(malformed) == ()
    assert stored_layers(",".join(["dense8"] * (MAX_LAYERS + 5))) == ()  # not written by the app


def test_a_layer_list_that_cannot_build_is_refused_with_its_row_named():
    checked = check(form(layers=(Conv2D(8, 3), Dense(10, "softmax"))), 60000, 10)
    assert checked.settings is None
    assert checked.errors["layers"].startswith("Layer 2 (dense): a Flatten is missing")
    [row] = [row for row in checked.description.rows if row.problem]
    assert row.name == "dense" and row.input_shape == (26, 26, 8)
    mirrored = check(form(distribute=True), 60000, 10)
    assert mirrored.settings is not None and mirrored.settings.strategy == "mirrored"

"""``python -m engine.mnist`` with --model, --layers, --save and --resume: the grammar in --help, a
bad spec named in an exit 2, a resumed model whose epochs and updates go on (with the totals in
the JSON and the same numbers as the trainer), and resume files that cannot be continued."""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import replace

import pytest
from fresh_python import run_python

from engine.mnist import load_mnist
from engine.mnist.architecture import SEED, SMALL_CONVNET
from engine.mnist.layer_spec import EXAMPLE, format_layers
from engine.mnist.layers import Dense
from engine.mnist.model import TrainSettings
from engine.mnist.training import TrainingSession
from engine.runs import RunStore


def cli(*args: str):
    return run_python("-m", "engine.mnist", *args, timeout=300)


def result_of(done) -> dict:
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_help_documents_the_layer_grammar_and_resuming():
    done = cli("--help")
    assert done.returncode == 0
    for text in ("--model {dense,convnet}", "--strategy {default,mirrored}", "--resume PATH"):
        assert text in done.stdout
    assert "denseN[:ACT]" in done.stdout and "convFkK[:ACT]" in done.stdout
    assert EXAMPLE in done.stdout and "total_gradient_updates" in done.stdout


@pytest.mark.parametrize(
    ("spec", "said"),
    [
        (
            "conv32k3,pool0,flatten,dense10",
            "--layers: part 2 'pool0': a pool size must be at least",
        ),
        ("conv32k3,lstm8,dense10", "--layers: part 2 'lstm8': unknown layer; expected denseN"),
        ("dense512,,dense10", "--layers: part 2 is empty"),
    ],
)
def test_a_bad_spec_exits_2_naming_the_bad_part(spec, said):
    done = cli("--layers", spec)
    assert done.returncode == 2 and said in done.stderr
    assert "Traceback" not in done.stderr


def test_a_spec_that_cannot_build_exits_2_naming_the_layer():
    done = cli("--layers", "conv8k3,dense10", "--limit", "100", "--no-record")
    assert done.returncode == 2
    assert "Layer 2 (dense): a Flatten is missing before this Dense layer" in done.stderr


def test_resume_goes_on_with_the_saved_model_and_reports_the_totals(history, tmp_path):
    saved = tmp_path / "small.keras"
    first = result_of(
        cli(
            *("--layers", "dense64,dense10", "--epochs", "2", "--batch-size", "100"),
            *("--limit", "1000", "--save", str(saved), "--json"),
        )
    )
    assert first["gradient_updates"] == first["total_gradient_updates"] == 20
    assert first["model"] == "dense" and first["saved"] == str(saved)
    done = cli("--resume", str(saved), "--epochs", "1", "--limit", "1000", "--json")
    more = result_of(done)
    assert (more["epochs"], more["gradient_updates"]) == (1, 10)
    assert (more["total_epochs"], more["total_gradient_updates"]) == (3, 30)
    assert more["batch_size"] == 100 and more["layers"] == "dense64,dense10"  # as saved
    assert "epoch 3/3" in done.stderr and "20 + 1 × 10 = 30" in done.stderr
    store = RunStore(history)
    runs = store.runs()
    store.close()
    assert [run.parent for run in runs] == [None, first["run_id"]]
    # The trainer, going on in memory with the same settings, gets the very same numbers.
    data = load_mnist().subset(1000)
    settings = TrainSettings(layers=(Dense(64), Dense(10, "softmax")), epochs=2, batch_size=100)
    session = TrainingSession()
    session.train(data, settings)
    session.train_more(data, replace(settings, epochs=1))
    evaluation = session.evaluate(data)
    assert more["test_accuracy"] == evaluation.test_accuracy
    assert more["test_loss"] == evaluation.test_loss


def test_what_cannot_be_resumed_exits_2_with_a_clear_message(tmp_path):
    import keras

    saved = tmp_path / "small.keras"
    result_of(
        cli(
            "--hidden",
            "16",
            "--epochs",
            "1",
            "--limit",
            "300",
            "--save",
            str(saved),
            "--json",
            "--no-record",
        )
    )
    wide = tmp_path / "wide.keras"
    keras.Sequential(
        [keras.Input((32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(10)]
    ).save(wide)
    junk = tmp_path / "junk.keras"
    junk.write_bytes(b"not a model")
    for args, said in (
        (("--resume", str(tmp_path / "gone.keras")), "There is no file"),
        (("--resume", str(junk)), "junk.keras is not a Keras model"),
        (("--resume", str(wide)), "expects inputs shaped (32, 32, 3)"),
        (
            ("--resume", str(saved), "--layers", "dense32,dense10"),
            "the saved model's layers are dense16,dense10, not dense32,dense10",
        ),
    ):
        done = cli(*args, "--epochs", "1", "--limit", "300", "--no-record")
        assert done.returncode == 2 and said in done.stderr, done.stderr[-2000:]
        assert "Traceback" not in done.stderr


def test_the_convnet_measurement_was_made_through_the_command_line():
    """bench/measured/convnet.json: what the CLI reported, with its update arithmetic."""
    from pathlib import Path

    measured = json.loads(
        (Path(__file__).resolve().parents[2] / "bench/measured/convnet.json").read_text()
    )
    assert measured["via"].startswith("python -m engine.mnist --model")
    conv, dense = measured["convnet"], measured["dense"]
    assert conv["train_samples"] == dense["train_samples"] == 60000
    assert conv["gradient_updates"] == math.ceil(60000 / 32) * 6 == 11250
    assert dense["gradient_updates"] == math.ceil(60000 / 128) * 5 == 2345
    assert measured["seeds"] == [1, 2, 3] and measured["convnet_reaches_target"]
    # The preset as the trainer offers it, at its default epochs, past 99 % (median of 3 seeds).
    assert conv["layers"] == format_layers(SMALL_CONVNET.layers)
    assert (conv["epochs"], conv["batch_size"]) == (SMALL_CONVNET.epochs, SMALL_CONVNET.batch_size)
    assert conv["median_test_accuracy"] == statistics.median(conv["test_accuracy"]) >= 0.990
    assert dense["layers"] == format_layers(SEED.layers) and dense["epochs"] == SEED.epochs
    assert all(len(epochs) == 6 for epochs in conv["epoch_s"])
    assert conv["median_epoch_s"] > dense["median_epoch_s"]  # per-epoch time, side by side

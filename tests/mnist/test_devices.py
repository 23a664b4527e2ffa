"""engine.mnist.devices: what TensorFlow sees, and MirroredStrategy over two logical CPUs."""

from __future__ import annotations

import json
import os

import pytest
from fresh_python import run_python

from engine.mnist.devices import (
    STRATEGIES,
    Device,
    Devices,
    batch_split,
    execution_steps,
    strategy,
    visible_devices,
)


def test_this_machine_shows_its_cpu_cores_and_no_gpu():
    devices = visible_devices()
    cores = len(os.sched_getaffinity(0))
    assert devices.physical == (Device("CPU", "CPU", cores=cores),)
    assert devices.logical_cpus == 1 and devices.logical_gpus == 0 and devices.replicas == 1
    assert devices.status_text() == f"CPU ({cores} cores)"


def test_the_status_line_names_every_gpu_with_its_memory():
    devices = Devices(
        (
            Device("CPU", "CPU", cores=16),
            Device("GPU", "NVIDIA A100-SXM4-40GB", memory_bytes=40 * 1024**3),
            Device("GPU", "NVIDIA T4"),  # memory not reported
        ),
        logical_cpus=1,
        logical_gpus=2,
    )
    assert devices.status_text() == (
        "CPU (16 cores) · GPU NVIDIA A100-SXM4-40GB (40.0 GB) · GPU NVIDIA T4"
    )
    assert devices.replicas == 2  # the GPUs, not the CPU


def test_the_global_batch_is_shared_out_and_makes_one_update():
    assert batch_split(128, 1).text() == "batch 128 on one device"
    two = batch_split(128, 2)
    assert two.per_replica == (64, 64)
    assert two.text() == (
        "global batch 128 = 2 replicas × 64; their gradients are averaged into one update"
    )
    three = batch_split(128, 3)
    assert three.per_replica == (43, 43, 42) and sum(three.per_replica) == 128
    assert "3 replicas × 43 or 42" in three.text()
    with pytest.raises(ValueError):
        batch_split(0, 2)


def test_a_mirrored_run_takes_one_step_per_call():
    assert execution_steps("default", 32) == 32
    assert execution_steps("mirrored", 32) == 1
    with pytest.raises(ValueError, match="unknown strategy"):
        execution_steps("tpu", 32)


def test_strategies_by_name():
    assert STRATEGIES == ("default", "mirrored")
    assert strategy("default").num_replicas_in_sync == 1
    assert strategy("mirrored").num_replicas_in_sync == 1  # one CPU device here
    with pytest.raises(ValueError, match="unknown strategy 'horovod'; expected default or mir"):
        strategy("horovod")


# Logical devices must be configured before TensorFlow initialises its devices, which this test
# process has long done: the run happens in a fresh Python.
MIRRORED = """
import json
import keras
import tensorflow as tf

cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(
    cpu, [tf.config.LogicalDeviceConfiguration(), tf.config.LogicalDeviceConfiguration()]
)

from engine.mnist import load_mnist
from engine.mnist.devices import batch_split, execution_steps, strategy, visible_devices
from engine.mnist.model import preprocess

data = load_mnist().subset(4000)
x, y = preprocess(data.x_train), data.y_train.astype("int32")
x_test, y_test = preprocess(data.x_test), data.y_test.astype("int32")
result = {"devices": visible_devices().status_text()}
for kind in ("default", "mirrored"):
    chosen = strategy(kind)
    keras.utils.set_random_seed(1)
    with chosen.scope():
        model = keras.Sequential([
            keras.Input(shape=(784,)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ])
        model.compile("rmsprop", "sparse_categorical_crossentropy", metrics=["accuracy"],
                      steps_per_execution=execution_steps(kind, 8))
    model.fit(x, y, epochs=3, batch_size=64, verbose=0)
    result[kind] = {
        "replicas": chosen.num_replicas_in_sync,
        "steps_per_execution": model.steps_per_execution,
        "updates": int(model.optimizer.iterations.numpy()),
        "accuracy": float(model.evaluate(x_test, y_test, verbose=0)[1]),
        "split": batch_split(64, chosen.num_replicas_in_sync).text(),
    }
print(json.dumps(result))
"""


def test_mirrored_strategy_on_two_logical_cpus_trains_as_well_as_one_device():
    done = run_python("-c", MIRRORED, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["devices"].endswith(", split into 2 logical devices")
    one, two = result["default"], result["mirrored"]
    assert (one["replicas"], two["replicas"]) == (1, 2)
    assert (one["steps_per_execution"], two["steps_per_execution"]) == (8, 1)
    # The batch is the global batch: 2 replicas × 32 make the same ceil(4000 / 64) × 3 updates.
    assert one["updates"] == two["updates"] == 63 * 3
    assert (
        two["split"]
        == "global batch 64 = 2 replicas × 32; their gradients are averaged into one update"
    )
    assert one["accuracy"] > 0.85 and two["accuracy"] > 0.85
    assert abs(one["accuracy"] - two["accuracy"]) < 0.03


def test_the_status_bar_and_about_show_the_devices_tensorflow_sees(qtbot, main_window):
    seen = visible_devices().status_text()
    label = main_window.devices_state
    qtbot.waitUntil(lambda: label.text() == seen, timeout=30_000)
    assert label.isVisible()
    assert f"<tr><td>Devices</td><td><b>{seen}</b></td></tr>" in main_window.about_text()


def test_the_trainer_offers_mirrored_strategy_only_with_several_devices(qtbot, tab):
    form, controller = tab.form, tab.controller
    qtbot.waitUntil(lambda: controller.devices.devices is not None, timeout=30_000)
    assert controller.devices.replicas == 1 and form.distribute_box.isHidden()  # one CPU here
    # What a machine with two GPUs (or this CPU split in two) shows:
    two = Devices(
        (Device("CPU", "CPU", cores=2), Device("GPU", "A"), Device("GPU", "B")),
        logical_cpus=1,
        logical_gpus=2,
    )
    controller.devices.found.emit(two)
    assert not form.distribute_box.isHidden()
    assert form.distribute_box.text() == "Distribute: MirroredStrategy over 2 devices"
    assert controller.settings_check.settings.strategy == "default"
    form.distribute_box.setChecked(True)
    assert controller.settings_check.settings.strategy == "mirrored"
    assert form.updates_label.text().endswith(
        "ceil(60000 / 128) = 469 per epoch × 5 = 2345 (global batch 128 = 2 replicas × 64; "
        "their gradients are averaged into one update)</b>"
    )
    assert tab.settings().distribute


TRAINER_MIRRORED = """
import contextlib, io, json, sys
import tensorflow as tf

cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(
    cpu, [tf.config.LogicalDeviceConfiguration(), tf.config.LogicalDeviceConfiguration()]
)

from engine.mnist import load_mnist
from engine.mnist.cli import main
from engine.mnist.layers import Dense
from engine.mnist.model import TrainSettings
from engine.mnist.training import TrainingSession

data = load_mnist().subset(4000)
result = {}
for kind in ("default", "mirrored"):
    settings = TrainSettings(
        layers=(Dense(64), Dense(10, "softmax")), epochs=3, batch_size=64, strategy=kind
    )
    session = TrainingSession()
    report = session.train(data, settings)
    more = session.train_more(data, TrainSettings(**{**settings.__dict__, "epochs": 1}))
    result[kind] = {
        "updates": report.updates_done,
        "total": more.total_updates,
        "iterations": int(session.model.optimizer.iterations.numpy()),
        "replicas": session.model.distribute_strategy.num_replicas_in_sync,
        "accuracy": session.evaluate(data).test_accuracy,
    }
out, err = io.StringIO(), io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    code = main(
        ["--strategy", "mirrored", "--hidden", "64", "--epochs", "1", "--batch-size", "64",
         "--limit", "2000", "--json", "--no-record"]
    )
result["cli"] = json.loads(out.getvalue().strip().splitlines()[-1]) | {"code": code}
result["cli_log"] = err.getvalue()
print(json.dumps(result))
"""


def test_the_trainer_and_the_command_line_train_through_mirrored_strategy():
    """Training (and training more) through tf.distribute on this CPU split in two logical
    devices lands in the same accuracy band as on one device, with the same update count."""
    done = run_python("-c", TRAINER_MIRRORED, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    one, two = result["default"], result["mirrored"]
    assert (one["replicas"], two["replicas"]) == (1, 2)
    assert one["updates"] == two["updates"] == 63 * 3  # the global batch: ceil(4000 / 64)
    assert one["total"] == two["total"] == two["iterations"] == 63 * 4
    assert one["accuracy"] > 0.85 and two["accuracy"] > 0.85
    assert abs(one["accuracy"] - two["accuracy"]) < 0.03
    cli = result["cli"]
    assert cli["code"] == 0 and cli["strategy"] == "mirrored" and cli["replicas"] == 2
    assert cli["gradient_updates"] == 32 and cli["test_accuracy"] > 0.7
    assert "global batch 64 = 2 replicas × 32" in result["cli_log"]
    assert "split into 2 logical devices" in result["cli_log"]

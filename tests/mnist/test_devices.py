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

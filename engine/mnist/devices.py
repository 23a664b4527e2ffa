"""The devices TensorFlow trains on, and training on several of them at once through
tf.distribute (TensorFlow is imported inside the functions).

Keras places work on the first GPU by itself when there is one; ``strategy("mirrored")`` keeps a
copy of the model on every visible GPU (on every logical CPU when there is no GPU) and averages
their gradients into one update per global batch.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import Any, Literal

DeviceKind = Literal["CPU", "GPU"]  # TensorFlow's names for the device types
StrategyKind = Literal["default", "mirrored"]
STRATEGIES: tuple[StrategyKind, ...] = ("default", "mirrored")
GIB = 1024**3


@dataclass(frozen=True)
class Device:
    kind: DeviceKind
    name: str  # the GPU's model ("NVIDIA GeForce RTX 3060") or "CPU"
    cores: int | None = None  # CPU: the cores this process may use
    memory_bytes: int | None = None  # GPU: the memory TensorFlow may use, where it reports it

    def text(self) -> str:
        if self.kind == "CPU":
            return f"CPU ({self.cores} cores)" if self.cores else "CPU"
        if self.memory_bytes:
            return f"GPU {self.name} ({self.memory_bytes / GIB:.1f} GB)"
        return f"GPU {self.name}"


@dataclass(frozen=True)
class Devices:
    physical: tuple[Device, ...]
    logical_cpus: int  # more than 1 when the CPU is split into logical devices
    logical_gpus: int

    @property
    def replicas(self) -> int:
        """How many copies of the model ``strategy("mirrored")`` trains side by side."""
        return self.logical_gpus or self.logical_cpus

    def status_text(self) -> str:
        """One line for a status bar: "CPU (2 cores) · GPU NVIDIA A100 (40.0 GB)"."""
        parts = [device.text() for device in self.physical]
        if self.logical_cpus > 1:
            parts[0] += f", split into {self.logical_cpus} logical devices"
        return " · ".join(parts)


def visible_devices() -> Devices:
    """What TensorFlow sees. Initialises TensorFlow's devices: logical device settings
    (``tf.config.set_logical_device_configuration``) must come before the first call."""
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    memory = _gpu_memory() if gpus else {}
    physical = [Device("CPU", "CPU", cores=_cores())]
    for index, gpu in enumerate(gpus):
        details = tf.config.experimental.get_device_details(gpu)
        name = str(details.get("device_name") or gpu.name)
        physical.append(Device("GPU", name, memory_bytes=memory.get(index)))
    return Devices(
        tuple(physical),
        logical_cpus=len(tf.config.list_logical_devices("CPU")),
        logical_gpus=len(tf.config.list_logical_devices("GPU")),
    )


def _cores() -> int | None:
    if hasattr(os, "sched_getaffinity"):  # the cores this process may run on (Linux)
        return len(os.sched_getaffinity(0))
    return os.cpu_count()


def _gpu_memory() -> dict[int, int]:
    """GPU index -> the bytes TensorFlow may use on it. tf.config has no public call for a
    GPU's memory size; TensorFlow's device list reports it as each device's memory_limit."""
    try:
        from tensorflow.python.client import device_lib

        local = device_lib.list_local_devices()
    except (ImportError, AttributeError, RuntimeError):
        return {}
    gpus = [d for d in local if d.device_type == "GPU"]
    return {index: int(d.memory_limit) for index, d in enumerate(gpus) if d.memory_limit}


@functools.cache
def strategy(kind: str) -> Any:
    """The tf.distribute strategy to build, compile and fit a model under (``with
    strategy.scope():``). "default" is TensorFlow's default (one device, Keras's placement);
    "mirrored" is MirroredStrategy over every visible GPU, or every logical CPU without one.
    One object per kind and process: a model keeps the strategy it was built under, and the
    devices TensorFlow sees do not change once it has started."""
    import tensorflow as tf

    if kind == "default":
        return tf.distribute.get_strategy()
    if kind == "mirrored":
        devices = tf.config.list_logical_devices("GPU") or tf.config.list_logical_devices("CPU")
        return tf.distribute.MirroredStrategy([device.name for device in devices])
    raise ValueError(f"unknown strategy {kind!r}; expected {' or '.join(STRATEGIES)}")


def execution_steps(kind: str, wanted: int) -> int:
    """The steps_per_execution to compile with under the strategy ``kind``: ``wanted`` by
    default, 1 when mirrored. Keras 3's loop of several steps per call (steps_per_execution > 1)
    fails under MirroredStrategy ("You must feed a value for placeholder tensor …" from
    multi_step_on_iterator; measured with Keras 3.15 on two logical CPUs), so a mirrored run
    enters the compiled step once per batch."""
    if kind not in STRATEGIES:
        raise ValueError(f"unknown strategy {kind!r}; expected {' or '.join(STRATEGIES)}")
    return 1 if kind == "mirrored" else wanted


@dataclass(frozen=True)
class BatchSplit:
    """How one global batch is shared out: Keras's batch_size is the global batch, each replica
    computes gradients on its share, and their average makes one update. So the update count
    is ceil(samples / global batch) per epoch, however many replicas there are."""

    global_batch: int
    per_replica: tuple[int, ...]  # as even as possible: 128 over 3 is 43, 43, 42

    def text(self) -> str:
        replicas = len(self.per_replica)
        if replicas == 1:
            return f"batch {self.global_batch} on one device"
        shares = sorted(set(self.per_replica), reverse=True)
        each = " or ".join(str(n) for n in shares)
        return (
            f"global batch {self.global_batch} = {replicas} replicas × {each}; "
            "their gradients are averaged into one update"
        )


def batch_split(global_batch: int, replicas: int) -> BatchSplit:
    if global_batch < 1 or replicas < 1:
        raise ValueError("the batch and the number of replicas must be at least 1")
    share, extra = divmod(global_batch, replicas)
    return BatchSplit(global_batch, tuple(share + (i < extra) for i in range(replicas)))

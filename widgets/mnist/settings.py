"""What the MNIST Trainer keeps between sessions: the form as typed, and the data's location."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class MnistSettings:
    epochs: str = "5"
    batch_size: str = "128"
    learning_rate: str = "0.001"
    validation_split: str = "0"
    seed: str = "1"
    limit: str = ""
    optimizer: str = "rmsprop"
    loss: str = "sparse_categorical_crossentropy"
    layers: str = "dense512,dense10"  # as the command line's --layers takes them
    data_path: str = ""  # "" is the default lookup (Keras's cache, then the bundled copy)
    keep_models: bool = False  # the run history keeps each run's model
    distribute: bool = False  # train through MirroredStrategy (with more than one device)
    more_epochs: str = "2"  # how many epochs Train more adds

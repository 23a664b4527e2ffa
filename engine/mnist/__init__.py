"""The MNIST trainer's engine: data, the model's settings, training, and the command line
(``python -m engine.mnist``)."""

from engine.mnist.arithmetic import gradient_updates
from engine.shared.mnist_data import DatasetError, MnistData, load_mnist

__all__ = ["DatasetError", "MnistData", "gradient_updates", "load_mnist"]

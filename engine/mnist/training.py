"""Building, fitting, evaluating, saving and querying the MNIST model (TensorFlow inside functions).

A :class:`TrainingSession` owns one Keras model. In the app it is only ever used inside worker
jobs; everything it returns is plain Python / NumPy so the GUI never touches TensorFlow.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from engine.mnist.arithmetic import gradient_updates, steps_per_epoch
from engine.mnist.drawing import mnist_like
from engine.mnist.model import (
    INPUT_DIM,
    OPTIMIZER_CLASSES,
    LayerSpec,
    TrainSettings,
    preprocess,
)
from engine.shared.atomic import atomic_write
from engine.shared.mnist_data import MnistData

REPORTS_PER_SECOND = 20
GALLERY_SIZE = 40
WEIGHT_IMAGES = 32


class TrainingError(ValueError):
    """Settings or data that cannot train (the message says which and why)."""


@dataclass
class TrainReport:
    history: dict[str, list[float]]  # Keras's per-epoch logs: loss, accuracy, val_*
    epochs_done: int
    updates_done: int
    planned_updates: int
    train_samples: int
    stopped: bool = False  # the user pressed Stop
    diverged: str = ""  # why training stopped on a non-finite loss, if it did
    seconds: float = 0.0
    epoch_seconds: list[float] = field(default_factory=list)
    parameters: int = 0


@dataclass
class Evaluation:
    test_loss: float
    test_accuracy: float
    confusion: np.ndarray  # (classes, classes) counts, rows = true label, cols = predicted
    wrong_images: np.ndarray  # (k, 28, 28) uint8, the first misclassified test digits
    wrong_true: np.ndarray
    wrong_pred: np.ndarray
    wrong_count: int
    test_samples: int
    weight_images: np.ndarray | None  # (m, 28, 28) float32, first Dense layer's columns


@dataclass
class Prediction:
    probabilities: np.ndarray | None  # (classes,), None when nothing is drawn
    image: np.ndarray | None  # the 28×28 input the model saw

    @property
    def digit(self) -> int | None:
        return None if self.probabilities is None else int(np.argmax(self.probabilities))


def build_model(settings: TrainSettings):
    import keras

    model = keras.Sequential(name="mnist_dense")
    model.add(keras.Input(shape=(INPUT_DIM,)))
    for layer in settings.layers:
        model.add(keras.layers.Dense(layer.units, activation=layer.activation))
    optimizer = getattr(keras.optimizers, OPTIMIZER_CLASSES[settings.optimizer])
    model.compile(
        optimizer=optimizer(learning_rate=settings.learning_rate),
        loss=settings.loss,
        metrics=["accuracy"],
        steps_per_execution=settings.steps_per_execution,
    )
    return model


def _labels(y: np.ndarray, settings: TrainSettings, classes: int) -> np.ndarray:
    if settings.loss == "categorical_crossentropy":
        return np.eye(classes, dtype="float32")[y]  # one-hot, like keras.utils.to_categorical
    return y.astype("int32")


def _progress_callback(control, report: TrainReport, epochs: int, steps: int):
    """A Keras callback: throttled progress, Stop, and a guard against a non-finite loss."""
    import keras

    class Progress(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.epoch = 0
            self.last_report = 0.0
            self.started = 0.0
            self.epoch_started = 0.0
            self.good_weights = None  # weights known to give a finite loss
            self.pending_weights = None  # latest finite weights, not yet proven by a loss

        def on_train_begin(self, logs=None):
            self.started = time.perf_counter()
            self.good_weights = self.model.get_weights()

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch
            self.epoch_started = time.perf_counter()

        def on_train_batch_end(self, batch, logs=None):
            logs = logs or {}
            loss = float(logs.get("loss", float("nan")))
            if not math.isfinite(loss):
                self._diverged(loss, batch)
                return
            # Weights are only "good" once a later loss computed with them is finite: a huge
            # but finite update can still lead to an overflow in the next batch.
            if self.pending_weights is not None:
                self.good_weights = self.pending_weights
            weights = self.model.get_weights()
            finite = all(np.isfinite(w).all() for w in weights)
            self.pending_weights = weights if finite else None
            # Keras reports the chunk's nominal last step, which can overrun a short epoch.
            batch = min(batch, steps - 1)
            report.updates_done = self.epoch * steps + batch + 1
            if control is not None and control.stop_requested:
                report.stopped = True
                self.model.stop_training = True
            now = time.perf_counter()
            if now - self.last_report >= 1.0 / REPORTS_PER_SECOND or batch + 1 >= steps:
                self.last_report = now
                self._send("batch", batch + 1, logs, now)

        def on_epoch_end(self, epoch, logs=None):
            if report.diverged:
                return
            now = time.perf_counter()
            report.epoch_seconds.append(now - self.epoch_started)
            report.epochs_done = epoch + 1
            for key, value in (logs or {}).items():
                report.history.setdefault(key, []).append(float(value))
            self._send("epoch", steps, logs or {}, now)

        def _diverged(self, loss, batch):
            batch = min(batch, steps - 1)
            report.updates_done = self.epoch * steps + batch + 1
            report.diverged = (
                f"The loss became {loss} in epoch {self.epoch + 1} (around batch {batch + 1}): "
                "training diverged, so it stopped. The model keeps the last weights that gave a "
                "finite loss. Try a smaller learning rate."
            )
            self.model.stop_training = True
            self.model.set_weights(self.good_weights)
            self._send("diverged", batch + 1, {"loss": loss}, time.perf_counter())

        def _send(self, kind, step, logs, now):
            if control is None:
                return
            message = {
                "kind": kind,
                "epoch": self.epoch + 1,
                "epochs": epochs,
                "step": step,
                "steps": steps,
                "updates": report.updates_done,
                "planned_updates": report.planned_updates,
                "elapsed": now - self.started,
            }
            message.update({k: float(v) for k, v in logs.items()})
            control.report(message)

    return Progress()


class TrainingSession:
    _warmed = False  # the process-wide one-off set-up of training (see _warm_up)
    """One model and what to do with it. Use it from one thread at a time (the worker)."""

    def __init__(self):
        self.model = None
        self.settings: TrainSettings | None = None
        self._prepared: tuple | None = None  # (x_train, x_test, as float32 tensor, as float32)

    # --- data -------------------------------------------------------------------------------
    def _inputs(self, data: MnistData):
        """x_train as a float32 (n, 784) tf.Tensor and x_test as a NumPy array, converted once
        per dataset (~190 MB for MNIST). Handing fit() a tensor skips the copy Keras makes of
        a NumPy input on every call, which holds the GIL for ~0.15 s and stalls the GUI.

        The cache holds the source arrays themselves, so identity cannot be fooled by a freed
        array's id being reused for another dataset."""
        import tensorflow as tf

        cached = self._prepared
        if cached is None or cached[0] is not data.x_train or cached[1] is not data.x_test:
            self._prepared = None  # free the old copy before making the new one
            train = tf.constant(preprocess(data.x_train))
            self._prepared = (data.x_train, data.x_test, train, preprocess(data.x_test))
        return self._prepared[2], self._prepared[3]

    def prepare(self, data: MnistData) -> None:
        """Convert ``data`` for training now (cached; later runs on it start at once)."""
        self._inputs(data)
        self._warm_up()

    def _warm_up(self) -> None:
        """Fit a tiny throw-away model once per session.

        The first fit in a process sets up TensorFlow's runtime and holds Python's GIL for
        ~0.25 s, which would freeze the GUI mid-run; paying it while the data loads keeps the
        real run smooth. Every run seeds itself, so this changes no number."""
        if TrainingSession._warmed:
            return
        tiny = TrainSettings(layers=(LayerSpec(8, "relu"), LayerSpec(10, "softmax")), epochs=1)
        model = build_model(replace(tiny, steps_per_execution=2))
        x = np.zeros((256, INPUT_DIM), np.float32)
        y = np.zeros(256, np.int64)
        model.fit(x, y, batch_size=64, epochs=1, verbose=0)
        model.evaluate(x, y, batch_size=128, verbose=0)
        model.predict(x[:1], verbose=0)
        TrainingSession._warmed = True

    # --- training ---------------------------------------------------------------------------
    def train(self, data: MnistData, settings: TrainSettings, control=None) -> TrainReport:
        """Build a fresh model from ``settings`` and fit it; the session keeps it afterwards
        (also when stopped, or restored to its last finite weights after a divergence)."""
        import keras
        import tensorflow as tf

        samples = len(data.x_train)
        problems = settings.problems(samples, data.num_classes)
        if problems:
            raise TrainingError(" ".join(problems.values()))
        x_train, _ = self._inputs(data)
        y_train = tf.constant(_labels(data.y_train, settings, settings.layers[-1].units))
        n = settings.train_count(samples)
        steps = steps_per_epoch(n, settings.batch_size)
        report = TrainReport(
            history={},
            epochs_done=0,
            updates_done=0,
            planned_updates=gradient_updates(n, settings.batch_size, settings.epochs),
            train_samples=n,
        )
        keras.utils.set_random_seed(settings.seed)
        model = build_model(
            replace(settings, steps_per_execution=settings.execution_steps(samples))
        )
        report.parameters = int(model.count_params())
        callback = _progress_callback(control, report, settings.epochs, steps)
        started = time.perf_counter()
        model.fit(
            x_train,
            y_train,
            epochs=settings.epochs,
            batch_size=settings.batch_size,
            validation_split=settings.validation_split,
            callbacks=[callback],
            verbose=0,
        )
        report.seconds = time.perf_counter() - started
        self.model, self.settings = model, settings
        return report

    # --- results ----------------------------------------------------------------------------
    def _require_model(self):
        if self.model is None:
            raise TrainingError("There is no model yet: train one or load a .keras file.")
        return self.model

    def _predict(self, x: np.ndarray) -> np.ndarray:
        model = self._require_model()
        shape = tuple(model.inputs[0].shape[1:])
        return np.asarray(model.predict(x.reshape((len(x), *shape)), batch_size=2048, verbose=0))

    def evaluate(self, data: MnistData) -> Evaluation:
        model = self._require_model()
        _, x_test = self._inputs(data)
        probabilities = self._predict(x_test)
        classes = probabilities.shape[1]
        y = data.y_test.astype(np.int64)
        if y.max(initial=0) >= classes:
            raise TrainingError(
                f"The test labels go up to {int(y.max())} but the model has {classes} outputs."
            )
        picked = np.clip(probabilities[np.arange(len(y)), y], 1e-7, 1.0)
        loss = float(-np.mean(np.log(picked)))  # = Keras's (sparse) categorical crossentropy
        predicted = probabilities.argmax(axis=1)
        confusion = np.bincount(y * classes + predicted, minlength=classes * classes)
        wrong = np.flatnonzero(predicted != y)
        shown = wrong[:GALLERY_SIZE]
        return Evaluation(
            test_loss=loss,
            test_accuracy=float(np.mean(predicted == y)),
            confusion=confusion.reshape(classes, classes),
            wrong_images=np.array(data.x_test[shown]),
            wrong_true=y[shown],
            wrong_pred=predicted[shown],
            wrong_count=int(len(wrong)),
            test_samples=int(len(y)),
            weight_images=self.first_layer_images(model),
        )

    @staticmethod
    def first_layer_images(model, count: int = WEIGHT_IMAGES) -> np.ndarray | None:
        """Each of the first units' input weights (a 784-vector) seen as a 28×28 image."""
        for layer in model.layers:
            weights = layer.get_weights()
            if weights and weights[0].ndim == 2 and weights[0].shape[0] == INPUT_DIM:
                kernel = weights[0][:, :count]
                return np.ascontiguousarray(kernel.T.reshape(-1, 28, 28), dtype=np.float32)
        return None

    def predict_drawing(self, drawing: np.ndarray) -> Prediction:
        image = mnist_like(drawing)
        if image is None:
            return Prediction(None, None)
        probabilities = self._predict(image.reshape(1, INPUT_DIM))[0]
        return Prediction(probabilities.astype(np.float64), image)

    # --- files ------------------------------------------------------------------------------
    def save(self, path: str | os.PathLike) -> Path:
        """Write the model to ``path`` atomically: a temporary file in the same folder, then
        rename. If anything fails, an existing file at ``path`` stays as it was."""
        model = self._require_model()
        path = Path(path)
        if path.suffix != ".keras":
            raise TrainingError(f"Keras saves whole models as .keras files, not {path.suffix!r}.")
        return atomic_write(path, lambda temp: model.save(temp), suffix=".keras")

    def load(self, path: str | os.PathLike) -> dict:
        """Load a .keras model; returns its layers and parameter count for the GUI."""
        import keras

        path = Path(path)
        if not path.is_file():
            raise TrainingError(f"No such file: {path}")
        try:
            model = keras.models.load_model(path)
        except Exception as exc:
            raise TrainingError(f"{path.name} is not a loadable .keras model ({exc})") from exc
        in_shape = tuple(model.inputs[0].shape[1:])
        if int(np.prod(in_shape)) != INPUT_DIM:
            raise TrainingError(
                f"{path.name} expects inputs shaped {in_shape}; this trainer feeds 28×28 images."
            )
        self.model = model
        layers = [
            LayerSpec(int(layer.units), str(layer.activation.__name__))
            for layer in model.layers
            if hasattr(layer, "units")
        ]
        return {
            "path": str(path),
            "layers": layers,
            "parameters": int(model.count_params()),
            "outputs": int(model.outputs[0].shape[-1]),
        }

    def summary(self) -> str:
        model = self._require_model()
        lines: list[str] = []
        model.summary(print_fn=lambda text, **_: lines.append(text))
        return "\n".join(lines)


def load_and_prepare(session: TrainingSession, path=None) -> MnistData:
    """Load the data and convert it for training right away (a worker job), so the one-off
    float32 conversion does not happen at the start of the first run."""
    from engine.shared.mnist_data import load_mnist

    data = load_mnist(path)
    session.prepare(data)
    return data


@dataclass
class RunResult:
    report: TrainReport
    evaluation: Evaluation | None
    prediction: Prediction | None


def train_and_evaluate(
    session: TrainingSession,
    data: MnistData,
    settings: TrainSettings,
    drawing: np.ndarray | None = None,
    control=None,
) -> RunResult:
    """One worker job for a whole run: fit, then evaluate on the test set (also after Stop or a
    divergence: the kept weights are what the user now has), and predict ``drawing`` if given."""
    report = session.train(data, settings, control)
    evaluation = session.evaluate(data)
    prediction = session.predict_drawing(drawing) if drawing is not None else None
    return RunResult(report, evaluation, prediction)

"""Building, fitting, evaluating, saving and querying the MNIST model (TensorFlow inside functions).

A :class:`TrainingSession` owns one Keras model. In the app it is only ever used inside worker
jobs; everything it returns is plain Python / NumPy so the GUI never touches TensorFlow.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import numpy as np

from engine.mnist.arithmetic import gradient_updates, steps_per_epoch
from engine.mnist.building import ModelCache, forward_function
from engine.mnist.callback import progress_callback
from engine.mnist.data_origin import LoadedData, load_with_origin
from engine.mnist.drawing import mnist_like
from engine.mnist.model import INPUT_DIM, PREDICT_BATCH, TrainingError, TrainSettings, preprocess
from engine.mnist.model_files import load_model_file, save_model_file
from engine.mnist.results import Evaluation, LoadedModel, Prediction, RunResult, TrainReport
from engine.shared.jobs import JobControl
from engine.shared.mnist_data import MnistData

WEIGHT_IMAGES = 32


def _labels(y: np.ndarray, settings: TrainSettings, classes: int) -> np.ndarray:
    if settings.loss == "categorical_crossentropy":
        return np.asarray(np.eye(classes, dtype="float32")[y])  # one-hot, as to_categorical
    return y.astype("int32")


class TrainingSession:
    """One model and what to do with it. Use it from one thread at a time (the worker)."""

    def __init__(self) -> None:
        self.model: Any = None  # a keras.Model once trained or loaded
        self._forward: Any = None  # the model's forward pass (building.forward_function)
        self.models = ModelCache()  # compiled once per architecture, reset for each run
        self._warmed = False
        # (x_train, x_test, x_train as a float32 tensor, x_test as float32): see _inputs
        self._prepared: tuple[np.ndarray, np.ndarray, Any, np.ndarray] | None = None

    # --- data -------------------------------------------------------------------------------
    def _inputs(self, data: MnistData) -> tuple[Any, np.ndarray]:
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
            cached = (data.x_train, data.x_test, train, preprocess(data.x_test))
            self._prepared = cached
        return cached[2], cached[3]

    def prepare(self, data: MnistData, settings: TrainSettings | None = None) -> None:
        """Convert ``data`` for training now (cached; later runs on it start at once), and the
        first time, compile the model ``settings`` describe (the defaults when None)."""
        self._inputs(data)
        if not self._warmed:
            self._warm_up(settings or TrainSettings(), len(data.x_train))

    def _warm_up(self, settings: TrainSettings, samples: int) -> None:
        """Fit the model of ``settings`` on a few blank batches, once per session.

        The first fit in a process sets up TensorFlow's runtime and traces the model's
        functions, holding Python's GIL for ~0.25 s, which would freeze the GUI mid-run; paying
        it while the data loads keeps the real run smooth. Every run resets the model it gets
        from the cache, so this changes no number."""
        compiled = self.models.fresh(settings, settings.execution_steps(samples))
        x = np.zeros((2 * settings.batch_size, INPUT_DIM), np.float32)
        y = np.zeros(len(x), np.int32)
        if settings.loss == "categorical_crossentropy":
            y = np.zeros((len(x), settings.layers[-1].units), np.float32)
        compiled.model.fit(x, y, batch_size=settings.batch_size, epochs=1, verbose=0)
        compiled.forward(x)
        self._warmed = True

    # --- training ---------------------------------------------------------------------------
    def train(
        self, data: MnistData, settings: TrainSettings, control: JobControl | None = None
    ) -> TrainReport:
        """Build a fresh model from ``settings`` and fit it; the session keeps it afterwards
        (also when stopped, or restored to its last finite weights after a divergence)."""
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
            steps_per_epoch=steps,
        )
        compiled = self.models.fresh(settings, settings.execution_steps(samples))
        model = compiled.model
        report.parameters = int(model.count_params())
        callback = progress_callback(control, report, settings.epochs, steps)
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
        self.model, self._forward = model, compiled.forward
        return report

    # --- results ----------------------------------------------------------------------------
    def _require_model(self) -> Any:
        if self.model is None:
            raise TrainingError("There is no model yet: train one or load a .keras file.")
        return self.model

    def _predict(self, x: np.ndarray) -> np.ndarray:
        """The model's output for ``x``, in batches of PREDICT_BATCH as ``model.predict`` would
        go (the generated code calls that, and gets the same numbers)."""
        model = self._require_model()
        shape = tuple(model.inputs[0].shape[1:])
        inputs = x.reshape((len(x), *shape)).astype(np.float32, copy=False)
        parts = [
            np.asarray(self._forward(inputs[start : start + PREDICT_BATCH]))
            for start in range(0, len(inputs), PREDICT_BATCH)
        ]
        return np.concatenate(parts) if parts else np.zeros((0, model.outputs[0].shape[-1]))

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
        return Evaluation(
            test_loss=loss,
            test_accuracy=float(np.mean(predicted == y)),
            confusion=confusion.reshape(classes, classes),
            test_images=data.x_test,
            test_labels=y,
            predicted=predicted,
            wrong_count=int(len(wrong)),
            test_samples=int(len(y)),
            weight_images=self.first_layer_images(model),
        )

    @staticmethod
    def first_layer_images(model: Any, count: int = WEIGHT_IMAGES) -> np.ndarray | None:
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
    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the model to ``path`` (a .keras file), atomically."""
        return save_model_file(self._require_model(), path)

    def load(self, path: str | os.PathLike[str]) -> LoadedModel:
        """Load a .keras model; returns its layers and parameter count for the GUI."""
        model, loaded = load_model_file(path)
        self.model, self._forward = model, forward_function(model)
        return loaded


def load_and_prepare(
    session: TrainingSession,
    path: str | os.PathLike[str] | None = None,
    settings: TrainSettings | None = None,
) -> LoadedData:
    """Load the data and convert it for training right away (a worker job), so the one-off
    float32 conversion does not happen at the start of the first run."""
    loaded = load_with_origin(path)
    session.prepare(loaded.data, settings)
    return loaded


def train_and_evaluate(
    session: TrainingSession,
    data: MnistData,
    settings: TrainSettings,
    drawing: np.ndarray | None = None,
    control: JobControl | None = None,
    keep_path: str | None = None,
) -> RunResult:
    """One worker job for a whole run: fit, then evaluate on the test set (also after Stop or a
    divergence: the kept weights are what the user now has), predict ``drawing`` if given, and
    save the model to ``keep_path`` for the run history if asked (a failed save is reported,
    never fatal: the run itself succeeded)."""
    report = session.train(data, settings, control)
    evaluation = session.evaluate(data)
    prediction = session.predict_drawing(drawing) if drawing is not None else None
    if keep_path is None:
        return RunResult(report, evaluation, prediction)
    try:
        Path(keep_path).parent.mkdir(parents=True, exist_ok=True)
        kept = str(session.save(keep_path))
    except (OSError, TrainingError) as exc:
        return RunResult(report, evaluation, prediction, None, f"The model was not kept: {exc}")
    return RunResult(report, evaluation, prediction, kept)

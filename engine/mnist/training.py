"""Building, fitting, evaluating, saving and querying the MNIST model (TensorFlow inside functions).

A :class:`TrainingSession` owns one Keras model. In the app it is only ever used inside worker
jobs; everything it returns is plain Python / NumPy so the GUI never touches TensorFlow.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from engine.mnist.arithmetic import gradient_updates, steps_per_epoch
from engine.mnist.building import ModelCache, forward_function
from engine.mnist.callback import progress_callback
from engine.mnist.continuing import check_continuable, prepare_to_continue
from engine.mnist.data_origin import LoadedData, load_with_origin
from engine.mnist.drawing import mnist_like
from engine.mnist.layer_spec import format_layers
from engine.mnist.layers import Shape
from engine.mnist.model import INPUT_DIM, PREDICT_BATCH, TrainingError, TrainSettings, preprocess
from engine.mnist.model_files import load_model_file, save_model_file
from engine.mnist.results import Evaluation, LoadedModel, Prediction, RunResult, TrainReport
from engine.mnist.stages import Stage, Stages
from engine.shared.jobs import JobControl
from engine.shared.mnist_data import MnistData

WEIGHT_IMAGES = 32


def _labels(y: np.ndarray, loss: str, classes: int) -> np.ndarray:
    if loss == "categorical_crossentropy":
        return np.asarray(np.eye(classes, dtype="float32")[y])  # one-hot, as to_categorical
    return y.astype("int32")


def stage_of(settings: TrainSettings, report: TrainReport, run_id: int | None) -> Stage:
    return Stage(
        epochs=report.epochs_done,
        updates=report.updates_done,
        steps_per_epoch=report.steps_per_epoch,
        batch_size=settings.batch_size,
        train_samples=report.train_samples,
        optimizer=settings.optimizer,
        learning_rate=settings.learning_rate,
        loss=settings.loss,
        seed=settings.seed,
        validation_split=settings.validation_split,
        run_id=run_id,
    )


class TrainingSession:
    """One model and what to do with it. Use it from one thread at a time (the worker)."""

    def __init__(self) -> None:
        self.model: Any = None  # a keras.Model once trained or loaded
        self._forward: Any = None  # the model's forward pass (building.forward_function)
        self.models = ModelCache()  # compiled once per architecture, reset for each run
        self._warmed = False
        # (x_train, x_test, x_train as a float32 tensor, x_test as float32): see _inputs
        self._prepared: tuple[np.ndarray, np.ndarray, Any, np.ndarray] | None = None
        self.stages = Stages()  # the model's training so far
        self.strategy = "default"  # the tf.distribute strategy the model was built under

    # --- data -------------------------------------------------------------------------------
    def _inputs(self, data: MnistData, shape: Shape) -> tuple[Any, np.ndarray]:
        """x_train as a float32 (n, *shape) tf.Tensor and x_test as a NumPy array, converted
        once per dataset (~190 MB for MNIST); a conv model's (n, 28, 28, 1) is a reshape of
        the same numbers. Handing fit() a tensor skips the copy Keras makes of a NumPy input on
        every call, which holds the GIL for ~0.15 s and stalls the GUI.

        The cache holds the source arrays themselves, so identity cannot be fooled by a freed
        array's id being reused for another dataset."""
        import tensorflow as tf

        cached = self._prepared
        if cached is None or cached[0] is not data.x_train or cached[1] is not data.x_test:
            self._prepared = None  # free the old copy before making the new one
            train = tf.constant(preprocess(data.x_train))
            cached = (data.x_train, data.x_test, train, preprocess(data.x_test))
            self._prepared = cached
        train, test = cached[2], cached[3]
        if tuple(shape) == (INPUT_DIM,):
            return train, test
        return tf.reshape(train, (-1, *shape)), test.reshape((-1, *shape))

    def prepare(self, data: MnistData, settings: TrainSettings | None = None) -> None:
        """Convert ``data`` for training now (cached; later runs on it start at once), and the
        first time, compile the model ``settings`` describe (the defaults when None)."""
        self._inputs(data, (INPUT_DIM,))
        if not self._warmed:
            self._warm_up(settings or TrainSettings(), len(data.x_train), len(data.x_test))

    def _warm_up(self, settings: TrainSettings, samples: int, tests: int) -> None:
        """Fit the model of ``settings`` on a few blank batches, once per session.

        The first fit in a process sets up TensorFlow's runtime and traces the model's
        functions, holding Python's GIL for ~0.25 s, which would freeze the GUI mid-run; and
        with XLA, every batch shape compiles once (~1 s in all). Paying both while the data
        loads keeps the real run smooth and its epochs even: the blank batches have the run's
        shapes (full batches and the short last one), and so do the predictions (the test
        set's batches and one drawn digit). Every run resets the model it gets from the cache,
        so this changes no number."""
        compiled = self.models.fresh(settings, samples)
        batch = settings.batch_size
        short = settings.train_count(samples) % batch
        x = np.zeros((2 * batch + short, *settings.input_shape), np.float32)
        y = np.zeros(len(x), np.int32)
        if settings.loss == "categorical_crossentropy":
            y = np.zeros((len(x), compiled.model.outputs[0].shape[-1]), np.float32)
        compiled.model.fit(x, y, batch_size=batch, epochs=1, verbose=0, shuffle=False)
        for rows in {min(tests, PREDICT_BATCH), tests % PREDICT_BATCH, 1} - {0}:
            compiled.forward(np.zeros((rows, *settings.input_shape), np.float32))
        self._warmed = True

    # --- training ---------------------------------------------------------------------------
    def train(
        self,
        data: MnistData,
        settings: TrainSettings,
        control: JobControl | None = None,
        run_id: int | None = None,
    ) -> TrainReport:
        """Build a fresh model from ``settings`` and fit it; the session keeps it afterwards
        (also when stopped, or restored to its last finite weights after a divergence).
        ``run_id``: the run history's entry, kept in the model's training record."""
        samples = len(data.x_train)
        problems = settings.problems(samples, data.num_classes)
        if problems:
            raise TrainingError(" ".join(problems.values()))
        compiled = self.models.fresh(settings, samples)
        report = self._fit(compiled.model, data, settings, control, Stages())
        self.model, self._forward = compiled.model, compiled.forward
        self.strategy = settings.strategy
        self.stages = Stages(format_layers(settings.layers)).then(
            stage_of(settings, report, run_id), report.history
        )
        return report

    def train_more(
        self,
        data: MnistData,
        settings: TrainSettings,
        control: JobControl | None = None,
        run_id: int | None = None,
    ) -> TrainReport:
        """Fit the session's model for ``settings.epochs`` more epochs, on from where it
        stopped: Keras's epoch count, the optimizer's state and step count, and the training
        record go on. The optimizer and its learning rate may differ from the last run's; the
        layers, the strategy and the classes may not (TrainingError says why, and the model
        stays as it was)."""
        import keras

        model = self._require_model()
        samples = len(data.x_train)
        problems = settings.problems(samples, data.num_classes)
        problems.pop("layers", None)  # the model's own layers are the ones trained
        if problems:
            raise TrainingError(" ".join(problems.values()))
        check_continuable(model, self.stages, self.strategy, data, settings)
        with (
            model.distribute_strategy.scope()
        ):  # a new optimizer's variables go where the model's are
            compiled_anew = prepare_to_continue(model, settings, samples)
        if compiled_anew:
            self.models.forget(model)  # no fresh run may reset and reuse it
        keras.utils.set_random_seed(settings.seed)  # the batches' order, as the code seeds it
        report = self._fit(model, data, settings, control, self.stages)
        self.stages = self.stages.then(stage_of(settings, report, run_id), report.history)
        return report

    def _fit(
        self,
        model: Any,
        data: MnistData,
        settings: TrainSettings,
        control: JobControl | None,
        before: Stages,
    ) -> TrainReport:
        """Fit ``model`` for ``settings.epochs`` epochs after the stages ``before``."""
        import tensorflow as tf

        shape = tuple(int(n) for n in model.inputs[0].shape[1:])
        x_train, _ = self._inputs(data, shape)
        classes = int(model.outputs[0].shape[-1])
        y_train = tf.constant(_labels(data.y_train, settings.loss, classes))
        n = settings.train_count(len(data.x_train))
        steps = steps_per_epoch(n, settings.batch_size)
        first = before.epochs
        report = TrainReport(
            history={},
            epochs_done=0,
            updates_done=0,
            planned_updates=gradient_updates(n, settings.batch_size, settings.epochs),
            train_samples=n,
            steps_per_epoch=steps,
            parameters=int(model.count_params()),
            first_epoch=first,
            earlier_updates=before.updates,
        )
        callback = progress_callback(control, report, settings.epochs, steps, before.epochs_run)
        started = time.perf_counter()
        model.fit(
            x_train,
            y_train,
            initial_epoch=first,
            epochs=first + settings.epochs,
            batch_size=settings.batch_size,
            validation_split=settings.validation_split,
            callbacks=[callback],
            verbose=0,
        )
        report.seconds = time.perf_counter() - started
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
        _, x_test = self._inputs(data, (INPUT_DIM,))
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
        """Write the model to ``path`` (a .keras file) with its training record, atomically."""
        return save_model_file(self._require_model(), path, self.stages)

    def load(self, path: str | os.PathLike[str]) -> LoadedModel:
        """Load a .keras model; returns its layers, parameter count and training record."""
        model, loaded = load_model_file(path)
        self.model, self._forward = model, forward_function(model)
        self.strategy = "default"
        stages = loaded.stages
        if not stages.layers and loaded.layers:
            stages = replace(stages, layers=format_layers(loaded.layers))
        self.stages = stages
        return replace(loaded, stages=stages)


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
    *,
    more: bool = False,
    run_id: int | None = None,
) -> RunResult:
    """One worker job for a whole run: fit (a fresh model, or with ``more`` the session's
    model for more epochs), then evaluate on the test set (also after Stop or a divergence:
    the kept weights are what the user now has), predict ``drawing`` if given, and save the
    model to ``keep_path`` for the run history if asked (a failed save is reported, never fatal:
    the run itself succeeded)."""
    fit = session.train_more if more else session.train
    report = fit(data, settings, control, run_id)
    evaluation = session.evaluate(data)
    prediction = session.predict_drawing(drawing) if drawing is not None else None
    stages = session.stages
    if keep_path is None:
        return RunResult(report, evaluation, prediction, stages=stages)
    try:
        Path(keep_path).parent.mkdir(parents=True, exist_ok=True)
        kept = str(session.save(keep_path))
    except (OSError, TrainingError) as exc:
        problem = f"The model was not kept: {exc}"
        return RunResult(report, evaluation, prediction, None, problem, stages)
    return RunResult(report, evaluation, prediction, kept, stages=stages)

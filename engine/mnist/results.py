"""What training, evaluating, predicting and loading hand back: plain Python and NumPy, so the GUI
(and a script) never touches TensorFlow to read them."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.mnist.layers import Layer
from engine.mnist.stages import Stages


@dataclass
class TrainReport:
    history: dict[str, list[float]]  # Keras's per-epoch logs: loss, accuracy, val_*
    epochs_done: int
    updates_done: int
    planned_updates: int
    train_samples: int
    steps_per_epoch: int  # batches (gradient updates) in one epoch
    stopped: bool = False  # the user pressed Stop
    diverged: str = ""  # why training stopped on a non-finite loss, if it did
    seconds: float = 0.0
    epoch_seconds: list[float] = field(default_factory=list)
    parameters: int = 0
    # A run that continued a model: its full epochs and updates before this run.
    first_epoch: int = 0
    earlier_updates: int = 0

    @property
    def total_epochs(self) -> int:
        return self.first_epoch + self.epochs_done

    @property
    def total_updates(self) -> int:
        return self.earlier_updates + self.updates_done

    @property
    def epochs_run(self) -> float:
        """Epochs done, counting the interrupted one by the fraction of its batches done."""
        return self.updates_done / self.steps_per_epoch

    @property
    def interrupted_batches(self) -> int:
        """Batches done in an epoch that Stop (or a divergence) cut short; 0 when the run ended
        at an epoch's end."""
        return self.updates_done - self.epochs_done * self.steps_per_epoch


@dataclass
class Evaluation:
    test_loss: float
    test_accuracy: float
    confusion: np.ndarray  # (classes, classes) counts, rows = true label, cols = predicted
    test_images: np.ndarray  # (n, 28, 28) uint8: the test digits evaluated (not a copy)
    test_labels: np.ndarray  # (n,) their true digits
    predicted: np.ndarray  # (n,) the model's answer for each
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


@dataclass
class RunResult:
    """One run from the GUI: the fit, then the test set, then the drawing if there was one."""

    report: TrainReport
    evaluation: Evaluation | None
    prediction: Prediction | None
    kept_model: str | None = None  # where the model was kept for the run history, if it was
    keep_problem: str = ""  # why it could not be kept
    stages: Stages = field(default_factory=Stages)  # the model's training so far, this run too


@dataclass(frozen=True)
class LoadedModel:
    path: str
    layers: tuple[Layer, ...]  # its layers as the builder lists them; empty when some are not
    parameters: int
    stages: Stages = field(default_factory=Stages)  # its training so far, as the file records it
    classes: int = 10  # its outputs

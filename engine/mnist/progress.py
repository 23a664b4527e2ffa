"""What a training run reports while it goes: one typed record per report (no TensorFlow here).

The Keras callback sends them, the tab draws them and the command line prints them, so all three
read the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# "batch": a throttled report within an epoch; "epoch": the end of an epoch (with validation
# metrics when there is a split); "stopped": Stop ended an epoch part-way (``step`` says where; the
# metrics are those of the part done); "diverged": the loss stopped being finite and the run ends.
ProgressKind = Literal["batch", "epoch", "stopped", "diverged"]


@dataclass(frozen=True)
class TrainingProgress:
    """Epochs and updates count the model's whole training: a run that continues a 5-epoch
    model reports epochs 6 and 7 of 7, and updates from 2,345 on."""

    kind: ProgressKind
    epoch: int  # 1-based
    epochs: int
    step: int  # batches done in this epoch
    steps: int  # batches in an epoch
    updates: int  # gradient updates done in the model's whole training
    planned_updates: int
    elapsed: float  # seconds since fit() began
    loss: float | None = None
    accuracy: float | None = None
    val_loss: float | None = None
    val_accuracy: float | None = None
    first_epoch: int = 0  # full epochs before this run (it continues a model)
    start: float = 0.0  # where this run starts on the epoch axis (a stopped epoch counts part)

    @property
    def position(self) -> float:
        """Where this report lies on an epoch axis: epoch 2 half done is 1.5."""
        return self.start + self.epoch - self.first_epoch - 1 + self.step / self.steps

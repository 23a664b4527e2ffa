"""A model's training so far, run after run: what each stage (a run, or a run that continued the
same model) did, and each finished epoch's metrics across all of them.

Keras keeps none of this in a model file: the optimizer's step count survives a save, but not how
many epochs made it, on how many samples, nor the curves. So the trainer writes the record into
the .keras file itself, as one more entry of its zip archive (``STAGES_ENTRY``, JSON), beside
the config.json and model.weights.h5 that Keras writes; Keras ignores entries it does not know,
so the file still loads anywhere. A model file without the entry (saved elsewhere) continues
from the optimizer's step count, with its epochs unknown (counted from 0).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

STAGES_ENTRY = "tensor_workbench_stages.json"
FORMAT = 1  # the entry's layout version


@dataclass(frozen=True)
class Stage:
    """One run of the model: a fresh one, or one that continued it."""

    epochs: int  # full epochs it finished
    updates: int  # gradient updates it made (a part epoch that Stop cut short counts)
    steps_per_epoch: int
    batch_size: int
    train_samples: int
    optimizer: str
    learning_rate: float
    loss: str
    seed: int
    validation_split: float
    run_id: int | None = None  # its entry in the run history, when it has one

    @property
    def epochs_run(self) -> float:
        """Epochs on the curves' axis: a part epoch by the fraction of its batches."""
        return self.updates / self.steps_per_epoch if self.steps_per_epoch else float(self.epochs)


@dataclass(frozen=True)
class Stages:
    """Every stage of one model, in order, and its metrics per finished epoch."""

    layers: str = ""  # engine.mnist.layer_spec's text of its layers; "" when not known
    stages: tuple[Stage, ...] = ()
    history: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    unrecorded_updates: int = 0  # updates the model had before any recorded stage

    @property
    def epochs(self) -> int:
        """Full epochs so far: where Keras's epoch count (initial_epoch) goes on."""
        return sum(stage.epochs for stage in self.stages)

    @property
    def updates(self) -> int:
        return self.unrecorded_updates + sum(stage.updates for stage in self.stages)

    @property
    def epochs_run(self) -> float:
        """Where the next stage starts on the curves' epoch axis."""
        return sum(stage.epochs_run for stage in self.stages)

    @property
    def last_run(self) -> int | None:
        """The run history's id of the last stage: a continuing run's parent."""
        return self.stages[-1].run_id if self.stages else None

    def then(self, stage: Stage, history: Mapping[str, list[float]]) -> Stages:
        """These stages followed by ``stage``, whose per-epoch metrics are ``history``."""
        merged = {key: tuple(values) for key, values in self.history.items()}
        for key, values in history.items():
            merged[key] = merged.get(key, ()) + tuple(values)
        return Stages(self.layers, (*self.stages, stage), merged, self.unrecorded_updates)

    # --- the model file's entry -------------------------------------------------------------
    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "layers": self.layers,
                "stages": [asdict(stage) for stage in self.stages],
                "history": {key: list(values) for key, values in self.history.items()},
                "unrecorded_updates": self.unrecorded_updates,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> Stages:
        """The record as written by ``to_json``; ValueError when it is not one."""
        try:
            raw: Any = json.loads(text)
            stages = tuple(Stage(**stage) for stage in raw["stages"])
            history = {
                str(key): tuple(float(v) for v in values) for key, values in raw["history"].items()
            }
            return cls(str(raw["layers"]), stages, history, int(raw["unrecorded_updates"]))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"the training record is not readable ({exc})") from exc


def write_stages(path: Path, stages: Stages) -> None:
    """Add ``stages`` to the .keras archive at ``path`` (just written by Keras)."""
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(STAGES_ENTRY, stages.to_json())


def read_stages(path: Path) -> Stages | None:
    """The record in the .keras archive at ``path``; None when it has none (or is not a zip,
    like a legacy .h5 file) or when it cannot be read."""
    if not zipfile.is_zipfile(path):
        return None
    with zipfile.ZipFile(path) as archive:
        if STAGES_ENTRY not in archive.namelist():
            return None
        text = archive.read(STAGES_ENTRY).decode("utf-8", errors="replace")
    try:
        return Stages.from_json(text)
    except ValueError:
        return None

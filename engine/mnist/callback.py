"""The Keras callback of a training run: throttled progress, Stop, and a guard against a loss
that stops being finite. Keras is imported inside the factory: importing this module is free."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from engine.mnist.progress import ProgressKind, TrainingProgress
from engine.mnist.results import TrainReport
from engine.shared.jobs import JobControl

REPORTS_PER_SECOND = 20


def _metric(logs: Mapping[str, Any], name: str) -> float | None:
    value = logs.get(name)
    return None if value is None else float(value)


def progress_callback(
    control: JobControl | None, report: TrainReport, epochs: int, steps: int, start: float = 0.0
) -> Any:
    """A keras.callbacks.Callback that fills ``report`` as the run goes and sends a
    TrainingProgress to ``control`` (when given) at most REPORTS_PER_SECOND times a second and at
    every epoch's end. ``report`` counts this run's epochs and updates; a run that continues a
    model (``report.first_epoch`` > 0: Keras's initial_epoch) reports the totals, and its curves
    start at ``start`` on the epoch axis."""
    import keras

    first = report.first_epoch

    class Progress(keras.callbacks.Callback):
        def __init__(self) -> None:
            super().__init__()
            self.epoch = 0
            self.last_report = 0.0
            self.started = 0.0
            self.epoch_started = 0.0
            self.good_weights: list[np.ndarray] = []  # weights known to give a finite loss
            self.pending_weights: list[np.ndarray] | None = None  # finite, not yet proven

        def on_train_begin(self, logs: Mapping[str, Any] | None = None) -> None:
            self.started = time.perf_counter()
            self.good_weights = self.model.get_weights()

        def on_epoch_begin(self, epoch: int, logs: Mapping[str, Any] | None = None) -> None:
            self.epoch = epoch - first  # Keras counts from initial_epoch; this run from 0
            self.epoch_started = time.perf_counter()

        def on_train_batch_end(self, batch: int, logs: Mapping[str, Any] | None = None) -> None:
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

        def on_epoch_end(self, epoch: int, logs: Mapping[str, Any] | None = None) -> None:
            if report.diverged:
                return
            epoch -= first
            now = time.perf_counter()
            done = report.updates_done - epoch * steps
            if done < steps:
                # Keras ends an epoch that Stop cut short like any other; it is not a full
                # epoch, and its metrics belong where it stopped.
                self._send("stopped", done, logs or {}, now)
                return
            report.epoch_seconds.append(now - self.epoch_started)
            report.epochs_done = epoch + 1
            for key, value in (logs or {}).items():
                report.history.setdefault(key, []).append(float(value))
            self._send("epoch", steps, logs or {}, now)

        def _diverged(self, loss: float, batch: int) -> None:
            batch = min(batch, steps - 1)
            report.updates_done = self.epoch * steps + batch + 1
            report.diverged = (
                f"The loss became {loss} in epoch {first + self.epoch + 1} "
                f"(around batch {batch + 1}): "
                "training diverged, so it stopped. The model keeps the last weights that gave a "
                "finite loss. Try a smaller learning rate."
            )
            self.model.stop_training = True
            self.model.set_weights(self.good_weights)
            self._send("diverged", batch + 1, {"loss": loss}, time.perf_counter())

        def _send(self, kind: ProgressKind, step: int, logs: Mapping[str, Any], now: float) -> None:
            if control is None:
                return
            control.report(
                TrainingProgress(
                    kind=kind,
                    epoch=first + self.epoch + 1,
                    epochs=first + epochs,
                    step=step,
                    steps=steps,
                    updates=report.earlier_updates + report.updates_done,
                    planned_updates=report.earlier_updates + report.planned_updates,
                    elapsed=now - self.started,
                    loss=_metric(logs, "loss"),
                    accuracy=_metric(logs, "accuracy"),
                    val_loss=_metric(logs, "val_loss"),
                    val_accuracy=_metric(logs, "val_accuracy"),
                    first_epoch=first,
                    start=start,
                )
            )

    return Progress()

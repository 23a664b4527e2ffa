"""Live loss and accuracy curves (train and validation) over epochs.

Progress only appends to lists; a timer repaints at most ``REFRESH_HZ`` times a second. The
curves are painted by Qt (curve_panel.py), so neither the window's first show nor a run waits on
matplotlib; "Zoom or save…" opens the same curves in a matplotlib window, with its toolbar to
pan, zoom and save. During a run the y axes keep limits that a normal run stays inside (growing
only for points outside them, e.g. a diverging loss); when it ends they zoom to the data.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from engine.mnist.progress import TrainingProgress
from engine.mnist.stages import Stages
from widgets.mnist.continuation import change_label
from widgets.mnist.curve_panel import CurvePanel, Marker, Series
from widgets.mnist.plot_scale import grown, zoomed

if TYPE_CHECKING:
    from widgets.mnist.curve_window import CurveWindow

REFRESH_HZ = 10
SERIES = ("loss", "val_loss", "accuracy", "val_accuracy")
METRICS = ("loss", "accuracy")


class TrainingCurves(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.data: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in SERIES}
        self.markers: list[
            Marker
        ] = []  # where a run that continued the model changed its optimizer
        self.epochs = 5
        self._limits: dict[str, tuple[float, float]] = {}  # metric -> y range of the run
        self.panels = {metric: self._panel(metric) for metric in METRICS}
        self.zoom_button = QPushButton("Zoom or save…")
        self.zoom_button.setToolTip(
            "Open these curves in a plot window with tools to pan, zoom and save them"
        )
        self.zoom_button.clicked.connect(self.open_window)
        self.plot_window: CurveWindow | None = None  # the matplotlib window, made on first use
        plots = QHBoxLayout()
        plots.setContentsMargins(0, 0, 0, 0)
        for panel in self.panels.values():
            plots.addWidget(panel, 1)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.zoom_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(plots, 1)
        layout.addLayout(bar)
        self.setToolTip(
            "train: Keras's running mean over the batches of the current epoch (it restarts "
            "each epoch, hence the steps); validation: measured after each epoch"
        )
        self.timer = QTimer(self)
        self.timer.setInterval(1000 // REFRESH_HZ)
        self.timer.timeout.connect(self._flush)
        self._dirty = False
        self.reset(self.epochs)

    def _panel(self, metric: str) -> CurvePanel:
        train, validation = self.data[metric], self.data[f"val_{metric}"]
        panel = CurvePanel(
            metric,
            (
                Series("train", "train", 0, False, *train),
                Series("validation", "val.", 1, True, *validation),
            ),
        )
        panel.markers = self.markers
        return panel

    # --- data ----------------------------------------------------------------------------
    def reset(self, epochs: int, classes: int = 10) -> None:
        """Clear the curves for a run of ``epochs``."""
        self.epochs = max(1, epochs)
        for xs, ys in self.data.values():
            xs.clear()
            ys.clear()
        self.markers.clear()
        # Limits that a normal run stays inside: the loss starts near ln(classes) (a uniform
        # guess) and falls; accuracy lies in [0, 1].
        self._limits = {
            "loss": (0.0, math.log(max(2, classes)) * 1.1),
            "accuracy": (0.0, 1.01),
        }
        self._mark()

    def extend(self, epochs: int, marker: Marker | None = None) -> None:
        """A run that continues the model: the same curves go on to ``epochs`` in all; a
        ``marker`` where its optimizer or learning rate differs from the run before."""
        self.epochs = max(self.epochs, epochs)
        if marker is not None:
            self.markers.append(marker)
        self._mark()

    def show_history(self, stages: Stages, classes: int = 10) -> None:
        """A loaded model's curves as its training record has them: each epoch's end (the
        record keeps no batches), with a marker where a run changed the optimizer."""
        self.reset(max(1, stages.epochs), classes)
        for key, values in stages.history.items():
            if key in self.data:
                for epoch, value in enumerate(values, 1):
                    self._add(key, float(epoch), value)
        for marker in stage_markers(stages):
            self.markers.append(marker)
        self.finish()

    def finish(self) -> None:
        """After a run: zoom both plots to the data (and redraw the plot window, if open)."""
        for metric in METRICS:
            limits = zoomed(self.points(metric))
            if limits is not None:
                self._limits[metric] = limits
        self._mark()
        if self.plot_window is not None and self.plot_window.isVisible():
            self.plot_window.refresh()

    def add_progress(self, progress: TrainingProgress) -> None:
        """Train points where each report lies within its epoch; validation points where it was
        measured: after each epoch, or where Stop ended the last one."""
        if progress.kind in ("batch", "epoch", "stopped"):
            self._add("loss", progress.position, progress.loss)
            self._add("accuracy", progress.position, progress.accuracy)
        if progress.kind in ("epoch", "stopped"):
            self._add("val_loss", progress.position, progress.val_loss)
            self._add("val_accuracy", progress.position, progress.val_accuracy)

    def _add(self, series: str, x: float, y: float | None) -> None:
        if y is None:
            return
        xs, ys = self.data[series]
        xs.append(x)
        ys.append(y)
        self._mark()

    def points(self, metric: str) -> list[float]:
        """Every value shown on the ``metric`` plot, train and validation."""
        return self.data[metric][1] + self.data[f"val_{metric}"][1]

    def _latest(self, metric: str) -> str:
        """The last values, for a screen reader: 'train 0.2794, validation 0.2496 at epoch 3'."""
        parts = []
        for label, key in (("train", metric), ("validation", f"val_{metric}")):
            xs, ys = self.data[key]
            if xs:
                parts.append(f"{label} {ys[-1]:.4f} at epoch {xs[-1]:.2f}")
        return f"{metric}: " + ", ".join(parts) if parts else f"{metric}: no points yet"

    def limits(self, metric: str) -> tuple[float, float]:
        """The y range the ``metric`` plot shows now."""
        return grown(self._limits[metric], self.points(metric))

    # --- drawing -------------------------------------------------------------------------
    def _mark(self) -> None:
        self._dirty = True
        if not self.timer.isActive():
            self.timer.start()

    def _flush(self) -> None:
        if not self._dirty:
            self.timer.stop()
            return
        self._dirty = False
        for metric, panel in self.panels.items():
            panel.set_limits(self.epochs, self.limits(metric))
            panel.setAccessibleDescription(self._latest(metric))
            panel.update()

    def open_window(self) -> None:
        """The curves in a matplotlib window (pan, zoom, save), as they are now; it is drawn
        again when a run ends (a full matplotlib draw at every report would stall the GUI)."""
        if self.plot_window is None:
            from widgets.mnist.curve_window import CurveWindow

            self.plot_window = CurveWindow(self)
        self.plot_window.refresh()
        self.plot_window.show()
        self.plot_window.raise_()


def stage_markers(stages: Stages) -> list[Marker]:
    """Where each run of ``stages`` changed the optimizer or its learning rate."""
    markers, x = [], 0.0
    for before, stage in zip(stages.stages, stages.stages[1:], strict=False):
        x += before.epochs_run
        label = change_label(
            (before.optimizer, before.learning_rate), (stage.optimizer, stage.learning_rate)
        )
        if label:
            markers.append(Marker(x, label))
    return markers

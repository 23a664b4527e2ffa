"""Live loss and accuracy curves (train and validation) over epochs.

Progress only appends to lists; a timer refreshes at most ``REFRESH_HZ`` times a second. The
lines are animated artists: while the axes limits still fit the data, a refresh restores the
saved background and redraws just the lines (blitting, a few ms), instead of a full figure draw
that can take hundreds of ms while TensorFlow keeps both cores busy. A full draw happens only
when the limits must grow. The matplotlib part is built lazily on first show.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from engine.mnist.progress import TrainingProgress
from widgets.shared.lazy import LazyWidget

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D

    from widgets.shared.plot_canvas import PlotCanvas

REFRESH_HZ = 10
SERIES = ("loss", "val_loss", "accuracy", "val_accuracy")
STYLE = {
    "loss": ("tab:blue", "-", "train"),
    "val_loss": ("tab:orange", "o-", "validation"),
    "accuracy": ("tab:blue", "-", "train"),
    "val_accuracy": ("tab:orange", "o-", "validation"),
}


class TrainingCurves(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.data: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in SERIES}
        self.epochs = 5
        self._dirty = False
        self._limits_stale = True
        self._run_limits: dict[str, tuple[float, float]] = {}  # metric -> y range
        self._plot: PlotCanvas | None = None
        self._axes: dict[str, Axes] = {}  # metric -> its plot
        self._layout_frozen = False
        self._background: Any = None  # the figure without the lines, for blitting
        self._lines: dict[str, Line2D] = {}
        self.lazy = LazyWidget(self._build)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.lazy)
        self.setToolTip(
            "train: Keras's running mean over the batches of the current epoch (it restarts "
            "each epoch, hence the steps); validation: measured after each epoch"
        )
        self.timer = QTimer(self)
        self.timer.setInterval(1000 // REFRESH_HZ)
        self.timer.timeout.connect(self._flush)

    # --- data ----------------------------------------------------------------------------
    def reset(self, epochs: int, classes: int = 10) -> None:
        """Clear the curves for a run of ``epochs``. Call it before the run starts: the one full
        draw it needs then happens while the engine is still idle."""
        self.epochs = max(1, epochs)
        for xs, ys in self.data.values():
            xs.clear()
            ys.clear()
        # Limits that a normal run stays inside: the loss starts near ln(classes) (a uniform
        # guess) and falls; accuracy lies in [0, 1]. Training then only needs blits.
        self._run_limits = {
            "loss": (0.0, math.log(max(2, classes)) * 1.1),
            "accuracy": (0.0, 1.01),
        }
        self._limits_stale = True
        if self._plot is not None and self.isVisible():
            self._apply_limits(self._run_limits)
            self._plot.canvas.draw()
            self._limits_stale = False
        self._mark()

    def finish(self) -> None:
        """After a run: zoom both plots to the data (one full draw, the engine is done)."""
        limits = {}
        for metric in ("loss", "accuracy"):
            ys = self.data[metric][1] + self.data[f"val_{metric}"][1]
            if ys:
                lo, hi = min(ys), max(ys)
                pad = (hi - lo) * 0.08 or 0.02
                limits[metric] = (lo - pad, hi + pad)
        self._run_limits = limits or self._run_limits
        self._limits_stale = True
        self._on_resize(None)  # zoomed tick labels change width: lay out once more
        self._mark()

    def add_progress(self, progress: TrainingProgress) -> None:
        """Train points where each report lies within its epoch; validation points (measured
        after each epoch) at the epoch's end."""
        if progress.kind in ("batch", "epoch"):
            self._add("loss", progress.position, progress.loss)
            self._add("accuracy", progress.position, progress.accuracy)
        if progress.kind == "epoch":
            self._add("val_loss", progress.epoch, progress.val_loss)
            self._add("val_accuracy", progress.epoch, progress.val_accuracy)

    def _add(self, series: str, x: float, y: float | None) -> None:
        if y is None:
            return
        xs, ys = self.data[series]
        xs.append(x)
        ys.append(y)
        self._mark()

    def _mark(self) -> None:
        self._dirty = True
        if not self.timer.isActive():
            self.timer.start()

    # --- drawing -------------------------------------------------------------------------
    def _build(self) -> QWidget:
        from widgets.shared.plot_canvas import PlotCanvas

        plot = PlotCanvas(figsize=(6.0, 3.0))
        loss_ax, acc_ax = plot.figure.subplots(1, 2)
        for key, (color, fmt, label) in STYLE.items():
            ax = loss_ax if "loss" in key else acc_ax
            (self._lines[key],) = ax.plot(
                [], [], fmt, color=color, label=label, lw=1.6, ms=4, animated=True
            )
        loss_ax.set_title("loss", fontsize=10)
        acc_ax.set_title("accuracy", fontsize=10)
        for ax in (loss_ax, acc_ax):
            ax.set_xlabel("epoch")
            ax.grid(True, alpha=0.3)
            ax.legend(loc="center right", fontsize=8)
        self._axes = {"loss": loss_ax, "accuracy": acc_ax}
        self._plot = plot
        self._run_limits = {"loss": (0.0, 2.5), "accuracy": (0.0, 1.01)}
        plot.canvas.mpl_connect("draw_event", self._on_full_draw)
        plot.canvas.mpl_connect("resize_event", self._on_resize)
        self._layout_frozen = False
        self._limits_stale = True
        self._dirty = True
        self.timer.start()
        return plot

    def _apply_limits(self, limits: dict[str, tuple[float, float]]) -> None:
        for metric, ax in self._axes.items():
            ax.set_xlim(0, self.epochs)
            lo, hi = limits.get(metric, ax.get_ylim())
            ys = self.data[metric][1] + self.data[f"val_{metric}"][1]
            if ys:  # grow (never shrink) to take in points outside, e.g. a diverging loss
                lo, hi = min(lo, min(ys)), max(hi, max(ys) * 1.05)
            ax.set_ylim(lo, hi)

    def _limits_fit(self) -> bool:
        """True when every point lies inside the current axes: blitting is enough."""
        for metric, ax in self._axes.items():
            ys = self.data[metric][1] + self.data[f"val_{metric}"][1]
            lo, hi = ax.get_ylim()
            if ys and (min(ys) < lo or max(ys) > hi):
                return False
        return True

    def _flush(self) -> None:
        if not self._dirty or self._plot is None or not self.isVisible():
            if not self._dirty:
                self.timer.stop()
            return
        self._dirty = False
        for key, line in self._lines.items():
            line.set_data(*self.data[key])
        if self._limits_stale or not self._limits_fit() or self._background is None:
            self._limits_stale = False
            self._apply_limits(self._run_limits)
            self._plot.draw_idle()  # the draw_event handler then paints the lines
        else:
            self._blit()

    def _on_resize(self, _event: object) -> None:
        # A new size needs a new layout: let constrained layout work out the next draw.
        if self._plot is not None and self._layout_frozen:
            self._plot.figure.set_layout_engine("constrained")
            self._layout_frozen = False

    def _on_full_draw(self, _event: object) -> None:
        assert self._plot is not None  # connected once the plot is built
        if not self._layout_frozen:
            # Constrained layout costs about half of every full draw; the axes do not move
            # between resizes, so keep the positions it found and skip it from now on.
            self._plot.figure.set_layout_engine("none")
            self._layout_frozen = True
        canvas = self._plot.canvas
        self._background = canvas.copy_from_bbox(self._plot.figure.bbox)
        self._draw_lines()

    def _blit(self) -> None:
        assert self._plot is not None
        canvas = self._plot.canvas
        canvas.restore_region(self._background)
        self._draw_lines()
        for ax in self._axes.values():  # repaint only the two plot areas
            canvas.blit(ax.bbox)

    def _draw_lines(self) -> None:
        for key, line in self._lines.items():
            self._axes["loss" if "loss" in key else "accuracy"].draw_artist(line)

"""Live loss and accuracy curves (train and validation) over epochs.

Progress only appends to lists; a timer redraws at most ``REFRESH_HZ`` times a second by
updating the existing line artists, so a burst of progress costs one draw. The matplotlib part
is built lazily on first show.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets.lazy import LazyWidget

REFRESH_HZ = 10
SERIES = ("loss", "val_loss", "accuracy", "val_accuracy")


class TrainingCurves(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.data: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in SERIES}
        self.epochs = 5
        self.draws = 0  # how many redraws happened (tests and diagnostics)
        self._dirty = False
        self._plot = None
        self._lines: dict = {}
        self.lazy = LazyWidget(self._build)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.lazy)
        self.timer = QTimer(self)
        self.timer.setInterval(1000 // REFRESH_HZ)
        self.timer.timeout.connect(self._flush)

    # --- data ----------------------------------------------------------------------------
    def reset(self, epochs: int) -> None:
        self.epochs = max(1, epochs)
        for xs, ys in self.data.values():
            xs.clear()
            ys.clear()
        self._mark()

    def add_point(self, series: str, x: float, y: float) -> None:
        xs, ys = self.data[series]
        xs.append(x)
        ys.append(y)
        self._mark()

    def point_count(self) -> int:
        return sum(len(xs) for xs, _ in self.data.values())

    def _mark(self) -> None:
        self._dirty = True
        if not self.timer.isActive():
            self.timer.start()

    # --- drawing -------------------------------------------------------------------------
    def _build(self) -> QWidget:
        from widgets.plot_canvas import PlotCanvas

        plot = PlotCanvas(figsize=(6.0, 3.0))
        loss_ax, acc_ax = plot.figure.subplots(1, 2)
        style = {
            "loss": ("tab:blue", "-", "train"),
            "val_loss": ("tab:orange", "o-", "validation"),
            "accuracy": ("tab:blue", "-", "train"),
            "val_accuracy": ("tab:orange", "o-", "validation"),
        }
        for key, (color, fmt, label) in style.items():
            ax = loss_ax if "loss" in key else acc_ax
            (self._lines[key],) = ax.plot([], [], fmt, color=color, label=label, lw=1.6, ms=4)
        loss_ax.set_title("loss", fontsize=10)
        acc_ax.set_title("accuracy", fontsize=10)
        for ax in (loss_ax, acc_ax):
            ax.set_xlabel("epoch")
            ax.grid(True, alpha=0.3)
            ax.legend(loc="best", fontsize=8)
        self._axes = (loss_ax, acc_ax)
        self._plot = plot
        self._dirty = True
        self.timer.start()
        return plot

    def _flush(self) -> None:
        if not self._dirty or self._plot is None or not self.isVisible():
            if not self._dirty:
                self.timer.stop()
            return
        self._dirty = False
        for key, line in self._lines.items():
            line.set_data(*self.data[key])
        loss_ax, acc_ax = self._axes
        for ax, keys in ((loss_ax, ("loss", "val_loss")), (acc_ax, ("accuracy", "val_accuracy"))):
            ys = [y for k in keys for y in self.data[k][1]]
            ax.set_xlim(0, self.epochs)
            if ys:
                lo, hi = min(ys), max(ys)
                pad = (hi - lo) * 0.08 or 0.05
                ax.set_ylim(lo - pad, hi + pad)
        self._plot.draw_idle()
        self.draws += 1

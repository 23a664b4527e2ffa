"""The Gradients tab's plot: f and its derivatives stacked, with a draggable point and tangents.

Importing this module loads matplotlib: build it inside a LazyWidget factory. Curves are drawn
once per expression and range; moving the point only moves the marker, cursor and tangent lines
(set_data + draw_idle), so dragging stays smooth. A descent path is drawn on f's panel.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets.gradients.paths import BlitLayer, PathLines
from widgets.shared.plot_canvas import PlotCanvas

COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")
OFF_SCALE = 10.0  # points further than this many plot heights away are not drawn
OUTLIER_SPREAD = 8.0  # when the full y range is this much wider than the bulk, zoom on the bulk


def plot_limits(values: np.ndarray) -> tuple[float, float] | None:
    """Y limits that show the curve's bulk, so a pole (1/x near 0) does not flatten the rest."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return None
    low, high = float(finite.min()), float(finite.max())
    bulk_low, bulk_high = (float(v) for v in np.percentile(finite, [3, 97]))
    if high - low > OUTLIER_SPREAD * max(bulk_high - bulk_low, 1e-12):
        low, high = bulk_low, bulk_high
    if high - low < 1e-12 * max(1.0, abs(high)):
        pad = max(1.0, abs(high) * 0.1)
    else:
        pad = (high - low) * 0.08
    return low - pad, high + pad


class GradientPlot(QWidget):
    """Emits ``point_dragged(x)`` while the user presses or drags on the plot."""

    point_dragged = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot = PlotCanvas(figsize=(6.0, 5.0))
        self.plot.canvas.setToolTip(
            "Click or drag to move the point (switch off pan/zoom in the toolbar first)"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.axes: list = []
        self.curves: list = []
        self.markers: list = []
        self.tangents: list = []
        self.cursors: list = []
        self.none_texts: list = []
        self._labels: tuple[str, ...] = ()
        self._xlabel = ""
        self._dragging = False
        canvas = self.plot.canvas
        self.layer = BlitLayer(canvas)
        self.paths = PathLines(self.layer)
        canvas.mpl_connect("button_press_event", self._on_press)
        canvas.mpl_connect("motion_notify_event", self._on_motion)
        canvas.mpl_connect("button_release_event", self._on_release)

    # --- building --------------------------------------------------------------------------
    def _build(self, labels: tuple[str, ...], xlabel: str) -> None:
        """One panel per curve, sharing the x axis; rebuilt only when the panels change."""
        figure = self.plot.figure
        figure.clear()
        self.layer.forget()
        self.axes = list(np.atleast_1d(figure.subplots(len(labels), 1, sharex=True)))
        self.curves, self.markers, self.tangents, self.cursors, self.none_texts = [], [], [], [], []
        for k, (ax, label) in enumerate(zip(self.axes, labels, strict=True)):
            color = COLORS[k % len(COLORS)]
            (curve,) = ax.plot([], [], color=color, lw=1.8)
            (tangent,) = ax.plot([], [], color=color, lw=1.0, ls="--", alpha=0.8)
            (marker,) = ax.plot([], [], "o", color=color, ms=7, mec="white", mew=1.2, zorder=5)
            cursor = ax.axvline(0.0, color="#555555", lw=0.8, alpha=0.6)
            cursor.set_visible(False)
            none_text = ax.text(
                0.5,
                0.5,
                "",
                transform=ax.transAxes,
                ha="center",
                va="center",
                color="#8a8a8a",
                fontsize=11,
                style="italic",
            )
            ax.set_ylabel(label)
            ax.grid(True, alpha=0.3)
            ax.axhline(0.0, color="#999999", lw=0.6, zorder=0)
            self.curves.append(curve)
            self.tangents.append(tangent)
            self.markers.append(marker)
            self.cursors.append(cursor)
            self.none_texts.append(none_text)
        self.axes[-1].set_xlabel(xlabel)
        if len(self.axes) > 1:
            self.tangents[0].set_label("tangent at the point (slope: next panel's value)")
            self.axes[0].legend(loc="upper left", fontsize=8, frameon=False, handlelength=2.5)
        self.paths.attach(self.axes[0])
        self._labels, self._xlabel = labels, xlabel

    def set_curves(
        self,
        xs: np.ndarray,
        values: list[np.ndarray | None],
        labels: tuple[str, ...],
        xlabel: str,
        title: str = "",
        none_note: str = "",
    ) -> None:
        """Show new curves; a None entry leaves its panel empty with ``none_note`` in it."""
        if labels != self._labels or xlabel != self._xlabel or len(self.axes) != len(values):
            self._build(labels, xlabel)
        for ax, curve, text, value in zip(
            self.axes, self.curves, self.none_texts, values, strict=True
        ):
            if value is None:
                curve.set_data([], [])
                text.set_text(none_note)
                ax.set_ylim(-1, 1)
                continue
            text.set_text("")
            shown = np.where(np.isfinite(value), value, np.nan)  # NaN and inf become gaps
            limits = plot_limits(value)
            if limits is not None:
                ax.set_ylim(*limits)
                # Far off-scale points become gaps too, so a pole (1/x at 0) is not drawn as a
                # vertical line joining -huge to +huge.
                reach = OFF_SCALE * (limits[1] - limits[0])
                shown[(shown < limits[0] - reach) | (shown > limits[1] + reach)] = np.nan
            curve.set_data(xs, shown)
        self.axes[0].set_xlim(float(xs[0]), float(xs[-1]))
        self.axes[0].set_title(title, loc="left", fontsize=10)
        self.plot.draw_idle()

    def set_point(self, x0: float, values: list[float | None]) -> None:
        """Marker at (x0, f_k(x0)) in each panel and the tangent of slope f_{k+1}(x0)."""
        if not self.axes:
            return
        x_low, x_high = self.axes[0].get_xlim()
        span = np.array([x_low, x_high])
        for k, (marker, tangent) in enumerate(zip(self.markers, self.tangents, strict=True)):
            value = values[k] if k < len(values) else None
            slope = values[k + 1] if k + 1 < len(values) else None
            if value is None or not np.isfinite(value):
                marker.set_data([], [])
                tangent.set_data([], [])
                continue
            marker.set_data([x0], [value])
            if slope is None or not np.isfinite(slope):
                tangent.set_data([], [])
            else:
                tangent.set_data(span, value + slope * (span - x0))
        self.move_cursor(x0)

    def move_cursor(self, x0: float) -> None:
        """The vertical line follows the hand at once; exact values follow from the engine."""
        for cursor in self.cursors:
            cursor.set_xdata([x0, x0])
            cursor.set_visible(True)
        self.plot.draw_idle()

    # --- dragging --------------------------------------------------------------------------
    def _navigating(self) -> bool:
        toolbar = self.plot.toolbar
        return toolbar is not None and bool(str(toolbar.mode))

    def _on_press(self, event) -> None:
        if event.button == 1 and event.inaxes in self.axes and not self._navigating():
            self._dragging = True
            self._emit(event)

    def _on_motion(self, event) -> None:
        if self._dragging:
            self._emit(event)

    def _on_release(self, event) -> None:
        if self._dragging:
            self._emit(event)
        self._dragging = False

    def _emit(self, event) -> None:
        if event.xdata is not None and np.isfinite(event.xdata):
            self.point_dragged.emit(float(event.xdata))

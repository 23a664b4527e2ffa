"""The Gradients tab's plot: f and its derivatives stacked, with a draggable point and tangents.

Importing this module loads matplotlib: build it inside a LazyWidget factory. Curves are drawn
once per expression and range; moving the point only moves the marker, cursor and tangent lines
(set_data + draw_idle), so dragging stays smooth. A descent path is drawn on f's panel.

Each panel's name stands level, left of it, its unit on a second line: rotated names of four
panels overlapped each other at 1024×700 ("speed (m/s)" ran into "acceleration (m/s²)"), and
a level name needs only two lines of a panel's height. The tangents' key sits in the x label's
row, at the left, where it covers no curve.
"""

from __future__ import annotations

import numpy as np
from matplotlib.legend import Legend
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets.gradients.colours import curve_colour, muted, style_figure
from widgets.gradients.paths import BlitLayer, PathLines
from widgets.gradients.plot_keys import FocusFrame, moved
from widgets.shared import theme
from widgets.shared.plot_canvas import PlotCanvas

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
            "Click or drag to move the point (switch off pan/zoom in the toolbar first);\n"
            "with the plot focused, Left and Right move it (Shift: ten times as far)"
        )
        self.frame = FocusFrame(
            self.plot,
            vertical=False,
            name="Plot of f and its derivatives",
            description="Left and Right arrow keys move the point; Shift moves it ten times as far",
        )
        self.frame.arrow.connect(self._on_arrow)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.frame)
        self.axes: list = []
        self.curves: list = []
        self.markers: list = []
        self.tangents: list = []
        self.cursors: list = []
        self.none_texts: list = []
        self.zero_lines: list = []
        self.key: Legend | None = None  # what the dashed tangents are
        self.x0: float | None = None  # where the point is drawn
        self._labels: tuple[str, ...] = ()
        self._xlabel = ""
        self._dragging = False
        canvas = self.plot.canvas
        self.layer = BlitLayer(canvas)
        self.paths = PathLines(self.layer)
        canvas.mpl_connect("button_press_event", self._on_press)
        canvas.mpl_connect("motion_notify_event", self._on_motion)
        canvas.mpl_connect("button_release_event", self._on_release)
        theme.notifier().changed.connect(self._restyle)

    # --- building --------------------------------------------------------------------------
    def _build(self, labels: tuple[str, ...], xlabel: str) -> None:
        """One panel per curve, sharing the x axis; rebuilt only when the panels change."""
        figure = self.plot.figure
        figure.clear()
        self.layer.forget()
        self.axes = list(np.atleast_1d(figure.subplots(len(labels), 1, sharex=True)))
        self.curves, self.markers, self.tangents, self.cursors, self.none_texts = [], [], [], [], []
        self.zero_lines = []
        for k, (ax, label) in enumerate(zip(self.axes, labels, strict=True)):
            color = curve_colour(k)
            (curve,) = ax.plot([], [], color=color, lw=1.8)
            (tangent,) = ax.plot([], [], color=color, lw=1.0, ls="--", alpha=0.8)
            (marker,) = ax.plot([], [], "o", color=color, ms=7, mew=1.2, zorder=5)
            cursor = ax.axvline(0.0, lw=0.8, alpha=0.6)
            cursor.set_visible(False)
            none_text = ax.text(
                0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center",
                fontsize=11, style="italic",
            )  # fmt: skip
            ax.set_ylabel(label.replace(" (", "\n("), rotation=0, ha="right", va="center")
            self.zero_lines.append(ax.axhline(0.0, lw=0.6, zorder=0))
            self.curves.append(curve)
            self.tangents.append(tangent)
            self.markers.append(marker)
            self.cursors.append(cursor)
            self.none_texts.append(none_text)
        self.axes[-1].set_xlabel(xlabel)
        self.key = None
        if len(self.axes) > 1:
            self.key = figure.legend(
                [self.tangents[0]],
                ["tangent at the point"],
                loc="lower left",
                bbox_to_anchor=(0.0, 0.0),
                fontsize=8,
                frameon=False,
                handlelength=2.5,
                borderaxespad=0.2,
            )
            self.key.set_in_layout(False)
        self.paths.attach(self.axes[0])
        self._labels, self._xlabel = labels, xlabel
        self._restyle(theme.is_dark(), draw=False)

    @Slot(bool)
    def _restyle(self, dark: bool, draw: bool = True) -> None:
        """The theme's colours for everything the figure holds (a theme switch, a new build)."""
        style = style_figure(self.plot.figure, dark)
        for ax, marker, cursor, zero, text in zip(
            self.axes, self.markers, self.cursors, self.zero_lines, self.none_texts, strict=True
        ):
            ax.grid(True, color=style["grid.color"])
            marker.set_markeredgecolor(style["axes.facecolor"])
            cursor.set_color(style["axes.edgecolor"])
            zero.set_color(style["axes.edgecolor"])
            zero.set_alpha(0.5)
            text.set_color(muted())
        if draw:
            self.plot.draw_idle()

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
        if self.key is not None:  # no tangent drawn (no derivative): no key for one
            self.key.set_visible(any(len(tangent.get_xdata()) for tangent in self.tangents))
        self.move_cursor(x0)

    def move_cursor(self, x0: float) -> None:
        """The vertical line follows the hand at once; exact values follow from the engine."""
        self.x0 = x0
        for cursor in self.cursors:
            cursor.set_xdata([x0, x0])
            cursor.set_visible(True)
        self.plot.draw_idle()

    # --- the keyboard and the mouse ---------------------------------------------------------
    @Slot(int, int, bool)
    def _on_arrow(self, dx: int, _dy: int, big: bool) -> None:
        if self.axes and self.x0 is not None:
            x_view = self.axes[0].get_xlim()
            self.point_dragged.emit(moved(self.x0, dx, x_view, big))

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

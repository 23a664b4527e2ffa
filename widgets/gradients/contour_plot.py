"""The contour map of f(x, y): filled levels, the point with its gradient as an arrow, and the
descent paths. Dragging on the map moves the point.

Importing this module loads matplotlib: build it inside a LazyWidget factory. The map is drawn
once per expression and range; the point, the arrow and the paths are blitted over it (see
paths.py), so dragging and playing a descent never redraw the levels.
"""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backend_bases import MouseEvent
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.contour import ContourSet
from matplotlib.image import AxesImage
from matplotlib.patches import FancyArrowPatch
from matplotlib.patheffects import AbstractPathEffect, withStroke
from matplotlib.text import Text
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QVBoxLayout, QWidget

from engine.gradients.two_inputs import Surface
from widgets.gradients.colours import MAP_INK, MAP_RIM, style_figure
from widgets.gradients.paths import BlitLayer, PathLines
from widgets.gradients.plot_keys import FocusFrame, moved
from widgets.shared import theme
from widgets.shared.plot_canvas import PlotCanvas

LEVELS = 24
SKEWED = 8.0  # median this close to the floor (1/SKEWED of the span): a valley, log-spaced levels
FLOOR = 1e-5  # the lowest log-spaced level above the minimum, as a share of the span
ARROW_SHARE = 0.15  # the arrow's length, as a share of the axes box
CMAP = "cividis"  # perceptually uniform and readable with colour-blindness
MARGINS = (64, 140, 46, 28)  # left, right (the colour bar and its label), bottom, top: pixels
BAR_GAP, BAR_WIDTH = 16, 18  # the colour key: its distance from the map and its width, pixels


def contour_levels(f: np.ndarray) -> np.ndarray | None:
    """Levels that show the shape of f: evenly spaced, or spaced geometrically above the
    minimum when most of the map lies near it (Rosenbrock's valley would otherwise be one band).
    None for a flat or undefined f."""
    finite = f[np.isfinite(f)]
    if finite.size == 0:
        return None
    low, high = float(finite.min()), float(finite.max())
    span = high - low
    if span <= 1e-12 * max(1.0, abs(high)):
        return None
    if float(np.median(finite)) - low < span / SKEWED:
        return np.concatenate([[low], low + np.geomspace(span * FLOOR, span, LEVELS)])
    return np.linspace(low, high, LEVELS + 1)


def arrow_tip(
    point: tuple[float, float], gradient: np.ndarray, spans: tuple[float, float]
) -> tuple[float, float] | None:
    """Where the gradient arrow from ``point`` ends: along the gradient, scaled to a fixed share
    of the axes box (its size is in the values box). None when there is no direction."""
    if not np.all(np.isfinite(gradient)) or not np.any(gradient):
        return None
    scale = ARROW_SHARE / float(np.hypot(gradient[0] / spans[0], gradient[1] / spans[1]))
    return point[0] + float(gradient[0]) * scale, point[1] + float(gradient[1]) * scale


class ContourPlot(QWidget):
    """Emits ``point_dragged(x, y)`` while the user presses or drags on the map."""

    point_dragged = Signal(float, float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot = PlotCanvas(figsize=(6.0, 5.0))
        self.plot.canvas.setToolTip(
            "Click or drag to move the point (switch off pan/zoom in the toolbar first);\n"
            "with the map focused, the arrow keys move it (Shift: ten times as far)"
        )
        self.frame = FocusFrame(
            self.plot,
            vertical=True,
            name="Contour map of f",
            description="The arrow keys move the point; Shift moves it ten times as far",
        )
        self.frame.arrow.connect(self._on_arrow)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.frame)
        canvas, figure = self.plot.canvas, self.plot.figure
        # Fixed margins instead of constrained layout: its pass over the tick labels took most
        # of a redraw of this figure (measured ~0.1–0.3 s of a 0.15–0.5 s draw).
        figure.set_layout_engine("none")
        self.axes: Axes = figure.add_axes((0.1, 0.1, 0.7, 0.8))
        self.bar_axes: Axes = figure.add_axes((0.85, 0.1, 0.03, 0.8))
        self.bar_axes.set_visible(False)
        self._place_axes()
        self.layer = BlitLayer(canvas)
        self.paths = PathLines(self.layer)
        self.surface: Surface | None = None
        self._levels: list[ContourSet] = []  # the filled levels and their lines, one map's
        self._key: AxesImage | None = None  # the colour key's bands
        self._build_point()
        self.paths.attach(self.axes)
        self._point: tuple[float, float] | None = None
        self._gradient: np.ndarray | None = None
        self._dragging = False
        canvas.mpl_connect("resize_event", self._on_resize)
        canvas.mpl_connect("button_press_event", self._on_press)
        canvas.mpl_connect("motion_notify_event", self._on_motion)
        canvas.mpl_connect("button_release_event", self._on_release)
        theme.notifier().changed.connect(self._restyle)
        self._restyle(theme.is_dark(), draw=False)

    def _build_point(self) -> None:
        ax = self.axes
        rim: list[AbstractPathEffect] = [withStroke(linewidth=4.0, foreground=MAP_RIM)]
        self.arrow = FancyArrowPatch(
            (0, 0), (0, 0), arrowstyle="-|>", mutation_scale=16, color=MAP_INK, lw=2.0, zorder=8
        )
        self.arrow.set_path_effects(rim)
        ax.add_patch(self.arrow)
        self.arrow_label: Text = ax.text(
            0, 0, "∇f", fontsize=11, fontweight="bold", ha="center", va="center",
            path_effects=[withStroke(linewidth=3.0, foreground=MAP_RIM)],
        )  # fmt: skip
        (self.marker,) = ax.plot([], [], "o", color=MAP_RIM, mec=MAP_INK, ms=8, mew=1.5, zorder=9)
        for artist in (self.arrow, self.arrow_label, self.marker):
            self.layer.track(artist)

    def _place_axes(self) -> None:
        """The map and its colour bar at fixed pixel margins, whatever the canvas size."""
        width, height = self.plot.figure.bbox.size
        left, right, bottom, top = MARGINS
        w = max(width - left - right, 10.0)
        h = max(height - bottom - top, 10.0)
        self.axes.set_position((left / width, bottom / height, w / width, h / height))
        bar_left = (width - right + BAR_GAP) / width
        self.bar_axes.set_position((bar_left, bottom / height, BAR_WIDTH / width, h / height))

    def _on_resize(self, _event: object) -> None:
        self._place_axes()

    @Slot(bool)
    def _restyle(self, dark: bool, draw: bool = True) -> None:
        """The theme's colours round the map (the map, its marker and arrow stay as they are)."""
        style_figure(self.plot.figure, dark)
        self.arrow_label.set_color(MAP_INK)
        if draw:
            self.plot.draw_idle()

    # --- the map ----------------------------------------------------------------------------
    def set_surface(self, surface: Surface, title: str) -> None:
        """Draw a new map under the point, arrow and paths."""
        ax = self.axes
        for artist in self._levels:
            artist.remove()
        self._levels = []
        self.surface = surface
        f = np.ma.masked_invalid(surface.f)  # undefined points stay blank
        levels = contour_levels(surface.f)
        first, second = surface.variables
        self.bar_axes.set_visible(levels is not None)
        if levels is not None:
            norm = BoundaryNorm(levels, ncolors=256)
            filled = ax.contourf(surface.xs, surface.ys, f, levels=levels, cmap=CMAP, norm=norm)
            lines = ax.contour(
                surface.xs, surface.ys, f, levels=levels, colors=MAP_RIM, linewidths=0.4
            )
            self._levels = [filled, lines]
            self._show_key(levels, norm, f"f({first}, {second})")
        ax.set_xlim(float(surface.xs[0]), float(surface.xs[-1]))
        ax.set_ylim(float(surface.ys[0]), float(surface.ys[-1]))
        ax.set_xlabel(first)
        ax.set_ylabel(second)
        ax.set_title(title, loc="left", fontsize=10)
        self._place()
        self.plot.draw_idle()

    def _show_key(self, levels: np.ndarray, norm: BoundaryNorm, label: str) -> None:
        """The colour key: one band per level, evenly spaced, labelled with some levels' values.
        Drawn as an image on one axes kept between maps: a new matplotlib Colorbar per map cost
        ~30 ms of building ticks, and one told of a new BoundaryNorm keeps the old spacing."""
        bands = len(levels) - 1
        colors = ListedColormap(colormaps[CMAP](norm(levels[:-1])))
        key, bar = self._key, self.bar_axes
        if key is None:
            key = self._key = bar.imshow(
                np.zeros((1, 1)), aspect="auto", origin="lower", interpolation="nearest"
            )
            bar.xaxis.set_visible(False)
            bar.yaxis.tick_right()
            bar.yaxis.set_label_position("right")
        key.set_data(np.arange(bands)[:, None])
        key.set_cmap(colors)
        key.set_clim(-0.5, bands - 0.5)
        key.set_extent((0.0, 1.0, 0.0, float(bands)))
        bar.set_xlim(0.0, 1.0)
        bar.set_ylim(0.0, float(bands))
        step = max(1, bands // 6)
        ticks = list(range(0, bands + 1, step))
        bar.set_yticks(ticks, [f"{levels[i]:.3g}" for i in ticks])
        bar.set_ylabel(label)

    # --- the point --------------------------------------------------------------------------
    def set_point(self, point: tuple[float, float], gradient: np.ndarray | None) -> None:
        """The marker at ``point`` and the gradient arrow (None: TensorFlow returned None)."""
        self._point, self._gradient = point, gradient
        self._place()
        self.layer.refresh()

    def move_marker(self, point: tuple[float, float]) -> None:
        """The marker follows the hand at once; the arrow waits for the exact gradient."""
        self._point, self._gradient = point, None
        self._place()
        self.layer.refresh()

    def _place(self) -> None:
        if self._point is None:
            self.marker.set_data([], [])
            self.arrow.set_visible(False)
            self.arrow_label.set_visible(False)
            return
        x, y = self._point
        self.marker.set_data([x], [y])
        tip = None
        if self._gradient is not None:
            x_low, x_high = self.axes.get_xlim()
            y_low, y_high = self.axes.get_ylim()
            tip = arrow_tip(self._point, self._gradient, (x_high - x_low, y_high - y_low))
        self.arrow.set_visible(tip is not None)
        self.arrow_label.set_visible(tip is not None)
        if tip is not None:
            self.arrow.set_positions((x, y), tip)
            # The label just beyond the tip, along the arrow.
            self.arrow_label.set_position((x + (tip[0] - x) * 1.22, y + (tip[1] - y) * 1.22))

    # --- the keyboard and the mouse -----------------------------------------------------------
    @Slot(int, int, bool)
    def _on_arrow(self, dx: int, dy: int, big: bool) -> None:
        if self._point is None:
            return
        x, y = self._point
        x_view, y_view = self.axes.get_xlim(), self.axes.get_ylim()
        self.point_dragged.emit(moved(x, dx, x_view, big), moved(y, dy, y_view, big))

    def _navigating(self) -> bool:
        toolbar = self.plot.toolbar
        return toolbar is not None and bool(str(toolbar.mode))

    def _on_press(self, event: MouseEvent) -> None:
        if event.button == 1 and event.inaxes is self.axes and not self._navigating():
            self._dragging = True
            self._emit(event)

    def _on_motion(self, event: MouseEvent) -> None:
        if self._dragging:
            self._emit(event)

    def _on_release(self, event: MouseEvent) -> None:
        if self._dragging:
            self._emit(event)
        self._dragging = False

    def _emit(self, event: MouseEvent) -> None:
        if event.inaxes is not self.axes or event.xdata is None or event.ydata is None:
            return
        if np.isfinite(event.xdata) and np.isfinite(event.ydata):
            self.point_dragged.emit(float(event.xdata), float(event.ydata))

"""Descent paths drawn over a plot, and the blitting that keeps them cheap to animate.

A full redraw of the contour map or of the stacked curves takes 40–60 ms here (measured at
1000×600 px), too slow for a path that grows every 30 ms. The paths (and whatever else moves
often) are matplotlib's "animated" artists: a full draw leaves them out and saves the picture
as a background; each frame then restores that background, draws only them and blits, in a few
milliseconds. Importing this module loads matplotlib: only the plots import it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import DrawEvent, FigureCanvasBase
from matplotlib.lines import Line2D

from widgets.gradients.colours import run_colour
from widgets.gradients.descent_inputs import RUN_NAMES


class BlitLayer:
    """Artists that move often, drawn over a saved background of everything else."""

    def __init__(self, canvas: FigureCanvasBase):
        self.canvas = canvas
        self.artists: list[Artist] = []
        self._background: Any = None
        canvas.mpl_connect("draw_event", self._on_draw)

    def track(self, artist: Artist) -> Artist:
        artist.set_animated(True)
        self.artists.append(artist)
        return artist

    def forget(self) -> None:
        """The figure was cleared: its artists are gone, and so is the background."""
        self.artists = []
        self._background = None

    def _on_draw(self, _event: DrawEvent) -> None:
        self._background = self.canvas.copy_from_bbox(self.canvas.figure.bbox)  # type: ignore[attr-defined]
        self._draw_artists()

    def _draw_artists(self) -> None:
        for artist in self.artists:
            if artist.figure is not None:
                self.canvas.figure.draw_artist(artist)

    def refresh(self) -> None:
        """Show the tracked artists' new state: a blit, or a full draw when none was made yet."""
        if self._background is None:
            self.canvas.draw_idle()
            return
        self.canvas.restore_region(self._background)  # type: ignore[attr-defined]
        self._draw_artists()
        self.canvas.blit(self.canvas.figure.bbox)


class PathLines:
    """One line per run (dots at each step) and a ring at the step reached. The runs are named
    beside the plot, in Qt (plot_stack.py): a legend blitted each frame cost ~6 ms of the
    ~13 ms a frame took, and one in the background costs a full redraw when the runs change."""

    def __init__(self, layer: BlitLayer):
        self.layer = layer
        self.lines: list[Line2D] = []
        self.heads: list[Line2D] = []
        self._paths: list[tuple[np.ndarray, np.ndarray]] = []

    def attach(self, ax: Axes) -> None:
        """Draw on ``ax`` (a new figure): the paths shown before are drawn there again."""
        self.lines, self.heads = [], []
        for run in range(len(RUN_NAMES)):
            color = run_colour(run)
            (line,) = ax.plot([], [], "-o", color=color, lw=1.6, ms=3.0, zorder=6)
            (head,) = ax.plot([], [], "o", color=color, ms=9, mfc="none", mew=2.0, zorder=7)
            self.lines.append(self.layer.track(line))  # type: ignore[arg-type]
            self.heads.append(self.layer.track(head))  # type: ignore[arg-type]
        self._set_data()

    def show(self, paths: Sequence[tuple[np.ndarray, np.ndarray]]) -> None:
        """``paths[i]`` is run i's (xs, ys) up to the step reached; runs not given are hidden."""
        if not paths and not self._paths:
            return  # nothing shown, nothing to show: no blit (this plot may be hidden)
        self._paths = list(paths)
        self._set_data()
        self.layer.refresh()

    def _set_data(self) -> None:
        for i, (line, head) in enumerate(zip(self.lines, self.heads, strict=True)):
            if i < len(self._paths) and len(self._paths[i][0]):
                xs, ys = self._paths[i]
                line.set_data(xs, ys)
                head.set_data(xs[-1:], ys[-1:])
            else:
                line.set_data([], [])
                head.set_data([], [])

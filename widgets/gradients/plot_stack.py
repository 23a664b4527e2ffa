"""The tab's plot area: the stacked curves for f of one input, the contour map for two, and a
line naming the descent runs in their colours.

Importing this module loads matplotlib: build it inside a LazyWidget factory."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from widgets.gradients.colours import run_colour
from widgets.gradients.contour_plot import ContourPlot
from widgets.gradients.plot import GradientPlot


class PlotStack(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.curves = GradientPlot()
        self.contour = ContourPlot()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.curves)
        self.pages.addWidget(self.contour)
        self.runs_label = QLabel()
        self.runs_label.setObjectName("descentRuns")
        # Always there, one line high: showing it or not would resize the canvas, and a resized
        # canvas redraws in full (~60 ms), right as a descent starts to play.
        self.runs_label.setFixedHeight(self.runs_label.fontMetrics().height() + 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.runs_label)
        self._runs: tuple[str, ...] = ()

    def show_inputs(self, count: int) -> None:
        """Show the plot for f of ``count`` inputs."""
        self.pages.setCurrentWidget(self.contour if count == 2 else self.curves)

    def show_runs(self, names: tuple[str, ...]) -> None:
        """Name the descent runs drawn, each in its colour (nothing while none is drawn)."""
        if names == self._runs:
            return  # a label's relayout costs a frame: only on a change
        self._runs = names
        entries = [
            f"<span style='color:{run_colour(run)}'>━●</span> {escape(name)}"
            for run, name in enumerate(names)
        ]
        text = "Descent: " + "&nbsp;&nbsp;&nbsp;".join(entries) if names else ""
        self.runs_label.setText(text)

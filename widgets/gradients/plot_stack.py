"""The tab's plot area: the stacked curves for f of one input, the contour map for two.

Importing this module loads matplotlib: build it inside a LazyWidget factory."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QWidget

from widgets.gradients.contour_plot import ContourPlot
from widgets.gradients.plot import GradientPlot


class PlotStack(QStackedWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.curves = GradientPlot()
        self.contour = ContourPlot()
        self.addWidget(self.curves)
        self.addWidget(self.contour)

    def show_inputs(self, count: int) -> None:
        """Show the plot for f of ``count`` inputs."""
        self.setCurrentWidget(self.contour if count == 2 else self.curves)

"""A matplotlib figure and its navigation toolbar (pan, zoom, save) as one Qt widget.

Importing this module loads matplotlib (~0.5 s): import it inside a LazyWidget factory.
"""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg, NavigationToolbar2QT
from matplotlib.figure import Figure
from PySide6.QtWidgets import QVBoxLayout, QWidget


class PlotCanvas(QWidget):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        toolbar: bool = True,
        figsize: tuple[float, float] = (5.0, 4.0),
    ):
        super().__init__(parent)
        self.figure = Figure(figsize=figsize, layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.toolbar = NavigationToolbar2QT(self.canvas, self) if toolbar else None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        if self.toolbar is not None:
            layout.addWidget(self.toolbar)
        layout.addWidget(self.canvas, 1)

    def draw_idle(self) -> None:
        """Redraw at the next event-loop turn; many calls in one turn cost one draw."""
        self.canvas.draw_idle()

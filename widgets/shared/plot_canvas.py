"""A matplotlib figure and its navigation toolbar (pan, zoom, save) as one Qt widget.

Importing this module loads matplotlib (~0.5 s): import it inside a LazyWidget factory.
"""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg, NavigationToolbar2QT
from matplotlib.figure import Figure
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QToolBar, QVBoxLayout, QWidget


def freeze_icons(toolbar: QToolBar) -> None:
    """Render the toolbar's icons once.

    matplotlib's icon engine reads and renders its SVG file on every paint, in Python; while
    TensorFlow trains on another thread, each of those paints waits for the GIL and a window
    repaint took ~50 ms. Plain pixmap icons paint in C++ with no Python at all."""
    size = toolbar.iconSize()
    ratio = toolbar.devicePixelRatioF() or 1.0
    for action in toolbar.actions():
        icon = action.icon()
        if icon.isNull():
            continue
        frozen = QIcon()
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Disabled, QIcon.Mode.Active):
            for state in (QIcon.State.Off, QIcon.State.On):
                frozen.addPixmap(icon.pixmap(size, ratio, mode, state), mode, state)
        action.setIcon(frozen)


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
        if self.toolbar is not None:
            freeze_icons(self.toolbar)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        if self.toolbar is not None:
            layout.addWidget(self.toolbar)
        layout.addWidget(self.canvas, 1)

    def draw_idle(self) -> None:
        """Redraw at the next event-loop turn; many calls in one turn cost one draw."""
        self.canvas.draw_idle()

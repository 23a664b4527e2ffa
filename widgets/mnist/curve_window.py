"""The training curves in a matplotlib window, for zooming, panning and saving them.

Importing this module loads matplotlib (~0.5 s): the curves import it when the window is first
asked for, never at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from widgets.shared import theme
from widgets.shared.plot_canvas import PlotCanvas

if TYPE_CHECKING:
    from widgets.mnist.curves import TrainingCurves

LABELS = {"": "train", "val_": "validation"}


class CurveWindow(QDialog):
    def __init__(self, curves: TrainingCurves, parent: QWidget | None = None):
        super().__init__(parent or curves)
        self.setWindowTitle("Loss and accuracy")
        self.setAccessibleName("Loss and accuracy plot window")
        self.curves = curves
        self.plot = PlotCanvas(figsize=(8.0, 3.6))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.plot)
        self.resize(900, 420)
        theme.notifier().changed.connect(self._restyle)

    def _restyle(self, _dark: bool) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Draw the curves as they are now, in the theme's colours."""
        figure = self.plot.figure
        figure.clear()
        style = theme.plot_style(theme.is_dark())
        figure.set_facecolor(style["figure.facecolor"])
        for index, metric in enumerate(("loss", "accuracy")):
            axes = figure.add_subplot(1, 2, index + 1)
            axes.set_facecolor(style["axes.facecolor"])
            for prefix, label in LABELS.items():
                xs, ys = self.curves.data[prefix + metric]
                if xs:
                    colour = theme.series_colour(0 if not prefix else 1)
                    fmt = "o-" if prefix else "-"
                    axes.plot(xs, ys, fmt, color=colour, label=label, lw=1.6, ms=4)
            axes.set_xlim(0, self.curves.epochs)
            axes.set_ylim(*self.curves.limits(metric))
            axes.set_xlabel("epoch", color=style["axes.labelcolor"])
            axes.set_title(metric, loc="left", fontsize=10, color=style["text.color"])
            axes.grid(True, color=style["grid.color"])
            axes.tick_params(colors=style["xtick.color"])
            for spine in axes.spines.values():
                spine.set_color(style["axes.edgecolor"])
            if axes.get_lines():
                # Above the plot, beside the title: a legend never covers a curve.
                legend = axes.legend(
                    loc="lower right",
                    bbox_to_anchor=(1.0, 1.0),
                    ncol=2,
                    fontsize=8,
                    frameon=False,
                    borderaxespad=0.2,
                )
                for text in legend.get_texts():
                    text.set_color(style["text.color"])
        self.plot.draw_idle()

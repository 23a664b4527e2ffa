"""The Gradients tab's colours: the colour-blind-safe series (Okabe–Ito, theme.series_colour) for
the curves and the descent runs, the theme's matplotlib colours for the figures, and the two
inks of the contour map.

The curves and the runs use different series entries, so a run drawn on f's panel is never the
colour of a derivative's panel: blue, reddish purple, orange and sky blue for f, f′, f″ and f‴;
vermillion and bluish green for runs A and B (told apart from each other and from cividis's
blue-to-yellow map with every common kind of colour blindness). Importing this module does not
load matplotlib: the figures are passed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QIcon, QPixmap

from widgets.shared import theme

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CURVE_SERIES = (0, 3, 4, 5)
RUN_SERIES = (1, 2)
# The map is cividis in either theme, so its marker and arrow are too: black with a white rim
# reads on its darkest and on its lightest band alike.
MAP_INK = "black"
MAP_RIM = "white"
SWATCH_PX = 12


def curve_colour(k: int) -> str:
    """The colour of f (k = 0) and of its k-th derivative."""
    return theme.series_colour(CURVE_SERIES[k % len(CURVE_SERIES)])


def run_colour(run: int) -> str:
    """The colour of descent run ``run`` (0: A, 1: B), on the plots and beside its name."""
    return theme.series_colour(RUN_SERIES[run % len(RUN_SERIES)])


def swatch(colour: str) -> QIcon:
    """A small square of ``colour``: a run's key where its name is plain text."""
    pixmap = QPixmap(SWATCH_PX, SWATCH_PX)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def muted() -> str:
    """Secondary text (a note in an empty panel), from the palette: '#rrggbb'."""
    return theme.muted_text().name()


def style_figure(figure: Figure, dark: bool) -> dict[str, str]:
    """Give a figure already drawn the theme's colours (matplotlib reads its rcParams only when
    an artist is made): background, frames, ticks and every text. Returns the colours, for the
    artists the plot colours itself."""
    from matplotlib.text import Text

    style = theme.plot_style(dark)
    figure.set_facecolor(style["figure.facecolor"])
    for ax in figure.axes:
        ax.set_facecolor(style["axes.facecolor"])
        for spine in ax.spines.values():
            spine.set_edgecolor(style["axes.edgecolor"])
        for text in ax.findobj(Text):
            text.set_color(style["text.color"])
        ax.xaxis.label.set_color(style["axes.labelcolor"])
        ax.yaxis.label.set_color(style["axes.labelcolor"])
        ax.tick_params(axis="x", colors=style["xtick.color"])
        ax.tick_params(axis="y", colors=style["ytick.color"])
        legend = ax.get_legend()
        if legend is not None:
            legend.get_frame().set_facecolor(style["legend.facecolor"])
            legend.get_frame().set_edgecolor(style["legend.edgecolor"])
    for legend in figure.legends:
        for text in legend.get_texts():
            text.set_color(style["text.color"])
    return style

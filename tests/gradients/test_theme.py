"""The Gradients tab's colours: colour-blind-safe curves and paths (Okabe–Ito), plots and texts
that follow the theme when it switches, and no colour written into the tab's code."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.text import Text
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from engine.gradients.two_inputs import Surface
from widgets.gradients.contour_plot import ContourPlot
from widgets.gradients.plot import GradientPlot
from widgets.shared import theme
from widgets.shared.theme import OKABE_ITO, Theme, apply_theme

PACKAGE = Path(__file__).resolve().parents[2] / "widgets" / "gradients"
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
NAMED = re.compile(r"""["'](white|black|gr[ae]y|red|green|blue)["']""")


@pytest.fixture
def themed():
    """``themed(theme)`` switches the whole application; light again after the test."""
    yield apply_theme
    apply_theme(Theme.LIGHT)


def okabe_ito(colour: str) -> bool:
    return to_hex(colour).lower() in {c.lower() for c in OKABE_ITO} | {"#f0f0f0"}


def test_no_colour_is_written_into_the_tabs_code():
    """Colours come from the palette or theme.series_colour; the map's two inks are named
    once, in colours.py, with the reason."""
    found = {}
    for path in sorted(PACKAGE.glob("*.py")):
        text = path.read_text()
        if path.name == "colours.py":
            text = text.replace('MAP_INK = "black"', "").replace('MAP_RIM = "white"', "")
        hits = HEX.findall(text) + NAMED.findall(text) + re.findall(r"QColor\(\s*[\"']", text)
        if hits:
            found[path.name] = hits
    assert found == {}


def curves_plot(show) -> GradientPlot:
    plot = show(GradientPlot(), size=(700, 600))
    xs = np.linspace(-2.0, 2.0, 50)
    labels = ("$f(x)$", "$f'(x)$", "$f''(x)$", "$f'''(x)$")
    plot.set_curves(xs, [xs**3, 3 * xs**2, 6 * xs, None], labels, "x", none_note="None here")
    plot.set_point(1.0, [1.0, 3.0, 6.0, None])
    plot.paths.show([(xs[:3], xs[:3] ** 3), (xs[:2], xs[:2] ** 3)])
    plot.plot.canvas.draw()
    return plot


def test_curves_and_paths_use_distinct_okabe_ito_colours(qapp, themed, show):
    themed(Theme.LIGHT)
    plot = curves_plot(show)
    curve_colours = [curve.get_color() for curve in plot.curves]
    run_colours = [line.get_color() for line in plot.paths.lines]
    assert all(okabe_ito(c) for c in curve_colours + run_colours)
    assert len({to_hex(c) for c in curve_colours + run_colours}) == 6  # none shared
    for curve, tangent, marker in zip(plot.curves, plot.tangents, plot.markers, strict=True):
        assert tangent.get_color() == marker.get_color() == curve.get_color()


def background(canvas) -> QColor:
    """A pixel of the figure's margin, as painted on screen."""
    return QColor(canvas.grab().toImage().pixel(3, canvas.height() // 2))


def test_the_curves_restyle_when_the_theme_switches(qapp, themed, show):
    themed(Theme.LIGHT)
    plot = curves_plot(show)
    assert background(plot.plot.canvas).lightness() > 200
    for dark in (True, False):
        themed(Theme.DARK if dark else Theme.LIGHT)
        style = theme.plot_style(dark)
        plot.plot.canvas.draw()
        figure = plot.plot.figure
        assert to_hex(figure.get_facecolor()) == style["figure.facecolor"]
        painted = background(plot.plot.canvas)
        assert (painted.lightness() < 60) if dark else (painted.lightness() > 200)
        for ax, marker, text in zip(plot.axes, plot.markers, plot.none_texts, strict=True):
            assert to_hex(ax.get_facecolor()) == style["axes.facecolor"]
            assert to_hex(ax.yaxis.label.get_color()) == style["axes.labelcolor"]
            assert all(
                to_hex(label.get_color()) == style["ytick.color"] for label in ax.get_yticklabels()
            )
            assert to_hex(marker.get_markeredgecolor()) == style["axes.facecolor"]
            assert to_hex(text.get_color()) == theme.muted_text().name()
        assert to_hex(plot.key.get_texts()[0].get_color()) == style["text.color"]
        assert plot.none_texts[3].get_text() == "None here"


def bowl() -> Surface:
    xs = np.linspace(-1.0, 1.0, 40)
    grid_x, grid_y = np.meshgrid(xs, xs)
    f = grid_x**2 + 3 * grid_y**2
    return Surface("x**2 + 3*y**2", ("x", "y"), xs, xs, f, np.stack([2 * grid_x, 6 * grid_y]))


def test_the_map_and_its_colour_key_restyle_when_the_theme_switches(qapp, themed, show):
    themed(Theme.LIGHT)
    plot = show(ContourPlot(), size=(700, 600))
    plot.set_surface(bowl(), "f(x, y) = x**2 + 3*y**2")
    plot.set_point((0.5, 0.5), np.array([1.0, 3.0]))
    for dark in (True, False, True):
        themed(Theme.DARK if dark else Theme.LIGHT)
        style = theme.plot_style(dark)
        plot.plot.canvas.draw()
        painted = background(plot.plot.canvas)
        assert (painted.lightness() < 60) if dark else (painted.lightness() > 200)
        for ax in (plot.axes, plot.bar_axes):
            assert to_hex(ax.yaxis.label.get_color()) == style["axes.labelcolor"]
            assert all(
                to_hex(label.get_color()) == style["ytick.color"] for label in ax.get_yticklabels()
            )
        (title,) = [t for t in plot.axes.findobj(Text) if t.get_text().startswith("f(x, y) =")]
        assert to_hex(title.get_color()) == style["text.color"]
        assert to_hex(plot.arrow_label.get_color()) == to_hex("black")  # on the map: its ink


def muted_in(label) -> bool:
    return label.palette().color(label.foregroundRole()) == theme.muted_text()


def test_the_tabs_texts_take_their_colours_from_the_palette(qapp, qtbot, tab, settle, themed):
    c = tab.controls
    c.constant_radio.setChecked(True)
    c.watch_check.setChecked(False)
    qtbot.waitUntil(lambda: tab.controller.last_point.watch is False, timeout=30_000)
    settle(tab)
    for dark in (True, False):
        themed(Theme.DARK if dark else Theme.LIGHT)
        qapp.processEvents()
        window = QApplication.palette().color(QPalette.ColorRole.Window)
        text = c.about.palette().color(c.about.foregroundRole())
        assert abs(text.lightness() - window.lightness()) > 150  # "How it works" reads
        assert c.about.styleSheet() == "" and muted_in(c.status)
        none_label = c.value_labels[1]
        assert none_label.text() == "None" and none_label.font().italic() and muted_in(none_label)
        assert c.value_labels[0].palette().color(c.value_labels[0].foregroundRole()) == (
            QApplication.palette().color(QPalette.ColorRole.WindowText)
        )
        assert c.why_none.isVisibleTo(tab) and ("#3a2f14" in c.why_none.styleSheet()) == dark
        tree = tab.tape_view.tree
        items = [tree.topLevelItem(1).child(i) for i in range(tree.topLevelItem(1).childCount())]
        unrecorded = [item for item in items if item.text(2) == "not recorded"]
        assert unrecorded
        for item in unrecorded:  # drawn again in the new palette's muted colour
            assert item.foreground(2).color() == theme.muted_text() and item.font(2).italic()
        missing = tree.topLevelItem(0).child(0)
        assert missing.text(0) == "(none)" and missing.font(0).bold()

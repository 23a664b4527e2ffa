"""LazyWidget defers its content to first show; PlotCanvas carries a figure and its toolbar."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from widgets.shared.lazy import LazyWidget


def test_lazy_widget_builds_on_first_show_only(qtbot):
    built = []

    def factory():
        built.append(1)
        return QLabel("heavy")

    lazy = LazyWidget(factory)
    qtbot.addWidget(lazy)
    assert not lazy.is_built and built == []
    lazy.show()
    qtbot.waitExposed(lazy)
    lazy.hide()
    lazy.show()
    assert built == [1]
    assert lazy.content.text() == "heavy"


def test_plot_canvas_draws_and_has_a_toolbar(qtbot):
    from widgets.shared.plot_canvas import PlotCanvas

    plot = PlotCanvas()
    qtbot.addWidget(plot)
    axes = plot.figure.add_subplot()
    (line,) = axes.plot([0, 1, 2], [0, 1, 4])
    plot.canvas.draw()
    assert list(line.get_ydata()) == [0, 1, 4]
    actions = {a.text() for a in plot.toolbar.actions()}
    assert {"Pan", "Zoom", "Save"} <= actions

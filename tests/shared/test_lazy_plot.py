"""LazyWidget builds its content right after its first paint, not before; PlotCanvas carries a
figure and its toolbar."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from widgets.shared.lazy import LazyWidget


def test_lazy_widget_builds_just_after_its_first_paint_and_once(qtbot):
    built = []
    painted = []

    def factory():
        built.append(painted[:])  # what had been painted when it was built
        return QLabel("heavy")

    class Watched(LazyWidget):
        def paintEvent(self, event):  # noqa: N802
            painted.append(1)
            super().paintEvent(event)

    lazy = Watched(factory)
    lazy.resize(200, 100)
    qtbot.addWidget(lazy)
    assert not lazy.is_built and built == []
    lazy.show()
    qtbot.waitUntil(lambda: lazy.is_built)
    assert built == [[1]]  # the window had painted once before the content was built
    lazy.hide()
    lazy.show()
    qtbot.wait(20)
    assert len(built) == 1
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

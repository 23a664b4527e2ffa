"""TrainingCurves on its own, no engine: the points that progress adds, what the plots paint
(every point, legends above the data, the theme's colours), and the limits they show."""

from __future__ import annotations

import math

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from engine.mnist.progress import TrainingProgress
from widgets.mnist.curves import TrainingCurves
from widgets.shared import theme

STEPS = 10


def report(kind, epoch, step, **metrics) -> TrainingProgress:
    return TrainingProgress(
        kind=kind,
        epoch=epoch,
        epochs=3,
        step=step,
        steps=STEPS,
        updates=(epoch - 1) * STEPS + step,
        planned_updates=3 * STEPS,
        elapsed=0.5,
        **metrics,
    )


def test_train_points_lie_within_epochs_and_validation_points_where_measured(qtbot):
    curves = TrainingCurves()
    qtbot.addWidget(curves)
    curves.reset(3)
    curves.add_progress(report("batch", 1, 5, loss=2.0, accuracy=0.3))
    curves.add_progress(
        report("epoch", 1, 10, loss=1.5, accuracy=0.5, val_loss=1.6, val_accuracy=0.45)
    )
    curves.add_progress(report("batch", 2, 5, loss=1.0))  # a metric missing: no point for it
    # Stop cut epoch 2 short at batch 6: its points sit at 1.6, not at the epoch's end.
    curves.add_progress(report("stopped", 2, 6, loss=0.9, accuracy=0.6, val_loss=1.1))
    curves.add_progress(report("diverged", 2, 6, loss=math.nan))  # the run ends: nothing drawn
    assert curves.data["loss"] == ([0.5, 1.0, 1.5, 1.6], [2.0, 1.5, 1.0, 0.9])
    assert curves.data["accuracy"] == ([0.5, 1.0, 1.6], [0.3, 0.5, 0.6])
    assert curves.data["val_loss"] == ([1.0, 1.6], [1.6, 1.1])
    assert curves.data["val_accuracy"] == ([1.0], [0.45])
    curves.reset(5)
    assert all(xs == [] and ys == [] for xs, ys in curves.data.values())
    assert curves.epochs == 5


def test_the_plots_paint_every_point_and_zoom_to_the_run_when_it_ends(qtbot, show, paints_its_data):
    curves = show(TrainingCurves(), size=(800, 360))
    loss, accuracy = curves.panels["loss"], curves.panels["accuracy"]
    curves.reset(3)
    # A normal run stays inside the limits set at the start (the loss starts near ln 10).
    qtbot.waitUntil(lambda: loss.x_max == 3)
    assert loss.y_range == pytest.approx((0.0, math.log(10) * 1.1))
    assert accuracy.y_range == pytest.approx((0.0, 1.01))
    for step in range(1, STEPS + 1):
        curves.add_progress(report("batch", 1, step, loss=2.3 - 0.1 * step, accuracy=0.05 * step))
    qtbot.waitUntil(lambda: paints_its_data(curves), timeout=5_000)
    curves.add_progress(report("epoch", 1, STEPS, loss=1.2, accuracy=0.5, val_loss=1.3))
    qtbot.waitUntil(lambda: paints_its_data(curves), timeout=5_000)
    assert loss.y_range == pytest.approx((0.0, math.log(10) * 1.1))
    # A loss far outside them (a diverging run) grows the axes so it stays in view.
    curves.add_progress(report("batch", 2, 3, loss=40.0))
    qtbot.waitUntil(lambda: loss.y_range[1] >= 40.0 and paints_its_data(curves))
    # After the run both plots zoom to the data, with a margin of 8 % of its span.
    curves.finish()
    losses = curves.data["loss"][1] + curves.data["val_loss"][1]
    low, high = min(losses), max(losses)
    margin = (high - low) * 0.08
    qtbot.waitUntil(lambda: loss.y_range == pytest.approx((low - margin, high + margin)))
    accuracies = curves.data["accuracy"][1]
    margin = (max(accuracies) - min(accuracies)) * 0.08
    expected = (min(accuracies) - margin, max(accuracies) + margin)
    assert accuracy.y_range == pytest.approx(expected)
    qtbot.waitUntil(lambda: paints_its_data(curves), timeout=5_000)


@pytest.mark.parametrize("size", [(900, 300), (420, 220), (300, 200)])
def test_legends_sit_above_the_data_and_list_validation_only_when_there_is_some(
    qtbot, show, size, paints_its_data
):
    curves = show(TrainingCurves(), size=size)
    curves.reset(3)
    curves.add_progress(report("batch", 1, 5, loss=2.0, accuracy=0.3))
    panel = curves.panels["loss"]
    qtbot.waitUntil(lambda: paints_its_data(curves))
    assert [s.label for s in panel.legend_entries()] == ["train"]  # no validation split
    curves.add_progress(report("epoch", 1, 10, loss=1.5, accuracy=0.5, val_loss=1.6))
    assert [s.label for s in panel.legend_entries()] == ["train", "validation"]
    geometry = panel.geometry_for(panel.width(), panel.height())
    assert not geometry.legend.intersects(geometry.plot)
    assert geometry.legend.right() <= panel.width() and geometry.legend.left() >= 0
    assert geometry.plot.height() > 40 and geometry.plot.width() > 40


def test_the_plots_follow_the_theme(qtbot, show):
    curves = show(TrainingCurves(), size=(600, 300))
    panel = curves.panels["accuracy"]
    try:
        for chosen in (theme.Theme.DARK, theme.Theme.LIGHT):
            theme.apply_theme(chosen)
            base = QApplication.palette().color(QPalette.ColorRole.Base)
            qtbot.waitUntil(lambda b=base: panel.grab().toImage().pixelColor(2, 2) == b)
            assert (base.lightness() < 100) == (chosen is theme.Theme.DARK)
    finally:
        theme.apply_theme(theme.Theme.SYSTEM)


def test_zoom_or_save_opens_the_same_curves_in_matplotlib(qtbot, show):
    curves = show(TrainingCurves(), size=(600, 300))
    curves.reset(2)
    curves.add_progress(report("batch", 1, 5, loss=2.0, accuracy=0.3))
    curves.add_progress(report("epoch", 1, 10, loss=1.5, accuracy=0.5, val_loss=1.6))
    curves.finish()
    curves.zoom_button.click()
    window = curves.plot_window
    qtbot.waitExposed(window)
    loss_axes, accuracy_axes = window.plot.figure.axes
    drawn = [(list(line.get_xdata()), list(line.get_ydata())) for line in loss_axes.get_lines()]
    assert drawn == [curves.data["loss"], curves.data["val_loss"]]
    assert [line.get_label() for line in accuracy_axes.get_lines()] == ["train"]  # no val_acc
    assert loss_axes.get_ylim() == pytest.approx(curves.limits("loss"))
    # The legend sits above the plot: it covers no curve.
    window.plot.canvas.draw()
    renderer = window.plot.figure.canvas.get_renderer()
    legend = loss_axes.get_legend().get_window_extent(renderer)
    assert legend.y0 >= loss_axes.get_window_extent(renderer).y1 - 1
    panel = curves.panels["loss"]
    qtbot.waitUntil(lambda: "validation 1.6000 at epoch 1.00" in panel.accessibleDescription())
    window.close()


def test_a_marker_label_is_shown_whole_beside_its_line(qtbot):
    """Right of the line on one line or two, else left of it: "learning rate 0.0005" is never cut
    short where the plot has room for it on either side."""
    from PySide6.QtCore import QRectF

    from widgets.mnist.curve_panel import CurvePanel, _marker_label

    panel = CurvePanel("loss", [])
    qtbot.addWidget(panel)
    metrics, label = panel.fontMetrics(), "learning rate 0.0005"
    plot = QRectF(40, 20, 300, 200)
    wide = metrics.horizontalAdvance(label)
    for x in (60.0, 340 - wide + 10, 330.0):  # room on the right, on two lines, on the left only
        rect, _align, text = _marker_label(label, x, plot, metrics)
        assert text.replace("\n", " ") == label
        assert plot.left() <= rect.left() and rect.right() <= plot.right() + 1
        assert all(metrics.horizontalAdvance(part) <= rect.width() for part in text.split("\n"))
    assert "\n" in _marker_label(label, 340 - wide + 10, plot, metrics)[2]
    assert _marker_label(label, 330.0, plot, metrics)[0].right() < 330
    narrow = QRectF(40, 20, 2 * metrics.horizontalAdvance("learning") + 20, 200)
    rect, _align, text = _marker_label(label, narrow.center().x(), narrow, metrics)
    assert text == "learning\nrate\n0.0005" and narrow.contains(rect.topLeft())

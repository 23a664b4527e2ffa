"""TrainingCurves on its own, no engine: the points that progress adds, and what the plots draw."""

from __future__ import annotations

import math

import pytest

from engine.mnist.progress import TrainingProgress
from widgets.mnist.curves import TrainingCurves

SERIES = ("loss", "val_loss", "accuracy", "val_accuracy")  # the lines, as the plots hold them
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


def drawn_lines(curves: TrainingCurves) -> list[tuple[list[float], list[float]]]:
    figure = curves.lazy.content.figure
    return [
        (list(line.get_xdata()), list(line.get_ydata()))
        for axes in figure.axes
        for line in axes.get_lines()
    ]


def shows_its_data(curves: TrainingCurves) -> bool:
    return drawn_lines(curves) == [curves.data[key] for key in SERIES]


def test_train_points_lie_within_epochs_and_validation_points_at_their_ends(qtbot):
    curves = TrainingCurves()
    qtbot.addWidget(curves)
    curves.reset(3)
    curves.add_progress(report("batch", 1, 5, loss=2.0, accuracy=0.3))
    curves.add_progress(
        report("epoch", 1, 10, loss=1.5, accuracy=0.5, val_loss=1.6, val_accuracy=0.45)
    )
    curves.add_progress(report("batch", 2, 5, loss=1.0))  # a metric missing: no point for it
    curves.add_progress(report("diverged", 2, 6, loss=math.nan))  # the run ends: nothing drawn
    assert curves.data["loss"] == ([0.5, 1.0, 1.5], [2.0, 1.5, 1.0])
    assert curves.data["accuracy"] == ([0.5, 1.0], [0.3, 0.5])
    assert curves.data["val_loss"] == ([1], [1.6])
    assert curves.data["val_accuracy"] == ([1], [0.45])
    curves.reset(5)
    assert all(xs == [] and ys == [] for xs, ys in curves.data.values())
    assert curves.epochs == 5


def test_the_plots_draw_every_point_and_zoom_to_the_run_when_it_ends(qtbot, show):
    curves = show(TrainingCurves(), size=(800, 360))
    qtbot.waitUntil(lambda: curves.lazy.is_built)
    loss_axes, accuracy_axes = curves.lazy.content.figure.axes
    curves.reset(3)
    assert loss_axes.get_xlim() == (0.0, 3.0)
    # A normal run stays inside the limits set at the start (the loss starts near ln 10).
    assert loss_axes.get_ylim() == pytest.approx((0.0, math.log(10) * 1.1))
    assert accuracy_axes.get_ylim() == pytest.approx((0.0, 1.01))
    for step in range(1, STEPS + 1):
        curves.add_progress(report("batch", 1, step, loss=2.3 - 0.1 * step, accuracy=0.05 * step))
    qtbot.waitUntil(lambda: shows_its_data(curves), timeout=5_000)
    curves.add_progress(report("epoch", 1, STEPS, loss=1.2, accuracy=0.5, val_loss=1.3))
    qtbot.waitUntil(lambda: shows_its_data(curves), timeout=5_000)
    assert loss_axes.get_ylim() == pytest.approx((0.0, math.log(10) * 1.1))
    # A loss far outside them (a diverging run) grows the axes so it stays in view.
    curves.add_progress(report("batch", 2, 3, loss=40.0))
    qtbot.waitUntil(lambda: shows_its_data(curves) and loss_axes.get_ylim()[1] >= 40.0)
    # After the run both plots zoom to the data, with a margin of 8 % of its span.
    curves.finish()
    losses = curves.data["loss"][1] + curves.data["val_loss"][1]
    low, high = min(losses), max(losses)
    margin = (high - low) * 0.08
    qtbot.waitUntil(lambda: loss_axes.get_ylim() == pytest.approx((low - margin, high + margin)))
    accuracies = curves.data["accuracy"][1]
    margin = (max(accuracies) - min(accuracies)) * 0.08
    expected = (min(accuracies) - margin, max(accuracies) + margin)
    assert accuracy_axes.get_ylim() == pytest.approx(expected)
    assert shows_its_data(curves)

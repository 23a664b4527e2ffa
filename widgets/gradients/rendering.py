"""Results into the plots: the curves or the contour map, the point on them, and the descent
paths. The view calls these once the plots exist (they are built on first show)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from engine.gradients.derivatives import GradientResult
from engine.gradients.two_inputs import PointResult, Surface
from widgets.gradients.descent_controller import DescentFrame
from widgets.gradients.descent_inputs import RUN_NAMES
from widgets.gradients.inputs import PHYSICS_LABELS, curve_labels, plot_labels

if TYPE_CHECKING:
    from widgets.gradients.plot_stack import PlotStack


def curve_notes(result: GradientResult | Surface) -> list[str]:
    """What is undefined over the plotted range, in words."""
    if isinstance(result, GradientResult):
        return result.notes
    undefined = int(np.count_nonzero(~np.isfinite(result.f)))
    return [f"f is undefined at {undefined:,} of {result.f.size:,} points"] if undefined else []


def draw_curves(plots: PlotStack, result: GradientResult | Surface) -> None:
    """Show the plot for ``result``: the contour map of a Surface, or the stacked curves."""
    if isinstance(result, Surface):
        plots.show_inputs(2)
        title = f"f({', '.join(result.variables)}) = {result.expression}"
        plots.contour.set_surface(result, title)
        return
    plots.show_inputs(1)
    labels = curve_labels(result.expression, result.variable, result.order)
    physics = labels[0] == PHYSICS_LABELS[0]
    kind = "tf.Variable" if result.source == "variable" else "tf.constant"
    if result.source == "constant":
        kind += " + watch()" if result.watch else ", not watched"
    plots.curves.set_curves(
        result.at,
        result.values,
        plot_labels(labels, result.variable),
        f"time {result.variable} (s)" if physics else result.variable,
        title=f"f({result.variable}) = {result.expression}    [{kind}, {result.dtype}]",
        none_note="tape.gradient returned None\n(unwatched tf.constant)",
    )


def place_marker(
    plots: PlotStack, curves: GradientResult | Surface, point: GradientResult | PointResult
) -> None:
    """The point (with its tangents, or its gradient arrow) on the plot it belongs to."""
    if isinstance(point, PointResult):
        if isinstance(curves, Surface) and point.expression == curves.expression:
            gradient = point.values[1] if len(point.values) > 1 else None
            x0, y0 = (float(v) for v in point.at)
            plots.contour.set_point((x0, y0), gradient)
    elif isinstance(curves, GradientResult) and point.order == curves.order:
        values = [None if v is None else float(v) for v in point.values]
        plots.curves.set_point(float(point.at), values)


def draw_paths(plots: PlotStack, frame: DescentFrame) -> None:
    """Each run up to the step reached: on f's curve for one input, on the map for two."""
    runs = frame.plan.runs if frame.plan is not None else ()
    labels = tuple(f"{n}: {run.title()}" for n, run in zip(RUN_NAMES, runs, strict=False))
    flat: list[tuple[np.ndarray, np.ndarray]] = []
    on_map: list[tuple[np.ndarray, np.ndarray]] = []
    for i, result in enumerate(frame.results):
        k = frame.shown_steps(i) + 1
        if len(result.variables) == 2:
            on_map.append((result.path[:k, 0], result.path[:k, 1]))
        else:
            flat.append((result.path[:k, 0], result.values[:k]))
    plots.curves.paths.show(flat)
    plots.contour.paths.show(on_map)
    plots.show_runs(labels[: len(frame.results)])

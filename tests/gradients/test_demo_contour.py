"""The extra demo state for the screenshots (scripts/demo_states.py) leaves two descents played
to their end on Rosenbrock's map."""

from __future__ import annotations

from demo_states import EXTRA_STATES, gradients_contour


def test_the_contour_demo_plays_two_runs_to_the_end(tab, settle):
    assert EXTRA_STATES["gradients-contour"] == ("Gradients", gradients_contour)
    gradients_contour(tab)
    settle(tab)
    frame = tab.controller.descent.frame
    assert frame.finished and len(frame.results) == 2
    assert frame.plan.start == (-1.2, 1.0)
    for line, result in zip(tab.contour.paths.lines, frame.results, strict=True):
        assert len(line.get_xdata()) == len(result.path) == 301
    assert tab.plots.pages.currentWidget() is tab.contour

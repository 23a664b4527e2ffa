"""f of two inputs through the tab, as a user drives it: the contour map with the gradient arrow,
∂f/∂x, ∂f/∂y and the Hessian, dragging on the map, and bad input refused by its field."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from engine.gradients.two_inputs import PointResult, Surface
from widgets.gradients.inputs import PRESETS
from widgets.shared.message_line import Severity

WAIT_MS = 30_000
ROSENBROCK = next(p for p in PRESETS if p.title == "Rosenbrock")


def type_point(tab, x: str, y: str) -> None:
    tab.controls.point_edit.setText(x)
    tab.controls.point_y_edit.setText(y)
    tab.recompute()


def wait_point(qtbot, tab, at: tuple[float, float], expression: str | None = None) -> PointResult:
    def arrived() -> bool:
        point = tab.controller.last_point
        return (
            isinstance(point, PointResult)
            and tuple(point.at) == at
            and (expression is None or point.expression == expression)
        )

    qtbot.waitUntil(arrived, timeout=WAIT_MS)
    return tab.controller.last_point


def open_rosenbrock(qtbot, tab, settle) -> None:
    qtbot.mouseClick(
        tab.controls.preset_buttons[PRESETS.index(ROSENBROCK)], Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: isinstance(tab.controller.last_curves, Surface), timeout=WAIT_MS)
    settle(tab)


def test_rosenbrock_at_its_minimum_shows_a_zero_gradient_and_the_hessian(
    qtbot, tab, settle, shown_values
):
    open_rosenbrock(qtbot, tab, settle)
    c = tab.controls
    assert c.expression_label.text() == "f(x, y) ="
    assert c.point_label.text() == "x₀ =" and c.point_y_label.text() == "y₀ ="
    assert c.point_y_edit.isVisibleTo(tab) and c.low_y_edit.isVisibleTo(tab)
    assert not c.slider.isVisibleTo(tab)  # the map is where the point moves
    assert not c.order_buttons[3].isEnabled()  # the engine stops at the Hessian
    assert tab.plots.pages.currentWidget() is tab.contour

    type_point(tab, "1", "1")
    wait_point(qtbot, tab, (1.0, 1.0))
    settle(tab)
    assert shown_values(tab) == ["0.0", "0.0", "0.0", "[[802.0, -400.0],\n [-400.0, 200.0]]"]
    names = [label.text() for label in c.value_names if label.isVisibleTo(tab)]
    assert names == ["f(x, y):", "∂f/∂x:", "∂f/∂y:", "Hessian:"]
    contour = tab.contour
    assert list(contour.marker.get_xdata()) == [1.0] and list(contour.marker.get_ydata()) == [1.0]
    assert not contour.arrow.get_visible()  # a zero gradient has no direction to draw
    assert "outer.gradient(df_dx, [x, y]" in tab.code_pane.code()
    assert [row[1] for row in tab.tape_view.rows()][-2:] == [
        "outer.gradient(df_dx, [x, y])",
        "outer.gradient(df_dy, [x, y])",
    ]


def test_the_arrow_points_along_the_gradient_on_a_contour_map(qtbot, tab, settle, shown_values):
    open_rosenbrock(qtbot, tab, settle)  # the preset's point is (-1.2, 1)
    point = wait_point(qtbot, tab, (-1.2, 1.0))
    gradient = point.values[1]
    np.testing.assert_allclose(gradient, [-215.6, -88.0], rtol=1e-12)
    assert shown_values(tab)[1:3] == [repr(float(gradient[0])), repr(float(gradient[1]))]
    contour = tab.contour
    assert contour.arrow.get_visible() and contour.arrow_label.get_text() == "∇f"
    (x0, y0), (x1, y1) = contour.arrow._posA_posB
    assert (x0, y0) == (-1.2, 1.0)
    direction = np.array([x1 - x0, y1 - y0])
    cosine = direction @ gradient / (np.linalg.norm(direction) * np.linalg.norm(gradient))
    assert cosine == pytest.approx(1.0, abs=1e-12)  # along ∇f, uphill
    surface = tab.controller.last_curves
    assert surface.f.shape == (200, 200) and tab.contour.axes.collections  # filled levels
    assert tab.contour.axes.get_xlim() == (-2.0, 2.0) and tab.contour.axes.get_ylim() == (-1, 3)


def test_a_quadratic_has_the_calculus_values(qtbot, tab, settle, shown_values):
    tab.controls.expression_edit.setText("x**2 + 3*x*y")
    tab.controls.low_y_edit.setText("-3")
    tab.controls.high_y_edit.setText("3")
    type_point(tab, "1", "2")
    wait_point(qtbot, tab, (1.0, 2.0), "x**2 + 3*x*y")
    settle(tab)
    assert shown_values(tab) == ["7.0", "8.0", "3.0", "[[2.0, 3.0],\n [3.0, 0.0]]"]
    tab.controls.order_buttons[1].setChecked(True)
    qtbot.waitUntil(lambda: len(tab.controller.last_point.values) == 2, timeout=WAIT_MS)
    assert shown_values(tab) == ["7.0", "8.0", "3.0"]


def test_an_unwatched_constant_gives_none_for_the_gradient_and_hessian(
    qtbot, tab, settle, shown_values
):
    open_rosenbrock(qtbot, tab, settle)
    tab.controls.constant_radio.setChecked(True)
    tab.controls.watch_check.setChecked(False)
    qtbot.waitUntil(lambda: tab.controller.last_point.watch is False, timeout=WAIT_MS)
    settle(tab)
    assert shown_values(tab) == ["24.199999999999996", "None", "None", "None"]
    assert "no tape watches" in tab.controls.why_none.text()
    assert not tab.contour.arrow.get_visible()
    assert all(row[2] == "None" for row in tab.tape_view.rows()[-3:])


def test_dragging_on_the_map_moves_both_coordinates(qtbot, tab, settle, shown_values):
    from matplotlib.backend_bases import MouseEvent

    open_rosenbrock(qtbot, tab, settle)
    contour = tab.contour
    canvas = contour.plot.canvas
    canvas.draw()
    for kind, (x, y) in (
        ("button_press_event", (0.0, 0.0)),
        ("motion_notify_event", (0.5, 1.5)),
        ("button_release_event", (0.5, 1.5)),
    ):
        px, py = contour.axes.transData.transform((x, y))
        MouseEvent(kind, canvas, px, py, button=1)._process()
    x0, y0 = float(tab.controls.point_edit.text()), float(tab.controls.point_y_edit.text())
    assert (x0, y0) == pytest.approx((0.5, 1.5), abs=0.01)
    point = wait_point(qtbot, tab, (x0, y0))
    settle(tab)
    np.testing.assert_allclose(
        point.values[1], [-2 * (1 - x0) - 400 * x0 * (y0 - x0**2), 200 * (y0 - x0**2)], rtol=1e-12
    )
    assert list(contour.marker.get_xdata()) == [x0]


def test_bad_input_is_refused_by_its_field_and_the_map_stays(qtbot, tab, settle, shown_values):
    open_rosenbrock(qtbot, tab, settle)
    surface, values = tab.controller.last_curves, shown_values(tab)
    c = tab.controls
    c.expression_edit.setText("x + y + z")
    tab.recompute()
    assert c.expression_message.severity is Severity.ERROR
    assert "at most 2 variables: found 'x', 'y', 'z' (column 9)" in c.expression_message.text()
    c.expression_edit.setText(ROSENBROCK.expression)
    c.point_y_edit.setText("up")
    c.low_y_edit.setText("3")
    tab.recompute()
    assert c.point_y_message.severity is Severity.ERROR
    assert "y₀: 'up' is not a number" in c.point_y_message.text()
    assert "y range start must be smaller" in c.range_y_message.text()
    assert c.expression_message.severity is None
    assert not tab.controller.busy  # nothing was sent
    assert tab.controller.last_curves is surface and shown_values(tab) == values
    assert tab.contour.surface is surface

    c.expression_edit.setText("sqrt(x) + y")  # undefined left of x = 0: blank on the map
    c.point_y_edit.setText("1")
    c.low_y_edit.setText("-1")
    tab.recompute()
    qtbot.waitUntil(lambda: tab.controller.last_curves.expression == "sqrt(x) + y", timeout=WAIT_MS)
    settle(tab)
    assert c.expression_message.severity is Severity.WARNING
    assert "f is undefined at 20,000 of 40,000 points" in c.expression_message.text()

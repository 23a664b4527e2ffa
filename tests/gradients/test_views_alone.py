"""The tab's reusable pieces on their own, with made-up results and no engine: the field checks,
the contour map, the descent table, panel and controls."""

from __future__ import annotations

import numpy as np
import pytest

from engine.gradients.descent import DescentResult
from engine.gradients.two_inputs import Surface
from widgets.gradients.descent_controller import DescentFrame
from widgets.gradients.descent_controls import DescentControls
from widgets.gradients.descent_inputs import DescentPlan, RunForm, RunSettings, check_run
from widgets.gradients.descent_panel import DescentPanel
from widgets.gradients.descent_table import DescentTableModel
from widgets.gradients.inputs import FormText, validate
from widgets.shared.message_line import Severity


def made_up_run(steps: int = 4, stopped: str | None = None, notes=()) -> DescentResult:
    path = np.array([[3.0 * 0.5**k, 1.0 - k] for k in range(steps + 1)])
    return DescentResult(
        expression="x**2 + y",
        variables=("x", "y"),
        optimizer="sgd",
        learning_rate=0.25,
        momentum=0.0,
        steps=steps,
        path=path,
        values=path[:, 0] ** 2 + path[:, 1],
        gradients=np.stack([2 * path[:, 0], np.ones(steps + 1)], axis=1),
        stopped=stopped,
        code="# the loop\n",
        notes=list(notes),
    )


def made_up_frame(results, revealed: int, playing: bool = False) -> DescentFrame:
    runs = tuple(RunSettings("sgd", 0.25, 0.0, len(r.path) - 1) for r in results)
    plan = DescentPlan("x**2 + y", ("x", "y"), (3.0, 1.0), runs)
    return DescentFrame(plan, tuple(results), revealed, playing)


# --- the fields, without Qt ---------------------------------------------------------------------
def form(expression: str, **fields: str) -> FormText:
    values = {"point": "1", "low": "-2", "high": "2", "point_y": "1", "low_y": "-1", "high_y": "3"}
    values.update(fields)
    return FormText(
        expression,
        values["point"],
        values["low"],
        values["high"],
        3,
        "variable",
        True,
        values["point_y"],
        values["low_y"],
        values["high_y"],
    )


def test_two_variables_read_both_points_and_ranges():
    checked = validate(form("(1-x)**2 + 100*(y-x**2)**2", point="-1.2"))
    inputs = checked.inputs
    assert inputs is not None and inputs.variables == ("x", "y") and inputs.two_inputs
    assert inputs.start == (-1.2, 1.0) and inputs.order == 2  # the Hessian is the most
    xs, ys = inputs.grid()
    assert xs.shape == ys.shape == (200,) and (xs[0], xs[-1], ys[0], ys[-1]) == (-2, 2, -1, 3)
    one = validate(form("sin(x)", point_y="not even read")).inputs
    assert one is not None and one.start == (1.0,) and one.order == 3


def test_two_variable_fields_are_checked_one_by_one():
    checked = validate(form("x*y", point_y="", low_y="2", high_y="1"))
    assert checked.inputs is None
    assert checked.errors == {
        "point_y": "y₀: '' is not a number",
        "range_y": "the y range start must be smaller than its end",
    }
    outside = validate(form("x*y", point_y="7"))
    assert outside.inputs is not None
    assert outside.notes == {"point_y": "y₀ = 7 lies outside the plotted range"}
    assert "at most 2 variables" in validate(form("x*y*z")).errors["expression"]


@pytest.mark.parametrize(
    ("run", "errors"),
    [
        (RunForm("sgd", "0.1", "0.9", "100"), {}),
        (RunForm("adam", "0.1", "junk", "100"), {}),  # momentum is not Adam's: not read
        (RunForm("sgd", "0", "0", "5"), {"learning_rate": "greater than 0"}),
        (RunForm("sgd", "abc", "0", "5"), {"learning_rate": "'abc' is not a number"}),
        (RunForm("sgd", "inf", "0", "5"), {"learning_rate": "must be a number"}),
        (RunForm("sgd", "500", "0", "5"), {"learning_rate": "only diverges"}),
        (RunForm("sgd", "0.1", "-0.5", "5"), {"momentum": "at least 0 and below 1"}),
        (RunForm("rmsprop", "0.1", "0", "0"), {"steps": "from 1 to 10,000"}),
        (RunForm("rmsprop", "0.1", "0", "1e3"), {"steps": "not a whole number"}),
        (
            RunForm("sgd", "-1", "2", "20000"),
            {"learning_rate": "greater than 0", "momentum": "below 1", "steps": "from 1 to"},
        ),
    ],
)
def test_each_run_field_gets_its_own_message(run, errors):
    check = check_run(run)
    assert check.errors.keys() == errors.keys()
    for field, words in errors.items():
        assert words in check.errors[field]
    assert (check.settings is None) == bool(errors)


# --- the contour map ----------------------------------------------------------------------------
def bowl(xs: np.ndarray, ys: np.ndarray, text: str = "x**2 + y**2") -> Surface:
    gx, gy = np.meshgrid(xs, ys)
    f = gx**2 + gy**2
    return Surface(text, ("x", "y"), xs, ys, f, np.stack([2 * gx, 2 * gy]))


def test_contour_levels_follow_the_shape_of_f():
    from widgets.gradients.contour_plot import contour_levels

    xs = np.linspace(-2, 2, 50)
    even = contour_levels(bowl(xs, xs).f)
    assert np.allclose(np.diff(even), np.diff(even)[0])  # a bowl: evenly spaced
    gx, gy = np.meshgrid(xs, np.linspace(-1, 3, 50))
    valley = contour_levels((1 - gx) ** 2 + 100 * (gy - gx**2) ** 2)
    assert valley[0] == valley.min()  # the minimum itself, then geometric steps above it
    steps = np.diff(valley)[1:]
    ratios = steps[1:] / steps[:-1]
    assert np.allclose(ratios, ratios[0]) and ratios[0] > 1.5
    assert contour_levels(np.full((3, 3), 2.0)) is None
    assert contour_levels(np.full((3, 3), np.nan)) is None


def test_the_map_draws_the_point_and_arrow_and_reports_drags(qtbot, show):
    from matplotlib.backend_bases import MouseEvent

    from widgets.gradients.contour_plot import ContourPlot, arrow_tip

    plot = show(ContourPlot(), size=(700, 500))
    xs = np.linspace(-2, 2, 40)
    plot.set_surface(bowl(xs, np.linspace(-1, 1, 30)), "f(x, y) = x**2 + y**2")
    key = [label.get_text() for label in plot.bar_axes.get_yticklabels()]
    assert key[-1] == "5" and len(key) == 7  # f's largest value tops the colour key
    assert plot.bar_axes.get_ylabel() == "f(x, y)"
    plot.set_point((1.0, 0.5), np.array([2.0, 1.0]))
    assert plot.arrow.get_visible()
    tip = arrow_tip((1.0, 0.5), np.array([2.0, 1.0]), (4.0, 2.0))
    assert plot.arrow._posA_posB == [(1.0, 0.5), tip]
    assert tip[0] > 1.0 and tip[1] > 0.5  # uphill, away from the bowl's bottom
    plot.move_marker((0.0, 0.0))  # while dragging: the arrow waits for the exact gradient
    assert not plot.arrow.get_visible() and list(plot.marker.get_xdata()) == [0.0]
    assert arrow_tip((0.0, 0.0), np.zeros(2), (4.0, 2.0)) is None

    dragged: list[tuple[float, float]] = []
    plot.point_dragged.connect(lambda x, y: dragged.append((x, y)))
    plot.plot.canvas.draw()
    for kind, point in (("button_press_event", (-1.0, 0.2)), ("button_release_event", (0.5, -0.5))):
        px, py = plot.axes.transData.transform(point)
        MouseEvent(kind, plot.plot.canvas, px, py, button=1)._process()
    assert np.allclose(dragged, [(-1.0, 0.2), (0.5, -0.5)])

    plot.paths.show([(np.array([1.0, 0.5]), np.array([0.5, 0.25]))])
    assert list(plot.paths.heads[0].get_xdata()) == [0.5]
    assert list(plot.paths.lines[1].get_xdata()) == []  # no second run
    plot.set_surface(bowl(xs, xs), "again")  # a new map keeps the point and the path
    assert list(plot.paths.lines[0].get_xdata()) == [1.0, 0.5]
    assert list(plot.marker.get_xdata()) == [0.0]


# --- the descent's table, panel and controls ----------------------------------------------------
def test_the_table_reveals_rows_without_a_reset(qtbot):
    model = DescentTableModel()
    resets, inserted = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    run = made_up_run()
    model.show(run, 1)
    assert model.rowCount() == 2 and model.columnCount() == 6 and resets == [1]
    model.show(run, 3)
    assert model.rowCount() == 4 and inserted == [(2, 3)] and resets == [1]
    assert [model.index(3, c).data() for c in range(6)] == [
        "3",
        "0.375",
        "-2",
        "-1.85938",
        "0.75",
        "1",
    ]
    assert model.index(3, 3).data(3) == repr(0.375**2 - 2)  # the tooltip: full precision
    model.show(run, 9)  # past the end: all there is
    assert model.rowCount() == 5
    model.show(None, 0)
    assert model.rowCount() == 0


def test_the_panel_shows_one_run_at_a_time(qtbot, show):
    panel = show(DescentPanel(), size=(800, 300))
    assert panel.hint.isVisibleTo(panel) and not panel.runs.isVisibleTo(panel)
    a, b = made_up_run(4), made_up_run(2)
    b.code = "# run b\n"
    panel.show_frame(made_up_frame([a, b], revealed=3))
    assert panel.runs.count() == 2 and not panel.hint.isVisibleTo(panel)
    assert panel.model.rowCount() == 4
    # Stopped at step 3 of 4: the loop stops where the table does.
    code = panel.code_pane.code()
    assert "for step in range(3 + 1):" in code and "steps 0 to 3 of the 4" in code
    panel.show_frame(made_up_frame([a, b], revealed=3, playing=True))
    assert panel.code_pane.code() == "# the loop\n"  # the whole run's while it plays
    panel.show_frame(made_up_frame([a, b], revealed=4))
    assert panel.code_pane.code() == "# the loop\n"  # at its end: the whole run's
    panel.runs.setCurrentIndex(1)
    assert panel.model.rowCount() == 3 and panel.code_pane.code() == "# run b\n"  # b ended
    panel.show_frame(DescentFrame(None, (), 0, False))
    assert panel.model.rowCount() == 0 and panel.hint.isVisibleTo(panel)


def test_the_controls_show_the_step_and_the_notes(qtbot, show):
    controls = show(DescentControls(), size=(380, 400))
    stopped = made_up_run(2, stopped="diverged at step 3: f became inf")
    wavy = made_up_run(4, notes=["It oscillates along x: 80% of the steps reverse direction."])
    controls.show_frame(made_up_frame([stopped, wavy], revealed=1, playing=True), waiting=False)
    assert controls.progress.text() == "Step 1 of 4"
    assert controls.pause_button.isEnabled() and not controls.play_button.isEnabled()
    assert all(line.severity is None for line in controls.notes)  # no run has ended yet
    controls.show_frame(made_up_frame([stopped, wavy], revealed=2), waiting=False)
    assert controls.notes[0].severity is Severity.WARNING
    assert controls.notes[0].text() == "Run A stopped: diverged at step 3: f became inf"
    assert controls.notes[1].severity is None
    controls.show_frame(made_up_frame([stopped, wavy], revealed=4), waiting=False)
    assert controls.notes[1].text().startswith("Run B: It oscillates along x")
    assert not controls.step_button.isEnabled()
    controls.show_frame(DescentFrame(None, (), 0, False), waiting=True)
    assert controls.progress.text() == "Computing the path…"
    assert controls.run_forms() == (controls.run_a.form(),)
    controls.compare_check.setChecked(True)
    assert len(controls.run_forms()) == 2 and controls.run_b.learning_rate.isEnabled()

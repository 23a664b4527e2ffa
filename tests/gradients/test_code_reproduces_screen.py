"""Every pane's code reproduces the screen: for a set of states reached as a user would (moving
the point, changing the order and the source, playing descents, clicking "Why None?" cases),
the code each pane shows runs in a fresh Python, offline, and prints exactly what the tab shows
at that moment: the values box, the Hessian, the step table's last row, the case's output."""

from __future__ import annotations

import json

import numpy as np
from fresh_python import run_python
from PySide6.QtCore import Qt

from engine.gradients.derivatives import GradientResult
from engine.gradients.two_inputs import PointResult
from widgets.gradients.controls import matrix_text, value_text
from widgets.gradients.descent_inputs import RunForm
from widgets.gradients.inputs import PRESETS

WAIT_MS = 30_000
SEPARATOR = "=====\n"
ONE_INPUT = "sin(x) * x**2"
XY_PRESET = next(p for p in PRESETS if p.title == "x² + 3xy")
ROSENBROCK = next(p for p in PRESETS if p.title == "Rosenbrock")


def run_all(codes: list[str]) -> list[str]:
    """Each program's output, all run one after the other in one fresh Python."""
    script = f"\nprint({SEPARATOR!r}, end='')\n".join(codes)
    done = run_python("-c", script, env={"NO_PROXY": "*", "HTTPS_PROXY": "http://0.0.0.0:9"})
    assert done.returncode == 0, done.stderr
    outputs = done.stdout.split(SEPARATOR)
    assert len(outputs) == len(codes)
    return outputs


def printed(output: str) -> dict[str, str]:
    """``name = value`` lines, as the code prints them."""
    return dict(line.split(" = ", 1) for line in output.splitlines() if " = " in line)


def number_text(text: str) -> str:
    """A printed value as the values box shows it."""
    return "None" if text == "None" else value_text(float(text))


def shown_values(tab) -> list[str]:
    return [label.text() for label in tab.controls.value_labels if label.isVisibleTo(tab)]


def wait_point(qtbot, tab, settle, **wanted: object):
    """Until the point result on screen is the one asked for (each attribute as given)."""

    def arrived() -> bool:
        point = tab.controller.last_point
        if point is None:
            return False
        for name, value in wanted.items():
            got = getattr(point, name)
            if isinstance(got, np.ndarray):
                if not np.array_equal(got, value):
                    return False
            elif got != value:
                return False
        return True

    qtbot.waitUntil(arrived, timeout=WAIT_MS)
    settle(tab)
    return tab.controller.last_point


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# --- one input: every order and source ---------------------------------------------------------
SOURCES = (("variable", True), ("constant", True), ("constant", False))


def test_one_input_every_order_and_source_prints_the_values_box(qtbot, tab, settle):
    c = tab.controls
    c.expression_edit.setText(ONE_INPUT)
    tab.recompute()
    states = []
    for order in (1, 2, 3):
        click(qtbot, c.order_buttons[order])
        for source, watch in SOURCES:
            click(qtbot, c.constant_radio if source == "constant" else c.variable_radio)
            if source == "constant" and c.watch_check.isChecked() != watch:
                click(qtbot, c.watch_check)
            at = 0.25 * len(states) - 1.0  # a new point for each state: the slider moves it
            tab.set_point(at)
            point = wait_point(
                qtbot, tab, settle, expression=ONE_INPUT, order=order, source=source, watch=watch
            )
            assert isinstance(point, GradientResult) and float(point.at) == at
            states.append((order, watch, tab.code_pane.code(), shown_values(tab)))
    outputs = run_all([code for _, _, code, _ in states])
    for (order, watch, _, shown), output in zip(states, outputs, strict=True):
        values = list(printed(output).values())
        assert len(values) == order + 1 == len(shown)
        assert [number_text(v) for v in values] == shown, (order, watch, output)
        assert ("None" in shown) == (not watch)


def test_the_falling_body_prints_what_its_labels_show(qtbot, tab, settle):
    click(qtbot, tab.controls.preset_buttons[1])
    click(qtbot, tab.controls.order_buttons[3])
    wait_point(qtbot, tab, settle, expression="4.9*t**2", order=3)
    assert shown_values(tab) == ["19.6", "19.6", "9.8", "0.0"]
    (output,) = run_all([tab.code_pane.code()])
    assert printed(output) == {"f": "19.6", "df_dt": "19.6", "d2f_dt2": "9.8", "d3f_dt3": "0.0"}


# --- two inputs: order 1 and 2 -----------------------------------------------------------------
def matrix_of(text: str) -> object:
    return json.loads(text.replace("None", "null").replace("nan", "NaN"))


def test_two_inputs_print_the_gradient_and_the_hessian_shown(qtbot, tab, settle):
    c = tab.controls
    states = []
    for preset in (XY_PRESET, ROSENBROCK):
        tab.load_preset(preset)
        for order in (1, 2):
            click(qtbot, c.order_buttons[order])
            for source, watch in (("variable", True), ("constant", False)):
                click(qtbot, c.constant_radio if source == "constant" else c.variable_radio)
                if source == "constant" and c.watch_check.isChecked() != watch:
                    click(qtbot, c.watch_check)
                at = (0.5 - 0.25 * len(states), 0.75 + 0.125 * len(states))
                tab.set_point_2d(*at)  # as a drag on the map does
                point = wait_point(
                    qtbot, tab, settle, expression=preset.expression, at=np.array(at), watch=watch
                )
                assert isinstance(point, PointResult) and len(point.values) == order + 1
                states.append((order, watch, tab.code_pane.code(), shown_values(tab)))
    outputs = run_all([code for _, _, code, _ in states])
    for (order, watch, _, shown), output in zip(states, outputs, strict=True):
        values = printed(output)
        expected = [matrix_text(np.array(float(values["f"])))]
        gradient = matrix_of(values["gradient"])
        expected += ["None" if g is None else value_text(g) for g in gradient]
        if order == 2:
            hessian = matrix_of(values["hessian"])
            unwatched = all(v is None for row in hessian for v in row)
            expected.append("None" if unwatched else matrix_text(np.array(hessian, dtype=float)))
        assert expected == shown, (order, watch, output)
        assert ("None" in shown) == (not watch)


# --- descents: each optimizer, a diverging run, and a run paused part way ---------------------
ROW = "last row ("


def table_last_row(tab) -> tuple[list[str], list[str]]:
    """The step table's last row: what each cell shows, and its full-precision tooltip."""
    model = tab.descent_panel.model
    row = model.rowCount() - 1
    cells = [model.index(row, column) for column in range(model.columnCount())]
    shown = [cell.data() for cell in cells]
    tips = [cell.data(Qt.ItemDataRole.ToolTipRole) for cell in cells]
    return shown, tips


def last_row(output: str) -> list[float]:
    line = next(line for line in output.splitlines() if line.startswith(ROW))
    return [float(v) for v in line.split(":", 1)[1].strip().strip("[]").split(",")]


def play(qtbot, tab, runs: tuple[RunForm, ...]) -> None:
    d = tab.controls.descent
    d.run_a.set_form(runs[0])
    d.compare_check.setChecked(len(runs) == 2)
    if len(runs) == 2:
        d.run_b.set_form(runs[1])
    tab.recompute()
    click(qtbot, d.play_button)
    descent = tab.controller.descent
    qtbot.waitUntil(lambda: descent.frame.finished and not descent.busy, timeout=WAIT_MS)


def descent_states(tab) -> list[tuple[str, list[str], list[str]]]:
    """Each run's pane code and the table's last row, one run tab after the other."""
    states = []
    runs = tab.descent_panel.runs
    for index in range(runs.count()):
        runs.setCurrentIndex(index)
        states.append((tab.descent_panel.code_pane.code(), *table_last_row(tab)))
    return states


def check_rows(states, outputs) -> None:
    for (code, shown, tips), output in zip(states, outputs, strict=True):
        numbers = last_row(output)
        assert f"steps taken: {int(shown[0])}" in output, code
        assert numbers[0] == int(shown[0])
        assert [repr(v) for v in numbers[1:]] == tips[1:], output
        assert [f"{v:.6g}" for v in numbers[1:]] == shown[1:]


def test_each_optimizer_and_a_diverging_run_print_the_tables_last_row(qtbot, tab, settle):
    states = []
    play(qtbot, tab, (RunForm("sgd", "0.05", "0.8", "60"), RunForm("rmsprop", "0.1", "0", "40")))
    states += descent_states(tab)
    tab.set_point(-2.5)  # a new start: the paths follow it
    qtbot.waitUntil(
        lambda: tab.controller.descent.frame.results[0].path[0, 0] == -2.5, timeout=WAIT_MS
    )
    play(qtbot, tab, (RunForm("adam", "0.3", "0", "50"), RunForm("sgd", "50", "0", "400")))
    frame = tab.controller.descent.frame
    assert frame.results[1].stopped and "diverged" in frame.results[1].stopped
    states += descent_states(tab)
    tab.load_preset(ROSENBROCK)
    play(qtbot, tab, (RunForm("adam", "0.05", "0", "120"), RunForm("sgd", "0.001", "0.9", "90")))
    states += descent_states(tab)
    outputs = run_all([code for code, _, _ in states])
    check_rows(states, outputs)
    assert "diverged at step" in outputs[3]


def test_a_paused_descent_prints_the_row_it_stopped_at(qtbot, tab, settle):
    d = tab.controls.descent
    d.run_a.set_form(RunForm("adam", "0.2", "0", "500"))
    tab.recompute()
    click(qtbot, d.step_button)
    descent = tab.controller.descent
    qtbot.waitUntil(lambda: descent.frame.revealed == 1, timeout=WAIT_MS)
    for _ in range(6):
        click(qtbot, d.step_button)
    assert descent.frame.revealed == 7 and d.progress.text() == "Step 7 of 500"
    stepped = descent_states(tab)
    assert stepped[0][1][0] == "7"
    click(qtbot, d.play_button)
    qtbot.waitUntil(lambda: descent.frame.revealed > 40, timeout=WAIT_MS)
    click(qtbot, d.pause_button)
    paused = descent_states(tab)
    assert 40 < int(paused[0][1][0]) < 500
    outputs = run_all([stepped[0][0], paused[0][0]])
    check_rows([*stepped, *paused], outputs)


# --- Why None? ---------------------------------------------------------------------------------
def test_each_why_none_case_prints_what_the_panel_shows(qtbot, tab):
    panel = tab.why_none_panel
    tab.details.setCurrentWidget(panel)
    states = []
    for row in range(panel.cases.count()):
        item = panel.cases.item(row)
        click_at = panel.cases.visualItemRect(item).center()
        qtbot.mouseClick(panel.cases.viewport(), Qt.MouseButton.LeftButton, pos=click_at)
        qtbot.waitUntil(
            lambda item=item: (
                tab.controller.why_none.last is not None
                and tab.controller.why_none.last.case.title == item.text()
            ),
            timeout=WAIT_MS,
        )
        states.append((panel.code_pane.code(), panel.output.text()))
    outputs = run_all([code for code, _ in states])
    for (code, shown), output in zip(states, outputs, strict=True):
        assert output.splitlines() == shown.splitlines(), code

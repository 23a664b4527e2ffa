"""Gradient descent through the tab: Step, Play, Pause and Reset, the table and the code, a
second run to compare, the notes, and bad settings refused by their fields with the path kept."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from engine.gradients.descent import descend
from widgets.gradients.colours import run_colour
from widgets.gradients.descent_inputs import RunForm
from widgets.gradients.inputs import PRESETS
from widgets.shared.message_line import Severity

WAIT_MS = 30_000


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def wait_finished(qtbot, tab) -> None:
    descent = tab.controller.descent
    qtbot.waitUntil(lambda: descent.frame.finished and not descent.busy, timeout=WAIT_MS)


def table_rows(tab) -> list[list[str]]:
    model = tab.descent_panel.model
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def drawn(line) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)


def set_run(tab, row: int, optimizer: str, rate: str, momentum: str, steps: str) -> None:
    tab.controls.descent.rows()[row].set_form(RunForm(optimizer, rate, momentum, steps))
    tab.recompute()


def test_play_draws_the_whole_path_on_the_curve_with_its_table_and_code(qtbot, tab):
    d = tab.controls.descent
    assert not d.pause_button.isEnabled() and not d.reset_button.isEnabled()
    click(qtbot, d.play_button)  # SGD, learning rate 0.1, 50 steps from x = 3
    assert tab.details.currentWidget() is tab.descent_panel
    wait_finished(qtbot, tab)
    expected = descend("x**2", 3.0, learning_rate=0.1, steps=50)
    xs, ys = drawn(tab.plot.paths.lines[0])
    np.testing.assert_array_equal(xs, expected.path[:, 0])
    np.testing.assert_array_equal(ys, expected.values)  # on f's curve
    assert tab.plot.paths.lines[0].get_color() == run_colour(0)
    rows = table_rows(tab)
    assert len(rows) == 51 and rows[0] == ["0", "3", "9", "6"]
    assert rows[1] == ["1", f"{expected.path[1, 0]:.6g}", f"{expected.values[1]:.6g}", "4.8"]
    assert tab.descent_panel.code_pane.code() == expected.code
    assert d.progress.text() == "Step 50 of 50"
    assert not d.step_button.isEnabled() and not d.pause_button.isEnabled()
    assert d.notes[0].severity is None  # converged quietly


def test_step_pause_and_reset(qtbot, tab):
    d = tab.controls.descent
    set_run(tab, 0, "sgd", "0.01", "0", "1000")
    click(qtbot, d.step_button)
    qtbot.waitUntil(lambda: tab.controller.descent.frame.revealed == 1, timeout=WAIT_MS)
    click(qtbot, d.step_button)
    assert tab.controller.descent.frame.revealed == 2  # the path is known: no engine job
    assert [row[0] for row in table_rows(tab)] == ["0", "1", "2"]
    assert len(tab.plot.paths.lines[0].get_xdata()) == 3
    assert d.progress.text() == "Step 2 of 1000"

    click(qtbot, d.play_button)
    assert d.pause_button.isEnabled() and not d.play_button.isEnabled()
    qtbot.waitUntil(lambda: tab.controller.descent.frame.revealed >= 20, timeout=WAIT_MS)
    click(qtbot, d.pause_button)
    paused = tab.controller.descent.frame.revealed
    assert 20 <= paused < 1000 and not tab.controller.descent.frame.playing
    qtbot.wait(200)
    assert tab.controller.descent.frame.revealed == paused  # really paused
    assert len(table_rows(tab)) == paused + 1

    click(qtbot, d.reset_button)
    assert tab.controller.descent.frame.results == ()
    assert len(tab.plot.paths.lines[0].get_xdata()) == 0 and table_rows(tab) == []
    assert tab.descent_panel.hint.isVisibleTo(tab) and d.progress.text() == ""
    assert tab.plots.runs_label.text() == ""


def test_compare_two_runs_side_by_side(qtbot, tab):
    d = tab.controls.descent
    assert not d.run_b.learning_rate.isEnabled()
    click(qtbot, d.compare_check)
    set_run(tab, 1, "adam", "0.5", "0", "30")
    assert not d.run_b.momentum.isEnabled()  # a setting of SGD only
    click(qtbot, d.play_button)
    wait_finished(qtbot, tab)
    a = descend("x**2", 3.0, learning_rate=0.1, steps=50)
    b = descend("x**2", 3.0, optimizer="adam", learning_rate=0.5, steps=30)
    lines = tab.plot.paths.lines
    np.testing.assert_array_equal(drawn(lines[0])[0], a.path[:, 0])
    np.testing.assert_array_equal(drawn(lines[1])[0], b.path[:, 0])
    assert lines[1].get_color() == run_colour(1) != lines[0].get_color()
    named = tab.plots.runs_label
    assert "A: SGD, lr 0.1" in named.text()
    assert "B: Adam, lr 0.5" in named.text() and run_colour(1) in named.text()
    runs = tab.descent_panel.runs
    assert [runs.tabText(i) for i in range(runs.count())] == [
        "Run A: SGD, lr 0.1",
        "Run B: Adam, lr 0.5",
    ]
    runs.setCurrentIndex(1)
    assert len(table_rows(tab)) == 31 and tab.descent_panel.code_pane.code() == b.code
    assert "keras.optimizers.Adam(learning_rate=0.5)" in b.code


def test_divergence_stops_the_run_and_oscillation_is_noted(qtbot, tab):
    d = tab.controls.descent
    click(qtbot, d.compare_check)
    set_run(tab, 0, "sgd", "50", "0", "400")
    set_run(tab, 1, "sgd", "0.95", "0", "40")  # x ← -0.9x: a zig-zag that converges
    click(qtbot, d.play_button)
    wait_finished(qtbot, tab)
    frame = tab.controller.descent.frame
    diverged = frame.results[0]
    assert diverged.stopped and len(diverged.path) < 401
    assert d.notes[0].severity is Severity.WARNING
    assert d.notes[0].text().startswith("Run A stopped: diverged at step")
    assert len(tab.plot.paths.lines[0].get_xdata()) == len(diverged.path)  # the path so far
    assert np.isfinite(drawn(tab.plot.paths.lines[0])[1]).all()
    assert "Run B: It oscillates along x" in d.notes[1].text()


def test_a_descent_on_the_rosenbrock_map(qtbot, tab, settle):
    rosenbrock = next(p for p in PRESETS if p.title == "Rosenbrock")
    tab.load_preset(rosenbrock)
    set_run(tab, 0, "adam", "0.05", "0", "200")
    click(qtbot, tab.controls.descent.play_button)
    wait_finished(qtbot, tab)
    settle(tab)
    expected = descend(
        rosenbrock.expression,
        (-1.2, 1.0),
        variables=("x", "y"),
        optimizer="adam",
        learning_rate=0.05,
        steps=200,
    )
    xs, ys = drawn(tab.contour.paths.lines[0])
    np.testing.assert_array_equal(xs, expected.path[:, 0])
    np.testing.assert_array_equal(ys, expected.path[:, 1])
    assert len(tab.plot.paths.lines[0].get_xdata()) == 0  # nothing on the 1-D plot
    assert table_rows(tab)[0] == ["0", "-1.2", "1", "24.2", "-215.6", "-88"]
    assert tab.descent_panel.model.headerData(4, Qt.Orientation.Horizontal) == "∂f/∂x"
    assert "keras.optimizers.Adam" in tab.descent_panel.code_pane.code()


def test_moving_the_start_recomputes_the_path_shown(qtbot, tab, settle):
    click(qtbot, tab.controls.descent.play_button)
    wait_finished(qtbot, tab)
    tab.set_point(-2.0)
    qtbot.waitUntil(
        lambda: tab.controller.descent.frame.results[0].path[0, 0] == -2.0, timeout=WAIT_MS
    )
    settle(tab)
    expected = descend("x**2", -2.0, learning_rate=0.1, steps=50)
    np.testing.assert_array_equal(drawn(tab.plot.paths.lines[0])[0], expected.path[:, 0])


@pytest.mark.parametrize(
    ("field", "text", "words"),
    [
        ("learning_rate", "0", "greater than 0"),
        ("learning_rate", "-1", "greater than 0"),
        ("learning_rate", "fast", "'fast' is not a number"),
        ("learning_rate", "nan", "must be a number"),
        ("learning_rate", "1e9", "only diverges"),
        ("steps", "0", "from 1 to 10,000"),
        ("steps", "10001", "from 1 to 10,000"),
        ("steps", "2.5", "not a whole number"),
        ("momentum", "1", "below 1"),
    ],
)
def test_bad_settings_are_refused_by_their_field_and_the_path_stays(qtbot, tab, field, text, words):
    d = tab.controls.descent
    click(qtbot, d.play_button)
    wait_finished(qtbot, tab)
    before = drawn(tab.plot.paths.lines[0])
    rows = table_rows(tab)
    edit = d.run_a.edits[field]
    edit.clear()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    message = d.run_a.messages[field]
    assert message.severity is Severity.ERROR and words in message.text()
    assert all(line.severity is None for name, line in d.run_a.messages.items() if name != field)
    click(qtbot, d.play_button)  # refused: nothing runs
    assert not tab.controller.descent.busy
    np.testing.assert_array_equal(drawn(tab.plot.paths.lines[0])[0], before[0])
    assert table_rows(tab) == rows


def test_a_new_expression_starts_over(qtbot, tab, settle):
    click(qtbot, tab.controls.descent.play_button)
    wait_finished(qtbot, tab)
    tab.controls.expression_edit.setText("x**4")
    tab.recompute()
    assert tab.controller.descent.frame.results == ()  # that path was on another f
    settle(tab)
    assert len(tab.plot.paths.lines[0].get_xdata()) == 0 and table_rows(tab) == []


def test_a_start_outside_the_domain_is_refused_by_the_point_field(qtbot, tab, settle):
    d = tab.controls.descent
    tab.controls.expression_edit.setText("log(x)")
    tab.recompute()
    set_run(tab, 0, "sgd", "0.1", "0", "20")
    click(qtbot, d.play_button)
    wait_finished(qtbot, tab)
    before = drawn(tab.plot.paths.lines[0])
    tab.set_point(-1.0)  # the path follows its start: here f is undefined
    qtbot.waitUntil(lambda: tab.controls.point_message.severity is Severity.ERROR, timeout=WAIT_MS)
    settle(tab)
    assert "cannot start here: f is undefined at the start" in tab.controls.point_message.text()
    np.testing.assert_array_equal(drawn(tab.plot.paths.lines[0])[0], before[0])
    assert not tab.controller.descent.frame.playing
    click(qtbot, d.reset_button)
    tab.controls.point_message.clear_message()
    click(qtbot, d.play_button)  # from there: refused again, by the same field
    qtbot.waitUntil(lambda: tab.controls.point_message.severity is Severity.ERROR, timeout=WAIT_MS)
    assert tab.controller.descent.frame.results == ()


def test_the_descent_settings_round_trip(qtbot, tab, settings, worker):
    from widgets.gradients.view import GradientsTab
    from widgets.shared.settings import SettingsStore

    rosenbrock = next(p for p in PRESETS if p.title == "Rosenbrock")
    tab.load_preset(rosenbrock)
    tab.controls.descent.compare_check.setChecked(True)
    set_run(tab, 1, "rmsprop", "0.01", "0", "700")
    store = SettingsStore(settings)
    store.write(tab.settings_group, tab.settings())
    other = GradientsTab(worker)
    qtbot.addWidget(other)
    other.apply_settings(store.read(other.settings_group, other.settings()))
    c = other.controls
    assert (c.expression_edit.text(), c.point_y_edit.text(), c.high_y_edit.text()) == (
        rosenbrock.expression,
        "1",
        "3",
    )
    assert c.descent.compare_check.isChecked()
    assert c.descent.run_b.form() == RunForm("rmsprop", "0.01", "0", "700")
    assert c.descent.run_a.form() == RunForm("sgd", "0.1", "0", "50")
    assert c.expression_label.text() == "f(x, y) =" and not c.order_buttons[3].isEnabled()

"""The Gradients tab driven like a user: typing, presets, watch(), bad input, the point."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from receivers import count_jobs

from widgets.gradients.inputs import PHYSICS_LABELS, PRESETS, GradientsSettings
from widgets.gradients.view import GradientsTab
from widgets.shared.message_line import Severity
from widgets.shared.settings import SettingsStore

WAIT_MS = 30_000  # as in conftest.py


def curve_data(tab: GradientsTab) -> list[np.ndarray]:
    return [np.asarray(curve.get_ydata(), dtype=float).copy() for curve in tab.plot.curves]


def test_default_preset_shows_gradient_six_and_a_plot(tab, shown_values):
    assert tab.controls.expression_edit.text() == "x**2"
    assert shown_values(tab) == ["9.0", "6.0", "2.0"]
    assert "float64" in tab.controls.values_box.title()
    plot = tab.plot
    assert plot is not None and len(plot.axes) == 3
    x, y = plot.curves[0].get_data()
    assert len(x) == 1000
    np.testing.assert_allclose(y, np.asarray(x) ** 2)
    np.testing.assert_allclose(plot.curves[1].get_ydata(), 2 * np.asarray(x))
    assert list(plot.markers[1].get_xdata()) == [3.0] and list(plot.markers[1].get_ydata()) == [6.0]
    tangent_x, tangent_y = plot.tangents[0].get_data()
    np.testing.assert_allclose(tangent_y, 9.0 + 6.0 * (np.asarray(tangent_x) - 3.0))
    assert "tf.GradientTape()" in tab.code_pane.code()


def test_typing_an_expression_recomputes_after_a_pause(qtbot, tab, settle, shown_values):
    tab.controls.expression_edit.clear()
    qtbot.keyClicks(tab.controls.expression_edit, "sin(x)*x")
    assert tab._debounce.pending  # debounced: nothing sent per keystroke
    settle(tab)
    qtbot.waitUntil(lambda: tab.controller.last_point.expression == "sin(x)*x", timeout=WAIT_MS)
    f, d1, d2 = (float(v) for v in shown_values(tab))
    assert f == pytest.approx(3 * np.sin(3.0), rel=1e-12)
    assert d1 == pytest.approx(np.sin(3.0) + 3 * np.cos(3.0), rel=1e-12)
    assert d2 == pytest.approx(2 * np.cos(3.0) - 3 * np.sin(3.0), rel=1e-12)
    assert "tf.math.sin(x) * x" in tab.code_pane.code()


def test_unwatched_constant_shows_none_and_why(qtbot, tab, settle, shown_values):
    assert not tab.controls.watch_check.isEnabled()  # a Variable is always watched
    qtbot.mouseClick(tab.controls.constant_radio, Qt.MouseButton.LeftButton)
    assert tab.controls.watch_check.isEnabled()
    settle(tab)
    tab.controls.watch_check.setChecked(False)
    qtbot.waitUntil(lambda: tab.controller.last_point.watch is False, timeout=WAIT_MS)
    settle(tab)
    assert shown_values(tab) == ["9.0", "None", "None"]
    assert (
        tab.controls.why_none.isVisibleTo(tab) and "never watched" in tab.controls.why_none.text()
    )
    assert "tape.watch" not in tab.code_pane.code().split("print")[0].replace("no tape.watch", "")
    rows = tab.tape_view.rows()
    assert rows[0][0] == "(none)"
    assert all(row[2] == "not recorded" for row in rows if row[0] == "Pow")
    assert len(tab.plot.curves[1].get_xdata()) == 0  # no derivative curve to draw
    assert "None" in tab.plot.none_texts[1].get_text()

    tab.controls.watch_check.setChecked(True)
    qtbot.waitUntil(lambda: tab.controller.last_point.watch is True, timeout=WAIT_MS)
    assert shown_values(tab) == ["9.0", "6.0", "2.0"]
    assert not tab.controls.why_none.isVisibleTo(tab)
    assert tab.code_pane.code().count(".watch(x)") == 2


def test_physics_preset_labels_position_speed_acceleration(qtbot, tab, settle, shown_values):
    physics = next(p for p in PRESETS if p.expression == "4.9*t**2")
    qtbot.mouseClick(tab.controls.preset_buttons[PRESETS.index(physics)], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.controller.last_point.expression == "4.9*t**2", timeout=WAIT_MS)
    settle(tab)
    assert tab.controls.expression_label.text() == "f(t) ="
    names = [label.text() for label in tab.controls.value_names if label.isVisibleTo(tab)]
    assert names == [f"{label}:" for label in PHYSICS_LABELS[:3]]
    assert shown_values(tab) == ["19.6", "19.6", "9.8"]  # at t = 2: 4.9·t², 9.8·t, 9.8
    qtbot.waitUntil(lambda: tab.controller.last_curves.expression == "4.9*t**2", timeout=WAIT_MS)
    ylabels = [ax.get_ylabel().replace("\n", " ") for ax in tab.plot.axes]  # unit: 2nd line
    assert ylabels == list(PHYSICS_LABELS[:3])
    t = np.asarray(tab.plot.curves[1].get_xdata())
    np.testing.assert_allclose(tab.plot.curves[1].get_ydata(), 9.8 * t, rtol=1e-14)
    assert np.all(np.asarray(tab.plot.curves[2].get_ydata()) == 9.8)


def test_bad_input_shows_a_message_and_keeps_the_last_plot(qtbot, tab, shown_values):
    before = curve_data(tab)
    for text, words in [
        ("x +", "column 4"),
        ("x + __import__('os')", "not an allowed function"),
        ("x.real", "attribute access"),
        ("x ** 1000", "too large"),
        ("sin(" * 45 + "x" + ")" * 45, "nested too deeply"),
    ]:
        tab.controls.expression_edit.setText(text)
        tab.recompute()
        assert tab.controls.expression_message.severity is Severity.ERROR, text
        assert words in tab.controls.expression_message.text(), text
        assert not tab.controller.curves.busy  # nothing sent to TensorFlow
    for got, want in zip(curve_data(tab), before, strict=True):
        np.testing.assert_array_equal(got, want)
    assert shown_values(tab) == ["9.0", "6.0", "2.0"]

    tab.controls.low_edit.setText("5")
    tab.controls.expression_edit.setText("x**2")
    tab.recompute()
    assert (
        tab.controls.range_message.severity is Severity.ERROR
        and "smaller" in tab.controls.range_message.text()
    )
    tab.controls.point_edit.setText("three")
    tab.recompute()
    assert "not a number" in tab.controls.point_message.text()


def test_domain_errors_are_gaps_with_a_note(qtbot, tab, settle, shown_values):
    tab.controls.expression_edit.setText("log(x)")
    tab.recompute()
    qtbot.waitUntil(lambda: tab.controller.last_curves.expression == "log(x)", timeout=WAIT_MS)
    settle(tab)
    assert tab.controls.expression_message.severity is Severity.WARNING
    assert "NaN" in tab.controls.expression_message.text()
    y = np.asarray(tab.plot.curves[0].get_ydata())
    assert np.isnan(y).sum() > 0 and np.all(np.isfinite(y) | np.isnan(y))  # inf is a gap too
    tab.set_point(-1.0)  # moving the point keeps the note about the curves
    qtbot.waitUntil(lambda: float(tab.controller.last_point.at) == -1.0, timeout=WAIT_MS)
    assert tab.controls.expression_message.severity is Severity.WARNING
    # f is undefined at -1, and so is f′ (TensorFlow alone would give -1.0 there).
    assert shown_values(tab) == ["nan (undefined here)"] * 3
    tab.controls.expression_edit.setText("x")
    tab.recompute()
    assert tab.controls.expression_message.severity is None


def test_slider_moves_the_point_with_exact_values(qtbot, tab, shown_values):
    tab.controls.slider.setValue(tab.controls.slider.maximum())  # the range's right end: x = 4
    qtbot.waitUntil(lambda: float(tab.controller.last_point.at) == 4.0, timeout=WAIT_MS)
    assert tab.controls.point_edit.text() == "4"
    assert shown_values(tab) == ["16.0", "8.0", "2.0"]
    assert list(tab.plot.markers[0].get_xdata()) == [4.0]


def test_dragging_many_times_runs_only_the_latest(qtbot, tab, monkeypatch, settle, shown_values):
    jobs = count_jobs(tab.controller.worker, monkeypatch)
    for i in range(40):
        tab.set_point(-2.0 + i * 0.1)
    settle(tab)
    assert 1 <= jobs.count("Gradient at a point") < 40  # coalesced, not one job per move
    assert float(tab.controller.last_point.at) == pytest.approx(1.9)
    assert float(shown_values(tab)[1]) == pytest.approx(3.8)


def test_order_three_adds_a_panel_and_state_round_trips(qtbot, tab, settings, settle, shown_values):
    tab.controls.order_buttons[3].setChecked(True)
    qtbot.waitUntil(lambda: tab.controller.last_point.order == 3, timeout=WAIT_MS)
    settle(tab)
    assert shown_values(tab) == ["9.0", "6.0", "2.0", "0.0"]
    qtbot.waitUntil(lambda: len(tab.plot.axes) == 4, timeout=WAIT_MS)
    tab.controls.constant_radio.setChecked(True)
    tab.controls.expression_edit.setText("exp(t)")
    store = SettingsStore(settings)
    store.write(tab.settings_group, tab.settings())
    other = GradientsTab(tab.controller.worker)
    qtbot.addWidget(other)
    other.apply_settings(store.read(other.settings_group, other.settings()))
    assert other.controls.expression_edit.text() == "exp(t)"
    assert other.controls.constant_radio.isChecked() and other.controls.order_buttons[3].isChecked()
    settings.setValue("gradients/order", "many")
    settings.setValue("gradients/expression", "import os")
    third = GradientsTab(tab.controller.worker)
    qtbot.addWidget(third)
    third.apply_settings(store.read(third.settings_group, GradientsSettings()))
    assert (
        third.controls.expression_edit.text() == "x**2"
        and third.controls.order_buttons[2].isChecked()
    )


def test_dragging_on_the_plot_moves_the_point(qtbot, tab, settle, shown_values):
    from matplotlib.backend_bases import MouseEvent

    plot = tab.plot
    canvas = plot.plot.canvas
    ax = plot.axes[1]
    canvas.draw()
    for kind, x in (("button_press_event", -1.0), ("motion_notify_event", 1.5)):
        px, py = ax.transData.transform((x, 0.0))
        MouseEvent(kind, canvas, px, py, button=1)._process()
    px, py = ax.transData.transform((1.5, 0.0))
    MouseEvent("button_release_event", canvas, px, py, button=1)._process()
    qtbot.waitUntil(lambda: abs(float(tab.controller.last_point.at) - 1.5) < 0.01, timeout=WAIT_MS)
    settle(tab)
    x0 = float(tab.controls.point_edit.text())
    assert (
        float(tab.controller.last_point.at) == x0
    )  # the values are TensorFlow's, at exactly this x
    assert float(shown_values(tab)[1]) == 2 * x0
    assert list(plot.cursors[0].get_xdata()) == [x0, x0]


def test_waits_for_tensorflow_without_blocking(qtbot, monkeypatch):
    from engine.worker import Worker

    idle = Worker(load_tf=False)  # never started: stands for TensorFlow still loading
    jobs = count_jobs(idle, monkeypatch)
    widget = GradientsTab(idle)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.controller.curves.busy, timeout=5_000)
    assert widget.controls.status.text() == "Waiting for TensorFlow to load…"
    assert jobs.count("Gradient at a point") == 1
    widget.set_point(1.0)
    widget.set_point(2.0)
    assert jobs.count("Gradient at a point") == 1  # later moves wait as one request
    widget.shutdown()
    assert idle.shutdown(1.0)


def test_the_falling_bodys_jerk_at_t0_is_zero_with_no_domain_note(qtbot, tab, settle, shown_values):
    tab.controls.order_buttons[3].setChecked(True)
    tab.load_preset(PRESETS[1])
    tab.set_point(0.0)
    qtbot.waitUntil(
        lambda: (
            tab.controller.last_point.order == 3
            and float(tab.controller.last_point.at) == 0.0
            and tab.controller.last_point.expression == "4.9*t**2"
        ),
        timeout=WAIT_MS,
    )
    settle(tab)
    assert shown_values(tab) == ["0.0", "0.0", "9.8", "0.0"]
    assert tab.controls.expression_message.severity is None


def test_a_negative_zero_shows_as_zero(qtbot, tab, settle, shown_values):
    tab.controls.expression_edit.setText("sin(x)")
    tab.controls.point_edit.setText("0")
    tab.recompute()
    qtbot.waitUntil(lambda: tab.controller.last_point.expression == "sin(x)", timeout=WAIT_MS)
    settle(tab)
    assert float(tab.controller.last_point.values[2]) == 0.0  # TensorFlow's -0.0
    assert shown_values(tab) == ["0.0", "1.0", "0.0"]

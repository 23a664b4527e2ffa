"""The Gradients tab in the real window at 1024×700 (every part usable and legible) and 800×600
(usable, scrolling allowed), for one input and two, with a descent on show: no text of the
plots runs into another or off the figure, no label or button of the controls is cut short,
every control can be scrolled to, and the step table keeps room for its columns."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QScrollArea

from widgets.gradients.descent_inputs import RunForm
from widgets.gradients.descent_panel import TABLE_MIN_PX
from widgets.gradients.inputs import PRESETS

WAIT_MS = 30_000
SIZES = [(1024, 700), (800, 600)]
ROSENBROCK = next(p for p in PRESETS if p.title == "Rosenbrock")


@pytest.fixture
def gradients(qtbot, main_window):
    main_window.tabs.setCurrentIndex(1)
    tab = main_window.tabs.widget(1)
    qtbot.waitUntil(lambda: tab.controller.last_point is not None, timeout=WAIT_MS)
    return tab


def play(qtbot, tab, preset, order: int) -> None:
    tab.load_preset(preset)
    tab.controls.order_buttons[order].setChecked(True)
    d = tab.controls.descent
    d.run_a.set_form(RunForm("sgd", "0.001" if preset is ROSENBROCK else "0.1", "0.9", "40"))
    d.compare_check.setChecked(True)
    d.run_b.set_form(RunForm("adam", "0.05", "0", "40"))
    tab.recompute()
    d.play_button.click()
    descent = tab.controller.descent
    qtbot.waitUntil(lambda: descent.frame.finished and not descent.busy, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: (
            not tab.controller.busy and tab.controller.last_curves.expression == preset.expression
        ),
        timeout=WAIT_MS,
    )


def boxes_of(figure, texts) -> list:
    renderer = figure.canvas.get_renderer()
    return [text.get_window_extent(renderer) for text in texts if text.get_text()]


def assert_apart_and_inside(figure, texts) -> None:
    boxes = boxes_of(figure, texts)
    inside = figure.bbox.padded(1)
    for box in boxes:
        assert inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1), box
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)


def assert_curves_legible(tab) -> None:
    plot = tab.plot
    plot.plot.canvas.draw()
    figure = plot.plot.figure
    labels = [ax.yaxis.label for ax in plot.axes]
    assert_apart_and_inside(figure, [*labels, plot.axes[-1].xaxis.label, plot.key.get_texts()[0]])
    for ax, label in zip(plot.axes, labels, strict=True):  # each name clear of its tick labels
        renderer = figure.canvas.get_renderer()
        name = label.get_window_extent(renderer)
        for tick in ax.get_yticklabels():
            assert not name.overlaps(tick.get_window_extent(renderer))


def assert_map_legible(tab) -> None:
    contour = tab.contour
    contour.plot.canvas.draw()
    figure = contour.plot.figure
    bar, ax = contour.bar_axes, contour.axes
    texts = [ax.xaxis.label, ax.yaxis.label, bar.yaxis.label, *bar.get_yticklabels()]
    assert_apart_and_inside(figure, texts)
    renderer = figure.canvas.get_renderer()
    map_box = ax.get_window_extent(renderer)
    assert not any(map_box.overlaps(b) for b in boxes_of(figure, bar.get_yticklabels()))


def assert_controls_usable(qtbot, tab) -> None:
    scroll = tab.findChild(QScrollArea)
    controls = tab.controls
    assert scroll.viewport().width() >= controls.minimumSizeHint().width()  # nothing cut off
    for label in controls.findChildren(QLabel):
        if label.isVisibleTo(controls) and label.text() and not label.wordWrap():
            assert label.width() >= label.minimumSizeHint().width(), label.text()
    for button in controls.findChildren(QAbstractButton):
        if button.isVisibleTo(controls) and not isinstance(button.parentWidget(), QLineEdit):
            assert button.width() >= button.minimumSizeHint().width(), button.text()
    reset = controls.descent.reset_button  # the last control: scrolled to, it is on screen
    scroll.ensureWidgetVisible(reset)
    QApplication.processEvents()
    top_left = reset.mapTo(scroll.viewport(), reset.rect().topLeft())
    assert scroll.viewport().rect().contains(top_left)


def assert_table_has_room(tab) -> None:
    panel = tab.descent_panel
    tab.details.setCurrentWidget(panel)
    QApplication.processEvents()
    assert panel.table.width() >= min(TABLE_MIN_PX, panel.width())
    assert panel.model.rowCount() == 41


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_one_input_with_a_descent(qtbot, main_window, gradients, size):
    main_window.resize(*size)
    play(qtbot, gradients, PRESETS[1], order=3)  # four panels: position … jerk
    QApplication.processEvents()
    assert_curves_legible(gradients)
    assert_controls_usable(qtbot, gradients)
    assert_table_has_room(gradients)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_two_inputs_with_a_descent(qtbot, main_window, gradients, size):
    main_window.resize(*size)
    play(qtbot, gradients, ROSENBROCK, order=2)
    QApplication.processEvents()
    assert_map_legible(gradients)
    assert_controls_usable(qtbot, gradients)
    assert_table_has_room(gradients)

"""DigitCanvas on its own: drawing and erasing with the mouse, strokes from code, clearing."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from widgets.mnist.digit_canvas import DigitCanvas


def test_drawing_with_the_mouse_and_erasing(qtbot, show):
    canvas = show(DigitCanvas(), size=(280, 280))
    assert canvas.is_blank()
    with qtbot.waitSignal(canvas.changed):
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(140, 40))
    with qtbot.waitSignal(canvas.changed):
        qtbot.mouseMove(canvas, QPoint(140, 240))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(140, 240))
    ink = canvas.to_array()
    assert ink.shape == (280, 280) and ink[140, 140] == 255 and ink[140, 20] == 0
    qtbot.mousePress(canvas, Qt.MouseButton.RightButton, pos=QPoint(140, 140))
    qtbot.mouseRelease(canvas, Qt.MouseButton.RightButton, pos=QPoint(140, 140))
    assert canvas.to_array()[140, 140] == 0 and canvas.to_array()[60, 140] == 255
    with qtbot.waitSignal(canvas.changed):
        canvas.clear()
    assert canvas.is_blank()


def test_mouse_positions_map_onto_the_drawing_when_the_widget_is_larger(qtbot, show):
    canvas = show(DigitCanvas(), size=(560, 700))  # the square is 560 px, centred vertically
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(280, 350))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(280, 350))
    ink = canvas.to_array()
    assert ink[140, 140] == 255 and ink[10, 140] == 0  # a dot at the drawing's centre


def test_a_stroke_from_code_and_a_copy_that_does_not_change(qtbot):
    canvas = DigitCanvas()
    qtbot.addWidget(canvas)
    with qtbot.waitSignal(canvas.changed):
        canvas.draw_stroke([(40, 140), (240, 140)])
    drawing = canvas.to_array()
    assert drawing[140, 40:240].min() == 255 and drawing[20].max() == 0
    canvas.clear()
    assert drawing[140, 140] == 255  # to_array gave a copy

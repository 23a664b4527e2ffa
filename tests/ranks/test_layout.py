"""The Rank Explorer in the real window at small sizes: legible at 1024×700 (every row of the
info panel and every operation's example argument in view), usable at 800×600 (every control
on screen at its minimum size or more, reached by scrolling where its part scrolls)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QScrollBar,
    QWidget,
)

from widgets.ranks.operations_panel import CHOICES

CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QAbstractSlider, QPlainTextEdit)
TF_WAIT_MS = 60_000


def in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def rank_tab_at(qtbot, window, size):
    window.resize(*size)
    window.tabs.setCurrentIndex(2)
    tab = window.tabs.widget(2)
    qtbot.waitUntil(lambda: tab.info.tf_view is not None, timeout=TF_WAIT_MS)
    qtbot.wait(50)  # the last layout pass
    return tab


@pytest.mark.parametrize("size", [(1024, 700), (800, 600)])
def test_every_control_is_on_screen_at_its_minimum_size_or_more(qtbot, main_window, size):
    tab = rank_tab_at(qtbot, main_window, size)
    controls = [
        w
        for w in tab.findChildren(QWidget)
        if isinstance(w, CONTROLS)
        and w.isVisible()
        and not isinstance(w, QScrollBar)  # the scroll areas' own
        and not isinstance(w.parentWidget(), QLineEdit)  # a field's clear button
    ]
    assert len(controls) >= 10  # fields, lists, buttons, the slider, the code
    for control in controls:
        name = control.objectName() or type(control).__name__
        hint = control.minimumSizeHint()
        assert control.width() >= hint.width() and control.height() >= hint.height(), name
        if not in_scroll_area(control):  # the picture and the info panel scroll instead
            assert control.visibleRegion().boundingRect() == control.rect(), name


def test_at_1024_by_700_the_info_panel_and_the_operation_need_no_scrolling(qtbot, main_window):
    tab = rank_tab_at(qtbot, main_window, (1024, 700))
    tab.operations.select("sum")
    tab.operations.argument.setText("0")  # the preview: shapes, and the NumPy and TF lines
    qtbot.wait(50)
    for part in (tab.info, tab.operations):  # every row of the (3, 2, 3) example; the preview
        (scroll,) = [s for s in tab.findChildren(QScrollArea) if s.widget() is part]
        assert scroll.verticalScrollBar().maximum() == 0, part.objectName()
    assert "TensorFlow: t = tf.reduce_sum(t, axis=0)" in tab.shapes.text()
    assert "TensorShape([3, 2, 3])" in tab.info.text()
    field = tab.operations.argument
    room = field.contentsRect().width() - field.textMargins().left() - 8  # the frame's padding
    for choice in CHOICES:
        assert field.fontMetrics().horizontalAdvance(choice.placeholder) <= room, choice.key

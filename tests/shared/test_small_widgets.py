"""CodePane copies its code; MessageLine shows and clears a styled message."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from widgets.shared.code_pane import CodePane
from widgets.shared.message_line import MessageLine, Severity


def test_code_pane_copies_what_it_shows(qtbot):
    pane = CodePane("Python")
    qtbot.addWidget(pane)
    pane.set_code("x = 1")
    pane.append_code("x += 1")
    pane.copy_button.click()
    assert QGuiApplication.clipboard().text() == "x = 1\nx += 1"
    assert pane.copy_button.text() == "Copied"


def test_message_label_shows_an_error_then_clears(qtbot):
    label = MessageLine()
    qtbot.addWidget(label)
    label.show_error("not a number: 'abc'")
    assert label.isVisibleTo(label.parentWidget() or label) and label.severity is Severity.ERROR
    assert label.text() == "not a number: 'abc'"
    label.clear_message()
    assert label.text() == "" and label.isHidden()

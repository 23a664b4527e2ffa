"""Ctrl+Tab / Ctrl+Shift+Tab / Ctrl+PgDown switch tabs from anywhere (a table that keeps Tab for
itself included), and View > Theme switches the whole window between light and dark."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QTableView

from widgets.shared import theme
from widgets.shared.message_line import MessageLine
from widgets.shared.settings import SettingsStore


def focus_table(qtbot, window) -> QTableView:
    window.tabs.setCurrentIndex(0)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    table = window.tabs.widget(0).findChild(QTableView)
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=5000)
    return table


def test_ctrl_tab_leaves_a_table_and_switches_tabs(qtbot, main_window):
    table = focus_table(qtbot, main_window)
    qtbot.keyClick(table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert main_window.tabs.currentIndex() == 1
    qtbot.keyClick(
        QApplication.focusWidget() or main_window,
        Qt.Key.Key_Backtab,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert main_window.tabs.currentIndex() == 0
    qtbot.keyClick(
        QApplication.focusWidget() or main_window,
        Qt.Key.Key_PageUp,
        Qt.KeyboardModifier.ControlModifier,
    )
    assert main_window.tabs.currentIndex() == 3  # wraps around
    qtbot.keyClick(
        QApplication.focusWidget() or main_window,
        Qt.Key.Key_PageDown,
        Qt.KeyboardModifier.ControlModifier,
    )
    assert main_window.tabs.currentIndex() == 0


def window_is_dark() -> bool:
    return QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def test_view_theme_switches_the_palette_and_messages_and_is_remembered(
    qtbot, main_window, settings
):
    line = MessageLine()
    qtbot.addWidget(line)
    line.show_error("a message")
    light_style = line.styleSheet()
    main_window.theme_actions[theme.Theme.DARK].trigger()
    assert window_is_dark() and theme.is_dark()
    assert line.styleSheet() != light_style and "#421b1b" in line.styleSheet()
    text = QApplication.palette().color(QPalette.ColorRole.WindowText)
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    assert text.lightness() - window.lightness() > 150  # readable contrast
    main_window.save_layout()
    assert SettingsStore(settings).qsettings.value("window/theme") == "dark"
    main_window.theme_actions[theme.Theme.LIGHT].trigger()
    assert not window_is_dark() and line.styleSheet() == light_style
    assert main_window.theme_actions[theme.Theme.LIGHT].isChecked()

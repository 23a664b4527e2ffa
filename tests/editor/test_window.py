"""The Tensor Editor in the real main window: the keyboard gets in and out of the grid, every
control has an accessible name, both themes are readable, small windows keep every control
usable, and the file dialogs offer every format the tab reads."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from accessibility import controls, unnamed
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QWidget,
)

from engine.editor.document import Mode
from widgets.editor.mode_bar import contrast
from widgets.shared.theme import Theme

TIMEOUT = 10_000


def editor(qtbot, window):
    window.tabs.setCurrentIndex(0)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    return window.tabs.widget(0)


def settle(qtbot, tab) -> None:
    qtbot.waitUntil(lambda: not tab.controller.jobs.busy, timeout=TIMEOUT)


def test_tab_and_shift_tab_leave_the_grid_and_arrows_move_inside(qtbot, main_window):
    tab = editor(qtbot, main_window)
    table = tab.table
    table.setFocus()
    table.setCurrentIndex(tab.model.index(1, 1))
    qtbot.waitUntil(table.hasFocus, timeout=5000)
    qtbot.keyClick(table, Qt.Key.Key_Right)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (2, 2)
    assert table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.whole.value_combo  # on to the whole-tensor box
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=5000)
    qtbot.keyClick(table, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is tab.mode_bar.buttons[Mode.VARIABLE]  # back to the modes
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=5000)
    qtbot.keyClick(table, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert main_window.tabs.currentIndex() == 1


def test_tab_goes_round_the_whole_tab_and_out_of_the_code(qtbot, main_window):
    """From the grid, Tab reaches every control of the tab once, the code pane included, and
    leaves it for the tab bar; nothing keeps the focus."""
    tab = editor(qtbot, main_window)
    tab.table.setFocus()
    qtbot.waitUntil(tab.table.hasFocus, timeout=5000)
    seen = []
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is tab.table:
            break
    assert seen[-1] is tab.table
    assert tab.code_pane.editor in seen and tab.toolbar.new_button in seen
    assert main_window.tabs.tabBar() in seen


def test_every_control_has_an_accessible_name(qtbot, main_window):
    tab = editor(qtbot, main_window)
    tab.toolbar.shape_edit.setText("2, 3, 4")  # rank 3: the slice bar's controls as well
    tab.toolbar.new_button.click()
    settle(qtbot, tab)
    found = controls(tab)
    assert len(found) >= 20 and tab.grid.slice_bar.axis_spins[0] in found
    assert unnamed(tab) == []


def rendered_contrast(widget: QWidget) -> float:
    """Contrast between the commonest colour of a widget as drawn (its background) and the
    colour farthest from it (its text)."""
    image = widget.grab().toImage()
    counts = Counter(
        image.pixel(x, y) for x in range(0, image.width()) for y in range(0, image.height())
    )
    background = QColor.fromRgb(counts.most_common(1)[0][0])
    return max(contrast(QColor.fromRgb(pixel), background) for pixel in counts)


@pytest.mark.parametrize("chosen", [Theme.DARK, Theme.LIGHT])
def test_hints_and_mode_buttons_read_well_in_either_theme(qtbot, main_window, chosen):
    tab = editor(qtbot, main_window)
    keys = tab.findChild(QLabel, "keyHints")
    try:
        main_window.set_theme(chosen)
        qtbot.wait(50)
        dark = chosen is Theme.DARK
        # the checked button's text on its background: WCAG AA in both themes
        assert rendered_contrast(tab.mode_bar.buttons[Mode.NUMPY]) >= 4.5
        unchecked = tab.mode_bar.buttons[Mode.CONSTANT].grab().toImage()
        middle = QColor(unchecked.pixel(4, unchecked.height() // 2))
        assert (middle.lightness() < 128) == dark  # no light buttons on a dark window
        for label in (tab.mode_bar.hint, keys):
            assert rendered_contrast(label) >= (4.5 if dark else 3.5), label.objectName()
    finally:
        main_window.set_theme(Theme.SYSTEM)


def test_the_mode_buttons_restyle_when_the_theme_changes(qtbot, main_window):
    tab = editor(qtbot, main_window)
    button = tab.mode_bar.buttons[Mode.NUMPY]
    try:
        main_window.set_theme(Theme.LIGHT)
        light = button.styleSheet()
        main_window.set_theme(Theme.DARK)
        assert button.styleSheet() != light
        assert QApplication.palette().color(QApplication.palette().ColorRole.Button).name() in (
            button.styleSheet()
        )
    finally:
        main_window.set_theme(Theme.SYSTEM)


def text_fits(label: QLabel) -> bool:
    if label.wordWrap():
        return label.height() >= label.heightForWidth(label.width())
    return label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()


@pytest.mark.parametrize("size", [(1024, 700), (800, 600)])
def test_small_windows_keep_every_control_usable(qtbot, main_window, size):
    tab = editor(qtbot, main_window)
    tab.toolbar.shape_edit.setText("2, 3, 4")
    tab.toolbar.new_button.click()
    settle(qtbot, tab)
    main_window.resize(*size)
    qtbot.waitUntil(lambda: (main_window.width(), main_window.height()) == size, timeout=5000)
    qtbot.wait(50)
    bar = tab.toolbar
    for widget in (bar.shape_edit, bar.dtype_combo, bar.fill_combo, bar.seed_spin, bar.new_button):
        assert widget.isVisible(), widget.accessibleName()  # not folded into the » menu
        assert bar.rect().contains(widget.geometry())
    buttons = [*tab.mode_bar.buttons.values(), tab.whole.assign_button, tab.whole.assign_add_button]
    for button in buttons:  # their whole text shows
        assert button.isVisible() and button.width() >= button.minimumSizeHint().width()
    assert text_fits(tab.mode_bar.hint) and text_fits(tab.info_label)
    assert all(spin.isVisible() for spin in tab.grid.slice_bar.axis_spins.values())
    rows = tab.table.viewport().height() // tab.table.verticalHeader().defaultSectionSize()
    assert rows >= 4
    line = tab.code_pane.editor.fontMetrics().lineSpacing()
    assert tab.code_pane.editor.viewport().height() >= 6 * line


def test_open_offers_every_supported_file_first_and_save_adds_the_format(
    qtbot, main_window, tmp_path, monkeypatch
):
    tab = editor(qtbot, main_window)
    np.savetxt(tmp_path / "values.csv", np.ones((2, 2)), delimiter=",")
    asked: list[str] = []

    def open_name(parent, title, folder, filters):
        asked.append(filters)
        return str(tmp_path / "values.csv"), filters.split(";;")[0]

    def save_name(parent, title, suggested, filters):
        asked.append(filters)
        return str(tmp_path / "kept"), "CSV (*.csv)"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_name))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    tab.toolbar.open_action.trigger()
    settle(qtbot, tab)
    assert asked[0].split(";;")[0] == "All supported (*.npy *.npz *.csv)"
    assert tab.model.array.shape == (2, 2)
    tab.toolbar.save_action.trigger()
    settle(qtbot, tab)
    assert (tmp_path / "kept.csv").read_text().startswith("# dtype=float64 shape=(2, 2)")

"""The MNIST Trainer for people who live in it: accessible names on every control, Tab that leaves
the tables, file dialogs that offer "All supported" first, small windows, and dark mode."""

from __future__ import annotations

import numpy as np
import pytest
from accessibility import accessible_name, controls, unnamed
from keyboard import focus_in, focus_on
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QScrollArea,
)

from widgets.mnist.file_choices import data_location
from widgets.mnist.muted_label import MutedLabel
from widgets.shared import theme

TIMEOUT = 120_000


def test_every_control_has_an_accessible_name(qtbot, tab):
    assert len(controls(tab)) > 30  # the form, the layer rows, the buttons, the views
    assert unnamed(tab) == []
    rows = tab.form.layer_list
    assert accessible_name(rows.editor(1).units) == "Layer 2 units"
    assert rows.kind(1).accessibleName() == "Layer 2 kind"  # Qt reads a combo out by its text
    assert accessible_name(tab.run_bar.more_edit) == "Train more epochs"
    assert accessible_name(tab.form.fields["limit"]) == "Use first N samples"


@pytest.mark.parametrize("table", ["confusion", "layers"])
def test_tab_and_shift_tab_leave_every_table(qtbot, tab, table):
    view = tab.results.confusion if table == "confusion" else tab.form.layer_list.table
    if table == "confusion":
        view.set_matrix(np.eye(10, dtype=int) * 3)

    def inside() -> bool:
        return focus_in(view)

    focus_on(qtbot, view)
    view.setCurrentCell(0, 0)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)  # arrows move inside
    assert view.currentRow() == 1 and inside()
    for _ in range(12):  # Tab goes on through the table's own controls, then out
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if not inside():
            break
    assert not inside()
    focus_on(qtbot, view)
    for _ in range(12):
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier
        )
        if not inside():
            break
    assert not inside()


def test_the_file_dialogs_offer_all_supported_first(qtbot, tab, tmp_path, monkeypatch):
    asked = []

    def open_file(_parent, _title, _folder, filters):
        asked.append(("open", filters))
        return "", ""

    def save_file(_parent, _title, _suggested, filters):
        asked.append(("save", filters))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_file))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_file))
    tab.data_box.open_npz_button.click()
    tab.results.load_button.click()
    for name, value in dict(limit="300", epochs="1", batch_size="100").items():
        tab.form.fields[name].setText(value)
    tab.run_bar.train_button.click()
    qtbot.waitUntil(lambda: not tab.controller.training, timeout=TIMEOUT)
    tab.results.save_button.click()
    firsts = [(kind, filters.split(";;")[0]) for kind, filters in asked]
    assert firsts == [
        ("open", "All supported (*.npz *-ubyte *-ubyte.gz)"),
        ("open", "All supported (*.keras *.h5)"),
        ("save", "All supported (*.keras)"),
    ]
    # One of the four IDX files stands for its folder; anything else is read as it is.
    assert data_location(str(tmp_path / "t10k-labels-idx1-ubyte.gz")) == str(tmp_path)
    assert data_location(str(tmp_path / "fashion.npz")) == str(tmp_path / "fashion.npz")


@pytest.fixture
def trained_window(qtbot, main_window):
    main_window.tabs.setCurrentIndex(3)
    tab = main_window.tabs.widget(3)
    qtbot.waitUntil(lambda: tab.controller.data_source.data is not None, timeout=TIMEOUT)
    for name, value in dict(limit="3000", epochs="2", validation_split="0.1").items():
        tab.form.fields[name].setText(value)
    tab.run_bar.train_button.click()
    qtbot.waitUntil(lambda: not tab.controller.training, timeout=TIMEOUT)
    return main_window, tab


def legible_at(qtbot, window, tab, size) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().width() == size[0], timeout=5_000)
    QApplication.processEvents()
    table = tab.results.confusion
    widest = str(int(table.matrix.max()))
    qtbot.waitUntil(
        lambda: (
            QFontMetrics(table.font()).horizontalAdvance(widest)
            <= table.horizontalHeader().sectionSize(0)
        ),
        timeout=5_000,
    )
    for panel in tab.curves.panels.values():
        geometry = panel.geometry_for(panel.width(), panel.height())
        assert not geometry.legend.intersects(geometry.plot)
        assert geometry.legend.right() <= panel.width()
    for area in tab.findChildren(QScrollArea):  # squeezed content scrolls, never clips
        inner = area.widget()
        if inner is not None and inner.isVisible():
            assert inner.width() >= inner.minimumSizeHint().width()


def test_small_windows_stay_legible_and_usable(qtbot, trained_window):
    window, tab = trained_window
    legible_at(qtbot, window, tab, (1024, 700))
    table = tab.results.confusion
    assert not table.verticalScrollBar().isVisible()  # all ten rows in view at 1024×700
    assert table.font().pointSizeF() >= 6
    legible_at(qtbot, window, tab, (800, 600))
    assert window.minimumSizeHint().width() <= 800


def test_dark_mode_restyles_the_curves_the_matrix_and_the_captions(qtbot, trained_window):
    window, tab = trained_window
    panel = tab.curves.panels["loss"]
    table = tab.results.confusion
    caption = tab.results.findChild(MutedLabel)
    light_cell = table.item(0, 0).background().color()
    try:
        window.set_theme(theme.Theme.DARK)
        base = QApplication.palette().color(QPalette.ColorRole.Base)
        qtbot.waitUntil(lambda: panel.grab().toImage().pixelColor(2, 2) == base, timeout=5_000)
        assert base.lightness() < 80
        qtbot.waitUntil(lambda: table.item(0, 0).background().color() != light_cell)
        assert table.item(0, 0).background().color().lightness() < light_cell.lightness()
        muted = caption.palette().color(QPalette.ColorRole.WindowText)
        assert muted == theme.muted_text() and muted.lightness() > 120  # light grey on dark
    finally:
        window.set_theme(theme.Theme.LIGHT)
    qtbot.waitUntil(lambda: panel.grab().toImage().pixelColor(2, 2).lightness() > 200)

"""Every control of the Rank Explorer has an accessible name of its own (not only one Qt derives
from a button's text or a form's label), and a screen reader gets a name for each."""

from __future__ import annotations

from accessibility import controls, unnamed


def test_every_control_has_an_accessible_name(qtbot, tab):
    tab.load_example("video")  # a rank-5 tensor: its dims slider is a control too
    tab.operations.select("sum")  # keepdims shows
    found = controls(tab)
    kinds = {type(control).__name__ for control in found}
    assert {"QComboBox", "QLineEdit", "QPushButton", "QCheckBox", "QSlider"} <= kinds
    assert {"TensorPicture", "QPlainTextEdit", "QTabWidget"} <= kinds
    assert unnamed(tab) == []
    names = {c.accessibleName() for c in found}
    assert {"Operation", "Operation argument", "Tensor x as a Python literal"} <= names
    assert "Index along axis 2 (height)" in names

"""One colour per axis index, shared by the tensor picture, its sliders and the info panel, so
'axis 1' looks the same wherever it appears."""

from __future__ import annotations

from PySide6.QtGui import QColor

# Distinct, readable on white, and not the red used for errors.
PALETTE = ("#1f6fd1", "#e07b00", "#2e9d4f", "#8e44ad", "#00838f", "#b8860b", "#c2185b", "#5d6d7e")


def axis_color(axis: int) -> str:
    return PALETTE[axis % len(PALETTE)]


def axis_qcolor(axis: int) -> QColor:
    return QColor(axis_color(axis))

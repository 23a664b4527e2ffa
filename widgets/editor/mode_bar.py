"""The row that picks how the tensor is held: a NumPy array, a tf.constant or a tf.Variable, with
a hint of what an edit does in that mode, spelled at the tensor's own rank (``x[i] = value`` for
a vector, ``v.assign(value)`` for a scalar). Layout and rendering only; the tab asks the engine.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from engine.editor.document import Mode
from engine.editor.spelling import cell_statement
from widgets.shared import theme

TITLES = {Mode.NUMPY: "NumPy array", Mode.CONSTANT: "tf.constant", Mode.VARIABLE: "tf.Variable"}


def tooltip(mode: Mode, rank: int) -> str:
    statement = cell_statement(mode, rank)
    if mode is Mode.NUMPY:
        return f"x = np.array(...): mutable, cells change in place ({statement})"
    if mode is Mode.CONSTANT:
        return "t = tf.constant(...): immutable, TensorFlow refuses every edit"
    return f"v = tf.Variable(...): changes only through {statement}"


def hint(mode: Mode, rank: int) -> str:
    statement = cell_statement(mode, rank)
    if mode is Mode.NUMPY:
        return f"Edit a cell: {statement} changes the array in place."
    if mode is Mode.CONSTANT:
        return f"Try to edit a cell: a tf.constant refuses {statement} (item assignment)."
    return f"Edit a cell: {statement} changes the variable."


AA_CONTRAST = 4.5  # WCAG AA for body text


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def checked_background(palette: QPalette) -> QColor:
    """The palette's highlight, darkened (or lightened) just enough for its highlighted text to
    reach AA contrast: Fusion's light highlight gives white text only 3.6:1."""
    background = palette.color(QPalette.ColorRole.Highlight)
    text = palette.color(QPalette.ColorRole.HighlightedText)
    for _ in range(12):
        if contrast(background, text) >= AA_CONTRAST:
            break
        lighter_text = text.lightness() > background.lightness()
        background = background.darker(110) if lighter_text else background.lighter(110)
    return background


def mode_style(palette: QPalette) -> str:
    """The buttons' look from the palette's own colours, so that it follows the theme (a fixed
    blue with white text, on buttons drawn light even in the dark theme, was built for one)."""

    def colour(role: QPalette.ColorRole) -> str:
        return palette.color(role).name()

    edge = QColor(palette.color(QPalette.ColorRole.ButtonText))
    edge.setAlphaF(0.35)
    checked = checked_background(palette)
    highlight = colour(QPalette.ColorRole.Highlight)
    return (
        f"QToolButton {{ padding: 3px 10px; border-radius: 3px;"
        f" background: {colour(QPalette.ColorRole.Button)};"
        f" color: {colour(QPalette.ColorRole.ButtonText)};"
        f" border: 1px solid {edge.name(QColor.NameFormat.HexArgb)}; }}"
        f"QToolButton:hover {{ border-color: {highlight}; }}"
        f"QToolButton:checked {{ background: {checked.name()};"
        f" color: {colour(QPalette.ColorRole.HighlightedText)};"
        f" border-color: {checked.darker(130).name()}; font-weight: bold; }}"
        # keyboard focus stays visible, on the checked button as well (same outer size)
        f"QToolButton:focus {{ border: 2px solid {highlight}; padding: 2px 9px; }}"
        f"QToolButton:checked:focus {{ border-color: {colour(QPalette.ColorRole.Text)}; }}"
    )


class ModeBar(QWidget):
    mode_chosen = Signal(Mode)  # a button of another mode than the one held was clicked

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._shown = (Mode.NUMPY, 2)
        self.group = QButtonGroup(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("<b>Hold it as</b>"))
        self.buttons: dict[Mode, QToolButton] = {}
        for mode, text in TITLES.items():
            button = QToolButton()
            button.setText(text)
            button.setAccessibleName(f"Hold it as {text}")
            button.setCheckable(True)
            button.setMinimumWidth(96)
            self.group.addButton(button)
            self.buttons[mode] = button
            row.addWidget(button)
        self.hint = QLabel()
        self.hint.setObjectName("modeHint")
        # Secondary text from the palette's role for it: it follows every theme switch.
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.hint.setWordWrap(True)  # a narrow window wraps the hint instead of cutting it
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addSpacing(8)
        row.addWidget(self.hint, 1)
        self.group.buttonClicked.connect(self._clicked)
        theme.notifier().changed.connect(self._restyle)
        self._restyle()
        self.show_mode(Mode.NUMPY, 2)

    @Slot()
    def _restyle(self) -> None:
        style = mode_style(QApplication.palette())
        for button in self.buttons.values():
            button.setStyleSheet(style)

    def show_mode(self, mode: Mode, rank: int) -> None:
        self._shown = (mode, rank)
        for each, button in self.buttons.items():
            button.setChecked(each is mode)
            button.setToolTip(tooltip(each, rank))
        self.hint.setText(hint(mode, rank))
        self.hint.setAccessibleName(self.hint.text())

    @Slot()
    def _clicked(self) -> None:
        for mode, button in self.buttons.items():
            if button.isChecked() and mode is not self._shown[0]:
                self.mode_chosen.emit(mode)

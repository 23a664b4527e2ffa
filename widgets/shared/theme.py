"""Light and dark: one place that decides the palette, and that everything drawn by hand (plots,
the tensor picture, the digit canvas, message lines) asks for its colours.

"System" follows the desktop's colour scheme (QStyleHints.colorScheme, updated live); "Light"
and "Dark" force one. The palette is Fusion's, which is drawn the same on every platform, with a
dark variant built here (Qt's own dark palettes depend on the platform theme, which offscreen and
Xvfb sessions do not have). Widgets that draw themselves connect to ``theme_changed()``.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory


class Theme(Enum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


# Okabe–Ito: eight colours told apart with every common kind of colour blindness.
OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black (light theme) / drawn white on dark
)

DARK_ROLES = {
    QPalette.ColorRole.Window: "#2b2b2e",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1f1f22",
    QPalette.ColorRole.AlternateBase: "#2a2a2e",
    QPalette.ColorRole.ToolTipBase: "#3a3a3f",
    QPalette.ColorRole.ToolTipText: "#f0f0f0",
    QPalette.ColorRole.PlaceholderText: "#9a9aa0",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#35353a",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Light: "#48484e",
    QPalette.ColorRole.Midlight: "#3e3e44",
    QPalette.ColorRole.Mid: "#2f2f34",
    QPalette.ColorRole.Dark: "#19191c",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.Highlight: "#3d7fd1",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#7db5ff",
    QPalette.ColorRole.LinkVisited: "#c49cff",
}
DARK_DISABLED = "#7a7a80"
LIGHT_MUTED = "#5c5c62"


class _Notifier(QObject):
    changed = Signal(bool)  # True when the palette is now dark


_notifier: _Notifier | None = None
_choice = Theme.SYSTEM


def notifier() -> _Notifier:
    """The object whose ``changed(bool)`` fires after every switch of palette."""
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(_system_scheme_changed)
    return _notifier


def choice() -> Theme:
    return _choice


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def is_dark() -> bool:
    """Whether what is on screen now is dark (judged from the palette, whatever set it)."""
    return QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def apply_theme(theme: Theme) -> None:
    """Switch the whole application to ``theme`` and tell everything that draws by hand."""
    global _choice
    _choice = theme
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    fusion = QStyleFactory.create("Fusion")
    app.setStyle(fusion)
    dark = theme is Theme.DARK or (theme is Theme.SYSTEM and system_is_dark())
    app.setPalette(dark_palette() if dark else light_palette(fusion.standardPalette()))
    notifier().changed.emit(dark)


def light_palette(standard: QPalette) -> QPalette:
    """Fusion's light palette with secondary text dark enough to read: its placeholder grey is
    3.9:1 on the window colour, below the 4.5:1 that WCAG asks of text; this is 6:1."""
    standard.setColor(QPalette.ColorRole.PlaceholderText, QColor(LIGHT_MUTED))
    return standard


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK_ROLES.items():
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DARK_DISABLED))
    return palette


def _system_scheme_changed(_scheme: Qt.ColorScheme) -> None:
    if _choice is Theme.SYSTEM:
        apply_theme(Theme.SYSTEM)


def muted_text() -> QColor:
    """The colour for hints and secondary text: readable on either palette."""
    return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)


def series_colour(index: int) -> str:
    colour = OKABE_ITO[index % len(OKABE_ITO)]
    return "#f0f0f0" if colour == "#000000" and is_dark() else colour


def plot_style(dark: bool) -> dict[str, str]:
    """matplotlib colours for a figure that sits in the window (rcParams names)."""
    if dark:
        return {
            "figure.facecolor": "#1f1f22",
            "axes.facecolor": "#1f1f22",
            "axes.edgecolor": "#b0b0b6",
            "axes.labelcolor": "#e6e6e6",
            "text.color": "#e6e6e6",
            "xtick.color": "#c8c8ce",
            "ytick.color": "#c8c8ce",
            "grid.color": "#45454b",
            "legend.facecolor": "#2b2b2e",
            "legend.edgecolor": "#55555b",
        }
    return {
        "figure.facecolor": "#ffffff",
        "axes.facecolor": "#ffffff",
        "axes.edgecolor": "#333333",
        "axes.labelcolor": "#222222",
        "text.color": "#222222",
        "xtick.color": "#333333",
        "ytick.color": "#333333",
        "grid.color": "#dddddd",
        "legend.facecolor": "#ffffff",
        "legend.edgecolor": "#cccccc",
    }

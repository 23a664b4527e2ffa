"""The Rank Explorer's colours, all from the palette in use (light or dark) and the shared
colour-blind-safe series (Okabe–Ito, theme.series_colour): one colour per axis index, shared by
the picture, its sliders and the info panel so that 'axis 1' looks the same wherever it appears;
the colours of TensorFlow's notes; and the picture's cells, cards and captions.

Okabe–Ito's orange, sky blue and yellow are too light to read as text on a light background
(blue is too dark on a dark one), so each colour is darkened or lightened, keeping its hue,
until it reaches WCAG's 4.5:1 contrast against the window and the picture's background.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from widgets.shared import theme

TEXT_CONTRAST = 4.5  # WCAG AA for normal text
LIGHTNESS_STEP = 0.01
# Okabe–Ito positions for TensorFlow's notes: vermillion, bluish green, orange.
REFUSED, AGREES, NOTE = 1, 2, 4


def _luminance(colour: QColor) -> float:
    """WCAG's relative luminance."""

    def linear(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(colour: QColor, *backgrounds: QColor) -> QColor:
    """``colour`` with its lightness moved away from the backgrounds' until it reads as text
    on every one of them; hue and saturation stay."""
    darken = sum(_luminance(b) for b in backgrounds) / len(backgrounds) > 0.18
    hue, saturation = colour.hslHueF(), colour.hslSaturationF()
    lightness, alpha = colour.lightnessF(), colour.alphaF()
    result = QColor(colour)
    while min(contrast(result, b) for b in backgrounds) < TEXT_CONTRAST and 0 < lightness < 1:
        step = -LIGHTNESS_STEP if darken else LIGHTNESS_STEP
        lightness = min(1.0, max(0.0, lightness + step))
        result = QColor.fromHslF(hue, saturation, lightness, alpha)
    return result


def series(index: int) -> QColor:
    """The ``index``-th colour-blind-safe series colour, readable as text in the window."""
    palette = QApplication.palette()
    backgrounds = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Window)
    return readable(QColor(theme.series_colour(index)), *backgrounds)


def axis_qcolor(axis: int) -> QColor:
    return series(axis)


def axis_color(axis: int) -> str:
    """For rich text: '#rrggbb'."""
    return axis_qcolor(axis).name()


def muted() -> str:
    """Hints and code in rich text: the palette's placeholder colour, as '#rrggbb'."""
    return theme.muted_text().name()


def _mix(a: QColor, b: QColor, share: float) -> QColor:
    """``share`` of the way from ``a`` to ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * share,
        a.greenF() + (b.greenF() - a.greenF()) * share,
        a.blueF() + (b.blueF() - a.blueF()) * share,
    )


@dataclass(frozen=True)
class PictureStyle:
    """What the tensor picture paints in, from the palette: cells on the base colour, numbers in
    the text colour, higher values tinted towards the highlight colour."""

    background: QColor
    card_fill: QColor
    cell_border: QColor
    value_text: QColor
    grid_border: QColor
    caption_text: QColor
    elided_fill: QColor
    elided_text: QColor
    high_fill: QColor  # the highest value's cell; the lowest is the background

    def value_fill(self, fraction: float) -> QColor:
        """A value's cell, ``fraction`` of the way from the lowest value to the highest."""
        return _mix(self.background, self.high_fill, fraction)


HIGH_TINT = 0.45  # of the highlight colour in the highest value's cell: its number stays legible


def picture_style(palette: QPalette) -> PictureStyle:
    role = QPalette.ColorRole
    base, text = palette.color(role.Base), palette.color(role.Text)
    return PictureStyle(
        background=base,
        card_fill=palette.color(role.AlternateBase),
        cell_border=_mix(base, text, 0.2),
        value_text=text,
        grid_border=_mix(base, text, 0.7),
        caption_text=text,
        elided_fill=_mix(base, text, 0.06),
        elided_text=_mix(base, text, 0.55),
        high_fill=_mix(base, palette.color(role.Highlight), HIGH_TINT),
    )

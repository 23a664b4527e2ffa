"""Secondary text (captions, hints) in the theme's muted colour, restyled when the theme changes."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from widgets.shared import theme


class MutedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setWordWrap(True)
        theme.notifier().changed.connect(self._restyle)
        self._restyle()

    def _restyle(self, *_dark: bool) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, theme.muted_text())
        self.setPalette(palette)

"""A container that builds its content on first show, so start-up skips what no one looks at."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyWidget(QWidget):
    """Calls ``factory()`` the first time it is shown (or when ``content`` is first asked for).

    Use it for anything that imports matplotlib: the window then opens without loading it.
    """

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None):
        super().__init__(parent)
        self._factory = factory
        self._content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def is_built(self) -> bool:
        return self._content is not None

    @property
    def content(self) -> QWidget:
        if self._content is None:
            self._content = self._factory()
            self._layout.addWidget(self._content)
        return self._content

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        self.content  # noqa: B018 (building is the point)
        super().showEvent(event)

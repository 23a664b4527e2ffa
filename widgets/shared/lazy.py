"""A container that builds its content right after its first paint, so start-up skips what no one
looks at, and a tab restored at start-up shows its window before its plots are built."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyWidget(QWidget):
    """Calls ``factory()`` just after it is first painted (or when ``content`` is first asked
    for).

    Use it for anything that imports matplotlib (~0.5 s): the window then opens, and paints,
    without waiting for it; the content fills in on the next turn of the event loop.
    """

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None):
        super().__init__(parent)
        self._factory = factory
        self._content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._scheduled = False

    @property
    def is_built(self) -> bool:
        return self._content is not None

    @property
    def content(self) -> QWidget:
        if self._content is None:
            self._content = self._factory()
            self._layout.addWidget(self._content)
        return self._content

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if self._content is None and not self._scheduled:
            self._scheduled = True
            QTimer.singleShot(0, self, self._build)

    def _build(self) -> None:
        self.content  # noqa: B018 (building is the point)

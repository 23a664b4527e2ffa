"""Call a slot once input has paused: typing in a field, dragging through many values.

superqt's ``QSignalDebouncer`` does the same, and we would use it, but importing superqt costs
~0.18 s at start-up on the reference machine (``python -X importtime``: its package imports all
of its widgets, and qtpy's compatibility layer), which is 8 % of a TensorFlow import and would
take the first window from 0.16x to 0.24x of ``import tensorflow`` (bench/startup.py). What we
need of it is one restartable single-shot timer, so it lives here, once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Debouncer(QObject):
    def __init__(self, slot: Callable[[], object], delay_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(slot)

    def trigger(self) -> None:
        """(Re)start the wait: the slot runs ``delay_ms`` after the last trigger."""
        self._timer.start()

    def cancel(self) -> None:
        self._timer.stop()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

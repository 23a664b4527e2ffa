"""Guards the pinned Qt binding: some releases (PySide6 6.12.0 on Python 3.11) drop a reference
to None or True on every call, and a long training session then aborts the process."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QLabel

CALLS = 500


class Emitter(QObject):
    changed = Signal(object)

    @Slot(object)
    def receive(self, value):
        self.last = value


def refcount_drift(call) -> tuple[int, int]:
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(CALLS):
        call()
    return sys.getrefcount(None) - before[0], sys.getrefcount(True) - before[1]


def test_process_events_keeps_refcounts(qapp):
    assert refcount_drift(QCoreApplication.processEvents) == (0, 0)


def test_signal_emit_keeps_refcounts(qapp):
    emitter = Emitter()
    emitter.changed.connect(emitter.receive)
    assert refcount_drift(lambda: emitter.changed.emit(1)) == (0, 0)


def test_void_widget_calls_keep_refcounts(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    assert refcount_drift(lambda: label.setText("x")) == (0, 0)

"""Faults at scale: closing the window mid-work, and training started and stopped many times."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QtMsgType

START_STOP_CYCLES = 20
CLOSE_LIMIT_S = 5.0


def rss_mb() -> float:
    import resource

    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def qt_warnings(qtlog) -> list[str]:
    serious = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
    return [
        r.message
        for r in qtlog.records
        if r.type in serious and "propagateSizeHints" not in r.message
    ]


def trainer(window):
    tab = window.tabs.widget(3)
    window.tabs.setCurrentIndex(3)
    return tab


def test_closing_during_full_data_training_is_quick_and_quiet(qtbot, main_window, qtlog):
    tab = trainer(main_window)
    qtbot.waitUntil(lambda: tab.controller.data_source.data is not None, timeout=60_000)
    tab.form.fields["limit"].setText("")
    tab.form.fields["epochs"].setText("5")
    threads_before = threading.active_count()
    with qtbot.waitSignal(tab.controller.progressed, timeout=60_000):
        tab.controller.start_training()
    started = time.monotonic()
    main_window.close()
    assert time.monotonic() - started < CLOSE_LIMIT_S
    assert not main_window.worker.isRunning()
    assert threading.active_count() <= threads_before
    assert qt_warnings(qtlog) == []


def test_closing_during_a_gradient_sweep_is_quick_and_quiet(qtbot, main_window, qtlog):
    from functools import partial

    import numpy as np
    from receivers import JobRecorder

    from engine.gradients import derivatives

    # The tab's own sweeps take milliseconds; a third-order sweep over 200,000 points runs long
    # enough (~0.5 s) to be mid-flight when the window closes. A sweep is one TensorFlow call
    # that cannot be cut short, so the close waits for it to end.
    main_window.tabs.setCurrentIndex(1)
    sweep = partial(derivatives, "sin(x)*exp(-x**2/10)", np.linspace(-5, 5, 200_000), order=3)
    rec = JobRecorder()
    main_window.worker.submit("Gradient sweep", sweep, **rec.slots())
    qtbot.waitUntil(lambda: main_window.worker.current_job is not None, timeout=5_000)
    started = time.monotonic()
    main_window.close()
    assert time.monotonic() - started < CLOSE_LIMIT_S
    assert not main_window.worker.isRunning()
    assert qt_warnings(qtlog) == []


def test_training_started_and_stopped_twenty_times(qtbot, main_window, qtlog):
    tab = trainer(main_window)
    controller = tab.controller
    qtbot.waitUntil(lambda: controller.data_source.data is not None, timeout=60_000)
    tab.form.fields["limit"].setText("3000")
    tab.form.fields["epochs"].setText("50")
    tab.form.fields["batch_size"].setText("32")
    readings = []
    for cycle in range(START_STOP_CYCLES):
        with qtbot.waitSignal(controller.progressed, timeout=60_000):
            controller.start_training()
        controller.stop_training()
        qtbot.waitUntil(lambda: not controller.training, timeout=30_000)
        assert controller.result is not None and controller.result.report.stopped, f"cycle {cycle}"
        readings.append((threading.active_count(), rss_mb()))
    threads = [t for t, _ in readings]
    memory = [m for _, m in readings]
    # After the first cycles have warmed TensorFlow's caches, nothing keeps growing.
    assert max(threads) <= threads[2] + 2, threads
    assert memory[-1] - memory[4] < 250, memory
    assert controller.has_model and controller.evaluation is not None
    assert qt_warnings(qtlog) == []

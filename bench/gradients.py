"""Gradients: recompute f, f', f'' over 1000 points after the first run.

Measures the engine call (nested GradientTape over one 1-D tensor) and, in the same run, the
same call as a job through the app's worker thread, delivered to a GUI-thread receiver.
Target: recompute_ms < 100.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
from common import emit, median

EXPRESSIONS = ("4.9*t**2", "sin(x)*exp(-x**2/10)", "tanh(x)", "x**3 - 2*x")


def variable_of(text: str) -> str:
    return "t" if "t" in text.replace("tanh", "") else "x"


def engine_times(rounds: int) -> tuple[float, float]:
    from engine.gradients import derivatives

    points = np.linspace(-5, 5, 1000)
    first, again = [], []
    for text in EXPRESSIONS:
        started = time.perf_counter()
        derivatives(text, points, variable=variable_of(text), order=2)
        first.append(time.perf_counter() - started)
        for _ in range(rounds):
            started = time.perf_counter()
            result = derivatives(text, points, variable=variable_of(text), order=2)
            again.append(time.perf_counter() - started)
            assert result.values[2].shape == (1000,)
    return median(first), median(again)


def worker_times(rounds: int) -> float:
    from functools import partial

    from PySide6.QtCore import QEventLoop, QObject, Slot
    from PySide6.QtWidgets import QApplication

    from engine.gradients import derivatives
    from engine.worker import Worker

    app = QApplication.instance() or QApplication(sys.argv[:1])

    class Receiver(QObject):
        @Slot(object)
        def done(self, _result):
            loop.quit()

    receiver = Receiver()
    worker = Worker()
    worker.start()
    points = np.linspace(-5, 5, 1000)
    times = []
    try:
        for i in range(rounds * len(EXPRESSIONS)):
            text = EXPRESSIONS[i % len(EXPRESSIONS)]
            job = partial(derivatives, text, points, variable=variable_of(text), order=2)
            loop = QEventLoop()
            started = time.perf_counter()
            worker.submit("sweep", job, on_result=receiver.done)
            loop.exec()
            times.append(time.perf_counter() - started)
    finally:
        worker.shutdown(10)
    del app
    return median(times[len(EXPRESSIONS) :])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    first_s, recompute_s = engine_times(rounds)
    worker_s = worker_times(rounds)
    emit(
        {
            "first_ms": round(first_s * 1000, 2),
            "recompute_ms": round(recompute_s * 1000, 2),
            "through_worker_ms": round(worker_s * 1000, 2),
            "points": 1000,
            "order": 2,
        }
    )


if __name__ == "__main__":
    main()

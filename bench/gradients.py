"""Gradients: recompute f, f', f'' over 1000 points after the first run; a 1,000-step descent;
a 200 × 200 contour map; and the GUI while a descent plays.

Measures the engine call (nested GradientTape over one 1-D tensor) and, in the same run, the
same call as a job through the app's worker thread, delivered to a GUI-thread receiver; then,
through the same worker, a 1,000-step descent on Rosenbrock's f and the contour map (the grid
job plus drawing it), and the longest event-loop stall while the real tab plays two 1,000-step
runs (play_*: while the path animates; compute_max_stall_ms: while the engine computes it
first). Targets: recompute_ms < 100, descent_1000_ms < 500, contour_redraw_ms < 150,
play_max_stall_ms < 50.

The machine is shared: on a loaded one, wall-clock times include waiting for a core. The *_cpu_ms
keys give the process's own CPU time for the same work (both threads), which load does not
inflate; load_average says how busy the machine was.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np
from common import emit, median

EXPRESSIONS = ("4.9*t**2", "sin(x)*exp(-x**2/10)", "tanh(x)", "x**3 - 2*x")
ROSENBROCK = "(1-x)**2 + 100*(y-x**2)**2"
XY = ("x", "y")
DESCENT_STEPS = 1000
GRID = 200


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


def run_job(worker, receiver, loop_holder, label, job) -> float:
    """Seconds from submitting ``job`` to its result on the GUI thread."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    loop_holder[0] = loop
    started = time.perf_counter()
    worker.submit(label, job, on_result=receiver.done)
    loop.exec()
    return time.perf_counter() - started


def gui_times(rounds: int) -> dict[str, float]:
    """Everything measured through the app's worker and GUI, in one QApplication."""
    from functools import partial

    from PySide6.QtCore import QObject, Slot
    from PySide6.QtWidgets import QApplication

    from engine.gradients import derivatives
    from engine.gradients.descent import descend
    from engine.gradients.expressions import compile_expression
    from engine.gradients.two_inputs import surface
    from engine.worker import Worker
    from widgets.gradients.contour_plot import ContourPlot

    app = QApplication.instance() or QApplication(sys.argv[:1])
    loop_holder: list = [None]
    delivered: list = [None]

    class Receiver(QObject):
        @Slot(object)
        def done(self, result):
            delivered[0] = result
            loop_holder[0].quit()

    receiver = Receiver()
    worker = Worker()
    worker.start()
    points = np.linspace(-5, 5, 1000)
    sweeps, descents, contours, contours_cpu = [], [], [], []
    plot = ContourPlot()
    plot.resize(1000, 620)
    plot.show()
    try:
        for i in range(rounds * len(EXPRESSIONS)):
            text = EXPRESSIONS[i % len(EXPRESSIONS)]
            job = partial(derivatives, text, points, variable=variable_of(text), order=2)
            sweeps.append(run_job(worker, receiver, loop_holder, "sweep", job))
        for i in range(rounds + 1):
            start = (-1.2 + 0.01 * i, 1.0)  # a new start each time: the trace is reused
            job = partial(
                descend, ROSENBROCK, start, variables=XY, optimizer="adam",
                learning_rate=0.02, steps=DESCENT_STEPS,
            )  # fmt: skip
            descents.append(run_job(worker, receiver, loop_holder, "descent", job))
            assert len(delivered[0].path) == DESCENT_STEPS + 1
        expr = compile_expression(ROSENBROCK, XY)
        for i in range(rounds + 1):
            xs = np.linspace(-2 - 0.01 * i, 2, GRID)
            ys = np.linspace(-1, 3, GRID)
            started, cpu = time.perf_counter(), time.process_time()
            run_job(worker, receiver, loop_holder, "contour", partial(surface, expr, xs, ys))
            plot.set_surface(delivered[0], "f")
            plot.plot.canvas.draw()  # what the user waits for: the new map on screen
            contours.append(time.perf_counter() - started)
            contours_cpu.append(time.process_time() - cpu)
        stalls = play_stalls(app, worker)
    finally:
        plot.close()
        worker.shutdown(10)
    return {
        "through_worker": median(sweeps[len(EXPRESSIONS) :]),
        "descent_first": descents[0],
        "descent": median(descents[1:]),
        "contour": median(contours[1:]),
        "contour_cpu": median(contours_cpu[1:]),
        **stalls,
    }


def play_stalls(app, worker) -> dict[str, float]:
    """The real tab on Rosenbrock's map plays two 1,000-step runs; each turn of the event loop
    is timed (wall clock: how long the GUI could not respond; CPU: its own work)."""
    from widgets.gradients.descent_inputs import RunForm
    from widgets.gradients.inputs import PRESETS
    from widgets.gradients.view import GradientsTab

    def pump_until(done, timeout_s: float = 120.0) -> None:
        end = time.monotonic() + timeout_s
        while not done() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.002)

    tab = GradientsTab(worker)
    tab.resize(1400, 900)
    tab.show()
    descent = tab.controller.descent
    try:
        pump_until(lambda: tab.controller.started and not tab.controller.busy)
        tab.load_preset(next(p for p in PRESETS if p.title == "Rosenbrock"))
        d = tab.controls.descent
        d.run_a.set_form(RunForm("adam", "0.02", "0", str(DESCENT_STEPS)))
        d.compare_check.setChecked(True)
        d.run_b.set_form(RunForm("sgd", "0.001", "0.9", str(DESCENT_STEPS)))
        tab.recompute()
        pump_until(lambda: not tab.controller.busy and tab.contour.surface is not None)
        d.step_button.click()  # traces both runs once, as a user's first step would
        pump_until(lambda: descent.frame.revealed == 1)
        d.reset_button.click()
        pump_until(lambda: not tab.controller.busy)
        walls, cpus, computing = [], [], []  # per event-loop turn
        started = time.perf_counter()
        d.play_button.click()  # computes both paths again (one job), then plays them
        end = time.monotonic() + 120
        while not (descent.frame.finished and not descent.frame.playing):
            assert time.monotonic() < end, "the descent never finished playing"
            computing.append(not descent.frame.results)  # the engine job, before playing
            wall, cpu = time.perf_counter(), time.process_time()
            app.processEvents()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            time.sleep(0.002)
        played = time.perf_counter() - started
        assert descent.frame.revealed == DESCENT_STEPS
    finally:
        tab.shutdown()
        tab.close()
    playing = ~np.array(computing)
    walls_played, cpus_played = np.array(walls)[playing], np.array(cpus)[playing]
    return {
        "play_max_stall": float(walls_played.max()),
        "play_p95_stall": float(np.percentile(walls_played, 95)),
        "play_max_stall_cpu": float(cpus_played.max()),
        "compute_max_stall": float(np.array(walls)[~playing].max(initial=0.0)),
        "play": played,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    first_s, recompute_s = engine_times(rounds)
    gui = gui_times(rounds)
    ms = {key: round(value * 1000, 2) for key, value in gui.items()}
    emit(
        {
            "first_ms": round(first_s * 1000, 2),
            "recompute_ms": round(recompute_s * 1000, 2),
            "through_worker_ms": ms["through_worker"],
            "points": 1000,
            "order": 2,
            "descent_steps": DESCENT_STEPS,
            "descent_first_ms": ms["descent_first"],
            "descent_1000_ms": ms["descent"],
            "contour_grid": f"{GRID}x{GRID}",
            "contour_redraw_ms": ms["contour"],
            "contour_redraw_cpu_ms": ms["contour_cpu"],
            "play_s": round(gui["play"], 2),
            "play_max_stall_ms": ms["play_max_stall"],
            "play_p95_stall_ms": ms["play_p95_stall"],
            "play_max_stall_cpu_ms": ms["play_max_stall_cpu"],
            "compute_max_stall_ms": ms["compute_max_stall"],
            "load_average": round(os.getloadavg()[0], 2),
        }
    )


if __name__ == "__main__":
    main()

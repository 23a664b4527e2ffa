"""GUI responsiveness while the app trains MNIST: event-loop stalls seen by a 5 ms QTimer.

Targets: stall_max_ms < 50, stall_p99_ms < 20 while the engine trains (from the first progress
report to the result), and run_stall_max_ms < 50, run_stall_p99_ms < 20 over the whole run, from
the Train click to the shown results. The live curves are painted with QPainter (about a
millisecond a refresh); they used to be matplotlib figures whose full redraws at the click and at
the results (~0.1 s each) were the worst stalls of a run (run_stall_max_ms 106–134).
"""

from __future__ import annotations

import argparse

from app_training import AppTrainer, StallMeter
from common import emit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    app = AppTrainer()
    meter = StallMeter()
    app.train(args.epochs, meter=meter)
    app.close()
    stalls, training = meter.stalls_ms(), meter.stalls_ms("training")
    emit(
        {
            "stall_max_ms": training[-1],
            "stall_p99_ms": percentile(training, 0.99),
            "run_stall_max_ms": stalls[-1],
            "run_stall_p99_ms": percentile(stalls, 0.99),
            "run_stall_median_ms": percentile(stalls, 0.5),
            "ticks": len(stalls),
            "epochs": args.epochs,
        }
    )


def percentile(sorted_values: list[int], q: float) -> int:
    return sorted_values[int(q * (len(sorted_values) - 1))]


if __name__ == "__main__":
    main()

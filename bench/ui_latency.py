"""GUI responsiveness while the app trains MNIST: event-loop stalls seen by a 5 ms QTimer.

Targets: stall_max_ms < 50, stall_p99_ms < 20.
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
    stalls = meter.stalls_ms()
    emit(
        {
            "stall_max_ms": stalls[-1],
            "stall_p99_ms": stalls[int(0.99 * (len(stalls) - 1))],
            "stall_median_ms": stalls[len(stalls) // 2],
            "ticks": len(stalls),
            "epochs": args.epochs,
        }
    )


if __name__ == "__main__":
    main()

"""Training speed: seconds per epoch of the default MNIST model (batch 128), side by side.

Alternates A B A B in one run: (a) a plain `model.fit` script, (b) the app's Train path with its
progress callback and live curves. Also measures TensorFlow's 4096² float32 matmul peak and the
floor it implies: one epoch ≈ 146 GFLOP (≈ 2.44 MFLOP per sample × 60,000).
Targets: ratio (b/a) <= 1.0, floor_ratio (b/floor) <= 1.6.
"""

from __future__ import annotations

import argparse
import sys
import time

from app_training import AppTrainer, plain_epoch_seconds
from common import emit, median

EPOCH_GFLOP = 146.0


def matmul_gflops(repeats: int = 5) -> float:
    import tensorflow as tf

    a = tf.random.normal((4096, 4096))
    b = tf.random.normal((4096, 4096))
    tf.linalg.matmul(a, b).numpy()  # warm-up
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        tf.linalg.matmul(a, b).numpy()
        best = min(best, time.perf_counter() - started)
    return 2 * 4096**3 / best / 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    app = AppTrainer()
    plain, ours, accuracy = [], [], []
    for round_ in range(args.rounds):
        plain += plain_epoch_seconds(args.epochs, seed=round_ + 1)
        report, evaluation = app.train(args.epochs, seed=round_ + 1)
        ours += report.epoch_seconds
        accuracy.append(evaluation.test_accuracy)
        print(
            f"round {round_}: plain {plain[-args.epochs :]} app {ours[-args.epochs :]}",
            file=sys.stderr,
        )
    app.close()
    peak = matmul_gflops()
    floor = EPOCH_GFLOP / peak
    plain_s, app_s = median(plain), median(ours)
    emit(
        {
            "plain_epoch_s": round(plain_s, 3),
            "app_epoch_s": round(app_s, 3),
            "ratio": round(app_s / plain_s, 3),
            "matmul_gflops": round(peak, 1),
            "floor_epoch_s": round(floor, 3),
            "floor_ratio": round(app_s / floor, 3),
            "epochs_per_path": len(ours),
            "app_test_accuracy": [round(a, 4) for a in accuracy],
        }
    )


if __name__ == "__main__":
    main()

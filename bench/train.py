"""Training speed: seconds per epoch of the default MNIST model (batch 128), side by side.

Alternates A B A B in one run: (a) a plain `model.fit` script, (b) the app's Train path with its
progress callback and live curves. Also measures TensorFlow's 4096² float32 matmul peak and the
floor it implies: one epoch ≈ 146 GFLOP (≈ 2.44 MFLOP per sample × 60,000).
Targets: ratio (b/a) <= 1.0, floor_ratio (b/floor) <= 1.6.

XLA, which the app uses for Dense-only models (engine/mnist/model.py), two ways:
- `xla_paired_ratio`: one process trains the app's model twice, with jit_compile=False and True,
  alternating one-epoch fits after both have compiled; the median of the paired ratios (True /
  False) of the same moments' epochs, which other load on the machine hits alike.
- a default 5-epoch run (fit, then the test set's predictions) as a stand-alone script runs it,
  in fresh processes, compile included: `xla_epoch_s` and `no_xla_epoch_s` (later epochs),
  `xla_compile_s` (what XLA adds to the first epoch and the first predictions), and
  `xla_run_gain_s` (how much sooner the whole script ends with XLA; negative: later); the
  `*_cpu_s` keys are the same in CPU time. The app pays that compile while MNIST loads.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from app_training import AppTrainer, plain_epoch_seconds
from common import ROOT, emit, median

EPOCH_GFLOP = 146.0
XLA_EPOCHS = 5
# The app's default model and data as both XLA scripts build them (argv[1]: the .npz file);
# make_model(jit) makes the model, seeded alike every time.
SETUP = """
import json, os, statistics, sys, time
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
import numpy as np, keras, tensorflow as tf
with np.load(sys.argv[1]) as f:
    x, y, x_test = f["x_train"], f["y_train"], f["x_test"]
x = tf.constant(x.reshape((60000, 784)).astype("float32") / 255)
y = tf.constant(y.astype("int32"))
x_test = x_test.reshape((10000, 784)).astype("float32") / 255
def make_model(jit):
    keras.utils.set_random_seed(1)
    made = keras.Sequential([
        keras.Input((784,)),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    made.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy",
                 metrics=["accuracy"], steps_per_execution=32, jit_compile=jit)
    return made
"""
XLA_SCRIPT = (
    SETUP
    + """
model = make_model(sys.argv[2] == "1")
clocks = (time.perf_counter, time.process_time)  # wall, and CPU time (less hurt by other load)
epochs = []
class EpochClock(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        self.started = [clock() for clock in clocks]
    def on_epoch_end(self, epoch, logs=None):
        epochs.append([clock() - t for clock, t in zip(clocks, self.started)])
started = [clock() for clock in clocks]
model.fit(x, y, epochs=int(sys.argv[3]), batch_size=128, verbose=0, callbacks=[EpochClock()])
fitted = [clock() for clock in clocks]
model.predict(x_test, batch_size=2048, verbose=0)
predicted = [clock() for clock in clocks]
model.predict(x_test, batch_size=2048, verbose=0)
again = [clock() for clock in clocks]
print(json.dumps({
    "epochs": epochs,
    "run": [b - a for a, b in zip(started, predicted)],
    "predict": [b - a for a, b in zip(fitted, predicted)],
    "predict_again": [b - a for a, b in zip(predicted, again)],
}))
"""
)


PAIRED_SCRIPT = (
    SETUP
    + """
models = {jit: make_model(jit) for jit in (False, True)}
seconds = {False: [], True: []}
for round_ in range(int(sys.argv[2]) + 1):  # round 0 compiles
    for jit, made in models.items():
        started = time.perf_counter()
        made.fit(x, y, epochs=1, batch_size=128, verbose=0)
        if round_:
            seconds[jit].append(time.perf_counter() - started)
ratios = [a / b for a, b in zip(seconds[True], seconds[False])]
print(json.dumps({"ratio": statistics.median(ratios), "xla": statistics.median(seconds[True]),
                  "no_xla": statistics.median(seconds[False])}))
"""
)


def xla_paired(rounds: int) -> dict:
    """XLA against no XLA in one process, epochs alternated (see the module's docstring)."""
    done = subprocess.run(
        [sys.executable, "-c", PAIRED_SCRIPT, str(ROOT / "resources" / "mnist.npz"), str(rounds)],
        capture_output=True,
        text=True,
        check=True,
    )
    paired = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "xla_paired_ratio": round(paired["ratio"], 3),
        "xla_paired_epoch_s": round(paired["xla"], 3),
        "no_xla_paired_epoch_s": round(paired["no_xla"], 3),
    }


def xla_run(jit: bool, epochs: int = XLA_EPOCHS) -> dict:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            XLA_SCRIPT,
            str(ROOT / "resources" / "mnist.npz"),
            str(int(jit)),
            str(epochs),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def xla_keys(rounds: int) -> dict:
    """XLA against the app's compile settings, alternated: what a default run gains or loses,
    in wall time and in CPU time (clock 0 and 1)."""
    runs: dict[bool, list[dict]] = {False: [], True: []}
    for _ in range(rounds):
        for jit in (False, True):
            runs[jit].append(xla_run(jit))

    def later(jit: bool, clock: int) -> float:
        return median([t[clock] for run in runs[jit] for t in run["epochs"][1:]])

    def compile_extra(jit: bool, clock: int) -> float:
        first = median([run["epochs"][0][clock] for run in runs[jit]]) - later(jit, clock)
        predict = median([r["predict"][clock] - r["predict_again"][clock] for r in runs[jit]])
        return first + predict

    def run_s(jit: bool, clock: int) -> float:
        return median([run["run"][clock] for run in runs[jit]])

    keys: dict[str, float | int] = {"xla_epochs": XLA_EPOCHS}
    for clock, suffix in ((0, "s"), (1, "cpu_s")):
        keys[f"no_xla_epoch_{suffix}"] = round(later(False, clock), 3)
        keys[f"xla_epoch_{suffix}"] = round(later(True, clock), 3)
        extra = compile_extra(True, clock) - compile_extra(False, clock)
        keys[f"xla_compile_{suffix}"] = round(extra, 3)
        keys[f"xla_run_gain_{suffix}"] = round(run_s(False, clock) - run_s(True, clock), 3)
    return keys


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
    parser.add_argument("--xla-rounds", type=int, default=3, help="0: skip the XLA comparison")
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
    xla = {**xla_paired(6), **xla_keys(args.xla_rounds)} if args.xla_rounds else {}
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
            **xla,
        }
    )


if __name__ == "__main__":
    main()

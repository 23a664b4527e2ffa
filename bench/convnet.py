"""The "Small convnet" preset against the seed Dense model on the full bundled MNIST: test
accuracy per seed and seconds per epoch, side by side (convnet, Dense, convnet, Dense, … so that
machine noise hits both alike).

Both train as the MNIST Trainer does: the float32 input prepared once as a tensor, the layers
built by engine.mnist.architecture.build, and steps_per_execution as the trainer picks it.
Also times what the results panel will compute on the engine thread for one clicked digit of
the trained convnet: its saliency map and its feature maps.

Targets: the convnet's median test accuracy >= 0.990 within its default epochs, each run under
~2 minutes; a saliency map and the feature maps well under the 100 ms a click may take.
bench/measured/convnet.json holds the run behind the preset's numbers.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace

from common import emit, median

from engine.mnist.architecture import SEED, SMALL_CONVNET, Preset, describe, prepare
from engine.mnist.layer_spec import format_layers, parse_layers

TARGET_ACCURACY = 0.990


def train_once(preset: Preset, seed: int, data) -> tuple[dict, object]:
    """Fit ``preset`` from ``seed``; its test accuracy, seconds per epoch and in all, and the
    trained model."""
    import keras
    import tensorflow as tf

    from engine.mnist.architecture import build
    from engine.mnist.model import OPTIMIZER_CLASSES, TrainSettings

    description = describe(preset.layers)
    settings = TrainSettings(batch_size=preset.batch_size, epochs=preset.epochs)
    x_train = tf.constant(prepare(data.x_train, description.input_shape))
    y_train = tf.constant(data.y_train.astype("int32"))
    x_test = prepare(data.x_test, description.input_shape)
    keras.utils.set_random_seed(seed)
    model = build(preset.layers)
    optimizer = getattr(keras.optimizers, OPTIMIZER_CLASSES[preset.optimizer])
    model.compile(
        optimizer=optimizer(learning_rate=preset.learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=settings.execution_steps(len(data.x_train)),
    )
    epoch_s: list[float] = []

    class EpochClock(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.started = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            epoch_s.append(time.perf_counter() - self.started)

    started = time.perf_counter()
    model.fit(
        x_train,
        y_train,
        epochs=preset.epochs,
        batch_size=preset.batch_size,
        callbacks=[EpochClock()],
        verbose=0,
    )
    run_s = time.perf_counter() - started
    _, accuracy = model.evaluate(x_test, data.y_test.astype("int32"), batch_size=2048, verbose=0)
    return {"test_accuracy": float(accuracy), "epoch_s": epoch_s, "run_s": run_s}, model


def inspection_ms(model, images, repeats: int = 3) -> dict:
    """Median milliseconds of a saliency map and of the feature maps for one digit."""
    from engine.mnist.inspection import feature_maps, saliency

    timings: dict[str, list[float]] = {"saliency_ms": [], "feature_maps_ms": []}
    for _ in range(repeats):
        for image in images:
            for key, compute in (("saliency_ms", saliency), ("feature_maps_ms", feature_maps)):
                started = time.perf_counter()
                compute(model, image)
                timings[key].append((time.perf_counter() - started) * 1000)
    return {key: round(median(values), 1) for key, values in timings.items()}


def summary(preset: Preset, runs: list[dict]) -> dict:
    accuracies = [run["test_accuracy"] for run in runs]
    return {
        "layers": format_layers(preset.layers),
        "shapes": describe(preset.layers).shape_path(),
        "parameters": describe(preset.layers).params,
        "epochs": preset.epochs,
        "batch_size": preset.batch_size,
        "optimizer": preset.optimizer,
        "learning_rate": preset.learning_rate,
        "test_accuracy": [round(a, 4) for a in accuracies],
        "median_test_accuracy": round(median(accuracies), 4),
        "epoch_s": [[round(s, 2) for s in run["epoch_s"]] for run in runs],
        "median_epoch_s": round(median([s for run in runs for s in run["epoch_s"]]), 2),
        "run_s": [round(run["run_s"], 1) for run in runs],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--layers", help="another convnet to measure, as --layers of the CLI")
    parser.add_argument("--epochs", type=int, default=SMALL_CONVNET.epochs)
    parser.add_argument("--batch-size", type=int, default=SMALL_CONVNET.batch_size)
    parser.add_argument("--optimizer", default=SMALL_CONVNET.optimizer)
    parser.add_argument("--learning-rate", type=float, default=SMALL_CONVNET.learning_rate)
    parser.add_argument("--no-dense", action="store_true", help="skip the Dense model's runs")
    args = parser.parse_args()
    convnet = replace(
        SMALL_CONVNET,
        layers=parse_layers(args.layers) if args.layers else SMALL_CONVNET.layers,
        epochs=args.epochs,
        batch_size=args.batch_size,
        optimizer=args.optimizer,
        learning_rate=args.learning_rate,
    )
    from engine.mnist.devices import visible_devices
    from engine.shared.mnist_data import load_mnist

    data = load_mnist()
    conv_runs, dense_runs = [], []
    for seed in args.seeds:
        for preset, runs in ((convnet, conv_runs), (SEED, dense_runs)):
            if preset is SEED and args.no_dense:
                continue
            run, model = train_once(preset, seed, data)
            runs.append(run)
            print(f"{preset.name}, seed {seed}: {run}", file=sys.stderr, flush=True)
            if preset is convnet:
                convnet_model = model
    conv = summary(convnet, conv_runs)
    conv.update(inspection_ms(convnet_model, data.x_test[:20]))
    result = {
        "seeds": args.seeds,
        "devices": visible_devices().status_text(),
        "data": data.source,
        "convnet": conv,
        "convnet_reaches_target": conv["median_test_accuracy"] >= TARGET_ACCURACY,
    }
    if dense_runs:
        result["dense"] = summary(SEED, dense_runs)
    emit(result)


if __name__ == "__main__":
    main()

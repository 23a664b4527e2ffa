"""The "Small convnet" preset against the seed Dense model on the full bundled MNIST, each trained
through the command line exactly as a user runs it (``python -m engine.mnist --model convnet
--seed N --json``, with the preset's default epochs): test accuracy per seed and seconds per
epoch, side by side (convnet, Dense, convnet, Dense, … so that machine noise hits both alike).

Also times what the results panel computes on the engine thread for one clicked digit of the
trained convnet (saved with --save and loaded here): its saliency map and its feature maps.

Targets: the convnet's median test accuracy >= 0.990 within its default epochs, each run under
~2 minutes; a saliency map and the feature maps well under the 100 ms a click may take.
bench/measured/convnet.json holds the run behind the preset's numbers.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, emit, median

TARGET_ACCURACY = 0.990
MODELS = ("convnet", "dense")


def cli_run(model: str, seed: int, save: Path | None) -> dict:
    """One training run through the command line; its JSON result."""
    args = [sys.executable, "-m", "engine.mnist", "--model", model, "--seed", str(seed)]
    args += ["--json", "--no-record"] + (["--save", str(save)] if save else [])
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def inspection_ms(model_path: Path, repeats: int = 3) -> dict:
    """Median milliseconds of a saliency map and of the feature maps for one digit."""
    import keras

    from engine.mnist.inspection import feature_maps, saliency
    from engine.shared.mnist_data import load_mnist

    model = keras.models.load_model(model_path)
    images = load_mnist().x_test[:20]
    timings: dict[str, list[float]] = {"saliency_ms": [], "feature_maps_ms": []}
    for _ in range(repeats):
        for image in images:
            for key, compute in (("saliency_ms", saliency), ("feature_maps_ms", feature_maps)):
                started = time.perf_counter()
                compute(model, image)
                timings[key].append((time.perf_counter() - started) * 1000)
    return {key: round(median(values), 1) for key, values in timings.items()}


def summary(runs: list[dict]) -> dict:
    first = runs[0]
    accuracies = [run["test_accuracy"] for run in runs]
    epoch_s = [[round(s, 2) for s in run["epoch_seconds"]] for run in runs]
    return {
        "layers": first["layers"],
        "parameters": first["parameters"],
        "epochs": first["epochs"],
        "batch_size": first["batch_size"],
        "optimizer": first["optimizer"],
        "learning_rate": first["learning_rate"],
        "train_samples": first["train_samples"],
        "gradient_updates": first["gradient_updates"],
        "test_accuracy": [round(a, 4) for a in accuracies],
        "median_test_accuracy": round(median(accuracies), 4),
        "epoch_s": epoch_s,
        "median_epoch_s": round(median([s for run in epoch_s for s in run]), 2),
        "run_s": [round(run["seconds"], 1) for run in runs],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--no-dense", action="store_true", help="skip the Dense model's runs")
    args = parser.parse_args()
    runs: dict[str, list[dict]] = {model: [] for model in MODELS}
    with tempfile.TemporaryDirectory() as folder:
        saved = Path(folder) / "convnet.keras"
        for seed in args.seeds:
            for model in MODELS:
                if model == "dense" and args.no_dense:
                    continue
                run = cli_run(model, seed, saved if model == "convnet" else None)
                runs[model].append(run)
                print(
                    f"{model}, seed {seed}: accuracy {run['test_accuracy']:.4f}, "
                    f"{run['seconds']:.1f} s, epochs {run['epoch_seconds']}",
                    file=sys.stderr,
                    flush=True,
                )
        conv = summary(runs["convnet"]) | inspection_ms(saved)
    first = runs["convnet"][0]
    result = {
        "via": "python -m engine.mnist --model {convnet,dense} --seed N --json",
        "seeds": args.seeds,
        "devices": first["devices"],
        "data": first["data"],
        "convnet": conv,
        "convnet_reaches_target": conv["median_test_accuracy"] >= TARGET_ACCURACY,
    }
    if runs["dense"]:
        result["dense"] = summary(runs["dense"])
    emit(result)


if __name__ == "__main__":
    main()

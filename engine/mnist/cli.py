"""``python -m engine.mnist``: train an MNIST model headless, with the tab's settings and presets,
or continue a saved one (``--resume``).

Progress goes to stderr; with ``--json`` the last stdout line is one JSON object. The same
settings and seed give the same numbers as the MNIST Trainer tab: both call engine.mnist.training.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from engine.mnist import layer_spec
from engine.mnist.architecture import SEED, SMALL_CONVNET, model_kind
from engine.mnist.devices import STRATEGIES
from engine.mnist.layer_spec import LayerSpecError, format_layers, parse_layers
from engine.mnist.layers import Dense, Layer
from engine.mnist.model import (
    DEFAULT_LEARNING_RATES,
    LOSSES,
    OPTIMIZERS,
    TrainingError,
    TrainSettings,
)
from engine.mnist.progress import TrainingProgress
from engine.mnist.recording import TrainingRecord
from engine.mnist.stages import Stages
from engine.runs.store import RunStore
from engine.shared.jobs import JobControl
from engine.shared.mnist_data import DatasetError, load_mnist

PRESETS = {"dense": SEED, "convnet": SMALL_CONVNET}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m engine.mnist",
        description=(
            "Train an MNIST model offline: --model dense is Dense(512, relu) + Dense(10, "
            "softmax) (the seed), --model convnet the small convnet; --layers gives any other "
            "list. --resume continues a model saved with --save. Defaults not given come from "
            "the model's preset (or, with --resume, from the saved model's last run)."
        ),
        epilog=(
            "--layers SPEC\n"
            + (layer_spec.__doc__ or "").split("\n", 2)[2]
            + "\n--save and --resume\n\n"
            "--save writes the model as a .keras file with its training record inside (each "
            "run's epochs,\nupdates, settings and metrics; see engine/mnist/stages.py), so "
            "--resume knows the runs before:\nits epochs and updates go on from theirs, and "
            "the JSON adds total_gradient_updates and\ntotal_epochs. A model file without a "
            "record goes on from its optimizer's step count.\n"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--model", choices=tuple(PRESETS), default="dense")
    p.add_argument("--layers", metavar="SPEC", help=f"the layers, e.g. {layer_spec.EXAMPLE}")
    p.add_argument("--hidden", type=int, help="--model dense: units of the hidden relu layer")
    p.add_argument("--epochs", type=int)
    p.add_argument("--batch-size", type=int)
    p.add_argument("--optimizer", choices=OPTIMIZERS)
    p.add_argument("--learning-rate", type=float, help="default: the optimizer's Keras default")
    p.add_argument("--loss", choices=LOSSES)
    p.add_argument("--validation-split", type=float)
    p.add_argument("--seed", type=int)
    p.add_argument("--steps-per-execution", type=int, default=32)
    p.add_argument(
        "--strategy",
        choices=STRATEGIES,
        default="default",
        help="mirrored: a copy of the model on every GPU (or logical CPU), via tf.distribute",
    )
    p.add_argument("--data", default=None, help=".npz file or folder of IDX files")
    p.add_argument(
        "--limit", type=int, default=None, help="use only the first N training and test samples"
    )
    p.add_argument("--save", metavar="PATH", help="save the trained model (.keras) here")
    p.add_argument("--resume", metavar="PATH", help="continue the model saved in this .keras file")
    p.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    p.add_argument(
        "--no-record",
        action="store_true",
        help="do not keep this run in the run history (runs.sqlite; see python -m engine.runs)",
    )
    return p


def chosen_layers(args: argparse.Namespace, p: argparse.ArgumentParser) -> tuple[Layer, ...]:
    """The layers --model, --hidden and --layers ask for (exits 2 naming a bad part)."""
    if args.layers is not None and args.hidden is not None:
        p.error("--hidden and --layers both give the layers: use one")
    if args.model != "dense" and args.hidden is not None:
        p.error("--hidden is the hidden layer of --model dense")
    if args.layers is not None:
        try:
            return parse_layers(args.layers)
        except LayerSpecError as exc:
            p.error(f"--layers: {exc}")
    if args.hidden is not None:
        try:
            return (Dense(args.hidden, "relu"), Dense(10, "softmax"))
        except ValueError as exc:
            p.error(f"--hidden: {exc}")
    return PRESETS[args.model].layers


def chosen_settings(
    args: argparse.Namespace, layers: tuple[Layer, ...], resumed: Stages | None
) -> TrainSettings:
    """The settings given, the rest from the last run of a resumed model or from the preset."""
    preset = PRESETS["convnet" if model_kind(layers) == "convnet" else "dense"]
    base = TrainSettings(
        layers=layers,
        optimizer=preset.optimizer,
        learning_rate=preset.learning_rate,
        epochs=preset.epochs,
        batch_size=preset.batch_size,
    )
    if resumed is not None and resumed.stages:
        last = resumed.stages[-1]
        base = replace(
            base,
            optimizer=last.optimizer,
            learning_rate=last.learning_rate,
            loss=last.loss,
            batch_size=last.batch_size,
            validation_split=last.validation_split,
            seed=last.seed,
        )
    optimizer = args.optimizer or base.optimizer
    if args.learning_rate is not None:
        learning_rate = args.learning_rate
    elif args.optimizer is not None and args.optimizer != base.optimizer:
        learning_rate = DEFAULT_LEARNING_RATES[optimizer]
    else:
        learning_rate = base.learning_rate
    given: dict[str, Any] = {
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "loss": args.loss,
        "validation_split": args.validation_split,
        "seed": args.seed,
    }
    return replace(
        base,
        optimizer=optimizer,
        learning_rate=learning_rate,
        steps_per_execution=args.steps_per_execution,
        strategy=args.strategy,
        **{name: value for name, value in given.items() if value is not None},
    )


def _printer(record: TrainingRecord) -> Callable[[TrainingProgress], None]:
    def report(progress: TrainingProgress) -> None:
        record.progress(progress)
        _progress(progress)

    return report


def _progress(progress: TrainingProgress) -> None:
    if progress.kind == "epoch":
        metrics = (
            ("loss", progress.loss),
            ("accuracy", progress.accuracy),
            ("val_loss", progress.val_loss),
            ("val_accuracy", progress.val_accuracy),
        )
        extras = "".join(f" {name}={value:.4f}" for name, value in metrics if value is not None)
        print(
            f"epoch {progress.epoch}/{progress.epochs} ({progress.elapsed:.1f} s){extras}",
            file=sys.stderr,
            flush=True,
        )


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    p = parser()
    args = p.parse_args(argv)
    layers = chosen_layers(args, p)
    from engine.mnist.devices import visible_devices
    from engine.mnist.training import TrainingSession

    session = TrainingSession()
    try:
        resumed = None
        if args.resume:
            loaded = session.load(args.resume)
            resumed = loaded.stages
            layers = resumed_layers(args, p, loaded.layers, layers)
        settings = chosen_settings(args, layers, resumed)
        data = load_mnist(args.data).subset(args.limit)
        devices = visible_devices()
        say(f"data: {data.source}")
        say(f"devices: {devices.status_text()}")
        samples = len(data.x_train)
        problems = settings.problems(samples, data.num_classes)
        if resumed is not None:
            problems.pop("layers", None)  # the saved model's own layers train on
        if problems:
            raise TrainingError(" ".join(problems.values()))
        replicas = devices.replicas if settings.strategy == "mirrored" else 1
        if resumed is None:
            say(f"updates: {settings.updates_text(samples, replicas)}")
        else:
            say(
                f"continuing {args.resume} after {resumed.epochs} epochs: "
                f"updates {settings.continued_text(samples, resumed.updates, replicas)}"
            )
        record = TrainingRecord(None if args.no_record else RunStore(), "cli")
        for said in (record.notice, record.problem):
            if said:
                say(said)
        parent = resumed.last_run if resumed is not None else None
        run_id = record.start(settings, data, args.limit, parent)
        fit = session.train if resumed is None else session.train_more
        try:
            report = fit(data, settings, JobControl(_printer(record)), run_id)
            evaluation = session.evaluate(data)
        except BaseException:
            record.fail()
            raise
        saved = str(session.save(args.save)) if args.save else None
        record.finish(report, evaluation.test_accuracy, evaluation.test_loss, saved)
        if record.problem:
            say(record.problem)
    except (DatasetError, TrainingError, ValueError, OSError) as exc:
        say(f"error: {exc}")
        return 2
    if report.diverged:
        say(report.diverged)
    result = {
        "model": model_kind(settings.layers) if settings.layers else None,
        "layers": format_layers(settings.layers) if settings.layers else None,
        "gradient_updates": report.updates_done,
        "planned_gradient_updates": report.planned_updates,
        "epochs": settings.epochs,
        "epochs_done": report.epochs_done,  # full epochs
        "epochs_run": report.epochs_run,  # counting a part-done last epoch by its fraction
        # The model's whole training, this run and the runs it continued (--resume).
        "total_gradient_updates": report.total_updates,
        "total_epochs": report.total_epochs,
        "batch_size": settings.batch_size,
        "train_samples": report.train_samples,
        "test_samples": evaluation.test_samples,
        "test_accuracy": evaluation.test_accuracy,
        "test_loss": evaluation.test_loss,
        "seconds": report.seconds,
        "epoch_seconds": report.epoch_seconds,
        "history": report.history,
        "optimizer": settings.optimizer,
        "learning_rate": settings.learning_rate,
        "seed": settings.seed,
        "strategy": settings.strategy,
        "replicas": replicas,
        "devices": devices.status_text(),
        "parameters": report.parameters,
        "diverged": report.diverged,
        "data": data.source,
        "saved": saved,
        "resumed": args.resume,
        "run_id": record.run_id,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"test accuracy {evaluation.test_accuracy:.4f}, test loss {evaluation.test_loss:.4f}, "
            f"{report.updates_done} gradient updates in {report.seconds:.1f} s"
        )
    return 0


def resumed_layers(
    args: argparse.Namespace,
    p: argparse.ArgumentParser,
    saved: tuple[Layer, ...],
    asked: tuple[Layer, ...],
) -> tuple[Layer, ...]:
    """A resumed model trains its own layers; layers asked for explicitly must be those."""
    explicit = args.layers is not None or args.hidden is not None or args.model != "dense"
    if explicit and saved and asked != saved:
        p.error(
            f"--resume {args.resume}: the saved model's layers are {format_layers(saved)}, not "
            f"{format_layers(asked)}; leave out --model/--layers/--hidden to continue it"
        )
    return saved

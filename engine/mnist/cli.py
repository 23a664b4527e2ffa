"""``python -m engine.mnist``: train the Dense MNIST model headless, with the tab's defaults.

Progress goes to stderr; with ``--json`` the last stdout line is one JSON object. The same
settings and seed give the same numbers as the MNIST Trainer tab: both call engine.mnist.training.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable

from engine.mnist.model import (
    DEFAULT_LEARNING_RATES,
    LOSSES,
    OPTIMIZERS,
    LayerSpec,
    TrainingError,
    TrainSettings,
)
from engine.mnist.progress import TrainingProgress
from engine.mnist.recording import TrainingRecord
from engine.runs.store import RunStore
from engine.shared.jobs import JobControl
from engine.shared.mnist_data import DatasetError, load_mnist


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m engine.mnist",
        description="Train Dense(hidden, relu) + Dense(10, softmax) on MNIST, offline.",
    )
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--hidden", type=int, default=512, help="units of the hidden relu layer")
    p.add_argument("--optimizer", choices=OPTIMIZERS, default="rmsprop")
    p.add_argument(
        "--learning-rate", type=float, default=None, help="default: the optimizer's Keras default"
    )
    p.add_argument("--loss", choices=LOSSES, default=LOSSES[0])
    p.add_argument("--validation-split", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--steps-per-execution", type=int, default=32)
    p.add_argument("--data", default=None, help=".npz file or folder of IDX files")
    p.add_argument(
        "--limit", type=int, default=None, help="use only the first N training and test samples"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    p.add_argument(
        "--no-record",
        action="store_true",
        help="do not keep this run in the run history (runs.sqlite; see python -m engine.runs)",
    )
    return p


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


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    args = parser().parse_args(argv)
    from engine.mnist.training import TrainingSession

    learning_rate = args.learning_rate or DEFAULT_LEARNING_RATES[args.optimizer]
    settings = TrainSettings(
        layers=(LayerSpec(args.hidden, "relu"), LayerSpec(10, "softmax")),
        optimizer=args.optimizer,
        learning_rate=learning_rate,
        loss=args.loss,
        epochs=args.epochs,
        batch_size=args.batch_size,
        validation_split=args.validation_split,
        seed=args.seed,
        steps_per_execution=args.steps_per_execution,
    )
    try:
        data = load_mnist(args.data).subset(args.limit)
        print(f"data: {data.source}", file=sys.stderr)
        problems = settings.problems(len(data.x_train), data.num_classes)
        if problems:
            raise TrainingError(" ".join(problems.values()))
        print(f"updates: {settings.updates_text(len(data.x_train))}", file=sys.stderr)
        record = TrainingRecord(None if args.no_record else RunStore(), "cli")
        for said in (record.notice, record.problem):
            if said:
                print(said, file=sys.stderr)
        record.start(settings, data, args.limit)
        session = TrainingSession()
        try:
            report = session.train(data, settings, JobControl(_printer(record)))
            evaluation = session.evaluate(data)
        except BaseException:
            record.fail()
            raise
        record.finish(report, evaluation.test_accuracy, evaluation.test_loss)
        if record.problem:
            print(record.problem, file=sys.stderr)
    except (DatasetError, TrainingError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if report.diverged:
        print(report.diverged, file=sys.stderr)
    result = {
        "gradient_updates": report.updates_done,
        "planned_gradient_updates": report.planned_updates,
        "epochs": settings.epochs,
        "epochs_done": report.epochs_done,  # full epochs
        "epochs_run": report.epochs_run,  # counting a part-done last epoch by its fraction
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
        "hidden": args.hidden,
        "seed": settings.seed,
        "parameters": report.parameters,
        "diverged": report.diverged,
        "data": data.source,
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

"""What the MNIST Trainer says about a run, in words made from typed results: the notices its
message lines show and the status beside the progress bar."""

from __future__ import annotations

from dataclasses import dataclass

from engine.mnist.arithmetic import gradient_updates
from engine.mnist.progress import TrainingProgress
from engine.mnist.results import LoadedModel, TrainReport
from engine.mnist.wording import count, epochs_text, noun
from widgets.mnist.continuation import RunStart
from widgets.shared.message_line import MessageLine, Severity


@dataclass(frozen=True)
class Notice:
    """One message for a message line: the controller decides it, the view shows it."""

    text: str
    severity: Severity = Severity.INFO

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


READY = Notice(
    "Set up the data, model, compile and fit settings, then press Train (Ctrl+Enter). "
    "Stop (Esc) acts within one chunk of up to 32 batches."
)


def show_notice(line: MessageLine, notice: Notice | None) -> None:
    if notice is None:
        line.clear_message()
    else:
        line.show_message(notice.text, notice.severity)


def start_notice(start: RunStart, samples: int, replicas: int) -> Notice:
    """What a run is about to do, with its gradient-update arithmetic: for a run that continues
    the model, the total's ("2345 + 2 × 469 = 3283")."""
    settings = start.settings
    trained_on = count(settings.train_count(samples), "sample")
    if start.continues:
        first = start.stages.epochs
        arithmetic = settings.continued_text(samples, start.stages.updates, replicas)
        return Notice(
            f"Training {count(settings.epochs, 'more epoch')} (epochs {first + 1}–"
            f"{first + settings.epochs}) on {trained_on}: {arithmetic} gradient updates in all."
        )
    planned = gradient_updates(settings.train_count(samples), settings.batch_size, settings.epochs)
    text = (
        f"Training on {trained_on}: {settings.updates_text(samples, replicas)} "
        f"{noun(planned, 'gradient update')}."
    )
    if start.note:
        return Notice(f"{start.note} {text}", Severity.WARNING)
    return Notice(text)


def format_duration(seconds: float) -> str:
    """m:ss, e.g. 1:05."""
    whole = max(0, int(round(seconds)))
    return f"{whole // 60}:{whole % 60:02d}"


def progress_status(progress: TrainingProgress) -> str:
    """Where the run is, e.g. "Epoch 2/5 · batch 100/469 · 569/2,345 updates · loss 0.1234 ·
    ETA 0:12"; the time left assumes the updates to come take as long as those done."""
    p = progress
    planned = max(1, p.planned_updates)
    eta = p.elapsed / p.updates * (planned - p.updates) if p.updates else 0.0
    loss = p.loss if p.loss is not None else float("nan")
    return (
        f"Epoch {p.epoch}/{p.epochs} · batch {p.step}/{p.steps} · "
        f"{p.updates:,}/{count(planned, 'update')} · loss {loss:.4f} · ETA {format_duration(eta)}"
    )


def stop_point(report: TrainReport) -> str:
    """Where a stopped run ended, in epochs: only finished epochs count as full ones."""
    r = report
    if r.interrupted_batches == 0:
        return count(r.epochs_done, "full epoch")
    where = f"{r.interrupted_batches:,} of {count(r.steps_per_epoch, 'batch', 'batches')}"
    return (
        f"{epochs_text(r.updates_done, r.steps_per_epoch)}: "
        f"{count(r.epochs_done, 'full epoch')}, then {where} of epoch {r.epochs_done + 1}"
    )


def outcome_notice(report: TrainReport) -> Notice:
    """How a run ended: diverged, stopped, or done."""
    r = report
    if r.diverged:
        return Notice(r.diverged, Severity.ERROR)
    if r.stopped:
        return Notice(
            f"Stopped after {r.updates_done:,} of {count(r.planned_updates, 'update')} "
            f"({stop_point(r)}). The model keeps what it learned so far.",
            Severity.WARNING,
        )
    per_epoch = sum(r.epoch_seconds) / max(1, len(r.epoch_seconds))
    text = (
        f"Trained: {count(r.updates_done, 'gradient update')} in {r.seconds:.1f} s "
        f"({per_epoch:.2f} s per epoch)."
    )
    if r.first_epoch or r.earlier_updates:
        text += (
            f" The model has now had {count(r.total_updates, 'gradient update')} "
            f"({r.earlier_updates} + {r.updates_done}) over {count(r.total_epochs, 'epoch')}."
        )
    return Notice(text)


def done_status(report: TrainReport, epochs: int) -> str:
    """Where the run ended; a run that continued a model counts its epochs and updates too."""
    r = report
    updates = count(r.total_updates, "update")
    epochs += r.first_epoch
    if r.interrupted_batches:
        return (
            f"Stopped in epoch {r.total_epochs + 1}/{epochs} at batch "
            f"{r.interrupted_batches:,}/{r.steps_per_epoch:,}, {updates}, {r.seconds:.1f} s"
        )
    head = "Stopped" if r.stopped or r.diverged else "Done"
    return f"{head}: {r.total_epochs}/{count(epochs, 'epoch')}, {updates}, {r.seconds:.1f} s"


def loaded_notice(loaded: LoadedModel) -> Notice:
    """What a loaded model file holds, and what Train and Train more do with it."""
    stages = loaded.stages
    if stages.stages:
        trained = (
            f"trained {count(stages.epochs, 'epoch')}, {count(stages.updates, 'gradient update')}"
        )
    else:
        trained = "no training record: its epochs count from 0"
    shown = (
        "The builder now shows its layers: Train more continues it, Train starts a fresh "
        "model from them."
        if loaded.layers
        else "Its layers are not ones the builder offers: Train more continues it as it is."
    )
    return Notice(f"Loaded {loaded.path} ({loaded.parameters:,} parameters; {trained}). {shown}")

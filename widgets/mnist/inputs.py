"""What the MNIST Trainer's settings fields mean: parsing, checking against the loaded data, and
the layer list as stored text. No Qt, no TensorFlow: the controller and the form share it, and
tests call it directly."""

from __future__ import annotations

from dataclasses import dataclass

from engine.mnist.architecture import MAX_LAYERS, Description, describe
from engine.mnist.layer_spec import LayerSpecError, parse_layers
from engine.mnist.layers import Layer
from engine.mnist.model import TrainSettings

# The number fields and what each must hold, in the order their problems are listed.
NUMBER_FIELDS: dict[str, type[int] | type[float]] = {
    "epochs": int,
    "batch_size": int,
    "seed": int,
    "limit": int,
    "learning_rate": float,
    "validation_split": float,
}
# What the run uses before the data has loaded: MNIST's shape.
MNIST_TRAIN_SAMPLES = 60000
MNIST_CLASSES = 10


@dataclass(frozen=True)
class FormText:
    """The form as the user left it, before any checking."""

    epochs: str
    batch_size: str
    learning_rate: str
    validation_split: str
    seed: str
    limit: str  # "" for all samples
    optimizer: str
    loss: str
    layers: tuple[Layer, ...]
    distribute: bool = False  # train through MirroredStrategy


@dataclass(frozen=True)
class SettingsCheck:
    """The form checked against the data: settings to train with, or what is wrong."""

    settings: TrainSettings | None  # None while any field is wrong
    errors: dict[str, str]  # field -> what is wrong with it ("layers" for the layer list)
    samples: int  # the samples a run would use, before the validation split
    limit: int | None  # "use first N samples": None for all, or while the field is wrong
    layers: tuple[Layer, ...]  # as listed, also while they are wrong
    description: Description  # each layer's shapes, weights and problem, for the builder


def check(form: FormText, total_samples: int, classes: int) -> SettingsCheck:
    """Parse every field and check the settings against ``total_samples`` and ``classes``; each
    problem is worded for the line beside its field."""
    errors: dict[str, str] = {}
    numbers: dict[str, float] = {}
    for name, kind in NUMBER_FIELDS.items():
        text = getattr(form, name).strip().replace("_", "")
        if name == "limit" and not text:
            continue
        try:
            numbers[name] = kind(text)
        except ValueError:
            what = "a whole number" if kind is int else "a number"
            errors[name] = f"Enter {what}, not {text!r}." if text else f"Enter {what}."
            continue
        if name == "limit" and numbers[name] < 1:
            errors[name] = "Use at least 1 sample, or leave it blank for all."
    fallback = TrainSettings()
    settings = TrainSettings(
        layers=form.layers,
        optimizer=form.optimizer,
        learning_rate=float(numbers.get("learning_rate", fallback.learning_rate)),
        loss=form.loss,
        epochs=int(numbers.get("epochs", fallback.epochs)),
        batch_size=int(numbers.get("batch_size", fallback.batch_size)),
        validation_split=float(numbers.get("validation_split", fallback.validation_split)),
        seed=int(numbers.get("seed", fallback.seed)),
        strategy="mirrored" if form.distribute else "default",
    )
    # A limit below 1 is reported above and still bounds the samples (so the batch size is
    # also reported as too large for it): what the form has always shown.
    limit = int(numbers["limit"]) if "limit" in numbers else None
    samples = min(total_samples, limit) if limit else total_samples
    for key, text in settings.problems(samples, classes).items():
        errors.setdefault(key, text)
    return SettingsCheck(
        settings=None if errors else settings,
        errors=errors,
        samples=samples,
        limit=None if "limit" in errors else limit,
        layers=form.layers,
        description=describe(form.layers, classes=classes),
    )


def stored_layers(value: str) -> tuple[Layer, ...]:
    """The layers of the settings' text (the command line's --layers, e.g. 'dense512,dense10');
    () for anything malformed or too long."""
    try:
        layers = parse_layers(value)
    except LayerSpecError:
        return ()
    return layers if len(layers) <= MAX_LAYERS else ()

"""The stand-alone code of a model that was trained more: its first run (or the model file it was
loaded from), then each run that continued it, as the trainer did them.

Each continued run seeds Keras with its seed (the batches' order), sets its learning rate, and
compiles again only where the trainer did (engine.mnist.continuing): another optimizer, loss,
steps_per_execution or XLA setting. ``model.fit`` then goes on from the epochs already done
(Keras's ``initial_epoch``), so its log counts epochs 6, 7, … and the optimizer's step count goes
on.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.mnist.architecture import FLAT_SHAPE
from engine.mnist.arithmetic import steps_per_epoch
from engine.mnist.building import architecture
from engine.mnist.code import (
    DataRecipe,
    RunRecipe,
    compile_code,
    data_code,
    evaluation_lines,
    fit_lines,
    label_lines,
    model_lines,
    optimizer_code,
    preamble,
    uses_tensorflow,
)
from engine.mnist.layers import Shape
from engine.mnist.model import OPTIMIZER_CLASSES

STOP_AFTER = '''
class StopAfter(keras.callbacks.Callback):
    """Stop was pressed in the trainer: end the run after as many gradient updates. Keras calls
    this between chunks of steps_per_execution batches, as in the trainer."""

    def __init__(self, updates):
        super().__init__()
        self.updates = updates

    def on_train_begin(self, logs=None):
        self.start = int(self.model.optimizer.iterations.numpy())

    def on_train_batch_end(self, batch, logs=None):
        if int(self.model.optimizer.iterations.numpy()) - self.start >= self.updates:
            self.model.stop_training = True
'''
RESHAPE_BOTH = [
    "# The model file says which shape it takes: the images take it",
    "x_train = x_train.reshape((len(x_train), *model.input_shape[1:]))",
    "x_test = x_test.reshape((len(x_test), *model.input_shape[1:]))",
]


@dataclass(frozen=True)
class LoadedStart:
    """A model file the first continued run started from."""

    path: str
    input_shape: Shape | None  # as the builder knows it; None when not known before loading
    epochs: int  # full epochs its training record counts (Keras's initial_epoch goes on there)


@dataclass(frozen=True)
class ModelRecipe:
    """How the model on screen came to be: a first run or a model file, then the runs that
    trained it more, in order."""

    start: RunRecipe | LoadedStart
    more: tuple[RunRecipe, ...] = ()


def full_epochs(run: RunRecipe) -> int:
    """The full epochs ``run`` finished: all of them, or those before Stop."""
    s = run.settings
    if run.stop_after is None:
        return s.epochs
    return run.stop_after // steps_per_epoch(s.train_count(run.samples), s.batch_size)


def continued_code(recipe: ModelRecipe, tested: DataRecipe | None = None) -> str:
    """A script that makes the model as ``recipe`` says and prints the trainer's test numbers;
    ``tested``: the data the shown evaluation used, when it was not the runs'."""
    start, runs = recipe.start, recipe.more
    data = runs[0].data if runs else start.data if isinstance(start, RunRecipe) else None
    assert data is not None, "a model file with no run after it is evaluation_code's"
    everything = [start, *runs] if isinstance(start, RunRecipe) else list(runs)
    shape = start.settings.input_shape if isinstance(start, RunRecipe) else start.input_shape
    lines = preamble(
        data, *([] if tested is None else [tested]), tensorflow=uses_tensorflow(*everything)
    )
    lines += data_code(data, shape or FLAT_SHAPE)
    if any(run.stop_after is not None for run in everything):
        lines += STOP_AFTER.split("\n")
    if isinstance(start, RunRecipe):
        made, labels = label_lines(start.settings)
        lines += [*made, "", *model_lines(start), "model.summary()"]
        lines += fit_lines(start.settings, labels, _stop(start))
        epochs, before = full_epochs(start), start
    else:
        lines += ["", f"model = keras.models.load_model({start.path!r})"]
        lines += RESHAPE_BOTH if shape is None else []
        epochs, before = start.epochs, None
    for run in runs:
        lines += _more_lines(run, before, epochs)
        epochs += full_epochs(run)
        before = run
    lines += evaluation_lines(data, tested, shape)
    return "\n".join(lines) + "\n"


def _stop(run: RunRecipe) -> str | None:
    return None if run.stop_after is None else f"StopAfter({run.stop_after})"


def _more_lines(run: RunRecipe, before: RunRecipe | None, epochs: int) -> list[str]:
    """One continued run: seed, compile again where the trainer did, set the learning rate,
    and fit on from ``epochs``. ``before``: the run it continued; None for a model file."""
    s = run.settings
    last = epochs + s.epochs
    lines = [
        "",
        f"# Train more: {s.epochs} epochs on from epoch {epochs} (epochs {epochs + 1}–{last}),",
        "# the same model with its weights and its optimizer's state",
        f"keras.utils.set_random_seed({s.seed})  # the batches' order",
    ]
    compiled: list[str] = []
    if before is None:  # a model file: its optimizer is known once it has loaded
        kind = OPTIMIZER_CLASSES[s.optimizer]
        lines += [
            f"same_kind = isinstance(model.optimizer, keras.optimizers.{kind})",
            f"optimizer = model.optimizer if same_kind else {optimizer_code(s)}",
        ]
        compiled = compile_code(s, run.samples, "optimizer")
    else:
        # What the model compiles to (a continued model keeps its layers and strategy).
        if architecture(before.settings, before.samples) != architecture(s, run.samples):
            same_kind = before.settings.optimizer == s.optimizer
            optimizer = "model.optimizer" if same_kind else optimizer_code(s)
            compiled = compile_code(s, run.samples, optimizer)
    if compiled and s.strategy == "mirrored":
        compiled = ["with strategy.scope():", *(f"    {line}" for line in compiled)]
    lines += compiled
    if before is None or compiled or before.settings.learning_rate != s.learning_rate:
        lines.append(f"model.optimizer.learning_rate = {s.learning_rate!r}")
    made, labels = label_lines(s)
    return [*lines, *made, *fit_lines(s, labels, _stop(run), initial_epoch=epochs)]

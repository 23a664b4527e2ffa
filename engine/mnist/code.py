"""The stand-alone Keras code for what the trainer did, written so that it repeats it exactly.

The code reads the same data file (the bundled copy, Keras's cache, the user's .npz, or IDX files
read with a few lines of NumPy: it never downloads), keeps the same first N samples, seeds Keras
the same way right before building the same model, compiles and fits it with the same settings
(also Stop: a callback ends the run after the same update), and computes the test accuracy and
loss as the trainer does, from the predicted probabilities. Same seed, same numbers: tests run
it in a fresh Python and compare.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.mnist.architecture import CLASSES, FLAT_SHAPE, model_code, preprocessing
from engine.mnist.data_origin import DataOrigin
from engine.mnist.layers import Dense, Shape
from engine.mnist.model import OPTIMIZER_CLASSES, PREDICT_BATCH, XLA_MIN_SAMPLES, TrainSettings
from engine.shared.code import code_header
from engine.shared.mnist_data import ARRAY_NAMES

IDX_READER = '''
def read_idx(path):
    """An IDX file (the original MNIST format), gzipped or not, as a NumPy array."""
    data = path.read_bytes()
    if data[:2] == b"\\x1f\\x8b":
        data = gzip.decompress(data)
    dtype = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4"}[data[2]]
    rank = data[3]
    shape = np.frombuffer(data, ">u4", count=rank, offset=4)
    return np.frombuffer(data, dtype, offset=4 + 4 * rank).reshape(shape).astype(np.uint8)
'''

EVALUATION = f"""
# The test accuracy and loss as the trainer computes them, from the predicted probabilities.
probabilities = model.predict(x_test, batch_size={PREDICT_BATCH}, verbose=0)
predicted = probabilities.argmax(axis=1)
test_accuracy = np.mean(predicted == y_test)
picked = np.clip(probabilities[np.arange(len(y_test)), y_test], 1e-7, 1.0)
test_loss = -np.mean(np.log(picked))
wrong = int(np.sum(predicted != y_test))
print(f"test accuracy {{test_accuracy:.4f}} · test loss {{test_loss:.4f}} · "
      f"{{wrong:,}} of {{len(y_test):,}} wrong")
"""


@dataclass(frozen=True)
class DataRecipe:
    """The data as a run or an evaluation used it."""

    origin: DataOrigin
    limit: int | None  # the first N training and test samples; None for all of them


@dataclass(frozen=True)
class RunRecipe:
    """Everything a training run depends on: code written from it repeats the run."""

    settings: TrainSettings
    data: DataRecipe
    samples: int  # training samples before the validation split (after the limit)
    stop_after: int | None = None  # Stop ended the run after this many gradient updates


def data_code(data: DataRecipe, input_shape: Shape = FLAT_SHAPE) -> list[str]:
    """Lines that set x_train, y_train, x_test, y_test as the trainer had them: read, limited,
    and prepared for a model that takes one sample as ``input_shape``."""
    origin, limit = data.origin, data.limit
    lines: list[str] = []
    if origin.kind == "idx":
        lines.append(f"folder = Path({origin.path!r})")
        for array, name in zip(ARRAY_NAMES, origin.idx_files, strict=True):
            lines.append(f"{array} = read_idx(folder / {name!r})")
    else:
        lines.append(f"with np.load({origin.path!r}) as f:")
        lines.append('    x_train, y_train = f["x_train"], f["y_train"]')
        lines.append('    x_test, y_test = f["x_test"], f["y_test"]')
    if limit is not None:
        lines += [
            f"# Use first N samples = {limit}: of the training and of the test set",
            f"x_train, y_train = x_train[:{limit}], y_train[:{limit}]",
            f"x_test, y_test = x_test[:{limit}], y_test[:{limit}]",
        ]
    return [*lines, "", *preprocessing(input_shape).code]


def preamble(*datas: DataRecipe, tensorflow: bool = False) -> list[str]:
    """The imports, and the IDX reader when any of ``datas`` is a folder of IDX files."""
    imports = code_header(keras=True, tensorflow=tensorflow)
    if all(data.origin.kind != "idx" for data in datas):
        return [imports]
    return ["import gzip\nfrom pathlib import Path\n\n" + imports, IDX_READER.strip("\n"), "", ""]


def _stop_callback(updates: int) -> list[str]:
    return [
        "",
        "class StopAfter(keras.callbacks.Callback):",
        f'    """Stop was pressed after {updates:,} gradient updates: end the run there too. Keras',
        '    calls this between chunks of steps_per_execution batches, as in the trainer."""',
        "",
        "    def on_train_batch_end(self, batch, logs=None):",
        f"        if int(self.model.optimizer.iterations.numpy()) >= {updates}:",
        "            self.model.stop_training = True",
        "",
    ]


def optimizer_code(settings: TrainSettings) -> str:
    name = OPTIMIZER_CLASSES.get(settings.optimizer, settings.optimizer)
    return f"keras.optimizers.{name}(learning_rate={settings.learning_rate!r})"


def xla_comment(settings: TrainSettings, samples: int) -> str:
    """Why the code compiles with XLA or without (engine.mnist.model has the measurements)."""
    if settings.jit_compile(samples):
        return "XLA: each step fused, about 15 % faster for Dense layers"
    if settings.strategy == "mirrored":
        return "no XLA: not measured under MirroredStrategy"
    if settings.input_shape != FLAT_SHAPE:
        return "no XLA: 4x slower for convolutions on a CPU"
    return f"no XLA: its ~1 s compile outweighs the gain under {XLA_MIN_SAMPLES:,} samples"


def compile_code(settings: TrainSettings, samples: int, optimizer: str) -> list[str]:
    return [
        "model.compile(",
        f"    optimizer={optimizer},",
        f"    loss={settings.loss!r},",
        "    metrics=['accuracy'],",
        f"    steps_per_execution={settings.execution_steps(samples)},  # batches per call",
        f"    jit_compile={settings.jit_compile(samples)},  # {xla_comment(settings, samples)}",
        ")",
    ]


def _dense_model(settings: TrainSettings) -> list[str]:
    """A Dense-only model, written as the trainer has always written it."""
    lines = ["model = keras.Sequential(", "    [", "        keras.Input(shape=(784,)),"]
    lines += [f"        {layer.code()}," for layer in settings.layers]
    return lines + ["    ],", '    name="mnist_dense",', ")"]


MIRRORED = [
    "# MirroredStrategy: a copy of the model on every device; each computes the gradients of its",
    "# share of a batch, and their average makes one update",
    'devices = tf.config.list_logical_devices("GPU") or tf.config.list_logical_devices("CPU")',
    "strategy = tf.distribute.MirroredStrategy([device.name for device in devices])",
]


def model_lines(run: RunRecipe) -> list[str]:
    """Seed Keras, then build and compile the run's model (under its strategy)."""
    s = run.settings
    seed = f"keras.utils.set_random_seed({s.seed})  # the initial weights and the batches' order"
    built = _dense_model(s) if s.input_shape == FLAT_SHAPE else model_code(s.layers)
    built += compile_code(s, run.samples, optimizer_code(s))
    if s.strategy == "mirrored":
        return [*MIRRORED, seed, "with strategy.scope():", *(f"    {line}" for line in built)]
    return [seed, *built]


def label_lines(settings: TrainSettings) -> tuple[list[str], str]:
    """The lines that make the labels the loss takes, and their name."""
    if settings.loss != "categorical_crossentropy":
        return [], "y_train"
    last = settings.layers[-1]
    classes = last.units if isinstance(last, Dense) else CLASSES
    return [f"y_train_one_hot = keras.utils.to_categorical(y_train, {classes})"], "y_train_one_hot"


def fit_lines(
    settings: TrainSettings, labels: str, stop: str | None, initial_epoch: int = 0
) -> list[str]:
    """``model.fit`` as the run called it; ``stop``: the Stop callback's expression."""
    s = settings
    fit = ["history = model.fit(", "    x_train,", f"    {labels},"]
    if initial_epoch:
        fit.append(f"    initial_epoch={initial_epoch},  # Keras counts on from here")
    fit += [f"    epochs={initial_epoch + s.epochs},", f"    batch_size={s.batch_size},"]
    if s.validation_split:
        fit.append(f"    validation_split={s.validation_split!r},")
    if stop is not None:
        fit.append(f"    callbacks=[{stop}],")
    return [*fit, "    verbose=2,", ")"]


def uses_tensorflow(*runs: RunRecipe) -> bool:
    return any(run.settings.strategy == "mirrored" for run in runs)


def training_code(run: RunRecipe, tested: DataRecipe | None = None) -> str:
    """A script that trains and evaluates as the run did and prints the same test numbers;
    ``tested``: the data the shown evaluation used, when it was not the run's."""
    s = run.settings
    lines = preamble(
        run.data, *([] if tested is None else [tested]), tensorflow=uses_tensorflow(run)
    )
    lines += data_code(run.data, s.input_shape)
    made, labels = label_lines(s)
    lines += [*made, "", *model_lines(run), "model.summary()"]
    if run.stop_after is not None:
        lines += _stop_callback(run.stop_after)
    lines += fit_lines(s, labels, None if run.stop_after is None else "StopAfter()")
    lines += evaluation_lines(run.data, tested, s.input_shape)
    return "\n".join(lines) + "\n"


def evaluation_lines(data: DataRecipe, tested: DataRecipe | None, shape: Shape | None) -> list[str]:
    """The test numbers, on ``tested`` when the evaluation used other data than ``data``."""
    lines: list[str] = []
    if tested is not None and tested != data:
        lines += ["", "# Then evaluated on other data:", *data_code(tested, shape or FLAT_SHAPE)]
        if shape is None:
            lines.append(RESHAPE_FOR_MODEL)
    return [*lines, EVALUATION.rstrip("\n")]


# A model file's input shape is known once it has loaded: the test images take it.
RESHAPE_FOR_MODEL = "x_test = x_test.reshape((len(x_test), *model.input_shape[1:]))"


def evaluation_code(model_path: str, tested: DataRecipe, input_shape: Shape | None = None) -> str:
    """A script that loads the model file and evaluates it as the trainer did; ``input_shape``:
    the shape the model takes, None when not known before it loads."""
    lines = preamble(tested)
    lines += data_code(tested, input_shape or FLAT_SHAPE)
    lines += ["", f"model = keras.models.load_model({model_path!r})"]
    if input_shape is None:
        lines.append(RESHAPE_FOR_MODEL)
    lines.append(EVALUATION.rstrip("\n"))
    return "\n".join(lines) + "\n"

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

from engine.mnist.data_origin import DataOrigin
from engine.mnist.model import (
    INPUT_DIM,
    JIT_COMPILE,
    OPTIMIZER_CLASSES,
    PREDICT_BATCH,
    TrainSettings,
)
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


def data_code(data: DataRecipe) -> list[str]:
    """Lines that set x_train, y_train, x_test, y_test (uint8) as the trainer had them."""
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
    lines += [
        "",
        "# Preprocessing: (n, 28, 28) uint8 -> (n, 784) float32 in [0, 1]",
        "x_train = x_train.reshape((len(x_train), 28 * 28)).astype('float32') / 255",
        "x_test = x_test.reshape((len(x_test), 28 * 28)).astype('float32') / 255",
    ]
    return lines


def _preamble(*datas: DataRecipe) -> list[str]:
    """The imports, and the IDX reader when any of ``datas`` is a folder of IDX files."""
    imports = code_header(keras=True, tensorflow=False)
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


def training_code(run: RunRecipe, tested: DataRecipe | None = None) -> str:
    """A script that trains and evaluates as the run did and prints the same test numbers;
    ``tested``: the data the shown evaluation used, when it was not the run's."""
    s = run.settings
    lines = _preamble(run.data, *([] if tested is None else [tested]))
    lines += data_code(run.data)
    labels = "y_train"
    if s.loss == "categorical_crossentropy":
        labels = "y_train_one_hot"
        classes = s.layers[-1].units
        lines.append(f"y_train_one_hot = keras.utils.to_categorical(y_train, {classes})")
    lines += [
        "",
        f"keras.utils.set_random_seed({s.seed})  # the initial weights and the batches' order",
        "model = keras.Sequential(",
        "    [",
        f"        keras.Input(shape=({INPUT_DIM},)),",
    ]
    for layer in s.layers:
        lines.append(f"        keras.layers.Dense({layer.units}, activation={layer.activation!r}),")
    optimizer = f"keras.optimizers.{OPTIMIZER_CLASSES.get(s.optimizer, s.optimizer)}"
    lines += [
        "    ],",
        '    name="mnist_dense",',
        ")",
        "model.compile(",
        f"    optimizer={optimizer}(learning_rate={s.learning_rate!r}),",
        f"    loss={s.loss!r},",
        "    metrics=['accuracy'],",
        f"    steps_per_execution={s.execution_steps(run.samples)},  # batches per call",
        f"    jit_compile={JIT_COMPILE},  # XLA: measured slower overall for these small models",
        ")",
        "model.summary()",
    ]
    if run.stop_after is not None:
        lines += _stop_callback(run.stop_after)
    fit = ["history = model.fit(", "    x_train,", f"    {labels},"]
    fit += [f"    epochs={s.epochs},", f"    batch_size={s.batch_size},"]
    if s.validation_split:
        fit.append(f"    validation_split={s.validation_split!r},")
    if run.stop_after is not None:
        fit.append("    callbacks=[StopAfter()],")
    fit += ["    verbose=2,", ")"]
    lines += fit
    if tested is not None and tested != run.data:
        lines += ["", "# Then evaluated on other data:"] + data_code(tested)
    lines.append(EVALUATION.rstrip("\n"))
    return "\n".join(lines) + "\n"


def evaluation_code(model_path: str, tested: DataRecipe) -> str:
    """A script that loads the model file and evaluates it as the trainer did."""
    lines = _preamble(tested)
    lines += data_code(tested)
    lines += ["", f"model = keras.models.load_model({model_path!r})"]
    lines.append(EVALUATION.rstrip("\n"))
    return "\n".join(lines) + "\n"

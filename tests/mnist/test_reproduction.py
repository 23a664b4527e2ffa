"""The code the MNIST Trainer shows repeats what it shows: run in a fresh Python (or a notebook
kernel) with no network, it prints the tab's test numbers to the last digit, and the command line
trains to the same numbers. A limited run, an IDX folder, a loaded model file, a stopped run."""

from __future__ import annotations

import gzip
import json
import re

import numpy as np
import pytest
from fresh_python import OFFLINE, run_notebook, run_python

from engine.mnist import load_mnist
from engine.mnist.layers import Dense
from engine.shared.mnist_data import bundled_path
from engine.shared.notebook import build_notebook

TIMEOUT = 120_000
SMALL = (Dense(64, "relu"), Dense(10, "softmax"))


def set_fields(tab, **values):
    for name, value in values.items():
        tab.form.fields[name].setText(str(value))


def train(qtbot, tab):
    tab.run_bar.train_button.click()
    qtbot.waitUntil(lambda: not tab.controller.training, timeout=TIMEOUT)
    assert tab.controller.evaluation is not None


def shown(tab) -> str:
    """The test numbers as the tab shows them, in the words the code prints."""
    text = re.sub("<[^>]+>", "", tab.results.test_label.text())
    return text[0].lower() + text[1:]


def run_code(code: str, folder) -> str:
    """What ``code`` prints last, run in a fresh Python, offline, in another folder."""
    done = run_python("-c", code, cwd=folder, env=OFFLINE, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def run_cli(*args: str) -> dict:
    done = run_python("-m", "engine.mnist", "--hidden", "64", *args, "--json", timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_limited_run_the_code_pane_and_the_cli_agree_to_the_digit(qtbot, tab, tmp_path):
    tab.form.layer_list.set_layers(SMALL)
    set_fields(tab, limit=3000, epochs=2, batch_size=64, validation_split=0.1, seed=3)
    train(qtbot, tab)
    code = tab.details.code_pane.code()
    assert repr(str(bundled_path().resolve())) in code and "load_data" not in code
    assert "x_train[:3000]" in code and "x_test[:3000]" in code
    assert "validation_split=0.1" in code and "keras.utils.set_random_seed(3)" in code
    assert f"# The trainer showed: {shown(tab)}" in code
    assert run_code(code, tmp_path) == shown(tab)
    # The command line trains to the very same numbers.
    evaluation = tab.controller.evaluation
    result = run_cli(
        *("--limit", "3000", "--epochs", "2", "--batch-size", "64"),
        *("--validation-split", "0.1", "--seed", "3"),
    )
    assert result["test_accuracy"] == evaluation.test_accuracy
    assert result["test_loss"] == evaluation.test_loss


def write_idx(path, array: np.ndarray) -> None:
    """An IDX file (gzipped): two zero bytes, the type (unsigned byte), the rank, the sizes."""
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(
        int(n).to_bytes(4, "big") for n in array.shape
    )
    path.write_bytes(gzip.compress(header + np.ascontiguousarray(array, np.uint8).tobytes()))


def test_an_idx_folder_and_a_loaded_model_file_are_repeated_by_their_code(qtbot, tab, tmp_path):
    mnist = load_mnist()
    folder = tmp_path / "idx"
    folder.mkdir()
    for name, array in (
        ("train-images-idx3-ubyte.gz", mnist.x_train[:2500]),
        ("train-labels-idx1-ubyte.gz", mnist.y_train[:2500]),
        ("t10k-images-idx3-ubyte.gz", mnist.x_test[:700]),
        ("t10k-labels-idx1-ubyte.gz", mnist.y_test[:700]),
    ):
        write_idx(folder / name, array)
    source = tab.controller.data_source
    source.load(str(folder))
    qtbot.waitUntil(lambda: not source.jobs.busy and source.path == str(folder), timeout=TIMEOUT)
    tab.form.layer_list.set_layers(SMALL)
    set_fields(tab, epochs=2, batch_size=100, seed=5)
    train(qtbot, tab)
    code = tab.details.code_pane.code()
    assert "read_idx(folder / 'train-images-idx3-ubyte.gz')" in code
    assert "np.load(" not in code and "load_data" not in code
    assert run_code(code, tmp_path) == shown(tab)
    evaluation = tab.controller.evaluation
    result = run_cli("--data", str(folder), "--epochs", "2", "--batch-size", "100", "--seed", "5")
    assert result["test_accuracy"] == evaluation.test_accuracy
    assert result["test_loss"] == evaluation.test_loss
    # A saved model, loaded again: the exported code loads the file and evaluates it alike.
    model = tmp_path / "digits.keras"
    controller = tab.controller
    controller.save_model(str(model))
    qtbot.waitUntil(lambda: not controller.file_jobs.busy, timeout=TIMEOUT)
    controller.load_model(str(model))
    qtbot.waitUntil(
        lambda: not controller.file_jobs.busy and not controller.evaluation_jobs.busy,
        timeout=TIMEOUT,
    )
    assert "came from another run or a model file" in tab.details.code_pane.code()
    exported = tab.notebook_section()
    assert f"keras.models.load_model({str(model)!r})" in exported.cells[0]
    assert run_code(exported.cells[0], tmp_path) == shown(tab)


def test_a_stopped_run_exports_a_notebook_that_stops_there_and_prints_the_same(
    qtbot, tab, tmp_path
):
    controller = tab.controller
    tab.form.layer_list.set_layers(SMALL)
    set_fields(tab, limit=6000, epochs=30, batch_size=32, seed=2)
    busy_sections = []

    def stop_in_epoch_two(progress):
        if progress.epoch == 2 and controller.train_request is not None:
            busy_sections.append(tab.notebook_section())
            tab.run_bar.stop_button.click()

    controller.progressed.connect(stop_in_epoch_two)
    train(qtbot, tab)
    controller.progressed.disconnect(stop_in_epoch_two)
    # Exported mid-run: the code of what was finished (nothing yet), and a note saying so.
    assert "Training was running" in busy_sections[0].note
    report = controller.result.report
    assert report.stopped and report.epochs_done == 1 and report.interrupted_batches > 0
    section = tab.notebook_section()
    assert section.note == ""
    assert (
        f"if int(self.model.optimizer.iterations.numpy()) >= {report.updates_done}:"
        in (section.cells[0])
    )
    notebook = build_notebook([section], "MNIST")
    run_notebook(notebook, tmp_path)
    printed = "".join(
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    assert printed.strip().splitlines()[-1] == shown(tab)


@pytest.mark.slow
def test_a_full_data_run_is_repeated_by_its_code_to_the_digit(qtbot, tab, tmp_path):
    """The whole 60,000 samples with the seed model (one epoch: 469 updates), and the pane's
    code run in a fresh Python: the same test numbers."""
    set_fields(tab, limit="", epochs=1, batch_size=128, validation_split=0, seed=1)
    train(qtbot, tab)
    report = tab.controller.result.report
    assert report.train_samples == 60000 and report.updates_done == 469
    assert tab.controller.evaluation.test_accuracy >= 0.95
    code = tab.details.code_pane.code()
    assert "x_train[:" not in code and "load_data" not in code
    assert run_code(code, tmp_path) == shown(tab)

"""The invariant: the code the pane shows rebuilds the tensor the tab holds, to the last bit.

The tab is driven as a user drives it through many states (edits in each mode with TensorFlow's
refusals, assign and assign_add of every kind of value, a new tensor of every fill and dtype,
rank 0, 1 and 3, open and save of every format). At each state the pane's code is taken; one
fresh Python then runs every one of them, each in a namespace of its own, and the result must
equal the app's tensor in dtype, shape and bytes. Each refusal written as a comment is run as
well: TensorFlow must raise exactly the exception class and message the comment names. Files
the code saves must equal the files the app saved.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np
from fresh_python import run_python
from nbclient import NotebookClient
from receivers import JobRecorder

from engine.editor.document import NAMES, Mode
from engine.editor.values import EDITOR_DTYPES, FILLS
from engine.shared.notebook import build_notebook
from widgets.editor.settings import VALUE_KINDS

REFUSED = "  <- refused, a tf.constant cannot change:"
RAISED = re.compile(r"#   (\w+): (.*)")

RUNNER = """
import json
import numpy as np

for i, case in enumerate(json.load(open("cases.json"))):
    namespace = {"__name__": "__main__", "_refusals": []}
    exec(compile(case["code"], f"state {i}: {case['label']}", "exec"), namespace)
    np.save(f"out{i}.npy", np.asarray(namespace[case["name"]]))
    with open(f"refusals{i}.json", "w") as handle:
        json.dump(namespace["_refusals"], handle)
"""


@dataclass
class State:
    label: str
    code: str
    name: str  # what the code calls the tensor: x, t or v
    tensor: np.ndarray  # what the engine holds


def engine_array(qtbot, tab) -> np.ndarray:
    """The document's value, read by a worker job that runs after every earlier one."""
    recorder = JobRecorder()
    tab.controller.worker.submit("read", tab.controller.document.to_numpy, **recorder.slots())
    qtbot.waitUntil(lambda: recorder.finished, timeout=10_000)
    assert not recorder.failures
    return recorder.results[0]


class Driver:
    """Does what a user does in the tab, and takes the pane's code after each step asked for."""

    def __init__(self, qtbot, tab):
        self.qtbot, self.tab = qtbot, tab
        self.states: list[State] = []

    def settle(self) -> np.ndarray:
        return engine_array(self.qtbot, self.tab)

    def take(self, label: str) -> None:
        tensor = self.settle()
        tab = self.tab
        np.testing.assert_array_equal(tab.model.array, tensor)  # the grid shows the engine's
        self.states.append(State(label, tab.code_pane.code(), NAMES[tab.mode], tensor))

    def mode(self, mode: Mode) -> None:
        self.tab.set_mode(mode)
        self.settle()

    def new(self, shape: str, dtype: str, fill: str, seed: int = 0) -> None:
        bar = self.tab.toolbar
        bar.shape_edit.setText(shape)
        bar.dtype_combo.setCurrentText(dtype)
        bar.fill_combo.setCurrentText(fill)
        bar.seed_spin.setValue(seed)
        bar.new_button.click()
        self.settle()

    def whole(self, method: str, kind: str, seed: int = 0, literal: str = "") -> None:
        whole = self.tab.whole
        whole.value_combo.setCurrentText(kind)
        whole.value_seed.setValue(seed)
        whole.literal_edit.setText(literal)
        button = whole.assign_button if method == "assign" else whole.assign_add_button
        button.click()
        self.settle()

    def cell(self, row: int, column: int, text: str) -> None:
        self.tab.model.setData(self.tab.model.index(row, column), text)
        self.settle()

    def paste(self, text: str, row: int, column: int) -> None:
        self.tab.table.setCurrentIndex(self.tab.model.index(row, column))
        self.tab.paste_text(text)
        self.settle()

    def every_value(self, literal_list: str) -> None:
        """assign and assign_add of every kind of value the box offers."""
        for method in ("assign", "assign_add"):
            for kind in VALUE_KINDS:
                literals = ("2", literal_list) if kind == "literal" else ("",)
                for literal in literals:
                    self.whole(method, kind, seed=5, literal=literal)


def checked_script(code: str) -> tuple[str, list[list[str]]]:
    """The pane's code with each refused statement run in a try block that records what
    TensorFlow raised, and the [class, message] pairs its comments name."""
    out, expected, block = ["_refusals = []"], [], []
    lines = iter(code.splitlines())
    for line in lines:
        if not line.startswith("#"):
            out.append(line)
            continue
        block.append(line[2:])
        if not line.endswith(REFUSED):
            continue
        block[-1] = block[-1].removesuffix(REFUSED)
        raised = RAISED.fullmatch(next(lines))
        assert raised, f"no exception line after {block}"
        expected.append([raised.group(1), raised.group(2)])
        out += ["try:", *(f"    {part}" for part in block)]
        out += [
            "except Exception as error:",
            "    _refusals.append([type(error).__name__, str(error)])",
            "else:",
            "    _refusals.append(['nothing raised', ''])",
        ]
        block = []
    assert not block, f"an unfinished comment block: {block}"
    return "\n".join(out) + "\n", expected


def run_states(states: list[State], folder: Path) -> None:
    cases, expected_refusals = [], []
    for state in states:
        code, refusals = checked_script(state.code)
        cases.append({"label": state.label, "code": code, "name": state.name})
        expected_refusals.append(refusals)
    (folder / "cases.json").write_text(json.dumps(cases))
    (folder / "runner.py").write_text(RUNNER)
    done = run_python("runner.py", cwd=folder, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    for i, state in enumerate(states):
        got = np.load(folder / f"out{i}.npy")
        tensor = state.tensor
        assert (got.dtype, got.shape) == (tensor.dtype, tensor.shape), state.label
        assert got.tobytes() == tensor.tobytes(), (state.label, got, tensor)
        refusals = json.loads((folder / f"refusals{i}.json").read_text())
        assert refusals == expected_refusals[i], state.label


def edits_and_refusals(do: Driver) -> None:
    """From the first tensor (4×6 float32, NumPy): edits in each mode, refusals, every value."""
    do.cell(0, 0, "0.1")
    do.paste("1.5\t-2\n1e-7\t3.25", 1, 1)
    do.take("numpy edits")
    do.mode(Mode.CONSTANT)
    do.cell(0, 1, "5")  # TypeError: item assignment
    do.paste("1\t2", 2, 2)
    long_list = str(np.arange(24).reshape(4, 6).tolist())  # spread over lines in the code
    for method in ("assign", "assign_add"):  # AttributeError: no such method
        do.whole(method, "literal", literal=long_list)
        do.whole(method, "ones")
    do.take("constant refusals")
    code = do.states[-1].code
    assert "#   AttributeError: " in code and "#   TypeError: " in code
    do.mode(Mode.VARIABLE)
    do.cell(3, 5, "nan")
    do.paste("7\t8\n9\t10", 2, 0)
    do.take("variable edits")
    do.every_value(long_list)
    do.take("variable: every value")
    do.mode(Mode.NUMPY)
    do.every_value(long_list)
    do.take("numpy: every value")
    do.tab.controller.undo()
    do.take("after an undo")


def every_dtype(do: Driver) -> None:
    """A new tensor of every fill and dtype (in turn in each mode), then every value."""
    modes = [Mode.NUMPY, Mode.VARIABLE, Mode.CONSTANT]
    for i, dtype in enumerate(EDITOR_DTYPES):
        for j, fill in enumerate(FILLS):
            do.mode(modes[(i + j) % 3])
            do.new("3, 4", dtype, fill, seed=i + j)
            do.take(f"new {dtype} {fill}")
        for mode in (Mode.VARIABLE, Mode.NUMPY):
            do.mode(mode)
            do.every_value("[[1, 0, 1, 0], [0, 1, 1, 0], [1, 1, 1, 1]]")
            do.take(f"{dtype}: every value, {mode.value}")


def ranks(do: Driver) -> None:
    """A scalar, a vector and a rank-3 tensor edited through its slices."""
    do.new("", "float64", "random normal", seed=3)
    do.cell(0, 0, "2.5e-300")
    do.mode(Mode.CONSTANT)
    do.cell(0, 0, "1")  # TypeError
    do.mode(Mode.VARIABLE)
    do.cell(0, 0, "-7")
    do.take("a scalar")
    assert do.states[-1].code.endswith("v.assign(-7.)")
    do.new("5", "int32", "range")
    do.paste("7\n-8", 1, 0)
    do.cell(4, 0, "2147483647")
    do.mode(Mode.NUMPY)
    do.cell(0, 0, "-2147483648")
    do.take("a vector")
    do.new("2, 3, 4", "float32", "range")
    bar = do.tab.grid.slice_bar
    bar.axis_spins[0].setValue(1)
    do.cell(2, 1, "0.3")
    bar.row_axis_combo.setCurrentIndex(2)
    bar.row_axis_combo.activated.emit(2)
    do.paste("100\t200\n300\t400", 1, 0)
    do.mode(Mode.CONSTANT)
    do.paste("1\t2", 0, 0)  # TypeError, for a block
    do.take("rank three")


def files(do: Driver, folder: Path) -> dict[Path, bytes]:
    """Save and open in every format, every mode and several dtypes and ranks; then files from
    elsewhere. Returns what the app wrote to each file."""
    saved: dict[Path, bytes] = {}
    cases = [("", "float32"), ("5", "int32"), ("2, 3", "bool"), ("1, 4", "float64")]
    for suffix in (".npy", ".npz", ".csv"):
        modes = [*Mode, Mode.NUMPY]
        for n, ((shape, dtype), mode) in enumerate(zip(cases, modes, strict=True)):
            do.mode(mode)
            do.new(shape, dtype, "random normal", seed=n)
            path = folder / f"saved{n}{suffix}"
            do.tab.save_path(path)
            do.settle()
            saved[path] = path.read_bytes()
            do.whole("assign", "zeros")
            do.tab.load_path(path)
            do.take(f"{dtype} {shape!r} {mode.value} saved and opened as {suffix}")
    np.save(folder / "small.npy", np.arange(6, dtype=np.int8).reshape(2, 3))
    do.tab.load_path(folder / "small.npy")  # widened to int32 on the way in
    do.take("an int8 file")
    (folder / "sheet.csv").write_text("0.1,2\n3,4\n")
    do.tab.load_path(folder / "sheet.csv")  # from elsewhere: float64
    do.take("a CSV from elsewhere")
    assert do.states[-1].tensor.dtype == np.float64
    return saved


def test_the_pane_rebuilds_every_state_in_a_fresh_python(qtbot, tab, tmp_path):
    """One fresh Python for every state (TensorFlow's import is most of the cost)."""
    do = Driver(qtbot, tab)
    edits_and_refusals(do)
    every_dtype(do)
    ranks(do)
    saved = files(do, tmp_path)
    run_states(do.states, tmp_path)
    for path, content in saved.items():  # the code wrote what the app wrote
        if path.suffix == ".npz":  # a zip records the time of writing: compare the arrays
            with np.load(path) as again, np.load(_written(path, content)) as first:
                assert again.files == first.files
                for key in first.files:
                    assert again[key].tobytes() == first[key].tobytes()
        else:
            assert path.read_bytes() == content, path.name


def _written(path: Path, content: bytes) -> Path:
    copy = path.with_name(f"app-{path.name}")
    copy.write_bytes(content)
    return copy


def test_the_notebook_section_rebuilds_the_tensor_in_a_real_kernel(qtbot, tab, tmp_path):
    do = Driver(qtbot, tab)
    do.new("2, 3", "float32", "random normal", seed=4)
    do.mode(Mode.CONSTANT)
    do.cell(0, 0, "1")  # refused: a comment in the notebook
    do.mode(Mode.VARIABLE)
    do.cell(1, 2, "0.7")
    tab.save_path(tmp_path / "t.csv")
    do.settle()
    tab.load_path(tmp_path / "t.csv")
    expected = do.settle()
    section = tab.notebook_section()
    assert section.note == ""
    notebook = build_notebook([section], "Tensor Editor")
    out = tmp_path / "from-kernel.npy"
    notebook.cells.append(nbformat.v4.new_code_cell(f"np.save({str(out)!r}, np.asarray(v))"))
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    printed = "".join(o.get("text", "") for o in notebook.cells[-2].outputs)
    assert "tf.Variable" in printed and "shape=(2, 3) dtype=float32" in printed
    got = np.load(out)
    assert (got.dtype, got.shape) == (expected.dtype, expected.shape)
    assert got.tobytes() == expected.tobytes()


def test_a_section_taken_mid_job_is_the_last_finished_state_and_says_so(qtbot, tab):
    import threading

    release = threading.Event()
    tab.controller.worker.submit("Training", release.wait, 30, owner="MNIST Trainer")
    try:
        tab.model.setData(tab.model.index(0, 0), "9")  # queued behind the training
        section = tab.notebook_section()
        assert "still running" in section.note
        assert "x[0, 0] = 9." not in section.cells[0]
    finally:
        release.set()
    engine_array(qtbot, tab)
    assert "x[0, 0] = 9." in tab.notebook_section().cells[0]

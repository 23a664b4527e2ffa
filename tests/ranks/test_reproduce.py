"""The code pane reproduces the screen: for every example, a typed literal, each operation, a step
TensorFlow refuses and an undo, the script the pane shows runs in a fresh Python with no network
and builds and prints what the tab shows: the same tensor, shape and dtype, and TensorFlow's
rank, shape and dtype of t. The tab's notebook section does the same in a real kernel."""

from __future__ import annotations

from dataclasses import dataclass

import nbformat
import numpy as np
from nbclient import NotebookClient

from engine.ranks.describe import TensorInfo
from engine.ranks.examples import EXAMPLES
from engine.ranks.tf_view import TensorFlowView
from engine.shared.limits import shape_text
from engine.shared.notebook import build_notebook

TF_WAIT_MS = 60_000


@dataclass(frozen=True)
class Screen:
    """What the tab shows in one state."""

    what: str
    code: str
    x: np.ndarray
    info: TensorInfo
    view: TensorFlowView
    info_text: str


def numpy_line(info: TensorInfo) -> str:
    return f"{info.rank} {shape_text(info.shape)} {info.dtype} {info.size}"


def tensorflow_line(view: TensorFlowView) -> str:
    """What ``print(tf.rank(t), t.shape, t.dtype, tf.size(t))`` prints for the tab's t."""
    scalar = "shape=(), dtype=int32"
    dtype = view.dtype.removeprefix("tf.")
    return (
        f"tf.Tensor({view.rank}, {scalar}) {tuple(view.dims)} <dtype: '{dtype}'> "
        f"tf.Tensor({view.size}, {scalar})"
    )


class Recorder:
    """Drives the tab as a user would and keeps what it shows once TensorFlow has answered."""

    def __init__(self, qtbot, tab):
        self.qtbot, self.tab = qtbot, tab
        self.screens: list[Screen] = []

    def do(self, what: str, action) -> None:
        with self.qtbot.waitSignal(self.tab.controller.tensorflow_answered, timeout=TF_WAIT_MS):
            action()
        tab = self.tab
        self.screens.append(
            Screen(
                what,
                tab.code.code(),
                tab.current.array.copy(),
                tab.info.info,
                tab.info.tf_view,
                tab.info.text(),
            )
        )

    def apply(self, kind: str, argument: str, keepdims: bool = False) -> None:
        box = self.tab.operations

        def press() -> None:
            box.operation.setCurrentIndex(box.operation.findData(kind))
            box.argument.setText(argument)
            box.keepdims.setChecked(keepdims)
            box.apply_button.click()

        self.do(f"{kind} {argument!r}{' keepdims' if keepdims else ''}", press)

    def type_literal(self, text: str) -> None:
        def enter() -> None:
            self.tab.inputs.literal.setText(text)
            self.tab.inputs.literal.returnPressed.emit()

        self.do(f"literal {text}", enter)


def test_every_state_s_script_builds_and_prints_what_the_tab_shows(qtbot, tab, run_scripts):
    record = Recorder(qtbot, tab)
    for item in EXAMPLES:  # the MNIST digits too, read from the bundled file
        record.do(f"example {item.key}", lambda key=item.key: tab.load_example(key))
    # uint8 images: NumPy widens the sum to uint64 where TensorFlow keeps uint8, and t keeps
    # TensorFlow's dtype through the later steps, as the script does
    record.do("example images", lambda: tab.load_example("images"))
    for kind, argument in [
        ("sum", "-1"),
        ("reshape", "2, -1"),
        ("expand_dims", "1"),
        ("squeeze", ""),
        ("transpose", ""),
        ("slice", "::2, ..."),
    ]:
        record.apply(kind, argument)
    record.apply("mean", "0", keepdims=True)
    record.do("undo", tab.undo)
    # a typed literal; TensorFlow refuses to sum bools, then t starts again from NumPy's x
    record.type_literal("tf.constant([[True, False, True], [False, False, True]])")
    record.apply("sum", "0")
    record.apply("expand_dims", "-1")
    record.apply("mean", "")

    screens = record.screens
    ran = run_scripts([screen.code for screen in screens])
    for screen, script in zip(screens, ran, strict=True):
        what = screen.what
        assert not script.error, (what, script.error)
        assert script.x.dtype == screen.x.dtype and script.x.shape == screen.x.shape, what
        np.testing.assert_array_equal(script.x, screen.x, err_msg=what)
        view = screen.view
        # the last step printed NumPy's view, then TensorFlow's unless TensorFlow refused it
        assert script.printed[-1 if view.error else -2] == numpy_line(screen.info), what
        assert shape_text(screen.info.shape) in screen.info_text
        if view.error:  # the tab says TensorFlow refused; so does the script
            assert "TensorFlow refused" in screen.info_text, what
            assert "# TensorFlow refuses" in screen.code.rsplit("\n\n", 1)[-1], what
            continue
        assert (script.rank, script.dims, script.dtype) == (view.rank, view.dims, view.dtype), what
        assert script.printed[-1] == tensorflow_line(view), what
        assert view.shape in screen.info_text and view.dtype in screen.info_text, what
        if view.agrees is not None:  # "same values" or "values differ", as the script finds
            same = script.t.shape == script.x.shape and np.allclose(script.t, script.x)
            assert same is view.agrees, what
    whats = [screen.what for screen in screens]
    assert any(not screen.view.agrees for screen in screens if screen.view.agrees is not None)
    assert [screen.view.error != "" for screen in screens].count(True) == 1, whats


def test_the_notebook_section_runs_in_a_kernel_and_prints_the_screen(qtbot, tab):
    record = Recorder(qtbot, tab)
    record.apply("reshape", "2, 9")
    record.apply("sum", "1")
    record.do("undo", tab.undo)
    section = tab.notebook_section()
    assert section.cells == (tab.code.code(),) and section.note == ""
    assert "x has shape (2, 9): rank 2, 18 int64 values." in section.text
    notebook = build_notebook([section], "Rank Explorer")
    check = "print('built', x.shape, x.dtype, t.shape.as_list(), t.dtype.name, int(x.sum()))"
    notebook.cells.append(nbformat.v4.new_code_cell(check))
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    printed = [
        "".join(out.get("text", "") for out in cell.outputs).splitlines()
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]
    screen = record.screens[-1]
    assert printed[0][-2:] == [numpy_line(screen.info), tensorflow_line(screen.view)]
    assert printed[1] == [f"built (2, 9) int64 [2, 9] int64 {int(screen.x.sum())}"]


def test_the_notebook_section_says_when_tensorflow_had_not_answered(qtbot):
    from engine.worker import Worker
    from widgets.ranks.view import RankExplorerTab

    idle = Worker()  # never started: the TensorFlow view waits, as while TensorFlow loads
    widget = RankExplorerTab(idle)
    qtbot.addWidget(widget)
    section = widget.notebook_section()
    assert section.note == (
        "TensorFlow had not answered yet when this was exported: the code is complete, but the "
        "tab did not show TensorFlow's view."
    )
    assert section.cells == (widget.code.code(),)
    widget.shutdown()

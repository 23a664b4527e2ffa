"""Representative states of each tab, for screenshots and for a test that runs every one of them
in the real window (as pyqtgraph runs its examples). Each drives a tab only through what a user
can do: it sets fields and presses buttons, it never reaches into private state.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QSplitter, QWidget

from engine.editor.document import Mode
from widgets.editor.view import TensorEditorTab
from widgets.gradients.descent_inputs import RunForm
from widgets.gradients.inputs import PRESETS
from widgets.gradients.view import GradientsTab
from widgets.mnist.view import MnistTrainerTab
from widgets.ranks.view import RankExplorerTab

PLAY_TIMEOUT_S = 120
# A hand-written "7" in canvas coordinates (0–280).
SEVEN = [(70, 60), (120, 58), (170, 56), (205, 58), (190, 95), (165, 140), (145, 185), (130, 235)]


def editor(tab: TensorEditorTab) -> None:
    """A 6×8 float32 tf.Variable after a refused constant edit, cell edits and an assign_add."""
    bar, whole = tab.toolbar, tab.whole
    bar.shape_edit.setText("6, 8")
    bar.dtype_combo.setCurrentText("float32")
    bar.fill_combo.setCurrentText("range")
    bar.new_button.click()
    # Each change queues behind the one before, as if typed after the previous one showed.
    tab.controller.request_cell((0, 0), "0.5")
    tab.set_mode(Mode.CONSTANT)
    tab.controller.request_cell((1, 1), "3")
    tab.set_mode(Mode.VARIABLE)
    tab.controller.request_cell((1, 1), "3")
    whole.value_combo.setCurrentText("random normal")
    whole.value_seed.setValue(42)
    whole.assign_add_button.click()
    tab.table.setFocus()


def gradients(tab: GradientsTab) -> None:
    """The falling body: position, speed and acceleration at t = 2."""
    tab.load_preset(PRESETS[1])
    tab.details.setCurrentWidget(tab.code_pane)


def gradients_contour(tab: GradientsTab) -> None:
    """Rosenbrock's valley: SGD with momentum against Adam from (-1.2, 1), played to the end."""
    tab.load_preset(next(preset for preset in PRESETS if preset.title == "Rosenbrock"))
    descent = tab.controls.descent
    descent.run_a.set_form(RunForm("sgd", "0.001", "0.9", "300"))
    descent.compare_check.setChecked(True)
    descent.run_b.set_form(RunForm("adam", "0.05", "0", "300"))
    descent.play_button.click()
    _wait(lambda: tab.controller.descent.frame.finished)


def ranks(tab: RankExplorerTab) -> None:
    """The rank-3 example with a sum over axis 0 prepared and a broadcast checked (on the
    Broadcasting tab, behind the code)."""
    tab.load_example("rank3")
    tab.operations.operation.setCurrentIndex(tab.operations.operation.findData("sum"))
    tab.operations.argument.setText("0")
    tab.broadcast.shape_b.setText("2, 1")


def mnist(tab: MnistTrainerTab) -> None:
    """A short run on a subset with a validation split and a drawn 7 (needs the data loaded)."""
    _draw_seven(tab)
    _fit_on_subset(tab, limit=15000, epochs=3)
    tab.run_bar.train_button.click()


def mnist_runs(tab: MnistTrainerTab) -> None:
    """The run history after the optimizers were tried one after another on the same subset,
    all of them overlaid in the Runs tab."""
    _fit_on_subset(tab, limit=15000, epochs=4)
    for optimizer in ("adam", "sgd", "rmsprop"):
        tab.form.optimizer_combo.setCurrentText(optimizer)  # sets its usual learning rate
        tab.run_bar.train_button.click()
        _wait(lambda: not tab.controller.training)
    tab.details.setCurrentWidget(tab.runs_panel)
    tab.runs_panel.table.selectAll()
    # Room for the overlaid curves: the handles dragged down, right and up.
    _drag(tab, "mnistRightSplitter", first_share=0.38)
    _drag(tab, "mnistBottomSplitter", first_share=0.75)
    _drag(tab, "runsSplitter", first_share=0.35)


def _drag(tab: MnistTrainerTab, splitter_name: str, first_share: float) -> None:
    """What a user does by dragging a splitter's handle: the first pane gets this share."""
    splitter = tab.findChild(QSplitter, splitter_name)
    total = sum(splitter.sizes())
    splitter.setSizes([round(total * first_share), round(total * (1 - first_share))])


def mnist_convnet(tab: MnistTrainerTab) -> None:
    """The Small convnet preset trained briefly on a subset, then trained one epoch more at a
    lower learning rate (a marker on the curves), with the feature maps of a drawn 7 on show."""
    # The handles back where the tab puts them.
    _drag(tab, "mnistRightSplitter", first_share=0.53)
    _drag(tab, "mnistBottomSplitter", first_share=0.57)
    [preset] = [b for b in tab.form.preset_buttons if b.text() == "Small convnet"]
    preset.click()
    _draw_seven(tab)
    _fit_on_subset(tab, limit=6000, epochs=2)
    tab.run_bar.train_button.click()
    _wait(lambda: not tab.controller.training)
    tab.form.fields["learning_rate"].setText("0.0005")
    tab.run_bar.more_edit.setText("1")
    tab.run_bar.more_button.click()
    _wait(lambda: not tab.controller.training)
    tab.details.setCurrentWidget(tab.details.feature_maps)


def mnist_mistakes(tab: MnistTrainerTab) -> None:
    """A trained model's most frequent confusion clicked in the matrix, and the saliency map of
    the first digit it lists."""
    if not tab.controller.has_model:
        mnist_convnet(tab)
    table = tab.results.confusion
    _wait(lambda: table.matrix is not None)
    matrix = np.array(table.matrix)
    np.fill_diagonal(matrix, -1)
    true, predicted = np.unravel_index(int(np.argmax(matrix)), matrix.shape)
    table.scrollToItem(table.item(int(true), int(predicted)))
    cell = table.visualItemRect(table.item(int(true), int(predicted)))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    details = tab.details
    details.setCurrentWidget(details.gallery)
    grid = details.gallery.grid
    _wait(lambda: grid.isVisible())
    first = QPoint(3 + grid.cell // 2, 3 + grid.cell // 2)  # the first thumbnail
    QTest.mouseClick(grid, Qt.MouseButton.LeftButton, pos=first)
    details.setCurrentWidget(details.saliency)


def _fit_on_subset(tab: MnistTrainerTab, limit: int, epochs: int) -> None:
    """A run short enough for a screenshot: the first ``limit`` samples, a tenth for validation."""
    fields = tab.form.fields
    fields["limit"].setText(str(limit))
    fields["epochs"].setText(str(epochs))
    fields["validation_split"].setText("0.1")


def _draw_seven(tab: MnistTrainerTab) -> None:
    canvas = tab.digit_panel.canvas
    canvas.clear()
    canvas.draw_stroke(SEVEN)


def _wait(done: Callable[[], bool]) -> None:
    """Let the event loop run until `done()` holds (bounded, so a broken state cannot hang)."""
    end = time.monotonic() + PLAY_TIMEOUT_S
    while not done() and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


STATES: dict[str, Callable[[QWidget], None]] = {
    "Tensor Editor": editor,  # type: ignore[dict-item]
    "Gradients": gradients,  # type: ignore[dict-item]
    "Rank Explorer": ranks,  # type: ignore[dict-item]
    "MNIST Trainer": mnist,  # type: ignore[dict-item]
}
# More pictures of one tab: file name -> (tab title, state).
EXTRA_STATES: dict[str, tuple[str, Callable[[QWidget], None]]] = {
    "gradients-contour": ("Gradients", gradients_contour),  # type: ignore[dict-item]
    "mnist-runs": ("MNIST Trainer", mnist_runs),  # type: ignore[dict-item]
    "mnist-convnet": ("MNIST Trainer", mnist_convnet),  # type: ignore[dict-item]
    "mnist-mistakes": ("MNIST Trainer", mnist_mistakes),  # type: ignore[dict-item]
}

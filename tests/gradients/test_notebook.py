"""File > Export for the Gradients tab: the section rebuilds what the tab shows. Its cells run top
to bottom in a real kernel, offline, and print the values box and each descent run's last row
of the step table; a tab that is still computing says its section is the last finished state."""

from __future__ import annotations

import nbformat
import numpy as np
from nbclient import NotebookClient
from PySide6.QtCore import Qt

from engine.shared.notebook import build_notebook
from widgets.gradients.controls import matrix_text, value_text
from widgets.gradients.descent_inputs import RunForm
from widgets.gradients.inputs import PRESETS
from widgets.gradients.notebook import BUSY, NOT_YET
from widgets.gradients.view import GradientsTab

WAIT_MS = 30_000
ROSENBROCK = next(p for p in PRESETS if p.title == "Rosenbrock")


def shown_values(tab) -> list[str]:
    return [label.text() for label in tab.controls.value_labels if label.isVisibleTo(tab)]


def last_rows(tab) -> list[list[str]]:
    """Each run's last row of the step table, as its full-precision tooltips read."""
    rows = []
    runs, model = tab.descent_panel.runs, tab.descent_panel.model
    for index in range(runs.count()):
        runs.setCurrentIndex(index)
        row = model.rowCount() - 1
        rows.append(
            [str(row)]
            + [
                model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
                for column in range(1, model.columnCount())
            ]
        )
    return rows


def printed_row(output: str) -> list[str]:
    line = next(line for line in output.splitlines() if line.startswith("last row ("))
    numbers = line.split(":", 1)[1].strip().strip("[]").split(", ")
    return [numbers[0], *(repr(float(n)) for n in numbers[1:])]


def outputs_of(notebook) -> list[str]:
    return [
        "".join(out.get("text", "") for out in cell.outputs)
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]


def test_the_section_runs_in_a_kernel_and_prints_the_screen(qtbot, tab, settle):
    d = tab.controls.descent
    # One input: the falling body to order 3, a finished run and one paused on its way.
    qtbot.mouseClick(tab.controls.preset_buttons[1], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.controls.order_buttons[3], Qt.MouseButton.LeftButton)
    settle(tab)
    d.run_a.set_form(RunForm("sgd", "0.05", "0.5", "30"))
    d.compare_check.setChecked(True)
    d.run_b.set_form(RunForm("adam", "0.1", "0", "400"))
    tab.recompute()
    qtbot.mouseClick(d.step_button, Qt.MouseButton.LeftButton)
    descent = tab.controller.descent
    qtbot.waitUntil(lambda: descent.frame.revealed == 1, timeout=WAIT_MS)
    for _ in range(11):
        qtbot.mouseClick(d.step_button, Qt.MouseButton.LeftButton)
    assert descent.frame.revealed == 12
    one = tab.notebook_section()
    one_values, one_rows = shown_values(tab), last_rows(tab)
    assert one_values == ["19.6", "19.6", "9.8", "0.0"] and len(one.cells) == 3
    assert (
        "| speed (m/s) | `19.6` |" in one.text
        and "run B (Adam, lr 0.1): step 12 of 400" in one.text
    )
    assert one.note == ""

    # Two inputs: Rosenbrock's Hessian, and a run played to its end.
    tab.load_preset(ROSENBROCK)
    qtbot.waitUntil(
        lambda: tab.controller.last_point.expression == ROSENBROCK.expression, timeout=WAIT_MS
    )
    d.compare_check.setChecked(False)
    d.run_a.set_form(RunForm("rmsprop", "0.01", "0", "80"))
    tab.recompute()
    qtbot.mouseClick(d.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: descent.frame.finished and not descent.busy, timeout=WAIT_MS)
    settle(tab)
    two = tab.notebook_section()
    two_values, two_rows = shown_values(tab), last_rows(tab)
    assert len(two.cells) == 2 and "step 80 of 80" in two.text

    notebook = build_notebook([one, two], "Tensor Workbench session")
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    outputs = outputs_of(notebook)
    assert len(outputs) == 5
    values = [line.split(" = ", 1)[1] for line in outputs[0].splitlines()]
    assert [value_text(float(v)) for v in values] == one_values
    assert [printed_row(outputs[1]), printed_row(outputs[2])] == one_rows
    lines = dict(line.split(" = ", 1) for line in outputs[3].splitlines())
    hessian = [[float(v) for v in row.split(", ")] for row in lines["hessian"][2:-2].split("], [")]
    assert matrix_text(np.array(hessian)) == two_values[3]
    assert value_text(float(lines["f"])) == two_values[0]
    assert [printed_row(outputs[4])] == two_rows
    nbformat.validate(notebook)


def test_a_busy_tab_says_so_and_an_unopened_one_has_nothing_yet(qtbot, tab, worker):
    tab.set_point(1.5)
    assert tab.controller.busy
    assert tab.notebook_section().note == BUSY
    unopened = GradientsTab(worker)
    qtbot.addWidget(unopened)
    section = unopened.notebook_section()
    assert section.cells == (NOT_YET,) and section.note == ""

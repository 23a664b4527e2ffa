"""File > Export: the whole session as a notebook (nbformat) and as a script, a section per tab,
each rebuilding what its tab shows; a bad place to write says so and writes nothing."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from widgets.gradients.inputs import PRESETS

TIMEOUT = 60_000


def test_the_notebook_has_a_section_per_tab_and_the_gradient_section_prints_the_screen(
    qtbot, main_window, tmp_path
):
    gradients = main_window.tabs.widget(1)
    main_window.tabs.setCurrentIndex(1)
    gradients.load_preset(PRESETS[1])  # the falling body at t = 2
    qtbot.waitUntil(
        lambda: (
            gradients.controller.last_point is not None
            and gradients.controller.last_point.expression == "4.9*t**2"
            and not gradients.controller.busy
        ),
        timeout=TIMEOUT,
    )
    path = main_window.export_notebook(tmp_path / "session.ipynb")
    notebook = nbformat.read(path, as_version=4)
    headings = [c.source.splitlines()[0] for c in notebook.cells if c.cell_type == "markdown"]
    assert headings == [
        "# Tensor Workbench session",
        "## Tensor Editor",
        "## Gradients",
        "## Rank Explorer",
        "## MNIST Trainer",
    ]
    codes = [c for c in notebook.cells if c.cell_type == "code"]
    assert [c.source for c in codes] == [
        section.cells[0].rstrip("\n") for section in main_window.sections()
    ]
    # Run the gradient section alone in a real kernel: it prints the tab's numbers.
    notebook.cells = [codes[1]]
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    printed = "".join(out.get("text", "") for out in notebook.cells[0].outputs)
    assert "f = 19.6" in printed and "df_dt = 19.6" in printed and "d2f_dt2 = 9.8" in printed


def test_the_script_has_the_same_sections(main_window, tmp_path):
    text = main_window.export_script(tmp_path / "session.py").read_text()
    for title in ("Tensor Editor", "Gradients", "Rank Explorer", "MNIST Trainer"):
        assert f"# %% {title}" in text
    for section in main_window.sections():
        assert section.cells[0].rstrip("\n") in text


def test_an_unwritable_place_writes_nothing(main_window, tmp_path):
    with pytest.raises(OSError, match="does not exist"):
        main_window.export_notebook(tmp_path / "missing" / "session.ipynb")
    assert [p.name for p in tmp_path.iterdir()] == ["settings.ini"]  # the window's own

"""A session exported as a notebook runs top to bottom in a real kernel, offline, and the same
sections as a script run in a plain Python."""

from __future__ import annotations

import nbformat
import pytest
from fresh_python import run_python

from engine.shared.notebook import Section, write_notebook, write_script

SECTIONS = [
    Section("First", "Squares, by *NumPy*.", ("import numpy as np", "print(np.arange(4) ** 2)")),
    Section(
        "Second", "A sum.", ("total = sum(range(10))\nprint(total)",), note="Busy: last state."
    ),
]


def test_the_notebook_runs_in_a_kernel_and_prints_what_the_cells_compute(tmp_path):
    from nbclient import NotebookClient

    path = write_notebook(SECTIONS, tmp_path / "session.ipynb", "A session")
    notebook = nbformat.read(path, as_version=4)
    kinds = [cell.cell_type for cell in notebook.cells]
    assert kinds == ["markdown", "markdown", "code", "code", "markdown", "code"]
    assert notebook.cells[4].source.endswith("> Busy: last state.")
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    outputs = [
        "".join(out.get("text", "") for out in cell.outputs)
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]
    assert outputs == ["", "[0 1 4 9]\n", "45\n"]


def test_the_script_runs_in_a_fresh_python(tmp_path):
    path = write_script(SECTIONS, tmp_path / "session.py", "A session")
    done = run_python(str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[0 1 4 9]\n45\n"
    assert "# %% Second" in path.read_text() and "# Busy: last state." in path.read_text()


def test_an_unwritable_place_gives_a_clear_error_and_no_half_file(tmp_path):
    with pytest.raises(OSError, match="does not exist"):
        write_notebook(SECTIONS, tmp_path / "missing" / "s.ipynb", "A session")
    blocker = tmp_path / "s.ipynb"
    blocker.mkdir()  # a folder where the file should go
    with pytest.raises(OSError, match="is a folder"):
        write_script(SECTIONS, blocker, "A session")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.ipynb"]

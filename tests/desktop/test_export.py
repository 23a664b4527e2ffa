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


def test_the_whole_notebook_runs_top_to_bottom_offline_and_prints_the_trainers_numbers(
    qtbot, main_window, tmp_path, monkeypatch
):
    for proxy in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(proxy, "http://127.0.0.1:9")  # nothing listens: no download can work
    gradients = main_window.tabs.widget(1)
    main_window.tabs.setCurrentIndex(1)  # a tab computes once it is shown
    gradients.load_preset(PRESETS[1])
    qtbot.waitUntil(lambda: gradients.controller.last_point is not None, timeout=TIMEOUT)
    trainer = main_window.tabs.widget(3)
    main_window.tabs.setCurrentIndex(3)
    controller = trainer.controller
    qtbot.waitUntil(lambda: controller.data_source.data is not None, timeout=120_000)
    for name, value in (("limit", "600"), ("epochs", "1"), ("batch_size", "100")):
        trainer.form.fields[name].setText(value)
    trainer.run_bar.train_button.click()
    qtbot.waitUntil(lambda: not controller.training, timeout=120_000)
    assert controller.evaluation is not None
    path = main_window.export_notebook(tmp_path / "session.ipynb")
    notebook = nbformat.read(path, as_version=4)
    # One kernel, every cell in order, as "Run all" would: a failing cell raises here.
    NotebookClient(notebook, timeout=300, kernel_name="python3").execute(cwd=str(tmp_path))
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.outputs for c in code_cells), "every section prints what its tab shows"
    errors = [o for c in code_cells for o in c.outputs if o.output_type == "error"]
    assert errors == []
    printed = "".join(o.get("text", "") for o in code_cells[-1].outputs).strip()
    ev = controller.evaluation
    assert printed.splitlines()[-1] == (
        f"test accuracy {ev.test_accuracy:.4f} · test loss {ev.test_loss:.4f} · "
        f"{ev.wrong_count:,} of {ev.test_samples:,} wrong"
    )


def test_a_code_pane_exports_its_tab_alone(qtbot, main_window, tmp_path, monkeypatch):
    from widgets.shared import tab_export

    chosen = {}
    monkeypatch.setattr(tab_export, "ask_save_file", lambda *args: chosen["answer"])
    pane = main_window.tabs.widget(2).code  # the Rank Explorer's
    chosen["answer"] = (str(tmp_path / "ranks"), tab_export.FILTERS.split(";;")[0])
    pane.export_action.trigger()
    assert pane.export_status.text() == "Exported to ranks.ipynb"
    notebook = nbformat.read(tmp_path / "ranks.ipynb", as_version=4)
    headings = [c.source.splitlines()[0] for c in notebook.cells if c.cell_type == "markdown"]
    assert headings == ["# Tensor Workbench: Rank Explorer", "## Rank Explorer"]
    section = main_window.tabs.widget(2).notebook_section()
    assert [c.source for c in notebook.cells if c.cell_type == "code"] == [
        code.rstrip("\n") for code in section.cells
    ]
    # A .py name writes a script; a missing folder writes nothing and says why, in the pane.
    chosen["answer"] = (str(tmp_path / "ranks.py"), "")
    pane.export_action.trigger()
    assert "# %% Rank Explorer" in (tmp_path / "ranks.py").read_text()
    chosen["answer"] = (str(tmp_path / "gone" / "ranks.py"), "")
    pane.export_action.trigger()
    assert pane.export_status.text().startswith("Nothing was exported:")
    assert not (tmp_path / "gone").exists()
    # Cancelling the dialog changes nothing.
    chosen["answer"] = ("", "")
    pane.export_action.trigger()
    assert pane.export_status.text() == ""

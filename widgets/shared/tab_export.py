"""Export one tab alone, from any of its code panes: the section File > Export writes for the
whole session, as a notebook (.ipynb) or a script (.py), chosen by the file's suffix."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from engine.shared.notebook import write_notebook, write_script
from widgets.shared.file_dialogs import ask_save_file
from widgets.shared.tab_page import TabPage

FILTERS = "Jupyter notebooks (*.ipynb);;Python scripts (*.py)"


def enclosing_page(widget: QWidget) -> TabPage | None:
    """The tab ``widget`` sits in (a code pane may be nested in splitters and sub-tabs)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, TabPage):
        parent = parent.parentWidget()
    return parent


def export_page(page: TabPage, path: str | Path) -> Path:
    section = page.notebook_section()
    title = f"Tensor Workbench: {section.title}"
    if Path(path).suffix.lower() == ".py":
        return write_script([section], path, title)
    return write_notebook([section], path, title)


def ask_export_page(widget: QWidget) -> str:
    """Ask where, export the tab ``widget`` is in, and say what happened (in words to show
    beside the button that asked). Nothing is written when the user cancels or a write fails."""
    page = enclosing_page(widget)
    if page is None:
        return "This code is not part of a tab: use Copy."
    name = page.notebook_section().title.lower().replace(" ", "-")
    path, chosen = ask_save_file(widget, "Export this tab", "export", f"{name}.ipynb", FILTERS)
    if not path:
        return ""
    if not Path(path).suffix:
        path += ".py" if chosen.startswith("Python") else ".ipynb"
    try:
        written = export_page(page, path)
    except OSError as exc:
        return f"Nothing was exported: {exc}"
    return f"Exported to {written.name}"

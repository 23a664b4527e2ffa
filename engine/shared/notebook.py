"""The session as a Jupyter notebook or a Python script: a section per tab, each a heading, a
short explanation and code cells that rebuild what the tab shows. nbformat writes the notebook
(no hand-made JSON); both files are written atomically, so a failed export leaves nothing half
written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.shared.atomic import atomic_write


@dataclass(frozen=True)
class Section:
    title: str
    text: str  # Markdown, in the app's words
    cells: tuple[str, ...]  # code cells; each section's cells run on their own, in order
    note: str = ""  # e.g. the tab was busy, so this is its last finished state


def build_notebook(sections: Sequence[Section], title: str) -> object:
    import nbformat

    cells = [nbformat.v4.new_markdown_cell(f"# {title}")]
    for section in sections:
        text = f"## {section.title}\n\n{section.text}"
        if section.note:
            text += f"\n\n> {section.note}"
        cells.append(nbformat.v4.new_markdown_cell(text))
        cells += [nbformat.v4.new_code_cell(code.rstrip("\n")) for code in section.cells]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.validate(notebook)
    return notebook


def write_notebook(sections: Sequence[Section], path: str | Path, title: str) -> Path:
    import nbformat

    notebook = build_notebook(sections, title)
    return atomic_write(path, lambda temp: nbformat.write(notebook, str(temp)))


def script_text(sections: Sequence[Section], title: str) -> str:
    lines = [f'"""{title}"""', ""]
    for section in sections:
        lines += ["", f"# %% {section.title}", *_comment(section.text)]
        if section.note:
            lines += _comment(section.note)
        for code in section.cells:
            lines += ["", code.rstrip("\n")]
    return "\n".join(lines) + "\n"


def write_script(sections: Sequence[Section], path: str | Path, title: str) -> Path:
    text = script_text(sections, title)
    return atomic_write(path, lambda temp: temp.write_text(text, encoding="utf-8"))


def _comment(text: str) -> list[str]:
    return [f"# {line}".rstrip() for line in text.splitlines()]

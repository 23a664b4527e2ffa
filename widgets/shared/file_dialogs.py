"""File dialogs that remember the last folder for each kind of file, app-wide.

The folders are settings like any other (group "folders"); the main window reads them at start
and writes them at close, and every tab's Open/Save goes through these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


@dataclass
class RecentFolders:
    tensor: str = ""  # the editor's .npy / .npz / .csv files
    mnist_data: str = ""  # MNIST-style .npz files and IDX folders
    model: str = ""  # .keras models
    export: str = ""  # exported notebooks and scripts


FOLDERS = RecentFolders()


def start_folder(kind: str) -> str:
    """The remembered folder for ``kind`` if it still exists, else the working folder."""
    folder = getattr(FOLDERS, kind)
    return folder if folder and Path(folder).is_dir() else str(Path.cwd())


def remember(kind: str, path: str) -> None:
    chosen = Path(path)
    setattr(FOLDERS, kind, str(chosen if chosen.is_dir() else chosen.parent))


def ask_open_file(parent: QWidget, title: str, kind: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, start_folder(kind), filters)
    if path:
        remember(kind, path)
    return path


def ask_save_file(
    parent: QWidget, title: str, kind: str, name: str, filters: str
) -> tuple[str, str]:
    """The chosen path and filter ("" when cancelled)."""
    suggested = str(Path(start_folder(kind)) / name)
    path, chosen = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    if path:
        remember(kind, path)
    return path, chosen


def ask_folder(parent: QWidget, title: str, kind: str) -> str:
    path = QFileDialog.getExistingDirectory(parent, title, start_folder(kind))
    if path:
        remember(kind, path)
    return path

"""Bundled data: the app icon, the desktop entry and the MNIST dataset (see README.md here)."""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def resource_path(name: str) -> Path:
    return FOLDER / name

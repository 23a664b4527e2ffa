"""What the trainer's file dialogs offer: "All supported" first, then each kind on its own.

The data dialog also takes one of the four IDX files, and reads the folder it is in: people who
open the folder in a file dialog expect to pick a file there.
"""

from __future__ import annotations

from pathlib import Path

from engine.mnist.model_files import LOADABLE_SUFFIXES
from engine.shared.mnist_data import IDX_NAMES

IDX_PATTERNS = ("*-ubyte", "*-ubyte.gz")
DATA_FILTERS = ";;".join(
    (
        f"All supported (*.npz {' '.join(IDX_PATTERNS)})",
        "NumPy archives (*.npz)",
        f"IDX files, their folder is read ({' '.join(IDX_PATTERNS)})",
        "All files (*)",
    )
)
LOAD_FILTERS = ";;".join(
    (
        f"All supported ({' '.join('*' + s for s in LOADABLE_SUFFIXES)})",
        "Keras models (*.keras)",
        "Legacy Keras HDF5 models (*.h5)",
        "All files (*)",
    )
)
SAVE_FILTERS = "All supported (*.keras);;Keras models (*.keras)"
IDX_FILE_NAMES = {
    name + ending for names in IDX_NAMES.values() for name in names for ending in ("", ".gz")
}


def data_location(chosen: str) -> str:
    """The path to load for a chosen file: an IDX file stands for its folder."""
    path = Path(chosen)
    return str(path.parent) if path.name in IDX_FILE_NAMES else chosen

"""The run history: every training run kept in one SQLite file (``runs.sqlite`` in the app's
data folder), recorded as it goes, listed, and exported to CSV and TensorBoard
(``python -m engine.runs``)."""

from engine.runs.paths import data_folder
from engine.runs.store import Run, RunStore

__all__ = ["Run", "RunStore", "data_folder"]

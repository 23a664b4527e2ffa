"""The run history as a table: one row per run, sortable by any column and filtered by text.

Each run's cell texts and sort keys are computed once when the runs arrive, and the model sorts
and filters that list itself: a QSortFilterProxyModel asked the Python ``data()`` 160,000 times
to list 1,000 runs (2.4 s, measured by bench/runs.py). The name column is editable, and an edit
is reported by signal, never written here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from engine.runs import Run

COLUMNS = ("Name", "Started", "Model", "Settings", "Test accuracy", "Time", "Status")
NAME, STARTED, MODEL, SETTINGS, ACCURACY, TIME, STATUS = range(len(COLUMNS))
WIDTHS = {NAME: 90, STARTED: 125, MODEL: 160, SETTINGS: 230, ACCURACY: 95, TIME: 60}
Index = QModelIndex | QPersistentModelIndex


def started_text(iso: str) -> str:
    """'2026-11-27 11:02' in local time, from the stored UTC ISO 8601."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def model_text(run: Run) -> str:
    layers = run.settings.get("layers")
    if isinstance(layers, str) and layers:
        return layers
    return str(run.settings.get("model", "dense"))


def settings_text(run: Run) -> str:
    s = run.settings
    parts = [
        f"{s.get('optimizer', '?')} lr {s.get('learning_rate', '?')}",
        f"{s.get('epochs', '?')} ep × batch {s.get('batch_size', '?')}",
        f"seed {s.get('seed', '?')}",
    ]
    if s.get("limit"):
        parts.append(f"first {s['limit']:,}" if isinstance(s["limit"], int) else "")
    return " · ".join(p for p in parts if p)


def time_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


class RunsModel(QAbstractTableModel):
    rename_requested = Signal(int, str)  # run id, new name

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._all: list[tuple[Run, tuple[str, ...], tuple[Any, ...], str]] = []
        self.rows: list[tuple[Run, tuple[str, ...], tuple[Any, ...], str]] = []
        self._filter = ""
        self._sort: tuple[int, Qt.SortOrder] = (STARTED, Qt.SortOrder.DescendingOrder)

    def set_runs(self, runs: Sequence[Run]) -> None:
        self.beginResetModel()
        self._all = []
        for run in runs:
            texts = tuple(_text(run, column) for column in range(len(COLUMNS)))
            keys = tuple(_key(run, column, texts[column]) for column in range(len(COLUMNS)))
            self._all.append((run, texts, keys, " ".join(texts).lower()))
        self._arrange()
        self.endResetModel()

    def run_at(self, row: int) -> Run:
        return self.rows[row][0]

    def row_of(self, run_id: int) -> int | None:
        for row, (run, *_rest) in enumerate(self.rows):
            if run.id == run_id:
                return row
        return None

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        self._filter = text.strip().lower()
        self._arrange()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._arrange()
        self.layoutChanged.emit()

    def _arrange(self) -> None:
        column, order = self._sort
        shown = [row for row in self._all if self._filter in row[3]]
        shown.sort(key=lambda row: row[2][column], reverse=order == Qt.SortOrder.DescendingOrder)
        self.rows = shown

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        run, texts, _keys, _all_text = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return texts[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            note = f"\n\n{run.note}" if run.note else ""
            return f"{run.name} (id {run.id}, {run.source}){note}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ACCURACY, TIME):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == NAME else flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or index.column() != NAME:
            return False
        name = str(value).strip()
        if not name:
            return False
        self.rename_requested.emit(self.rows[index.row()][0].id, name)
        return True


def _text(run: Run, column: int) -> str:
    if column == NAME:
        return run.name
    if column == STARTED:
        return started_text(run.started)
    if column == MODEL:
        return model_text(run)
    if column == SETTINGS:
        return settings_text(run)
    if column == ACCURACY:
        return "" if run.test_accuracy is None else f"{run.test_accuracy:.4f}"
    if column == TIME:
        return time_text(run.seconds)
    if column == STATUS:
        return run.status
    raise IndexError(column)


def _key(run: Run, column: int, text: str) -> Any:
    if column == ACCURACY:
        return -1.0 if run.test_accuracy is None else run.test_accuracy
    if column == TIME:
        return -1.0 if run.seconds is None else run.seconds
    if column == STARTED:
        return (run.started, run.id)  # runs started in the same second: by id
    return text.lower()

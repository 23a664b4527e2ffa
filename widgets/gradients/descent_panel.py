"""The descent's details: a table of the steps revealed and the loop that reproduces the path,
for one run at a time (a tab per run, in the run's colour). Layout and rendering only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from engine.gradients.descent import code_up_to
from widgets.gradients.descent_controller import DescentFrame
from widgets.gradients.descent_inputs import RUN_COLORS, RUN_NAMES
from widgets.gradients.descent_table import DescentTableModel
from widgets.shared.code_pane import CodePane

HINT = "Press Play or Step (under “Descent from the point”) to follow the gradient downhill."


class DescentPanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.frame: DescentFrame | None = None
        self.runs = QTabBar()
        self.runs.setDrawBase(False)
        self.runs.setToolTip("Which run the table and the code show")
        self.runs.hide()  # until there is a run
        self.hint = QLabel(HINT)
        self.hint.setWordWrap(True)
        self.model = DescentTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(self.fontMetrics().horizontalAdvance("-0.000123456") + 12)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.code_pane = CodePane("The loop that reproduces the path")
        self.code_pane.setToolTip("Paste into Python: it takes exactly the same steps")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.code_pane)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.runs)
        layout.addWidget(self.hint)
        layout.addWidget(splitter, 1)
        self.runs.currentChanged.connect(self._show_run)

    def show_frame(self, frame: DescentFrame) -> None:
        runs = frame.plan.runs if frame.plan is not None and frame.results else ()
        titles = [f"Run {name}: {run.title()}" for name, run in zip(RUN_NAMES, runs, strict=False)]
        if titles != [self.runs.tabText(i) for i in range(self.runs.count())]:
            self.runs.blockSignals(True)
            current = self.runs.currentIndex()
            while self.runs.count():
                self.runs.removeTab(0)
            for i, title in enumerate(titles):
                self.runs.addTab(title)
                self.runs.setTabTextColor(i, QColor(RUN_COLORS[i]))
            self.runs.setCurrentIndex(min(max(current, 0), len(titles) - 1))
            self.runs.blockSignals(False)
        self.runs.setVisible(bool(titles))
        self.hint.setVisible(not titles)
        self.frame = frame
        self._show_run(self.runs.currentIndex())

    def _show_run(self, run: int) -> None:
        frame = self.frame
        if frame is None or not frame.results or run < 0:
            self.model.show(None, 0)
            self.code_pane.set_code("")
            return
        result = frame.results[run]
        shown = frame.shown_steps(run)
        self.model.show(result, shown)
        # Stopped short of its end (Step, Pause), the loop stops where the table does, so it
        # prints the table's last row; while playing it is the whole run's (a new text each
        # frame would cost the frame).
        code = result.code if frame.playing else code_up_to(result, shown)
        if self.code_pane.code() != code:
            self.code_pane.set_code(code)
        if frame.playing:
            self.table.scrollToBottom()

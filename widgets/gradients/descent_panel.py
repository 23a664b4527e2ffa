"""The descent's details: a table of the steps revealed and the loop that reproduces the path,
for one run at a time (a tab per run, in the run's colour). Layout and rendering only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
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
from widgets.gradients.colours import run_colour, swatch
from widgets.gradients.descent_controller import DescentFrame
from widgets.gradients.descent_inputs import RUN_NAMES
from widgets.gradients.descent_table import DescentTableModel
from widgets.shared.code_pane import CodePane

TABLE_MIN_PX = 300  # beside the code, the table keeps room for three columns; else above it
HINT = "Press Play or Step (under “Descent from the point”) to follow the gradient downhill."


class DescentPanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.frame: DescentFrame | None = None
        self.runs = QTabBar()
        self.runs.setDrawBase(False)
        self.runs.setToolTip("Which run the table and the code show")
        self.runs.setAccessibleName("Descent run shown")
        self.runs.hide()  # until there is a run
        self.hint = QLabel(HINT)
        self.hint.setWordWrap(True)
        self.model = DescentTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Step table of the descent")
        self.table.setTabKeyNavigation(False)  # Tab moves on; the arrows move between cells
        corner = self.table.findChild(QAbstractButton)  # the header's select-all corner
        if corner is not None:
            corner.setAccessibleName("Select every step")
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(self.fontMetrics().horizontalAdvance("-0.000123456") + 12)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.code_pane = CodePane("The loop")
        self.code_pane.setToolTip("Paste into Python: it takes exactly the same steps")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.code_pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.runs)
        layout.addWidget(self.hint)
        layout.addWidget(self.splitter, 1)
        self.runs.currentChanged.connect(self._show_run)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        """Table and code side by side when both fit; the code under the table when narrow
        (an 800-pixel window), where side by side the table showed a sliver of one column."""
        super().resizeEvent(event)
        wide = event.size().width() >= TABLE_MIN_PX + self.code_pane.minimumSizeHint().width()
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)

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
                self.runs.setTabIcon(i, swatch(run_colour(i)))  # its colour on the plot
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

"""Why is my gradient None? TensorFlow's cases in a list, each one click away: its code, what
TensorFlow printed when it ran (or raised, with the exception's class) and why. Layout and
rendering only; the controller runs the case."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.gradients.none_cases import CASES, NoneCase
from widgets.gradients.why_none_controller import CaseOutcome
from widgets.shared.code_pane import CodePane
from widgets.shared.message_line import MessageLine

KEY_ROLE = Qt.ItemDataRole.UserRole
CODE_MARGIN = 12  # the editor's frame and document margins, in pixels


class WhyNonePanel(QWidget):
    case_clicked = Signal(str)  # the case's key

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.cases = QListWidget()
        self.cases.setToolTip("Click a case: TensorFlow runs it on the engine thread")
        self.cases.setAccessibleName("Cases of a None gradient")
        for item_case in CASES:
            item = QListWidgetItem(item_case.title)
            item.setData(KEY_ROLE, item_case.key)
            self.cases.addItem(item)
        self.cases.setMaximumWidth(240)
        self.code_pane = CodePane("The case")
        self.output = QLabel("Pick a case on the left.")
        self.output.setObjectName("whyNoneOutput")
        self.output.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.output.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.output.setWordWrap(True)
        self.raised = MessageLine()  # TensorFlow raised: an error, not a None
        self.raised.setObjectName("whyNoneRaised")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 4, 0)
        column.addWidget(self.code_pane)
        column.addWidget(QLabel("<b>What TensorFlow returned</b>"))
        column.addWidget(self.output)
        column.addWidget(self.raised)
        column.addWidget(QLabel("<b>Why</b>"))
        column.addWidget(self.explanation)
        column.addStretch(1)
        # A short pane scrolls rather than squeezing the code to nothing.
        right = QScrollArea()
        right.setAccessibleName("The case: its code, what TensorFlow returned, and why")
        right.setWidget(content)
        right.setWidgetResizable(True)
        right.setFrameShape(QScrollArea.Shape.NoFrame)
        right.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.cases)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(splitter)
        self.cases.itemClicked.connect(self._clicked)

    def _clicked(self, item: QListWidgetItem) -> None:
        self.case_clicked.emit(item.data(KEY_ROLE))

    def show_case(self, chosen: NoneCase) -> None:
        """The code and the why at once; what TensorFlow returns follows when it has run."""
        self.code_pane.set_code(chosen.code)
        editor = self.code_pane.editor
        lines = chosen.code.count("\n") + 1
        scroll_bar = editor.horizontalScrollBar().sizeHint().height()  # long lines do not wrap
        editor.setFixedHeight(
            lines * editor.fontMetrics().lineSpacing() + 2 * CODE_MARGIN + scroll_bar
        )
        self.output.setText("Running…")
        self.output.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # not an answer yet
        self.raised.clear_message()
        self.explanation.setText(chosen.explanation)

    def show_outcome(self, outcome: CaseOutcome) -> None:
        self.output.setText("\n".join(outcome.lines))
        self.output.setForegroundRole(QPalette.ColorRole.WindowText)
        if outcome.exception:
            self.raised.show_error(
                f"TensorFlow raised {outcome.exception}: this case fails, it does not return None"
            )
        else:
            self.raised.clear_message()

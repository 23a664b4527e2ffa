"""Read-only Python code with a Copy button (and, in its menu, Export of the tab it is in):
every tab shows the code that does what you did."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from widgets.shared.tab_export import ask_export_page


class CodePane(QWidget):
    def __init__(self, title: str = "Python", parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = QPlainTextEdit()
        self.editor.setReadOnly(True)
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setTabChangesFocus(True)  # read-only: Tab moves on instead of typing a tab
        self.editor.setAccessibleName(f"{title} (code)")
        # Copy, with Export in its menu: one button's width, so narrow panes keep their title.
        self.copy_button = QToolButton()
        self.copy_button.setText("Copy")
        self.copy_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.copy_button.setAccessibleName(f"Copy the code: {title}")
        self.copy_button.setToolTip(
            "Copy the code to the clipboard; the arrow exports this tab as a notebook or script"
        )
        self.copy_button.clicked.connect(self.copy)
        menu = QMenu(self.copy_button)
        self.export_action = menu.addAction("Export this tab as a notebook or script…")
        self.export_action.setToolTip(
            "Write this tab's code as a notebook (.ipynb) or a script (.py) that rebuilds what "
            "the tab shows; File > Export writes every tab"
        )
        self.export_action.triggered.connect(self.export)
        self.copy_button.setMenu(menu)
        self.export_status = QLabel()  # where the export went, or why nothing was written
        # Never widens the pane: a long path is cut short here and whole in the tooltip.
        self.export_status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        header = QHBoxLayout()
        header.addWidget(QLabel(f"<b>{title}</b>"))
        header.addWidget(self.export_status, 1)
        header.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.editor, 1)

    def set_code(self, code: str) -> None:
        self.editor.setPlainText(code)
        self.copy_button.setText("Copy")

    def append_code(self, code: str) -> None:
        """Add a statement at the end (a running log of actions) and keep it in view."""
        self.editor.appendPlainText(code)
        self.copy_button.setText("Copy")

    def code(self) -> str:
        return self.editor.toPlainText()

    def export(self) -> None:
        said = ask_export_page(self)
        self.export_status.setText(said)
        self.export_status.setToolTip(said)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.code())
        self.copy_button.setText("Copied")

"""The Rank Explorer tab: type or pick a tensor, see every axis, and change its rank or shape.

The view lays out the input row, the picture, the NumPy/TensorFlow panel, the operation box, the
broadcasting box and the code pane, and shows what the controller reports; the controller holds
the tensor and its history and decides what the engine computes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QGroupBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.ranks.describe import describe
from engine.ranks.examples import CUSTOM, DIGITS, EXAMPLES, example
from engine.ranks.tf_view import TensorFlowView
from engine.ranks.wording import counted
from engine.shared.limits import shape_text
from engine.shared.notebook import Section
from engine.worker import Worker
from widgets.ranks.broadcast_box import BroadcastBox
from widgets.ranks.controller import (
    LiteralText,
    Notice,
    Preview,
    RanksController,
    ShownTensor,
    TensorShown,
)
from widgets.ranks.info_panel import TensorInfoPanel
from widgets.ranks.operations_panel import (
    SHAPES_HINT,
    OperationsPanel,
    problem_html,
    shapes_html,
)
from widgets.ranks.picture_panel import PicturePanel
from widgets.ranks.settings import DEFAULT_EXAMPLE, RanksSettings
from widgets.ranks.tensor_input import TensorInput
from widgets.shared.code_pane import CodePane
from widgets.shared.debounce import Debouncer

PARSE_DELAY_MS = 350  # parse once typing pauses, not on every key


def _scrolled(widget: QWidget, name: str) -> QScrollArea:
    """``widget`` in a frameless scroll area: it scrolls where the window is too small."""
    scroll = QScrollArea()
    scroll.setAccessibleName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(widget)
    return scroll


class RankExplorerTab(QWidget):
    settings_group = "ranks"

    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = RanksController(worker, self)
        self._parse_later = Debouncer(self.parse_now, PARSE_DELAY_MS, self)
        self.inputs = TensorInput()
        self.picture_panel = PicturePanel()
        self.info = TensorInfoPanel()
        self.operations = OperationsPanel()
        self.shapes = self.operations.shapes  # where each preview and applied change is shown
        self.broadcast = BroadcastBox()
        self.code = CodePane("Python for what you did")
        self.code.editor.setObjectName("rankCode")
        self.code.editor.setAccessibleName("Python for what you did")
        self.code.copy_button.setAccessibleName("Copy the Python code")

        # The code and the broadcasting box share a tabbed pane, so the info panel and the
        # operation box keep the height they need in a 1024×700 window.
        self.details = QTabWidget()
        self.details.setObjectName("rankDetails")
        self.details.setAccessibleName("Python code and broadcasting")
        self.details.tabBar().setAccessibleName("Show the Python code or the broadcasting box")
        self.details.addTab(self.code, "Python")
        self.details.addTab(_scrolled(self.broadcast, "Broadcasting two shapes"), "Broadcasting")
        self.side = QSplitter(Qt.Orientation.Vertical)
        self.side.setObjectName("rankSideSplitter")
        operations = _scrolled(self.operations, self.operations.title())  # 800×600: it scrolls
        for part in (self._info_box(), operations, self.details):
            self.side.addWidget(part)
            self.side.setCollapsible(self.side.count() - 1, False)
        self.side.setStretchFactor(0, 3)
        self.side.setStretchFactor(1, 0)
        self.side.setStretchFactor(2, 2)
        self.side.setSizes([440, 150, 230])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("rankSplitter")
        self.splitter.addWidget(self.picture_panel)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([700, 640])
        layout = QVBoxLayout(self)
        layout.addWidget(self.inputs)
        layout.addWidget(self.splitter, 1)

        self._wire()
        self.load_example(DEFAULT_EXAMPLE)

    def _info_box(self) -> QGroupBox:
        box = QGroupBox("What NumPy and TensorFlow say")
        column = QVBoxLayout(box)
        column.setContentsMargins(4, 4, 4, 4)
        scroll = _scrolled(self.info, box.title())  # a long note or many axes: never cut off
        # rank, shape, dtype and size stay in view however small the window
        scroll.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        column.addWidget(scroll)
        return box

    def _wire(self) -> None:
        inputs, ops, c = self.inputs, self.operations, self.controller
        inputs.examples.activated.connect(self._on_example_chosen)
        inputs.literal.textEdited.connect(self._parse_later.trigger)
        inputs.literal.returnPressed.connect(self.parse_now)
        self.picture_panel.image_box.toggled.connect(self._on_image_toggled)
        ops.operation.currentIndexChanged.connect(self._on_operation_changed)
        ops.argument.textChanged.connect(self.preview_operation)
        ops.argument.returnPressed.connect(self.apply_operation)
        ops.keepdims.toggled.connect(self.preview_operation)
        ops.apply_button.clicked.connect(self.apply_operation)
        ops.undo_button.clicked.connect(self.undo)
        c.tensor_changed.connect(self._show_tensor)
        c.literal_replaced.connect(self._show_literal)
        c.literal_notice.connect(self._show_notice)
        c.digits_failed.connect(self._show_digits_failure)
        c.tensorflow_answered.connect(self._show_tensorflow)
        c.tensorflow_status.connect(self._show_tensorflow_status)
        undo = QShortcut(QKeySequence.StandardKey.Undo, self, self.undo)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        focus = QShortcut(QKeySequence("Ctrl+L"), self, self.inputs.literal.setFocus)
        focus.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    @property
    def current(self) -> ShownTensor | None:
        """The tensor on screen."""
        return self.controller.current

    # --- user actions ---------------------------------------------------------------------------
    def load_example(self, key: str) -> None:
        self.controller.load_example(key)

    def _on_example_chosen(self, index: int) -> None:
        key = self.inputs.examples.itemData(index)
        if key != CUSTOM:
            self.load_example(key)

    def parse_now(self) -> bool:
        """Read the literal field now (Enter, or typing has paused)."""
        self._parse_later.cancel()
        return self.controller.read_literal(self.inputs.literal.text())

    def _on_image_toggled(self, on: bool) -> None:
        tensor = self.controller.set_image(on)
        if tensor is not None:
            self._draw(tensor, describe(tensor.array, tensor.names).names)

    def _on_operation_changed(self, *_args: object) -> None:
        self.operations.message.clear_message()
        self.preview_operation()

    def preview_operation(self, *_args: object) -> None:
        """Show what Apply would do while the argument is typed (big tensors: only on Apply)."""
        form = self.operations.form()
        self._show_preview(self.controller.preview(form.kind, form.argument, form.keepdims))

    def apply_operation(self) -> bool:
        form = self.operations.form()
        try:
            result = self.controller.apply(form.kind, form.argument, form.keepdims)
        except ValueError as exc:
            self.operations.message.show_error(str(exc))
            return False
        self.operations.message.clear_message()
        self.shapes.setText(shapes_html(result, "applied"))
        return True

    def undo(self) -> None:
        if self.controller.undo():
            self.shapes.setText("")

    # --- showing what the controller reports ----------------------------------------------------
    def _show_tensor(self, shown: TensorShown) -> None:
        tensor = shown.tensor
        self._draw(tensor, shown.info.names)
        self.info.set_numpy(shown.info)
        self._show_headline(tensor)
        self.broadcast.set_shape_a(tensor.array.shape)
        self.operations.undo_button.setEnabled(shown.can_undo)
        self._show_code(tensor.code, at_end=not shown.fresh)
        if shown.fresh:
            self.shapes.setText(SHAPES_HINT)
            self.preview_operation()

    def _show_code(self, code: str, at_end: bool) -> None:
        """A fresh script opens at its top; after a step, the lines it added are in view."""
        self.code.set_code(code)
        if at_end:
            self.code.editor.moveCursor(QTextCursor.MoveOperation.End)
            self.code.editor.ensureCursorVisible()

    def _draw(self, tensor: ShownTensor, names: tuple[str | None, ...]) -> None:
        """``names``: the axes' names as described, generic ones included (rows, columns)."""
        self.picture_panel.show_tensor(tensor.array, names, tensor.captions, tensor.image)

    def _show_headline(self, tensor: ShownTensor) -> None:
        self.inputs.select_example(tensor.example)
        about = example(tensor.example).about if tensor.example != CUSTOM else ""
        self.picture_panel.show_headline(tensor.array, about)

    def _show_preview(self, preview: Preview | None) -> None:
        if preview is None:
            return
        if preview.result is not None:
            self.shapes.setText(shapes_html(preview.result, "Press Enter to apply"))
        elif preview.problem:
            self.shapes.setText(problem_html(preview.problem))
        else:
            self.shapes.setText(SHAPES_HINT)

    def _show_literal(self, literal: LiteralText) -> None:
        self.inputs.set_literal(literal.text, literal.placeholder)

    def _show_notice(self, notice: Notice | None) -> None:
        if notice is None:
            self.inputs.message.clear_message()
        else:
            self.inputs.message.show_message(notice.text, notice.severity)

    def _show_digits_failure(self, message: str) -> None:
        self.inputs.message.show_error(message)
        if self.current is not None:  # the list goes back to what is still shown
            self._show_headline(self.current)

    def _show_tensorflow(self, view: TensorFlowView) -> None:
        self.info.set_tensorflow(view)

    def _show_tensorflow_status(self, status: str) -> None:
        self.info.set_tensorflow(None, status)

    # --- the main window's hooks (TabPage) ------------------------------------------------------
    def settings(self) -> RanksSettings:
        current, form = self.current, self.operations.form()
        return RanksSettings(
            example=current.example if current else DEFAULT_EXAMPLE,
            literal=self.inputs.literal.text(),
            operation=form.kind,
            argument=form.argument,
        )

    def apply_settings(self, settings: RanksSettings) -> None:
        """An example comes back as itself, a literal as typed; anything unreadable (a
        hand-edited file) falls back to the default example."""
        self.operations.select(settings.operation)
        self.operations.argument.setText(settings.argument)
        key, literal = settings.example, settings.literal
        known = {item.key for item in EXAMPLES}
        if key == DIGITS:
            self.load_example(DIGITS)
        elif key in known and literal == example(key).text:
            self.load_example(key)
        elif literal.strip():
            self.inputs.literal.setText(literal)
            if not self.parse_now():
                self.load_example(DEFAULT_EXAMPLE)

    def shutdown(self) -> None:
        self._parse_later.cancel()
        self.controller.shutdown()

    def notebook_section(self) -> Section:
        """The code pane's script, which rebuilds x and t and prints what the tab shows."""
        notes = []
        if self.controller.tensorflow.busy:
            notes.append(
                "TensorFlow had not answered yet when this was exported: the code is complete, "
                "but the tab did not show TensorFlow's view."
            )
        if self.controller.digits.busy:
            notes.append("MNIST digits were still loading: this is the tensor shown before them.")
        return Section(
            "Rank Explorer",
            f"{self._state_words()} The code builds x with NumPy and t = tf.constant(x) with "
            "TensorFlow, repeats each operation applied since in both libraries, and prints "
            "what the tab shows: rank, shape, dtype and size.",
            (self.code.code(),),
            " ".join(notes),
        )

    def _state_words(self) -> str:
        current = self.current
        if current is None:
            return ""
        array = current.array
        values = counted(array.size, f"{array.dtype} value")
        return f"x has shape {shape_text(array.shape)}: rank {array.ndim}, {values}."

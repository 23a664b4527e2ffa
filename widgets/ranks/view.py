"""The Rank Explorer tab: type or pick a tensor, see every axis, and change its rank or shape.

NumPy work (parsing, describing, the operations) is quick and runs here; TensorFlow's view of
the same tensor (tf.constant, tf.rank, .shape, .dtype, and each operation replayed with TF's
own functions) runs on the engine worker and fills in the right column when it arrives.
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.ranks.code import digits_code, literal_code, operation_code, undo_code
from engine.ranks.describe import describe
from engine.ranks.examples import EXAMPLES, MNIST_BATCH, example, mnist_batch
from engine.ranks.operations import apply_operation
from engine.ranks.tf_view import tensorflow_view
from engine.shared.jobs import JobFailure
from engine.shared.limits import shape_text
from engine.shared.literals import format_literal, parse_literal
from engine.worker import Worker
from widgets.ranks.broadcast_box import BroadcastBox
from widgets.ranks.dims_sliders import DimsSliders
from widgets.ranks.info_panel import TensorInfoPanel
from widgets.ranks.picture import TensorPicture
from widgets.ranks.settings import DEFAULT_EXAMPLE, RanksSettings
from widgets.shared.code_pane import CodePane
from widgets.shared.jobs import JobChannel, Policy
from widgets.shared.message_line import MessageLine, Severity

PARSE_DELAY_MS = 350  # parse once typing pauses, not on every key
CUSTOM = "custom"
HISTORY_LIMIT = 50
PREVIEW_LIMIT = 1_000_000  # elements; beyond this the preview would lag the typing
NEEDS_ARGUMENT = ("reshape", "slice")
AXES_WORDS = {0: "no axes", 1: "1 axis"}
TF_JOB = "Describe the tensor with TensorFlow"
OWNER = "Rank Explorer"
HISTORY_BYTES = 256 * 2**20  # undo keeps big tensors too, but not without bound
SHAPES_HINT = (
    "<i>Pick an operation, type its argument and press Enter: the shapes before and after, "
    "and the code for NumPy and TensorFlow, appear here.</i>"
)

# (operation, label, placeholder, tooltip)
OPERATIONS = (
    ("reshape", "Reshape", "2, 9  or  -1, 3", "New shape; one -1 means 'whatever is left'."),
    ("expand_dims", "Expand dims", "axis, e.g. 0 or -1", "Insert a new axis of length 1 here."),
    ("squeeze", "Squeeze", "axis, or empty for all", "Remove axes of length 1."),
    ("transpose", "Transpose", "axes, e.g. 2, 0, 1 (empty: reverse)", "Reorder the axes."),
    ("slice", "Slice / index", "x[0]  or  x[:, 1]  or  ..., 0", "Pick part of the tensor."),
    ("sum", "Sum over axis", "axis, e.g. 0 (empty: all)", "Add along an axis; it disappears."),
    ("mean", "Mean over axis", "axis, e.g. -1 (empty: all)", "Average along an axis."),
)


@dataclass(frozen=True)
class Current:
    """The tensor on screen and what the picture needs to draw it."""

    array: np.ndarray
    names: tuple | None
    captions: tuple
    image: bool
    source: str  # where it came from, for the literal field's placeholder
    example: str


class RankExplorerTab(QWidget):
    settings_group = "ranks"

    def __init__(self, worker: Worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = worker
        self.current: Current | None = None
        self.history: list[Current] = []
        # TensorFlow's view of the newest tensor; a newer tensor makes an older answer useless.
        self.tf_jobs = JobChannel(worker, OWNER, Policy.LATEST, self)
        self.digit_jobs = JobChannel(worker, OWNER, Policy.LATEST, self)
        self._mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self._parse_timer = QTimer(self)
        self._parse_timer.setSingleShot(True)
        self._parse_timer.setInterval(PARSE_DELAY_MS)
        self._parse_timer.timeout.connect(self.parse_now)

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_input_row())
        self.literal_message = MessageLine()
        self.literal_message.setObjectName("literalMessage")
        layout.addWidget(self.literal_message)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("rankSplitter")
        self.splitter.addWidget(self._build_picture_side())
        self.side = QSplitter(Qt.Orientation.Vertical)
        self.side.setObjectName("rankSideSplitter")
        info_box = QGroupBox("What NumPy and TensorFlow say")
        info_layout = QVBoxLayout(info_box)
        info_layout.setContentsMargins(4, 4, 4, 4)
        self.info = TensorInfoPanel()
        info_scroll = QScrollArea()  # a long note or many axes scroll instead of being cut off
        info_scroll.setWidgetResizable(True)
        info_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        info_scroll.setWidget(self.info)
        info_layout.addWidget(info_scroll)
        self.side.addWidget(info_box)
        self.side.addWidget(self._build_operations())
        self.broadcast = BroadcastBox()
        self.side.addWidget(self.broadcast)
        self.code = CodePane("Python for what you did")
        self.code.editor.setObjectName("rankCode")
        self.side.addWidget(self.code)
        self.side.setStretchFactor(0, 2)
        self.side.setStretchFactor(3, 1)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([780, 560])
        self.side.setSizes([300, 150, 215, 175])
        layout.addWidget(self.splitter, 1)

        undo = QShortcut(QKeySequence.StandardKey.Undo, self, self.undo)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        focus = QShortcut(QKeySequence("Ctrl+L"), self, self.literal.setFocus)
        focus.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.load_example(DEFAULT_EXAMPLE)

    # --- building ------------------------------------------------------------------------------
    def _build_input_row(self) -> QHBoxLayout:
        self.examples = QComboBox()
        self.examples.setObjectName("rankExamples")
        for item in EXAMPLES:
            self.examples.addItem(item.title, item.key)
            self.examples.setItemData(
                self.examples.count() - 1, item.about, Qt.ItemDataRole.ToolTipRole
            )
        self.examples.addItem("Your own tensor", CUSTOM)
        self.examples.setToolTip("Load an example tensor, from a scalar to a rank-5 video batch")
        self.examples.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.examples.setMinimumContentsLength(22)  # long titles elide; the window can shrink
        self.examples.activated.connect(self._on_example_chosen)
        self.literal = QLineEdit()
        self.literal.setObjectName("rankLiteral")
        self.literal.setFont(self._mono)
        self.literal.setClearButtonEnabled(True)
        self.literal.setPlaceholderText("A number or nested list, e.g. [[2, 3], [4, 5]]")
        self.literal.setToolTip(
            "Type a Python literal: a number, a nested list of numbers, np.array(..., dtype=...), "
            "np.zeros(shape), np.arange(n).reshape(shape). Read safely, never run as code. "
            "(Ctrl+L)"
        )
        self.literal.textEdited.connect(self._on_literal_edited)
        self.literal.returnPressed.connect(self.parse_now)
        row = QHBoxLayout()
        row.addWidget(QLabel("Example"))
        row.addWidget(self.examples)
        x_label = QLabel("x =")
        x_label.setFont(self._mono)
        row.addSpacing(8)
        row.addWidget(x_label)
        row.addWidget(self.literal, 1)
        return row

    def _build_picture_side(self) -> QWidget:
        self.picture = TensorPicture()
        self.picture.setObjectName("tensorPicture")
        self.picture.card_requested.connect(self._on_card_requested)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.picture)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setObjectName("rankAbout")
        self.dims = DimsSliders()
        self.dims.index_changed.connect(self._on_dims_changed)
        self.image_box = QCheckBox("Draw as a grayscale image")
        self.image_box.setToolTip("Show the last two axes as pixels instead of numbers")
        self.image_box.toggled.connect(self._on_image_toggled)
        hint = QLabel("<i>Hover a cell for its full index and value.</i>")
        hint.setStyleSheet("color: #607d8b;")
        hint.setWordWrap(True)
        options = QHBoxLayout()
        options.addWidget(self.image_box)
        hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        options.addWidget(hint, 1)
        side = QWidget()
        box = QVBoxLayout(side)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.about)
        box.addWidget(scroll, 1)
        box.addWidget(self.dims)
        box.addLayout(options)
        return side

    def _build_operations(self) -> QGroupBox:
        group = QGroupBox("Change the rank or shape")
        self.operation = QComboBox()
        self.operation.setObjectName("rankOperation")
        for key, label, _, tip in OPERATIONS:
            self.operation.addItem(label, key)
            self.operation.setItemData(self.operation.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.operation.currentIndexChanged.connect(self._on_operation_changed)
        self.argument = QLineEdit()
        self.argument.setObjectName("rankArgument")
        self.argument.setFont(self._mono)
        self.argument.returnPressed.connect(self.apply_operation)
        self.argument.textChanged.connect(self.preview_operation)
        self.keepdims = QCheckBox("keepdims")
        self.keepdims.setToolTip("Keep the reduced axis with length 1 instead of removing it")
        self.keepdims.toggled.connect(self.preview_operation)
        self.apply_button = QPushButton("Apply")
        self.apply_button.setDefault(True)
        self.apply_button.setToolTip("Apply the operation to x (Enter)")
        self.apply_button.clicked.connect(self.apply_operation)
        self.undo_button = QPushButton("Undo")
        self.undo_button.setToolTip("Go back to the tensor before the last change (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo)
        self.op_message = MessageLine()
        self.op_message.setObjectName("operationMessage")
        self.shapes = QLabel(SHAPES_HINT)
        self.shapes.setWordWrap(True)
        self.shapes.setObjectName("rankShapes")
        self.shapes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid = QGridLayout(group)
        grid.addWidget(self.operation, 0, 0)
        grid.addWidget(self.argument, 0, 1)
        grid.addWidget(self.keepdims, 0, 2)
        grid.addWidget(self.apply_button, 0, 3)
        grid.addWidget(self.undo_button, 0, 4)
        grid.addWidget(self.op_message, 1, 0, 1, 5)
        grid.addWidget(self.shapes, 2, 0, 1, 5)
        grid.setColumnStretch(1, 1)
        self._on_operation_changed()
        return group

    # --- the current tensor -------------------------------------------------------------------
    def set_tensor(
        self,
        current: Current,
        *,
        code: str | None = None,
        operation=None,
        before=None,
        from_list: bool = False,
        remember: bool = True,
    ) -> None:
        """Show ``current`` everywhere and ask TensorFlow for its side of the story."""
        if current.example != "mnist":
            self.digit_jobs.cancel()  # digits still loading would replace what is shown now
        if remember and self.current is not None:
            self.history.append(self.current)
            del self.history[:-HISTORY_LIMIT]
            while (
                len(self.history) > 1 and sum(c.array.nbytes for c in self.history) > HISTORY_BYTES
            ):
                self.history.pop(0)
        self.current = current
        array = current.array
        info = describe(array, current.names)
        self.picture.set_tensor(array, info.names, current.captions, current.image)
        self.image_box.blockSignals(True)
        self.image_box.setChecked(self.picture.image_mode)
        self.image_box.setEnabled(array.ndim >= 2)
        self.image_box.blockSignals(False)
        self._refresh_sliders()
        self.info.set_numpy(info)
        self._show_headline(info, current.example)
        self.broadcast.set_shape_a(array.shape)
        self.undo_button.setEnabled(bool(self.history))
        if code is not None:  # a fresh start (example or literal), not an operation
            self.code.set_code(code)
            self.shapes.setText(SHAPES_HINT)
            self.preview_operation()
        self._ask_tensorflow(array, operation, before, from_list)

    def _refresh_sliders(self) -> None:
        array = self.picture.array
        names = describe(array, self.current.names).names
        rows = []
        for axis in self.picture.slider_axes():
            name = names[axis] if axis < len(names) else None
            role = "front card" if axis == array.ndim - 3 else "index"
            rows.append((axis, array.shape[axis], name, role))
        self.dims.set_axes(rows)

    def _show_headline(self, info, key: str) -> None:
        index = self.examples.findData(key)
        self.examples.setCurrentIndex(index if index >= 0 else self.examples.findData(CUSTOM))
        about = example(key).about if key != CUSTOM else ""
        values = "value" if info.size == 1 else "values"
        text = (
            f"<span style='font-size:15pt'><b>Rank {info.rank}</b></span>&nbsp;&nbsp;"
            f"{AXES_WORDS.get(info.rank, f'{info.rank} axes')} · "
            f"shape <b>{shape_text(info.shape)}</b> · {info.size:,} {info.dtype} {values}"
        )
        self.about.setText(text + (f"<br><i>{about}</i>" if about else ""))

    def _ask_tensorflow(self, array, operation, before, from_list: bool) -> None:
        fn = functools.partial(
            tensorflow_view, array, operation=operation, before=before, from_list=from_list
        )
        request = self.tf_jobs.submit(
            TF_JOB, fn, on_result=self.info.set_tensorflow, on_failed=self._on_tf_failed
        )
        if request is not None:
            waiting = self.tf_jobs.blocked_by()
            self.info.set_tensorflow(
                None, f"Waiting {waiting}…" if waiting else "Asking TensorFlow…"
            )

    def _on_tf_failed(self, failure: JobFailure) -> None:
        self.info.set_tensorflow(None, f"TensorFlow failed: {failure.message}")

    @property
    def tensorflow_pending(self) -> bool:
        return self.tf_jobs.busy or self.digit_jobs.busy

    # --- examples and the literal field ---------------------------------------------------------
    def _on_example_chosen(self, index: int) -> None:
        key = self.examples.itemData(index)
        if key != CUSTOM:
            self.load_example(key)

    def load_example(self, key: str) -> None:
        item = example(key)
        if item.text is None:
            self._load_mnist()
            return
        array = parse_literal(item.text)
        self._set_literal_text(item.text)
        self.literal_message.clear_message()
        names = item.names if item.names is not None else None
        self.set_tensor(
            Current(array, names, (), False, item.title, key),
            code=literal_code(item.text),
            from_list=item.text.startswith("["),
        )

    def _load_mnist(self) -> None:
        request = self.digit_jobs.submit(
            "Load MNIST digits",
            functools.partial(mnist_batch, MNIST_BATCH),
            on_result=self._on_mnist,
            on_failed=self._on_mnist_failed,
        )
        if request is not None:
            self.literal_message.show_message(f"Loading {MNIST_BATCH} MNIST digits…", Severity.INFO)

    def _on_mnist(self, batch) -> None:
        self.literal_message.show_message(
            f"{len(batch.labels)} real MNIST test digits from {batch.source}.", Severity.INFO
        )
        self._set_literal_text(
            None,
            f"x is a batch of MNIST digits {shape_text(batch.images.shape)}"
            " — type a literal to replace it",
        )
        names = example("mnist").names
        captions = tuple(f"label {label}" for label in batch.labels)
        self.set_tensor(
            Current(batch.images, names, captions, True, "MNIST", "mnist"), code=digits_code(batch)
        )

    def _on_mnist_failed(self, failure: JobFailure) -> None:
        self.literal_message.show_error(f"Could not load MNIST: {failure.message}")
        if self.current is not None:
            self._show_headline(
                describe(self.current.array, self.current.names), self.current.example
            )

    def _set_literal_text(self, text: str | None, placeholder: str = "") -> None:
        self.literal.setText(text or "")
        self.literal.setPlaceholderText(
            placeholder or "A number or nested list, e.g. [[2, 3], [4, 5]]"
        )
        self.literal.setCursorPosition(0)

    def _on_literal_edited(self, _text: str) -> None:
        self._parse_timer.start()

    def parse_now(self) -> bool:
        """Parse the literal field; on bad input say why and keep the last good tensor."""
        self._parse_timer.stop()
        text = self.literal.text()
        if not text.strip():
            self.literal_message.show_message(
                "Type a number or a nested list, e.g. [[2, 3], [4, 5]]. The tensor shown stays.",
                Severity.INFO,
            )
            return False
        try:
            array = parse_literal(text)
        except ValueError as exc:
            self.literal_message.show_error(f"{exc} The tensor shown is the last good one.")
            return False
        self.literal_message.clear_message()
        previous = self.current
        keep_names = previous is not None and previous.names and len(previous.names) == array.ndim
        names = previous.names if keep_names else None
        key = previous.example if keep_names else CUSTOM
        self.set_tensor(
            Current(array, names, (), False, "your literal", key),
            code=literal_code(text.strip()),
            from_list=text.strip().startswith(("[", "(")),
        )
        return True

    # --- picture ---------------------------------------------------------------------------------
    def _on_dims_changed(self, axis: int, index: int) -> None:
        self.picture.set_index(axis, index)

    def _on_card_requested(self, axis: int, index: int) -> None:
        self.dims.set_index(axis, index)

    def _on_image_toggled(self, on: bool) -> None:
        if self.current is None:
            return
        c = self.current
        self.current = Current(c.array, c.names, c.captions, on, c.source, c.example)
        self.picture.set_tensor(c.array, describe(c.array, c.names).names, c.captions, on)
        self._refresh_sliders()

    # --- operations ------------------------------------------------------------------------------
    def _on_operation_changed(self, *_args) -> None:
        key, _label, placeholder, tip = OPERATIONS[self.operation.currentIndex()]
        self.argument.setPlaceholderText(placeholder)
        self.argument.setToolTip(tip)
        self.keepdims.setVisible(key in ("sum", "mean"))
        self.op_message.clear_message()
        self.preview_operation()

    def _run_operation(self):
        return apply_operation(
            self.current.array,
            self.operation.currentData(),
            self.argument.text(),
            keepdims=self.keepdims.isChecked(),
            names=self.current.names,
        )

    def preview_operation(self, *_args) -> None:
        """Show what Apply would do while the argument is typed (big tensors: only on Apply)."""
        if self.current is None or self.current.array.size > PREVIEW_LIMIT:
            return
        if not self.argument.text().strip() and self.operation.currentData() in NEEDS_ARGUMENT:
            self.shapes.setText(SHAPES_HINT)
            return
        try:
            result = self._run_operation()
        except ValueError as exc:
            self.shapes.setText(f"<span style='color:#7a4f01'>{html.escape(str(exc))}</span>")
            return
        self.shapes.setText(self._shapes_html(result, "Press Enter to apply"))

    @staticmethod
    def _shapes_html(result, note: str) -> str:
        return (
            f"<span style='font-size:13pt'><b>{shape_text(result.before)}</b> → "
            f"<b>{shape_text(result.after)}</b></span>&nbsp;&nbsp;rank {len(result.before)} → "
            f"{len(result.after)}&nbsp;&nbsp;<i style='color:#607d8b'>{note}</i>"
            f"<pre style='margin:4px 0 0 0'>NumPy:      x = {html.escape(result.code)}\n"
            f"TensorFlow: t = {html.escape(result.tf_code)}</pre>"
        )

    def apply_operation(self) -> bool:
        if self.current is None:
            return False
        key = self.operation.currentData()
        before = self.current
        try:
            result = self._run_operation()
        except ValueError as exc:
            self.op_message.show_error(str(exc))
            return False
        self.op_message.clear_message()
        literal = format_literal(result.value)
        if literal is not None:
            self._set_literal_text(literal)
        else:
            self._set_literal_text(
                None,
                f"x is a {shape_text(result.after)} "
                f"{result.value.dtype} tensor — type a literal to replace it",
            )
        same_first = before.names and result.names[:1] == before.names[:1]
        captions = before.captions if same_first and result.after[:1] == result.before[:1] else ()
        image = before.image and result.value.ndim >= 2
        self.shapes.setText(self._shapes_html(result, "applied"))
        self.code.append_code(operation_code(result))
        self.set_tensor(
            Current(result.value, result.names, captions, image, key, CUSTOM),
            operation=result.operation,
            before=before.array,
        )
        return True

    def undo(self) -> None:
        if not self.history:
            return
        previous = self.history.pop()
        literal = format_literal(previous.array)
        self._set_literal_text(
            literal,
            ""
            if literal
            else f"x is a {shape_text(previous.array.shape)} tensor — type a literal to replace it",
        )
        self.shapes.setText("")
        self.code.append_code(undo_code(previous.array.shape))
        self.set_tensor(previous, remember=False)

    # --- main-window hooks ------------------------------------------------------------------------
    def settings(self) -> RanksSettings:
        current = self.current
        return RanksSettings(
            example=current.example if current else DEFAULT_EXAMPLE,
            literal=self.literal.text(),
            operation=self.operation.currentData(),
            argument=self.argument.text(),
        )

    def apply_settings(self, settings: RanksSettings) -> None:
        """An example comes back as itself, a literal as typed; anything unreadable (a
        hand-edited file) falls back to the default example."""
        index = self.operation.findData(settings.operation)
        self.operation.setCurrentIndex(max(0, index))
        self.argument.setText(settings.argument)
        key, literal = settings.example, settings.literal
        known = {item.key for item in EXAMPLES}
        if key == "mnist":
            self.load_example("mnist")
        elif key in known and literal == example(key).text:
            self.load_example(key)
        elif literal.strip():
            self.literal.setText(literal)
            if not self.parse_now():
                self.load_example(DEFAULT_EXAMPLE)

    def shutdown(self) -> None:
        self._parse_timer.stop()
        self.tf_jobs.cancel()
        self.digit_jobs.cancel()

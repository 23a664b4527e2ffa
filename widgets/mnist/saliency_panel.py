"""What the model looks at in one digit: the drawing (for a drawn digit), the 28×28 input the
model saw, and the saliency map over it (d probability of the predicted digit / d pixel), with
its colour scale; below, the tf.GradientTape code that computes the same numbers."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from widgets.mnist.heat_images import ColourScale, saliency_overlay, signed_text
from widgets.mnist.image_grid import gray_image
from widgets.mnist.inspection_controller import SaliencyShown
from widgets.mnist.muted_label import MutedLabel
from widgets.shared.code_pane import CodePane

PICTURE = 112  # 4 screen pixels per input pixel
TAPE_MARK = "x = tf.constant("  # the tape code's first line of its own
LEGEND = (
    "Orange: more ink there would raise the probability of the predicted digit; blue: lower "
    "it. The stronger the colour, the larger the gradient (scale below)."
)
# Narrower than this, the result and the colour key go under the three pictures.
SIDE_BY_SIDE = 480
NO_CODE = "# The tf.GradientTape code of the saliency map appears here with the map."


class Picture(QWidget):
    """A small image drawn pixel for pixel (no smoothing), square, as large as fits, and
    standing on its bottom edge (its caption is right below)."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.image: QImage | None = None
        self.setAccessibleName(name)
        self.setMinimumSize(PICTURE * 2 // 3, PICTURE * 2 // 3)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(PICTURE, PICTURE)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if self.image is None:
            return
        side = min(self.width(), self.height())
        painter = QPainter(self)
        left, top = (self.width() - side) // 2, self.height() - side
        painter.drawImage(QRect(left, top, side, side), self.image)
        painter.end()


class SaliencyPanel(QWidget):
    use_drawing = Signal()  # "Use the drawing" was pressed

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.shown: SaliencyShown | None = None
        self.title = QLabel()
        self.title.setObjectName("saliencyTitle")
        self.title.setWordWrap(True)
        self.drawing_button = QPushButton("Use the drawing")
        self.drawing_button.setToolTip("Show the map of the digit on the drawing canvas")
        self.drawing_button.clicked.connect(self.use_drawing)
        self.hint = MutedLabel()
        self.hint.setObjectName("saliencyHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drawing = Picture("The drawing")
        self.seen = Picture("The 28×28 input the model saw")
        self.overlay = Picture("Saliency map over the input")
        self.scale = ColourScale()
        self.code_pane = CodePane("Saliency code (tf.GradientTape)")
        self.code_pane.set_code(NO_CODE)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.hint)
        self.stack.addWidget(self._maps())
        top = QWidget()
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.drawing_button)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(header)
        top_layout.addWidget(self.stack, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("mnistSaliencySplitter")
        splitter.addWidget(top)
        splitter.addWidget(self.code_pane)
        # The map first: in a small window the code pane gives way (it scrolls, to the tape).
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([4 * PICTURE, PICTURE])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.show_hint("")

    def _maps(self) -> QWidget:
        captions = [MutedLabel(text) for text in ("The drawing", "What the model saw", "Saliency")]
        for caption in captions:
            caption.setWordWrap(False)  # one line under its picture, never clipped
        self.drawing_caption = captions[0]
        grid = QGridLayout()
        pictures = (self.drawing, self.seen, self.overlay)
        for column, (picture, caption) in enumerate(zip(pictures, captions, strict=True)):
            grid.addWidget(picture, 0, column)
            grid.addWidget(caption, 1, column, Qt.AlignmentFlag.AlignHCenter)
        self.result = QLabel()
        self.result.setObjectName("saliencyResult")
        self.result.setWordWrap(True)
        self.side = QWidget()
        side = QVBoxLayout(self.side)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.result)
        side.addWidget(MutedLabel(LEGEND))
        side.addWidget(self.scale)
        side.addStretch(1)
        self.grid = grid
        self._place_side(beside=True)
        grid.setRowStretch(0, 1)
        inner = QWidget()
        inner.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName("Saliency map")
        return scroll

    def _place_side(self, *, beside: bool) -> None:
        """The result and the colour key right of the pictures, or under them in a narrow
        pane: beside three small pictures the text wraps so tall that the pictures, standing
        on their bottom edge, scroll out of view."""
        self.grid.removeWidget(self.side)
        if beside:
            self.grid.addWidget(self.side, 0, 3, 2, 1)
        else:
            self.grid.addWidget(self.side, 2, 0, 1, 3)
        self.grid.setColumnStretch(3, 1 if beside else 0)
        self.side_beside = beside

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        beside = self.width() >= SIDE_BY_SIDE
        if beside != self.side_beside:
            self._place_side(beside=beside)

    def show_hint(self, text: str) -> None:
        """Words in place of the map: why there is none (yet)."""
        self.shown = None
        self.drawing_button.setEnabled(True)
        self.title.setText("<b>What the model looks at</b>")
        self.hint.setText(text)
        self.stack.setCurrentWidget(self.hint)
        self.code_pane.set_code(NO_CODE)

    def show_saliency(self, shown: SaliencyShown) -> None:
        self.shown = shown
        s = shown.saliency
        self.title.setText(f"<b>What the model looks at in {shown.subject.title}</b>")
        self.result.setText(
            f"Predicted <b>{s.predicted}</b> with probability {s.probability:.4f}. "
            f"Largest gradient {signed_text(float(np.abs(s.gradient).max()))} per unit of ink."
        )
        self.drawing_button.setEnabled(shown.subject.drawing is None)
        self._show_code(shown.code)
        self.stack.setCurrentIndex(1)
        self._render()

    def _show_code(self, code: str) -> None:
        """The code, scrolled to the tape (after the code that makes the model, if any)."""
        self.code_pane.set_code(code)
        editor = self.code_pane.editor
        block = editor.document().find(TAPE_MARK).blockNumber()
        editor.verticalScrollBar().setValue(max(block, 0))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # e.g. View > Theme
            self._render()

    def _render(self) -> None:
        shown = self.shown
        if shown is None:
            return
        s = shown.saliency
        drawing = shown.subject.drawing
        self.drawing.setVisible(drawing is not None)
        self.drawing_caption.setVisible(drawing is not None)
        self.drawing.set_image(None if drawing is None else gray_image(drawing))
        self.seen.set_image(gray_image(np.round(s.image * 255).astype(np.uint8)))
        scale = float(np.abs(s.gradient).max())
        self.overlay.set_image(saliency_overlay(s.image, s.gradient, scale, self.palette()))
        self.scale.set_scale(scale)

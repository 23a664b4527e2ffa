"""What the MNIST Trainer shows about a model: the test-set box (accuracy, loss, confusion
matrix beside the per-class table, model file buttons) and the detail tabs (the gallery of test
digits, saliency, feature maps, first-layer weights, samples, model summary, Keras code)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFontDatabase, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.mnist.results import Evaluation
from widgets.mnist.class_table import ClassTable
from widgets.mnist.confusion_table import ConfusionTable
from widgets.mnist.feature_maps_panel import FeatureMapsPanel
from widgets.mnist.gallery_page import GalleryPage
from widgets.mnist.image_grid import ImageGrid, gray_image, signed_image
from widgets.mnist.muted_label import MutedLabel
from widgets.mnist.saliency_panel import SaliencyPanel
from widgets.shared import theme
from widgets.shared.code_pane import CodePane
from widgets.shared.message_line import MessageLine

SAMPLES = 16
# Narrower than this, the per-class table goes under the confusion matrix: side by side, the
# matrix would be too narrow to read its counts comfortably (it needs ~400 px, the table ~320).
SIDE_BY_SIDE = 720
NO_DENSE_WEIGHTS = (
    "This model's first layer is not a Dense layer on the 784 pixels, so its weights are not "
    "28×28 images: a conv model's filters are in the Feature maps tab."
)


class TestResults(QGroupBox):
    """Test accuracy and loss, the confusion matrix, and the Evaluate/Save/Load buttons."""

    __test__ = False  # not a pytest class, whatever its name

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Test set", parent)
        self.test_label = QLabel("Train or load a model to evaluate it on the test set.")
        self.test_label.setObjectName("testLabel")
        self.test_label.setWordWrap(True)
        self.evaluate_button = QPushButton("Evaluate")
        self.evaluate_button.setToolTip("Evaluate the current model on the test set again")
        self.save_button = QPushButton("Save model…")
        self.save_button.setToolTip("Save the trained model as a .keras file (Ctrl+S)")
        self.load_button = QPushButton("Load model…")
        self.load_button.setToolTip("Load a .keras model, then evaluate it here (Ctrl+L)")
        buttons = QHBoxLayout()
        for button in self.buttons():
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.file_message = MessageLine()
        self.file_message.setObjectName("fileMessage")
        self.confusion = ConfusionTable()
        self.classes = ClassTable()
        self.tables = tables = QSplitter(Qt.Orientation.Horizontal)
        tables.setObjectName("mnistTestTablesSplitter")
        tables.setChildrenCollapsible(False)
        tables.addWidget(self.confusion)
        tables.addWidget(self.classes)
        tables.setStretchFactor(0, 1)
        tables.setStretchFactor(1, 0)  # as wide as its columns
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.test_label)
        layout.addLayout(buttons)
        layout.addWidget(self.file_message)
        layout.addWidget(
            MutedLabel("Confusion matrix: rows true digit, columns predicted; click a cell")
        )
        layout.addWidget(tables, 1)

    def buttons(self) -> tuple[QPushButton, ...]:
        return (self.evaluate_button, self.save_button, self.load_button)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        wide = self.width() >= SIDE_BY_SIDE
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.tables.orientation() != orientation:
            self.tables.setOrientation(orientation)
        # Stacked, the matrix keeps every row in view; the per-class table takes what is left
        # (it scrolls).
        self.confusion.setMinimumHeight(0 if wide else self.confusion.all_rows_height())

    def show_evaluation(self, ev: Evaluation) -> None:
        self.test_label.setText(
            f"<b>Test accuracy {ev.test_accuracy:.4f}</b> · test loss {ev.test_loss:.4f} · "
            f"{ev.wrong_count:,} of {ev.test_samples:,} wrong"
        )
        self.confusion.set_matrix(ev.confusion)
        self.classes.set_confusion(ev.confusion)

    def show_failure(self, message: str) -> None:
        self.test_label.setText(f"<b>Evaluation failed:</b> {message}")


def _grid_page(grid: ImageGrid, note: str) -> QWidget:
    page = QWidget()
    label = MutedLabel(note)
    scroll = QScrollArea()
    scroll.setAccessibleName(grid.accessibleName())
    scroll.setWidget(grid)
    scroll.setWidgetResizable(True)
    layout = QVBoxLayout(page)
    layout.addWidget(label)
    layout.addWidget(scroll, 1)
    return page


class DetailTabs(QTabWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mnistDetailTabs")
        self.weights: np.ndarray | None = None  # the first layer's weights shown, as images
        self.gallery = GalleryPage()
        self.saliency = SaliencyPanel()
        self.feature_maps = FeatureMapsPanel()
        self.weights_grid = ImageGrid(cell=64)
        self.weights_grid.setAccessibleName("First-layer weights")
        self.weights_grid.set_placeholder("The first layer's weights appear after training")
        self.sample_grid = ImageGrid(cell=52)
        self.sample_grid.setAccessibleName("Training samples")
        self.sample_grid.set_placeholder("Loading the data…")
        self.summary_text = QPlainTextEdit()
        self.summary_text.setReadOnly(True)
        self.summary_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.summary_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.summary_text.setAccessibleName("Model summary")
        self.code_pane = CodePane("Keras code")
        self.code_pane.editor.setAccessibleName("Keras code")
        self.code_pane.copy_button.setAccessibleName("Copy the Keras code")
        weights_note = (
            "Each first-layer unit's 784 input weights as a 28×28 image: orange pixels push "
            "the unit up, blue pixels push it down."
        )
        for page, title, tip in (
            (
                self.gallery,
                "Test digits",
                "The test digits the model got wrong, or a confusion cell's digits",
            ),
            (self.saliency, "Saliency", "What the model looks at in one digit: its saliency map"),
            (self.feature_maps, "Feature maps", "Each conv layer's activations and filters"),
            (
                _grid_page(self.weights_grid, weights_note),
                "Weights",
                "The first layer's weights, one 28×28 image per unit",
            ),
            (
                _grid_page(self.sample_grid, "The first training images and their labels."),
                "Samples",
                "",
            ),
            (
                self.summary_text,
                "Summary",
                "The model summary, as Keras's model.summary() prints it",
            ),
            (
                self.code_pane,
                "Keras code",
                "Code that repeats the run and prints the same test numbers",
            ),
        ):
            self.setTabToolTip(self.addTab(page, title), tip)
        self.setAccessibleName("Result details")
        self.tabBar().setAccessibleName("Result details")

    def show_evaluation(self, ev: Evaluation) -> None:
        self.weights = ev.weight_images
        if ev.weight_images is None:
            self.weights_grid.set_images([])
            self.weights_grid.set_placeholder(NO_DENSE_WEIGHTS)
        self._show_weights()

    def _show_weights(self) -> None:
        """The weights in the theme's colours: zero is the background, the signs are the
        first two series colours (blue and orange: told apart with any colour vision)."""
        if self.weights is None:
            return
        negative, positive = QColor(theme.series_colour(0)), QColor(theme.series_colour(1))
        zero = self.palette().color(QPalette.ColorRole.Base)
        self.weights_grid.set_images(
            [signed_image(w, negative, zero, positive) for w in self.weights],
            [f"unit {i}" for i in range(len(self.weights))],
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # e.g. View > Theme
            self._show_weights()

    def show_samples(self, images: np.ndarray, labels: np.ndarray) -> None:
        shown = min(SAMPLES, len(images))
        self.sample_grid.set_images(
            [gray_image(images[i]) for i in range(shown)],
            [f"label {int(labels[i])}" for i in range(shown)],
        )

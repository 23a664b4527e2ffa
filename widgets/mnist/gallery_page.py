"""The gallery of test digits: every mistake, or the digits of the confusion-matrix cell chosen,
with a heading that counts them and a button back to all the mistakes. Choosing a digit (click,
or Enter/Space) asks what the model looks at in it."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from widgets.mnist.image_grid import ImageGrid, gray_image
from widgets.mnist.inspection_controller import GalleryShown
from widgets.mnist.muted_label import MutedLabel

NOTE = (
    "Captions: true → predicted. Click a digit (or Enter) to see what the model looks at; "
    "click a confusion-matrix cell to list its digits."
)


class GalleryPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = QLabel("Misclassified test digits appear after evaluation.")
        self.heading.setObjectName("galleryHeading")
        self.heading.setWordWrap(True)
        self.clear_button = QPushButton("Clear filter")
        self.clear_button.setToolTip("Show every mistake again")
        self.clear_button.setAccessibleName("Clear the gallery's filter")
        self.clear_button.setEnabled(False)
        self.grid = ImageGrid(cell=52, choosable=True)
        self.grid.setAccessibleName("Test digits")
        self.grid.set_placeholder("Misclassified test digits appear after evaluation")
        scroll = QScrollArea()
        scroll.setAccessibleName("Test digits")
        scroll.setWidget(self.grid)
        scroll.setWidgetResizable(True)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(MutedLabel(NOTE))
        layout.addWidget(scroll, 1)

    def show_gallery(self, shown: GalleryShown) -> None:
        gallery = shown.gallery
        self.heading.setText(f"<b>{gallery.heading}</b>")
        self.heading.setAccessibleName(gallery.heading)
        self.clear_button.setEnabled(gallery.cell is not None)
        pairs = list(zip(shown.labels.tolist(), shown.predicted.tolist(), strict=True))
        self.grid.set_placeholder(gallery.heading)
        self.grid.set_images(
            [gray_image(image) for image in shown.images],
            [f"{true} → {answer}" for true, answer in pairs],
            [true != answer for true, answer in pairs],
        )

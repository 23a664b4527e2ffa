"""How the inspection views and their controller talk: a confusion-matrix cell filters the
gallery (which comes to the front), a gallery digit opens its saliency map, and the maps are
asked for only while their tab is the one shown."""

from __future__ import annotations

from widgets.mnist.confusion_table import ConfusionTable
from widgets.mnist.inspection_controller import GalleryShown, InspectionController
from widgets.mnist.results import DetailTabs


def wire_inspection(
    inspection: InspectionController, confusion: ConfusionTable, details: DetailTabs
) -> None:
    gallery, saliency, maps = details.gallery, details.saliency, details.feature_maps

    def cell_chosen(true: int, predicted: int) -> None:
        inspection.choose_cell(true, predicted)
        details.setCurrentWidget(gallery)

    def digit_chosen(position: int) -> None:
        inspection.choose_listed(position)
        details.setCurrentWidget(saliency)

    def mark_cell(shown: GalleryShown) -> None:
        cell = shown.gallery.cell
        confusion.mark(None if cell is None else (cell.true, cell.predicted))

    def tab_shown(index: int) -> None:
        page = details.widget(index)
        inspection.set_views(saliency=page is saliency, maps=page is maps)

    confusion.cell_chosen.connect(cell_chosen)
    gallery.clear_button.clicked.connect(inspection.clear_filter)
    gallery.grid.chosen.connect(digit_chosen)
    saliency.use_drawing.connect(inspection.use_drawing)
    details.currentChanged.connect(tab_shown)
    inspection.gallery_changed.connect(gallery.show_gallery)
    inspection.gallery_changed.connect(mark_cell)
    inspection.saliency_shown.connect(saliency.show_saliency)
    inspection.saliency_hint.connect(saliency.show_hint)
    inspection.maps_shown.connect(maps.show_maps)
    inspection.maps_hint.connect(maps.show_hint)

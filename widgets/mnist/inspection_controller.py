"""What the model looks at, kept apart from training: the gallery (every mistake, or the digits
of one confusion-matrix cell), the digit under inspection (a test digit chosen in the gallery, or
the drawing), and that digit's saliency map and the model's feature maps.

Both maps are engine jobs on the session's model, latest request only (a newer digit replaces a
request still waiting), and run only while their view is on screen: a hidden view is marked out
of date and asks again when shown. While training runs the maps wait for the new model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
from PySide6.QtCore import QObject, Signal

from engine.mnist.gallery import Cell, Gallery, pick
from engine.mnist.inspection import (
    FeatureMaps,
    Saliency,
    saliency_code,
    session_feature_maps,
    session_saliency,
)
from engine.mnist.results import Evaluation, LoadedModel, Prediction, RunResult
from engine.mnist.training import TrainingSession
from engine.shared.jobs import JobFailure
from engine.worker import Worker
from widgets.mnist.drawing_predictions import DrawingPredictions
from widgets.mnist.reproduction import Reproduction
from widgets.shared.jobs import JobChannel, Policy

NO_MODEL = "No model yet: train one or load a .keras file."
NO_DIGIT = (
    "Draw a digit, or click a test digit in the Test digits tab (click a confusion-matrix "
    "cell to pick which ones it shows)."
)
TRAINING = "Training is running: this updates when it ends."
SALIENCY_TEXT = (
    " Then what the model looks at in the digit the tab shows: the gradient of the predicted "
    "digit's probability with respect to each input pixel, from tf.GradientTape."
)


@dataclass(frozen=True, eq=False)  # each choice is its own, even of the same digit
class Subject:
    """The digit under inspection, as the model is given it."""

    image: np.ndarray  # 28×28: a test digit's uint8 pixels, or the drawing's float32 input
    title: str  # "test digit #1,234: true 4, predicted 9" or "your drawing"
    drawing: np.ndarray | None = None  # the canvas, when the digit was drawn


@dataclass(frozen=True)
class GalleryShown:
    gallery: Gallery
    images: np.ndarray  # (k, 28, 28) uint8, the digits listed
    labels: np.ndarray  # (k,)
    predicted: np.ndarray  # (k,)


@dataclass(frozen=True)
class SaliencyShown:
    subject: Subject
    saliency: Saliency
    code: str  # stand-alone code that computes it


@dataclass(frozen=True)
class MapsShown:
    subject: Subject | None  # None: the filters alone
    layers: tuple[FeatureMaps, ...]  # empty for a model without Conv2D layers


class InspectionController(QObject):
    gallery_changed = Signal(GalleryShown)
    saliency_shown = Signal(SaliencyShown)
    saliency_hint = Signal(str)  # in place of the map: why there is none (yet)
    maps_shown = Signal(MapsShown)
    maps_hint = Signal(str)

    def __init__(
        self,
        worker: Worker,
        session: TrainingSession,
        drawing: DrawingPredictions,
        reproduction: Reproduction,
        owner: str,
        parent: QObject | None = None,
    ):
        """``reproduction``: the code that made the current model, which the tape code follows
        when the model has no file."""
        super().__init__(parent)
        self.session = session
        self.drawing = drawing
        self.reproduction = reproduction
        self.saliency_jobs = JobChannel(worker, owner, Policy.LATEST, self)
        self.maps_jobs = JobChannel(worker, owner, Policy.LATEST, self)
        self.evaluation: Evaluation | None = None
        self.cell: Cell | None = None
        self.shown: GalleryShown | None = None
        self.subject: Subject | None = None
        self.chosen_at: int | None = None  # the drawing's version when a test digit was chosen
        self.has_model = False
        self.training = False
        self.model_file: str | None = None  # a .keras file holding the current model
        self.model_version = 0
        self.wants_saliency = False  # whether each view is on screen
        self.wants_maps = False
        self.saliency: SaliencyShown | None = None
        self.maps: MapsShown | None = None
        self._saliency_for: tuple[int, Subject] | None = None  # what was last asked for
        self._maps_for: tuple[int, Subject | None] | None = None
        drawing.predicted.connect(self._drawing_predicted)

    # --- the gallery --------------------------------------------------------------------------
    def evaluated(self, evaluation: Evaluation) -> None:
        self.evaluation = evaluation
        classes = len(evaluation.confusion)
        if self.cell is not None and max(self.cell.true, self.cell.predicted) >= classes:
            self.cell = None
        self._show_gallery()

    def choose_cell(self, true: int, predicted: int) -> None:
        self.cell = Cell(true, predicted)
        self._show_gallery()

    def clear_filter(self) -> None:
        self.cell = None
        self._show_gallery()

    def _show_gallery(self) -> None:
        ev = self.evaluation
        if ev is None:
            return
        gallery = pick(ev.test_labels, ev.predicted, self.cell)
        at = gallery.indices
        self.shown = GalleryShown(gallery, ev.test_images[at], ev.test_labels[at], ev.predicted[at])
        self.gallery_changed.emit(self.shown)

    # --- the digit under inspection --------------------------------------------------------------
    def choose_listed(self, position: int) -> None:
        """Inspect the gallery's digit at ``position``."""
        shown = self.shown
        if shown is None or not 0 <= position < len(shown.gallery.indices):
            return
        index = int(shown.gallery.indices[position])
        true, answer = int(shown.labels[position]), int(shown.predicted[position])
        title = f"test digit #{index:,}: true {true}, predicted {answer}"
        self.chosen_at = self.drawing.version
        self._set_subject(Subject(np.array(shown.images[position]), title))

    def use_drawing(self) -> None:
        """Inspect the drawing again (it is followed from now on)."""
        self.chosen_at = None
        prediction = self.drawing.prediction if self.drawing.current else None
        self._set_subject(self._drawn(prediction))

    def _drawing_predicted(self, prediction: Prediction) -> None:
        if self.chosen_at is not None and (
            self.drawing.version == self.chosen_at or prediction.image is None
        ):
            return  # a test digit was chosen since the last stroke (or the canvas was cleared)
        self.chosen_at = None
        self._set_subject(self._drawn(prediction))

    def _drawn(self, prediction: Prediction | None) -> Subject | None:
        if prediction is None or prediction.image is None:
            return None
        return Subject(prediction.image, "your drawing", self.drawing.drawing)

    def _set_subject(self, subject: Subject | None) -> None:
        self.subject = subject
        self.refresh()

    # --- the model --------------------------------------------------------------------------
    def trained(self, _result: RunResult) -> None:
        self._model_changed(None)

    def loaded(self, loaded: LoadedModel) -> None:
        self._model_changed(loaded.path)

    def saved(self, path: str) -> None:
        """The model is now in ``path`` too: the tape code can load it from there."""
        self.model_file = path
        shown = self._current_saliency()
        if shown is not None:
            self.saliency = self._with_code(shown.subject, shown.saliency)
            self.saliency_shown.emit(self.saliency)

    def _model_changed(self, path: str | None) -> None:
        self.has_model = True
        self.model_file = path
        self.model_version += 1
        self.refresh()

    def set_training(self, running: bool) -> None:
        self.training = running
        self.refresh()

    # --- the maps -----------------------------------------------------------------------------
    def set_views(self, *, saliency: bool, maps: bool) -> None:
        """Which of the two views are on screen now."""
        self.wants_saliency, self.wants_maps = saliency, maps
        self.refresh()

    def refresh(self) -> None:
        """Ask for each map on screen that is out of date."""
        if self.wants_saliency:
            self._refresh_saliency()
        if self.wants_maps:
            self._refresh_maps()

    def _blocked(self) -> str | None:
        if not self.has_model:
            return NO_MODEL
        return TRAINING if self.training else None

    def _refresh_saliency(self) -> None:
        subject = self.subject
        reason = self._blocked() or (NO_DIGIT if subject is None else None)
        if reason is not None or subject is None:
            self._saliency_for = None
            self.saliency_hint.emit(reason or NO_DIGIT)
            return
        wanted = (self.model_version, subject)
        if self._saliency_for == wanted:
            return
        self._saliency_for = wanted
        self.saliency_jobs.submit(
            "Saliency map",
            partial(session_saliency, self.session, subject.image, self.model_file),
            on_result=partial(self._saliency_done, wanted),
            on_failed=partial(self._failed, self.saliency_hint.emit, "The saliency map"),
        )

    def _saliency_done(self, wanted: tuple[int, Subject], saliency: Saliency) -> None:
        if wanted != self._saliency_for:
            return  # the digit or the model changed meanwhile
        self.saliency = self._with_code(wanted[1], saliency)
        self.saliency_shown.emit(self.saliency)

    def _with_code(self, subject: Subject, saliency: Saliency) -> SaliencyShown:
        if self.model_file is not None:
            return SaliencyShown(subject, saliency, saliency.code)
        tape = saliency_code(subject.image, saliency.input_shape, None)
        made = self.reproduction.exported(busy=False).code
        return SaliencyShown(subject, saliency, f"{made}\n\n{tape}")

    def _refresh_maps(self) -> None:
        reason = self._blocked()
        if reason is not None:
            self._maps_for = None
            self.maps_hint.emit(reason)
            return
        subject = self.subject
        wanted = (self.model_version, subject)
        if self._maps_for == wanted:
            return
        self._maps_for = wanted
        image = None if subject is None else subject.image
        self.maps_jobs.submit(
            "Feature maps",
            partial(session_feature_maps, self.session, image),
            on_result=partial(self._maps_done, wanted),
            on_failed=partial(self._failed, self.maps_hint.emit, "The feature maps"),
        )

    def _maps_done(self, wanted: tuple[int, Subject | None], layers: list[FeatureMaps]) -> None:
        if wanted != self._maps_for:
            return
        self.maps = MapsShown(wanted[1], tuple(layers))
        self.maps_shown.emit(self.maps)

    def _failed(self, hint: Callable[[str], None], what: str, failure: JobFailure) -> None:
        hint(f"{what} could not be computed: {failure.message}")

    def _current_saliency(self) -> SaliencyShown | None:
        """The saliency on screen, if it is of the current model and digit."""
        shown = self.saliency
        if shown is None or self._saliency_for != (self.model_version, shown.subject):
            return None
        return shown

    # --- the notebook -------------------------------------------------------------------------
    def notebook_cells(self) -> tuple[str, ...]:
        """The tape code of the saliency on screen, run after the tab's own code (which makes
        ``model``); none when no saliency of the current model is shown."""
        shown = self._current_saliency()
        if shown is None:
            return ()
        comment = f"# What the model looks at: the saliency map of {shown.subject.title}\n"
        tape = saliency_code(shown.subject.image, shown.saliency.input_shape, None)
        return (comment + tape,)

    def shutdown(self) -> None:
        self.saliency_jobs.cancel()
        self.maps_jobs.cancel()

"""Which code repeats what the MNIST Trainer shows: the Keras code pane and the notebook section.

No Qt and no TensorFlow: the controller tells it what the form holds and where the results on
screen came from (a run, or a model file, and the data they were evaluated on), and it answers
with code. The pane shows the code of the form's settings, which is what Train does next; when
those are the settings of the results on screen, it is the code that repeated them, with the
numbers it prints. File > Export writes the code of the results on screen, whatever the form
says since.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from engine.mnist.code import DataRecipe, RunRecipe, evaluation_code, training_code
from engine.mnist.continued_code import LoadedStart, ModelRecipe, continued_code
from engine.mnist.layers import Shape
from engine.mnist.results import Evaluation

DIVERGED_NOTE = (
    "This run diverged in the trainer, which then went back to the last weights that gave a "
    "finite loss; the code does not, so its numbers differ."
)
NO_RESULTS_NOTE = "No model was trained or loaded yet: this code trains with the settings shown."
BUSY_NOTE = "Training was running: this is the code of the last finished state."


def result_line(evaluation: Evaluation) -> str:
    """The test numbers as the tab shows them and as the code prints them."""
    ev = evaluation
    return (
        f"test accuracy {ev.test_accuracy:.4f} · test loss {ev.test_loss:.4f} · "
        f"{ev.wrong_count:,} of {ev.test_samples:,} wrong"
    )


@dataclass(frozen=True)
class Shown:
    """Where the results on screen came from."""

    model: ModelRecipe  # the run that trained the model (or its file), and the runs after
    tested: DataRecipe  # the data the shown evaluation used
    evaluation: Evaluation
    diverged: bool = False

    @property
    def run(self) -> RunRecipe | None:
        """The last run that trained the model; None for a model file not trained since."""
        model = self.model
        return (
            model.more[-1]
            if model.more
            else model.start
            if isinstance(model.start, RunRecipe)
            else None
        )

    def code(self) -> str:
        start = self.model.start
        if self.model.more:
            return continued_code(self.model, self.tested)
        if isinstance(start, LoadedStart):
            return evaluation_code(start.path, self.tested, start.input_shape)
        return training_code(start, self.tested)


@dataclass(frozen=True)
class ExportedCode:
    code: str
    note: str  # what a reader of the notebook should know about it ("" for nothing)


class Reproduction:
    def __init__(self) -> None:
        self.form: RunRecipe | None = None  # None while a setting is wrong
        self.model: ModelRecipe | None = None  # how the current model was made
        self.model_diverged = False
        self.shown: Shown | None = None

    # --- what happened ----------------------------------------------------------------------
    def set_form(self, recipe: RunRecipe | None) -> None:
        self.form = recipe

    def trained(self, run: RunRecipe, diverged: bool, continued: bool = False) -> None:
        """A run ended: a new model, or (``continued``) the model trained more."""
        if continued and self.model is not None:
            self.model = replace(self.model, more=(*self.model.more, run))
        else:
            self.model = ModelRecipe(run)
        self.model_diverged = diverged or (continued and self.model_diverged)

    def loaded(self, path: str, input_shape: Shape | None, epochs: int) -> None:
        """A model file: its input shape when known, and the epochs its record counts."""
        self.model = ModelRecipe(LoadedStart(path, input_shape, epochs))
        self.model_diverged = False

    def evaluated(self, evaluation: Evaluation, tested: DataRecipe) -> None:
        if self.model is not None:
            self.shown = Shown(self.model, tested, evaluation, self.model_diverged)

    # --- the code -----------------------------------------------------------------------------
    def pane_code(self) -> str:
        """The form's code; when it is that of the results on screen, the code that made them
        and the numbers it prints."""
        shown = self.shown
        run = shown.run if shown is not None else None
        if shown is not None and run is not None and self._same_run(run, bool(shown.model.more)):
            note = f"# {DIVERGED_NOTE}\n" if shown.diverged else ""
            printed = f"# The trainer showed: {result_line(shown.evaluation)}\n"
            return note + shown.code() + printed
        if self.form is None:
            return "# Fix the settings marked in red to see the code."
        code = training_code(self.form)
        if shown is not None:
            code += (
                "# The results on screen came from another run or a model file; "
                "File > Export writes their code.\n"
            )
        return code

    def _same_run(self, run: RunRecipe, continued: bool) -> bool:
        """Whether the form holds ``run``'s settings; for a run that trained the model more,
        its epochs are Train more's, not the form's."""
        form = self.form
        if form is None:
            return False
        if continued:
            run = replace(run, settings=replace(run.settings, epochs=form.settings.epochs))
        return replace(run, stop_after=None) == form

    def exported(self, busy: bool) -> ExportedCode:
        """The code that rebuilds what the tab shows, and what to say about it."""
        notes = [BUSY_NOTE] if busy else []
        shown = self.shown
        if shown is None:
            notes.append(NO_RESULTS_NOTE)
            code = training_code(self.form) if self.form is not None else self.pane_code()
            return ExportedCode(code, " ".join(notes))
        if shown.diverged:
            notes.append(DIVERGED_NOTE)
        return ExportedCode(shown.code(), " ".join(notes))

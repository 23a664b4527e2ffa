"""What File > Export writes for the Gradients tab: the code that prints the values at the point,
then, when a descent is on show, one cell per run with the loop that takes the steps shown and
prints the step table's last row. No Qt: the view hands over what is on screen."""

from __future__ import annotations

from dataclasses import dataclass

from engine.gradients.descent import code_up_to
from engine.shared.notebook import Section
from widgets.gradients.descent_controller import DescentFrame
from widgets.gradients.descent_inputs import RUN_NAMES

TITLE = "Gradients"
INTRO = (
    "f and its derivatives at the point, computed with nested `tf.GradientTape`s: each tape "
    "records what the one inside it computes, so it can differentiate it again. A "
    "`tf.Variable` is watched by itself; a `tf.constant` only after `tape.watch()`, and "
    "without it the gradient is `None`."
)
NOT_YET = "# The Gradients tab computed nothing yet (it computes once it is first opened).\n"
BUSY = "The tab was still computing when this was exported: this is its last finished state."


@dataclass(frozen=True)
class ShownValues:
    """The values box as it reads: its title and each row's name and text."""

    title: str
    rows: tuple[tuple[str, str], ...]


def values_table(shown: ShownValues) -> str:
    lines = [f"| {shown.title} | |", "|---|---|"]
    for name, text in shown.rows:
        cell = " ".join(text.split())  # a Hessian's two rows on one line
        lines.append(f"| {name.rstrip(':')} | `{cell}` |")
    return "\n".join(lines)


def gradients_section(
    point_code: str, shown: ShownValues, frame: DescentFrame, busy: bool
) -> Section:
    if not point_code:
        return Section(TITLE, INTRO, (NOT_YET,), BUSY if busy else "")
    text = f"{INTRO}\n\nThe first cell prints the values the tab shows:\n\n{values_table(shown)}"
    cells = [point_code]
    if frame.plan is not None and frame.results:
        runs = []
        for i, (result, run) in enumerate(zip(frame.results, frame.plan.runs, strict=False)):
            steps = frame.shown_steps(i)
            cells.append(code_up_to(result, steps))
            ended = f"; {result.stopped}" if result.stopped and frame.ended(i) else ""
            runs.append(f"- run {RUN_NAMES[i]} ({run.title()}): step {steps} of {run.steps}{ended}")
        text += (
            "\n\nGradient descent from the point with Keras's optimizers, as training moves a "
            "model's weights. Each next cell takes one run's steps on show and prints the last "
            "row of its step table (step, point, f and gradient):\n\n" + "\n".join(runs)
        )
    return Section(TITLE, text, tuple(cells), BUSY if busy else "")

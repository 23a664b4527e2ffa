"""What the descent fields mean: an optimizer run's settings, checked field by field, and the one
engine job that computes every run of a plan. No Qt; the checks reuse the engine's own bounds and
wording (engine.gradients.descent.check_settings), so the GUI and the engine refuse the same."""

from __future__ import annotations

import math
from dataclasses import dataclass

from engine.gradients.descent import OPTIMIZERS, DescentResult, check_settings, descend

RUN_NAMES = ("A", "B")  # their colours: colours.run_colour
OPTIMIZER_TITLES = {"sgd": "SGD", "rmsprop": "RMSprop", "adam": "Adam"}
assert OPTIMIZER_TITLES.keys() == OPTIMIZERS.keys()
# Neutral values for the settings a check is not about (check_settings checks all of them).
_NEUTRAL = {"optimizer": "sgd", "learning_rate": 0.1, "steps": 1, "momentum": 0.0}


@dataclass(frozen=True)
class RunForm:
    """One run's fields as typed."""

    optimizer: str
    learning_rate: str
    momentum: str
    steps: str


@dataclass(frozen=True)
class RunSettings:
    optimizer: str
    learning_rate: float
    momentum: float
    steps: int

    def title(self) -> str:
        words = f"{OPTIMIZER_TITLES[self.optimizer]}, lr {self.learning_rate:g}"
        if self.momentum:
            words += f", momentum {self.momentum:g}"
        return words


@dataclass(frozen=True)
class RunCheck:
    settings: RunSettings | None  # None when a field is wrong
    errors: dict[str, str]  # "learning_rate" / "momentum" / "steps" -> what is wrong


@dataclass(frozen=True)
class DescentPlan:
    """Everything a descent depends on: f, where it starts, and each run's settings."""

    expression: str
    variables: tuple[str, ...]
    start: tuple[float, ...]
    runs: tuple[RunSettings, ...]


def _engine_check(**setting: object) -> None:
    check_settings(**{**_NEUTRAL, **setting})  # type: ignore[arg-type]


def check_run(form: RunForm) -> RunCheck:
    """Each field on its own, so every wrong one gets its message at once."""
    errors: dict[str, str] = {}
    optimizer = form.optimizer if form.optimizer in OPTIMIZERS else "sgd"
    rate = momentum = math.nan
    steps = 0
    try:
        rate = float(form.learning_rate.strip().replace("−", "-"))
    except ValueError:
        errors["learning_rate"] = f"learning rate: '{form.learning_rate.strip()}' is not a number"
    else:
        try:
            _engine_check(learning_rate=rate)
        except ValueError as error:
            errors["learning_rate"] = str(error)
    if optimizer == "sgd":
        try:
            momentum = float(form.momentum.strip() or "0")
            _engine_check(momentum=momentum)
        except ValueError:
            errors["momentum"] = "momentum must be a number of at least 0 and below 1"
    else:
        momentum = 0.0  # a setting of SGD only: the field is off for the others
    try:
        steps = int(form.steps.strip())
    except ValueError:
        errors["steps"] = f"steps: '{form.steps.strip()}' is not a whole number"
    else:
        try:
            _engine_check(steps=steps)
        except ValueError as error:
            errors["steps"] = str(error)
    if errors:
        return RunCheck(None, errors)
    return RunCheck(RunSettings(optimizer, rate, momentum, steps), errors)


def run_descents(plan: DescentPlan) -> tuple[DescentResult, ...]:
    """Every run of ``plan``, on the engine thread, as one job (each a whole path)."""
    return tuple(
        descend(
            plan.expression,
            plan.start,
            variables=plan.variables,
            optimizer=run.optimizer,
            learning_rate=run.learning_rate,
            steps=run.steps,
            momentum=run.momentum,
        )
        for run in plan.runs
    )

"""The tab's stored settings and the fields, both ways. No Qt."""

from __future__ import annotations

from widgets.gradients.descent_inputs import RunForm
from widgets.gradients.inputs import FormText, GradientsSettings


def settings_of(form: FormText, runs: tuple[RunForm, RunForm], compare: bool) -> GradientsSettings:
    a, b = runs
    return GradientsSettings(
        expression=form.expression,
        point=form.point,
        low=form.low,
        high=form.high,
        source=form.source,
        watch=form.watch,
        order=form.order,
        point_y=form.point_y,
        low_y=form.low_y,
        high_y=form.high_y,
        optimizer=a.optimizer,
        learning_rate=a.learning_rate,
        momentum=a.momentum,
        steps=a.steps,
        compare=compare,
        optimizer_b=b.optimizer,
        learning_rate_b=b.learning_rate,
        momentum_b=b.momentum,
        steps_b=b.steps,
    )


def form_of(s: GradientsSettings) -> FormText:
    return FormText(
        s.expression,
        s.point,
        s.low,
        s.high,
        s.order,
        s.source,
        s.watch,
        s.point_y,
        s.low_y,
        s.high_y,
    )


def runs_of(s: GradientsSettings) -> tuple[RunForm, RunForm]:
    return (
        RunForm(s.optimizer, s.learning_rate, s.momentum, s.steps),
        RunForm(s.optimizer_b, s.learning_rate_b, s.momentum_b, s.steps_b),
    )

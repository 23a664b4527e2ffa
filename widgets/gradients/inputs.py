"""What the Gradients tab's fields mean: presets, validation and labels. No Qt, no TensorFlow:
the controller and the view share it, and tests call it directly."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.gradients.expressions import compile_expression
from engine.gradients.grammar import ExpressionError, free_variable

CURVE_POINTS = 1000
MAX_RANGE = 1e6  # wider plots only show float noise; keeps the slider's steps meaningful
PRIMES = ("", "′", "″", "‴")
SOURCES = ("variable", "constant")


@dataclass(frozen=True)
class Preset:
    title: str
    expression: str
    point: float
    low: float
    high: float
    tip: str


PRESETS = (
    Preset("x² at 3", "x**2", 3.0, -4.0, 4.0, "f(x) = x², whose gradient at x = 3 is 6"),
    Preset(
        "Falling body",
        "4.9*t**2",
        2.0,
        0.0,
        5.0,
        "position = 4.9·t² (metres, free fall): speed 9.8·t, acceleration 9.8",
    ),
    Preset("sin", "sin(x)", 1.0, -2 * math.pi, 2 * math.pi, "sin′ = cos, sin″ = −sin"),
    Preset("exp", "exp(x)", 1.0, -2.0, 2.0, "exp is its own derivative"),
    Preset("tanh", "tanh(x)", 0.5, -4.0, 4.0, "tanh′ = 1 − tanh²"),
    Preset("sigmoid", "sigmoid(x)", 0.0, -6.0, 6.0, "σ′ = σ(1 − σ)"),
    Preset("relu", "relu(x)", 1.0, -3.0, 3.0, "relu′ is 0 or 1 and relu″ is 0 (TF uses 0 at 0)"),
    Preset("x³", "x**3", 2.0, -3.0, 3.0, "x³: 3x², 6x, then the constant 6"),
)
# Names the physics preset gives to its curves instead of f, f′, f″.
PHYSICS_LABELS = ("position (m)", "speed (m/s)", "acceleration (m/s²)", "jerk (m/s³)")
PHYSICS_EXPRESSION = "4.9*t**2"


@dataclass
class GradientsSettings:
    """What the tab keeps between sessions (the fields' texts, as typed)."""

    expression: str = PRESETS[0].expression
    point: str = "3"
    low: str = "-4"
    high: str = "4"
    source: str = "variable"
    watch: bool = True
    order: int = 2


@dataclass(frozen=True)
class FormText:
    """The fields as typed, before validation."""

    expression: str
    point: str
    low: str
    high: str
    order: int
    source: str
    watch: bool


@dataclass(frozen=True)
class Inputs:
    """A validated snapshot of the controls."""

    text: str
    variable: str
    point: float
    low: float
    high: float
    order: int
    source: str
    watch: bool

    @property
    def settings_key(self) -> tuple[object, ...]:
        """What the numbers depend on, apart from where they are computed."""
        return (self.text, self.variable, self.order, self.source, self.watch)

    @property
    def curve_key(self) -> tuple[object, ...]:
        return (*self.settings_key, self.low, self.high)

    def curve_points(self) -> np.ndarray:
        return np.linspace(self.low, self.high, CURVE_POINTS)


@dataclass(frozen=True)
class Validation:
    inputs: Inputs | None  # None when any field is wrong
    variable: str  # the expression's variable, or "x" while it cannot be read
    errors: dict[str, str]  # field -> what is wrong with it
    notes: dict[str, str]  # field -> a remark that is not an error


def format_number(value: float) -> str:
    """Short text for a slider/drag position (the computed x is exactly this text's value)."""
    text = f"{value:.6g}"
    return "0" if text in ("-0", "0") else text


def parse_number(text: str, what: str) -> float:
    try:
        value = float(text.strip().replace("−", "-"))
    except ValueError:
        raise ValueError(f"{what}: '{text.strip()}' is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number")
    if abs(value) > MAX_RANGE:
        raise ValueError(f"{what} must be between -{MAX_RANGE:g} and {MAX_RANGE:g}")
    return value


def validate(form: FormText) -> Validation:
    """Check every field; each problem is worded for the line beside its field."""
    errors: dict[str, str] = {}
    notes: dict[str, str] = {}
    variable = "x"
    try:
        variable = free_variable(form.expression)
        compile_expression(form.expression, (variable,))
    except ExpressionError as error:
        errors["expression"] = str(error)
    low = high = None
    try:
        low = parse_number(form.low, "range start")
        high = parse_number(form.high, "range end")
        if not low < high:
            raise ValueError("the range start must be smaller than its end")
    except ValueError as error:
        errors["range"] = str(error)
        low = high = None
    point = None
    try:
        point = parse_number(form.point, f"{variable}₀")
    except ValueError as error:
        errors["point"] = str(error)
    else:
        if low is not None and high is not None and not low <= point <= high:
            notes["point"] = f"{variable}₀ = {point:g} lies outside the plotted range"
    if errors or point is None or low is None or high is None:
        return Validation(None, variable, errors, notes)
    source = form.source if form.source in SOURCES else "variable"
    watch = form.watch if source == "constant" else True
    inputs = Inputs(form.expression.strip(), variable, point, low, high, form.order, source, watch)
    return Validation(inputs, variable, errors, notes)


def curve_labels(text: str, variable: str, order: int) -> tuple[str, ...]:
    if text.replace(" ", "") == PHYSICS_EXPRESSION:
        return PHYSICS_LABELS[: order + 1]
    return tuple(f"f{PRIMES[k]}({variable})" for k in range(order + 1))


def plot_labels(labels: tuple[str, ...], variable: str) -> tuple[str, ...]:
    """Matplotlib mathtext for f′, f″ (the Unicode primes are hard to see on a rotated label)."""
    if labels[0] == PHYSICS_LABELS[0]:
        return labels
    return tuple(f"$f{chr(39) * k}({variable})$" for k in range(len(labels)))

"""What the Gradients tab's fields mean: presets, validation and labels. No Qt, no TensorFlow:
the controller and the view share it, and tests call it directly.

f has one input (curves over a range) or two (a contour map over an x range and a y range); the
y fields only count with two."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.gradients.expressions import compile_expression
from engine.gradients.grammar import ExpressionError, free_variables

CURVE_POINTS = 1000
GRID_POINTS = 200  # per side of the contour grid: 40,000 points recompute in a few ms
MAX_ORDER_2D = 2  # with two inputs the engine stops at the Hessian
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
    # Only for f of two inputs: y₀ and the y range.
    point_y: float = 0.0
    low_y: float = -1.0
    high_y: float = 1.0


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
    Preset(
        "x² + 3xy",
        "x**2 + 3*x*y",
        1.0,
        -3.0,
        3.0,
        "two inputs: the gradient (2x + 3y, 3x) and a constant Hessian [[2, 3], [3, 0]]",
        point_y=2.0,
        low_y=-3.0,
        high_y=3.0,
    ),
    Preset(
        "Rosenbrock",
        "(1-x)**2 + 100*(y-x**2)**2",
        -1.2,
        -2.0,
        2.0,
        "a curved valley with its minimum 0 at (1, 1): a classic test for descent",
        point_y=1.0,
        low_y=-1.0,
        high_y=3.0,
    ),
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
    point_y: str = "1"
    low_y: str = "-1"
    high_y: str = "3"
    optimizer: str = "sgd"
    learning_rate: str = "0.1"
    momentum: str = "0"
    steps: str = "50"
    compare: bool = False
    optimizer_b: str = "adam"
    learning_rate_b: str = "0.1"
    momentum_b: str = "0"
    steps_b: str = "50"


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
    point_y: str = "0"
    low_y: str = "-1"
    high_y: str = "1"


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
    variables: tuple[str, ...] = ("x",)  # one, or two in axis order
    point_y: float = 0.0
    low_y: float = -1.0
    high_y: float = 1.0

    @property
    def two_inputs(self) -> bool:
        return len(self.variables) == 2

    @property
    def start(self) -> tuple[float, ...]:
        """The point, one number per variable (where a descent starts)."""
        return (self.point, self.point_y) if self.two_inputs else (self.point,)

    @property
    def settings_key(self) -> tuple[object, ...]:
        """What the numbers depend on, apart from where they are computed."""
        return (self.text, self.variables, self.order, self.source, self.watch)

    @property
    def curve_key(self) -> tuple[object, ...]:
        if self.two_inputs:  # the map is f and its gradient, whatever the order and source
            return (self.text, self.variables, self.low, self.high, self.low_y, self.high_y)
        return (*self.settings_key, self.low, self.high)

    def curve_points(self) -> np.ndarray:
        return np.linspace(self.low, self.high, CURVE_POINTS)

    def grid(self) -> tuple[np.ndarray, np.ndarray]:
        """The contour map's x and y values."""
        return (
            np.linspace(self.low, self.high, GRID_POINTS),
            np.linspace(self.low_y, self.high_y, GRID_POINTS),
        )


@dataclass(frozen=True)
class Validation:
    inputs: Inputs | None  # None when any field is wrong
    variables: tuple[str, ...]  # the expression's variables, or ("x",) while it cannot be read
    errors: dict[str, str]  # field -> what is wrong with it
    notes: dict[str, str]  # field -> a remark that is not an error

    @property
    def variable(self) -> str:
        return self.variables[0]


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


def parse_range(low_text: str, high_text: str, what: str) -> tuple[float, float]:
    low = parse_number(low_text, f"{what} start")
    high = parse_number(high_text, f"{what} end")
    if not low < high:
        raise ValueError(f"the {what} start must be smaller than its end")
    return low, high


def validate(form: FormText) -> Validation:
    """Check every field; each problem is worded for the line beside its field."""
    errors: dict[str, str] = {}
    notes: dict[str, str] = {}
    variables: tuple[str, ...] = ("x",)
    try:
        variables = free_variables(form.expression)
        compile_expression(form.expression, variables)
    except ExpressionError as error:
        errors["expression"] = str(error)
    two = len(variables) == 2
    axes = [("", form.point, form.low, form.high)]
    if two:
        axes.append(("_y", form.point_y, form.low_y, form.high_y))
    numbers: dict[str, tuple[float, float, float]] = {}
    for (suffix, point_text, low_text, high_text), name in zip(axes, variables, strict=False):
        ranged = None
        try:
            ranged = parse_range(low_text, high_text, f"{name} range" if two else "range")
        except ValueError as error:
            errors["range" + suffix] = str(error)
        try:
            point = parse_number(point_text, f"{name}₀")
        except ValueError as error:
            errors["point" + suffix] = str(error)
            continue
        if ranged is None:
            continue
        if not ranged[0] <= point <= ranged[1]:
            notes["point" + suffix] = f"{name}₀ = {point:g} lies outside the plotted range"
        numbers[suffix] = (point, *ranged)
    if errors or len(numbers) != len(axes):
        return Validation(None, variables, errors, notes)
    source = form.source if form.source in SOURCES else "variable"
    watch = form.watch if source == "constant" else True
    order = min(form.order, MAX_ORDER_2D) if two else form.order
    point, low, high = numbers[""]
    point_y, low_y, high_y = numbers.get("_y", (0.0, -1.0, 1.0))
    inputs = Inputs(
        form.expression.strip(),
        variables[0],
        point,
        low,
        high,
        order,
        source,
        watch,
        variables,
        point_y,
        low_y,
        high_y,
    )
    return Validation(inputs, variables, errors, notes)


def curve_labels(text: str, variable: str, order: int) -> tuple[str, ...]:
    if text.replace(" ", "") == PHYSICS_EXPRESSION:
        return PHYSICS_LABELS[: order + 1]
    return tuple(f"f{PRIMES[k]}({variable})" for k in range(order + 1))


def plot_labels(labels: tuple[str, ...], variable: str) -> tuple[str, ...]:
    """Matplotlib mathtext for f′, f″ (the Unicode primes are hard to see on a rotated label)."""
    if labels[0] == PHYSICS_LABELS[0]:
        return labels
    return tuple(f"$f{chr(39) * k}({variable})$" for k in range(len(labels)))

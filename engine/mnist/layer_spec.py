"""The text form of a layer list, as the command line takes it (``--layers``): the one place that
defines the grammar, with the parser and the writer.

A spec is parts separated by commas, read left to right from the input::

    conv32k3,pool2,conv64k3,pool2,flatten,drop0.5,dense10

    denseN[:ACT]      Dense with N units               dense512, dense512:relu, dense10:softmax
    convFkK[:ACT]     Conv2D, F filters of K×K pixels  conv32k3, conv16k5:tanh
    poolP             MaxPooling2D, P×P windows        pool2
    flatten           Flatten
    dropR             Dropout of a fraction 0 ≤ R < 1  drop0.5

An activation left out is relu, except for a Dense that ends the spec, which is softmax (the
classifier's output), so ``dense512,dense10`` is today's seed model. Spaces around parts are
ignored, and so is letter case. The first bad part is named in the error:
``part 3 'pool0': a pool size must be at least 1``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from engine.mnist.layers import ACTIVATIONS, Conv2D, Dense, Dropout, Flatten, Layer, MaxPooling2D

EXAMPLE = "conv32k3,pool2,conv64k3,pool2,flatten,drop0.5,dense10"
KINDS = "denseN, convFkK, poolP, flatten or dropR"

_ACTIVATION = r"(?::(?P<activation>[a-z]+))?"
_FORMS: dict[str, tuple[re.Pattern[str], str]] = {
    "dense": (re.compile(r"dense(?P<units>\d+)" + _ACTIVATION), "dense512 or dense10:softmax"),
    "conv": (
        re.compile(r"conv(?P<filters>\d+)k(?P<kernel>\d+)" + _ACTIVATION),
        "conv32k3 (32 filters of 3×3) or conv32k3:tanh",
    ),
    "pool": (re.compile(r"pool(?P<pool>\d+)"), "pool2"),
    "flatten": (re.compile(r"flatten"), "flatten"),
    "drop": (re.compile(r"drop(?P<rate>\d*\.?\d+)"), "drop0.5"),
}


class LayerSpecError(ValueError):
    """A spec that does not read as layers; the message names the part and what is wrong."""


def parse_layers(text: str) -> tuple[Layer, ...]:
    """The layers of a spec (see the module docstring); LayerSpecError naming the bad part."""
    parts = [part.strip().lower() for part in text.split(",")]
    if parts == [""]:
        raise LayerSpecError(f"the layer spec is empty: list layers like {EXAMPLE}")
    return tuple(
        _parse_part(number, part, last=number == len(parts)) for number, part in enumerate(parts, 1)
    )


def _parse_part(number: int, part: str, *, last: bool) -> Layer:
    where = f"part {number} {part!r}"
    if not part:
        raise LayerSpecError(f"part {number} is empty (two commas in a row?)")
    kind = _kind(part)
    if kind is None:
        raise LayerSpecError(f"{where}: unknown layer; expected {KINDS}")
    pattern, example = _FORMS[kind]
    match = pattern.fullmatch(part)
    if match is None:
        raise LayerSpecError(f"{where}: not a {kind} layer as written here; e.g. {example}")
    fields = match.groupdict()
    activation = fields.get("activation") or ("softmax" if last and kind == "dense" else "relu")
    if activation not in ACTIVATIONS:
        raise LayerSpecError(
            f"{where}: unknown activation {activation!r}; expected one of {', '.join(ACTIVATIONS)}"
        )
    try:
        if kind == "dense":
            return Dense(int(fields["units"]), activation)
        if kind == "conv":
            return Conv2D(int(fields["filters"]), int(fields["kernel"]), activation)
        if kind == "pool":
            return MaxPooling2D(int(fields["pool"]))
        if kind == "drop":
            return Dropout(float(fields["rate"]))
        return Flatten()
    except ValueError as exc:
        raise LayerSpecError(f"{where}: {exc}") from exc


def _kind(part: str) -> str | None:
    """The known layer word a part starts with ("dropout0.5" starts with "drop": its message
    then shows how a drop part is written)."""
    return next((kind for kind in _FORMS if part.startswith(kind)), None)


def format_layers(layers: Sequence[Layer]) -> str:
    """The shortest spec that parses back to ``layers`` (activations only where not default)."""
    return ",".join(
        _format_layer(layer, last=number == len(layers)) for number, layer in enumerate(layers, 1)
    )


def _format_layer(layer: Layer, *, last: bool) -> str:
    if isinstance(layer, Dense):
        default = "softmax" if last else "relu"
        return f"dense{layer.units}" + _activation(layer.activation, default)
    if isinstance(layer, Conv2D):
        return f"conv{layer.filters}k{layer.kernel}" + _activation(layer.activation, "relu")
    if isinstance(layer, MaxPooling2D):
        return f"pool{layer.pool}"
    if isinstance(layer, Dropout):
        return f"drop{_decimal(layer.rate)}"
    if isinstance(layer, Flatten):
        return "flatten"
    raise TypeError(f"no text form for {layer!r}")


def _decimal(rate: float) -> str:
    """A rate as the grammar writes it: plain digits, exact (1e-05 -> 0.00001)."""
    text = repr(float(rate))
    return format(Decimal(text), "f") if "e" in text else text


def _activation(activation: str, default: str) -> str:
    return "" if activation == default else f":{activation}"

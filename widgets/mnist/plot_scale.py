"""The arithmetic of a small line plot, without Qt: round tick values and the y range a run's
curves are shown in."""

from __future__ import annotations

import math
from collections.abc import Sequence

NICE_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)


def nice_ticks(low: float, high: float, most: int) -> list[float]:
    """As many round values (1, 2, 2.5 or 5 times a power of ten) within [low, high] as fit in
    ``most``; two, even if that is one more than ``most``, rather than a lone tick."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low or most < 1:
        return []
    power = 10.0 ** (math.floor(math.log10(high - low)) - 2)
    finer: list[float] = []
    for _ in range(6):
        for nice in NICE_STEPS:
            step = nice * power
            first = math.ceil(low / step - 1e-9)
            last = math.floor(high / step + 1e-9)
            ticks = [0.0 if i == 0 else i * step for i in range(first, last + 1)]
            if len(ticks) <= most:
                return finer if len(ticks) < 2 and len(finer) == most + 1 else ticks
            finer = ticks
        power *= 10
    return []


def epoch_ticks(epochs: int, most: int) -> list[int]:
    """Whole epochs 0..epochs, thinned to at most ``most`` labels."""
    step = max(1, math.ceil(epochs / max(1, most - 1)))
    return list(range(0, epochs + 1, step))


def tick_text(value: float, ticks: Sequence[float]) -> str:
    """A tick label with as many decimals as the spacing of ``ticks`` needs (0.25 needs two)."""
    if len(ticks) < 2:
        return f"{value:g}"
    step = abs(ticks[1] - ticks[0])
    decimals = 0
    while step and decimals < 6 and abs(round(step, decimals) - step) > step * 1e-6:
        decimals += 1
    text = f"{value:.{decimals}f}"
    return "0" if float(text) == 0 else text


def zoomed(values: Sequence[float]) -> tuple[float, float] | None:
    """The range of ``values`` with a margin of 8 % of its span (0.02 when flat)."""
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return None
    low, high = min(finite), max(finite)
    pad = (high - low) * 0.08 or 0.02
    return low - pad, high + pad


def grown(limits: tuple[float, float], values: Sequence[float]) -> tuple[float, float]:
    """``limits`` widened (never narrowed) to take in ``values``, e.g. a diverging loss."""
    finite = [v for v in values if math.isfinite(v)]
    low, high = limits
    if finite:
        low, high = min(low, min(finite)), max(high, max(finite) * 1.05)
    return low, high

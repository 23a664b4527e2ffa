"""The model builder's layers as Keras's model.summary() lists them, with the arithmetic behind
each shape and weight count (for the Summary tab)."""

from __future__ import annotations

from engine.mnist.architecture import Description, model_kind
from engine.shared.limits import shape_text

RULE = "─" * 78


def model_summary_text(description: Description) -> str:
    """model.summary()'s table for ``description``'s layers: the batch axis is None."""
    layers = [row.layer for row in description.rows]
    lines = [
        f'Model: "mnist_{model_kind(layers)}"',
        f"{'Layer (type)':<28}{'Output Shape':<20}{'Param #':>9}   arithmetic",
        RULE,
    ]
    for row in description.rows:
        name = f"{row.name} ({type(row.layer).__name__})"
        shape = "?" if row.output_shape is None else _batched(row.output_shape)
        arithmetic = row.params_arithmetic if row.params else row.shape_arithmetic
        lines.append(f"{name:<28}{shape:<20}{row.params:>9,}   {arithmetic}")
        lines.append(f"{'':<28}{row.layer.formula()}")
        if row.problem:
            lines.append(f"{'':<28}cannot build: {row.problem}")
    lines.append(RULE)
    lines.append(f"Total params: {description.params:,} (all trainable)")
    lines.append(
        f"Input: {_batched(description.input_shape)} float32: each 28×28 image "
        + (
            "flattened and scaled to 0–1"
            if len(description.input_shape) == 1
            else "with a channel axis, scaled to 0–1"
        )
    )
    return "\n".join(lines)


def _batched(shape: tuple[int, ...]) -> str:
    return "(None, " + shape_text(shape)[1:].rstrip(",)") + ")"

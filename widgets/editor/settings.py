"""What the Tensor Editor keeps between sessions: the inputs of "New" and "Change the whole
tensor" (the tensor itself is saved as a file, on request)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from engine.editor.values import EDITOR_DTYPES, FILLS

VALUE_KINDS = ("ones", "zeros", "random normal", "literal")
MAX_SEED = 2**31 - 1
CHOICES = {"dtype": EDITOR_DTYPES, "fill": FILLS, "value": VALUE_KINDS}


@dataclass
class EditorSettings:
    shape: str = "4, 6"
    dtype: str = "float32"
    fill: str = "zeros"
    seed: int = 0
    value: str = "ones"
    value_seed: int = 0
    literal: str = "1.5"

    def checked(self) -> EditorSettings:
        """These settings with every value the controls cannot show replaced by its default."""
        defaults = EditorSettings()
        changes: dict[str, Any] = {}  # field name -> its default (each field has its own type)
        for field in fields(self):
            value = getattr(self, field.name)
            if (
                field.name in CHOICES
                and value not in CHOICES[field.name]
                or isinstance(value, int)
                and not 0 <= value <= MAX_SEED
            ):
                changes[field.name] = getattr(defaults, field.name)
        return replace(self, **changes)

"""What the Rank Explorer keeps between sessions: the tensor (as its example or literal) and the
operation being prepared."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_EXAMPLE = "rank3"


@dataclass
class RanksSettings:
    example: str = DEFAULT_EXAMPLE
    literal: str = ""
    operation: str = "reshape"
    argument: str = ""

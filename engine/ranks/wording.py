"""Numbers meet nouns in one place, so the tab never says "1 axes" or "1 positions"."""

from __future__ import annotations

IRREGULAR = {"axis": "axes", "index": "indices"}


def counted(count: int, noun: str) -> str:
    """'1 axis', '3 axes', '0 values', '1,000 values'."""
    word = noun if count == 1 else IRREGULAR.get(noun, noun + "s")
    return f"{count:,} {word}"

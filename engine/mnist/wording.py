"""Counts in words, singular or plural as the number needs: "1 epoch", "2 epochs", "1,000
samples"."""

from __future__ import annotations


def noun(n: int, singular: str, plural: str | None = None) -> str:
    """``singular`` for one, else ``plural`` (by default the singular with an "s")."""
    return singular if n == 1 else (plural or singular + "s")


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` with thousands separators, then the noun it needs: "1 epoch", "1,000 samples"."""
    return f"{n:,} {noun(n, singular, plural)}"


def epochs_text(updates: int, steps: int) -> str:
    """How far a run got, in epochs: "2 epochs", "1.61 epochs", "0.82 of an epoch"."""
    full, rest = divmod(updates, steps)
    if rest == 0:
        return count(full, "epoch")
    run = updates / steps
    return f"{run:.2f} of an epoch" if full == 0 else f"{run:.2f} epochs"

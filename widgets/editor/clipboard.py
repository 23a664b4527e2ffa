"""Tab-separated text in and out of the grid, as a spreadsheet copies and pastes it.

No Qt here: the tab reads and writes the system clipboard, this module only turns text into a
checked block of values and back. Every refusal is a ValueError whose message says what to fix,
and nothing is pasted unless every value fits the tensor's dtype.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.editor.values import parse_value

MAX_PASTE = 100_000  # values in one paste; beyond that a file load is the better tool


@dataclass(frozen=True)
class Paste:
    """Checked pasted values, in the grid's orientation (rows × columns), at the tensor's dtype."""

    cells: list[list[str]]  # the text of each value, as pasted
    block: np.ndarray

    @property
    def single(self) -> bool:
        return self.block.size == 1


def copy_text(block: np.ndarray) -> str:
    """A block of the grid as tab-separated text, at full precision."""
    # str() of a NumPy scalar is its shortest exact text (what exact_text gives), and
    # map(str) keeps a select-all of a million cells near a second.
    return "\n".join("\t".join(map(str, row)) for row in block) + "\n"


def read_paste(
    text: str, dtype: np.dtype[Any], at: tuple[int, int], grid: tuple[int, int]
) -> Paste:
    """Pasted text checked to fit a grid of ``grid`` (rows, columns) from cell ``at`` on."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
    cells = [line.split("\t") for line in lines]
    rows, cols = len(cells), max(len(row) for row in cells)
    if not text.strip():
        raise ValueError("The clipboard holds no text to paste")
    if rows * cols > MAX_PASTE:
        raise ValueError(f"Paste at most {MAX_PASTE:,} values at once; load a file for more")
    if any(len(row) != cols for row in cells):
        raise ValueError("Every pasted row needs the same number of values")
    (top, left), (grid_rows, grid_cols) = at, grid
    if top + rows > grid_rows or left + cols > grid_cols:
        raise ValueError(
            f"{rows}×{cols} values do not fit at row {top}, column {left} of the "
            f"{grid_rows}×{grid_cols} grid; nothing was pasted"
        )
    block = np.empty((rows, cols), dtype)
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            try:
                block[r, c] = parse_value(cell, dtype)
            except ValueError as exc:
                raise ValueError(
                    f"Pasted row {r + 1}, column {c + 1}: {exc}; nothing was pasted"
                ) from None
    return Paste(cells, block)

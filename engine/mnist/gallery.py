"""Which test digits the gallery shows: all the mistakes, or the digits of one confusion-matrix
cell (true 4, predicted 9; a diagonal cell holds the right answers), with a heading that says
how many there are."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.mnist.wording import count

GALLERY_LIMIT = 200  # thumbnails painted at most; the heading gives the full count


@dataclass(frozen=True)
class Cell:
    """A confusion-matrix cell: the test digits with this label that the model called this."""

    true: int
    predicted: int

    @property
    def right(self) -> bool:
        return self.true == self.predicted


@dataclass(frozen=True)
class Gallery:
    cell: Cell | None  # None: every mistake
    indices: np.ndarray  # positions in the test set, in test-set order, at most the limit
    total: int  # how many test digits match
    test_samples: int

    @property
    def heading(self) -> str:
        shown = len(self.indices)
        more = f"; the first {shown:,} shown" if shown < self.total else ""
        cell = self.cell
        if cell is None:
            found = count(self.total, "mistake")
            return f"{found} in {count(self.test_samples, 'test digit')}{more}"
        found = count(self.total, "test digit") if self.total else "No test digit"
        right = " (right)" if cell.right else ""
        return f"{found}: true {cell.true}, predicted {cell.predicted}{right}{more}"


def pick(
    labels: np.ndarray,
    predicted: np.ndarray,
    cell: Cell | None = None,
    limit: int = GALLERY_LIMIT,
) -> Gallery:
    """The test digits of ``cell`` (every mistake when None), the first ``limit`` of them."""
    labels, predicted = np.asarray(labels), np.asarray(predicted)
    if labels.shape != predicted.shape:
        raise ValueError(f"{len(labels)} labels but {len(predicted)} predictions")
    if cell is None:
        matches = labels != predicted
    else:
        matches = (labels == cell.true) & (predicted == cell.predicted)
    found = np.flatnonzero(matches)
    return Gallery(cell, found[:limit], int(len(found)), int(len(labels)))

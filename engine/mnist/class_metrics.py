"""Precision, recall and F1 for each digit, read off the test set's confusion matrix.

With rows the true digit and columns the predicted one, for digit d: the diagonal cell counts
the test digits rightly called d; its column counts everything called d (precision's
denominator) and its row every true d (recall's, the support). A ratio with nothing to divide
by is undefined (None), not 0: "never predicted" is not "always wrong".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ClassMetrics:
    digit: int
    precision: float | None  # right / predicted as this digit; None when it was never predicted
    recall: float | None  # right / true digits of this class; None when the test set has none
    f1: float | None  # the harmonic mean of the two; None when either is undefined
    support: int  # true digits of this class in the test set
    predicted: int  # test digits the model called this digit
    right: int  # of which really were it


@dataclass(frozen=True)
class Averages:
    """The unweighted (macro) means over the digits where each is defined."""

    precision: float | None
    recall: float | None
    f1: float | None


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def per_class(confusion: np.ndarray) -> tuple[ClassMetrics, ...]:
    """One row per class of a square confusion matrix (rows true, columns predicted)."""
    matrix = np.asarray(confusion, dtype=np.int64)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"a confusion matrix is square, not of shape {matrix.shape}")
    rows = []
    for digit in range(len(matrix)):
        right = int(matrix[digit, digit])
        support = int(matrix[digit].sum())
        predicted = int(matrix[:, digit].sum())
        precision, recall = _ratio(right, predicted), _ratio(right, support)
        rows.append(
            ClassMetrics(
                digit, precision, recall, _f1(precision, recall), support, predicted, right
            )
        )
    return tuple(rows)


def macro_averages(metrics: tuple[ClassMetrics, ...]) -> Averages:
    def mean(values: list[float | None]) -> float | None:
        defined = [v for v in values if v is not None]
        return sum(defined) / len(defined) if defined else None

    return Averages(
        mean([m.precision for m in metrics]),
        mean([m.recall for m in metrics]),
        mean([m.f1 for m in metrics]),
    )

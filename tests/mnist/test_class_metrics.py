"""engine.mnist.class_metrics: precision, recall and F1 per digit from a confusion matrix,
checked against the arithmetic done by hand."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from engine.mnist.class_metrics import macro_averages, per_class

# Rows true, columns predicted.
KNOWN = np.array([[5, 1, 0], [0, 3, 2], [1, 0, 4]])


def test_each_digit_from_a_known_matrix_by_hand():
    rows = per_class(KNOWN)
    assert [r.digit for r in rows] == [0, 1, 2]
    assert [r.support for r in rows] == [6, 5, 5]  # row sums
    assert [r.predicted for r in rows] == [6, 4, 6]  # column sums
    assert [r.right for r in rows] == [5, 3, 4]  # the diagonal
    # Digit 0: 5 right of 6 called 0, of 6 true 0s.
    # Digit 1: 3 of 4 called 1, 3 of 5 true 1s; F1 = 2·(3/4)(3/5) / (3/4 + 3/5) = 2/3.
    # Digit 2: 4 of 6 called 2, 4 of 5 true 2s; F1 = 2·(2/3)(4/5) / (2/3 + 4/5) = 8/11.
    expected = [
        (Fraction(5, 6), Fraction(5, 6), Fraction(5, 6)),
        (Fraction(3, 4), Fraction(3, 5), Fraction(2, 3)),
        (Fraction(2, 3), Fraction(4, 5), Fraction(8, 11)),
    ]
    for row, (precision, recall, f1) in zip(rows, expected, strict=True):
        assert row.precision == pytest.approx(float(precision), abs=1e-12)
        assert row.recall == pytest.approx(float(recall), abs=1e-12)
        assert row.f1 == pytest.approx(float(f1), abs=1e-12)
    averages = macro_averages(rows)
    assert averages.precision == pytest.approx(float(sum(e[0] for e in expected) / 3))
    assert averages.recall == pytest.approx(float(sum(e[1] for e in expected) / 3))
    assert averages.f1 == pytest.approx(float(sum(e[2] for e in expected) / 3))


def test_a_digit_never_predicted_or_never_present_is_undefined_not_zero():
    rows = per_class(np.array([[2, 0, 0], [1, 0, 0], [0, 0, 0]]))
    assert rows[0].precision == pytest.approx(2 / 3) and rows[0].recall == 1.0
    assert rows[1].precision is None and rows[1].recall == 0.0 and rows[1].f1 is None
    assert rows[2].precision is None and rows[2].recall is None and rows[2].f1 is None
    # Every true 1 called 0: defined and zero, F1 too.
    rows = per_class(np.array([[0, 3], [2, 0]]))
    assert rows[0].precision == rows[0].recall == rows[0].f1 == 0.0
    averages = macro_averages(per_class(np.array([[2, 0, 0], [1, 0, 0], [0, 0, 0]])))
    assert averages.precision == pytest.approx(2 / 3)  # the only defined one
    assert averages.recall == pytest.approx(0.5)  # (1 + 0) / 2: digit 2 has no support


def test_the_metrics_match_counting_the_answers_themselves():
    rng = np.random.default_rng(4)
    labels = rng.integers(0, 10, 500)
    predicted = np.where(rng.random(500) < 0.8, labels, rng.integers(0, 10, 500))
    confusion = np.bincount(labels * 10 + predicted, minlength=100).reshape(10, 10)
    for row in per_class(confusion):
        called = predicted == row.digit
        true = labels == row.digit
        assert row.precision == pytest.approx(np.mean(labels[called] == row.digit))
        assert row.recall == pytest.approx(np.mean(predicted[true] == row.digit))
        assert row.support == true.sum() and row.predicted == called.sum()


def test_a_matrix_that_is_not_square_is_refused():
    with pytest.raises(ValueError, match="square"):
        per_class(np.zeros((2, 3)))

"""engine.mnist.gallery: which test digits the gallery shows for a confusion cell, and its
heading with the count."""

from __future__ import annotations

import numpy as np
import pytest

from engine.mnist.gallery import Cell, pick

LABELS = np.array([4, 4, 9, 4, 7, 4, 0, 4])
PREDICTED = np.array([9, 4, 9, 9, 1, 9, 0, 4])


def test_every_mistake_by_default():
    gallery = pick(LABELS, PREDICTED)
    assert gallery.indices.tolist() == [0, 3, 4, 5]
    assert gallery.total == 4 and gallery.cell is None
    assert gallery.heading == "4 mistakes in 8 test digits"


def test_one_cell_and_the_diagonal():
    gallery = pick(LABELS, PREDICTED, Cell(4, 9))
    assert gallery.indices.tolist() == [0, 3, 5]
    assert gallery.heading == "3 test digits: true 4, predicted 9"
    right = pick(LABELS, PREDICTED, Cell(4, 4))
    assert right.indices.tolist() == [1, 7] and right.cell.right
    assert right.heading == "2 test digits: true 4, predicted 4 (right)"
    one = pick(LABELS, PREDICTED, Cell(7, 1))
    assert one.heading == "1 test digit: true 7, predicted 1"
    empty = pick(LABELS, PREDICTED, Cell(3, 5))
    assert empty.total == 0 and empty.heading == "No test digit: true 3, predicted 5"


def test_a_long_list_shows_the_first_ones_and_says_so():
    labels = np.zeros(5000, int)
    predicted = np.ones(5000, int)
    gallery = pick(labels, predicted, Cell(0, 1), limit=200)
    assert gallery.indices.tolist() == list(range(200)) and gallery.total == 5000
    assert gallery.heading == "5,000 test digits: true 0, predicted 1; the first 200 shown"
    assert pick(labels, predicted, limit=10).heading == (
        "5,000 mistakes in 5,000 test digits; the first 10 shown"
    )


def test_labels_and_predictions_must_pair_up():
    with pytest.raises(ValueError, match="3 labels but 2 predictions"):
        pick(np.zeros(3), np.zeros(2))

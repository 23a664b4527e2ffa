"""Tab-separated text in and out of the grid, without Qt: what a spreadsheet copies reads back,
and every refusal says what is wrong before anything is pasted."""

from __future__ import annotations

import re

import numpy as np
import pytest

from widgets.editor.clipboard import MAX_PASTE, copy_text, read_paste

F32 = np.dtype(np.float32)


def test_copy_is_exact_and_reads_back_through_paste():
    block = np.array([[0.1, np.nan], [-1e-30, 3.0]], np.float32)
    text = copy_text(block)
    assert text == "0.1\tnan\n-1e-30\t3.0\n"
    pasted = read_paste(text, F32, (0, 0), (2, 2))
    np.testing.assert_array_equal(pasted.block, block)
    assert pasted.block.dtype == np.float32 and not pasted.single
    assert copy_text(np.array([[True, False]])) == "True\tFalse\n"


def test_spreadsheet_line_ends_and_a_single_value():
    pasted = read_paste("1.5\t2\r\n-3\t4e-3\r\n", F32, (2, 1), (4, 6))
    np.testing.assert_array_equal(pasted.block, np.array([[1.5, 2], [-3, 4e-3]], np.float32))
    assert pasted.cells == [["1.5", "2"], ["-3", "4e-3"]]
    one = read_paste("7\n", np.dtype(np.int64), (3, 5), (4, 6))
    assert one.single and one.cells == [["7"]] and one.block.dtype == np.int64


@pytest.mark.parametrize(
    ("text", "at", "message"),
    [
        ("", (0, 0), "The clipboard holds no text to paste"),
        ("  \n", (0, 0), "The clipboard holds no text to paste"),
        ("1\t2\n3", (0, 0), "Every pasted row needs the same number of values"),
        ("1\t2\t3\n4\t5\t6", (3, 4), "2×3 values do not fit at row 3, column 4 of the 4×6 grid"),
        ("1\tabc", (0, 0), "Pasted row 1, column 2: 'abc' is not a number; nothing was pasted"),
        ("1\n1e40", (0, 0), "Pasted row 2, column 1: 1e+40 is too large for float32"),
    ],
)
def test_refusals_name_the_problem(text, at, message):
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        read_paste(text, F32, at, (4, 6))


def test_too_many_values_at_once_are_refused_before_reading_them():
    side = int(MAX_PASTE**0.5) + 1
    text = "\n".join("\t".join("x" * side) for _ in range(side))  # not even numbers
    with pytest.raises(ValueError, match="Paste at most 100,000 values at once"):
        read_paste(text, F32, (0, 0), (1000, 1000))

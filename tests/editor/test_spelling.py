"""engine.editor.spelling: hints and suggestions at the tensor's own rank, spelled as the document
records the same change."""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine.editor.document import Mode, TensorDocument
from engine.editor.spelling import cell_statement, variable_spelling


@pytest.mark.parametrize(
    ("mode", "rank", "statement"),
    [
        (Mode.NUMPY, 0, "x[()] = value"),
        (Mode.NUMPY, 1, "x[i] = value"),
        (Mode.NUMPY, 2, "x[i, j] = value"),
        (Mode.CONSTANT, 3, "t[i, j, k] = value"),
        (Mode.VARIABLE, 0, "v.assign(value)"),
        (Mode.VARIABLE, 1, "v[i].assign(value)"),
        (Mode.VARIABLE, 3, "v[i, j, k].assign(value)"),
        (Mode.VARIABLE, 8, "v[i, j, k, l, m, n, p, q].assign(value)"),
    ],
)
def test_a_cell_edit_is_spelled_at_the_tensors_rank(mode, rank, statement):
    assert cell_statement(mode, rank) == statement


@pytest.mark.parametrize("rank", [0, 1, 3])
def test_the_hint_matches_what_the_document_records(rank):
    doc = TensorDocument(np.zeros((2,) * rank, np.float32), mode=Mode.VARIABLE)
    doc.set_item((1,) * rank, "5")
    where = ", ".join("1" * rank)
    hint = cell_statement(Mode.VARIABLE, rank)  # with letters for the positions
    expected = re.sub(r"\[[ijk, ]+\]", f"[{where}]", hint).replace("value", "5.")
    assert doc.last_code == expected == ("v.assign(5.)" if rank == 0 else f"v[{where}].assign(5.)")


def test_a_refused_constant_statement_becomes_the_variable_one():
    assert variable_spelling("t[0, 1] = 3.") == "v[0, 1].assign(3.)"
    assert variable_spelling("t[()] = 3.") == "v.assign(3.)"
    assert variable_spelling("t.assign_add(np.ones((2,)))") == "v.assign_add(np.ones((2,)))"
    assert variable_spelling("x = 1") == ""

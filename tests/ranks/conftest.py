"""The Rank Explorer's fixtures: the tab on screen with a real engine worker, where the tensor
picture draws a cell (computed from its plan, in widget coordinates), and a fresh, offline Python
that runs the code pane's scripts."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pytest
from fresh_python import run_python
from PySide6.QtCore import QPointF

from widgets.ranks.picture import TensorPicture
from widgets.ranks.view import RankExplorerTab


@pytest.fixture
def tab(show, worker):
    widget = show(RankExplorerTab(worker))
    yield widget
    widget.shutdown()


def cell_center(picture: TensorPicture, index: tuple[int, ...]) -> QPointF | None:
    """The widget point at the centre of the cell for a full ``index``, or None when that cell
    is not drawn (behind the front card, or elided)."""
    plan = picture.plan
    rank = len(index)
    prefix, tail = tuple(index[: max(0, rank - 2)]), tuple(index[max(0, rank - 2) :])
    row, col = {0: (0, 0), 1: (0, *tail)}.get(rank, tail)
    for grid in plan.grids:
        if grid.prefix != prefix:
            continue
        if row not in plan.rows or col not in plan.cols:
            return None
        x = grid.box.x + (plan.cols.index(col) + 0.5) * plan.cell_width
        y = grid.box.y + (plan.rows.index(row) + 0.5) * plan.cell_height
        return QPointF(x, y) * picture.zoom() + picture.origin()
    return None


@pytest.fixture
def center_of():
    """``center_of(picture, index)``: see cell_center."""
    return cell_center


# --- running the code pane's scripts -----------------------------------------------------------

# Runs each script in its own namespace in one fresh Python with the network cut off, then saves
# what it built (x, and t's values, rank, shape and dtype) and what it printed.
RUNNER = """
import contextlib, io, json, socket, sys, traceback
import numpy as np

def offline(*args, **kwargs):
    raise OSError("this script must run offline, but it reached for the network")

socket.socket.connect = offline
socket.create_connection = offline
socket.getaddrinfo = offline
folder = sys.argv[1]
scripts = json.load(open(f"{folder}/scripts.json"))
report = []
for i, code in enumerate(scripts):
    namespace = {"__name__": "__main__"}
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"<script {i}>", "exec"), namespace)
    except BaseException:
        report.append({"printed": printed.getvalue(), "error": traceback.format_exc()})
        continue
    import tensorflow as tf
    t = namespace["t"]
    np.save(f"{folder}/x{i}.npy", namespace["x"])
    np.save(f"{folder}/t{i}.npy", t.numpy())
    report.append({
        "printed": printed.getvalue(),
        "error": "",
        "rank": int(tf.rank(t)),
        "dims": t.shape.as_list(),
        "dtype": repr(t.dtype),
    })
json.dump(report, open(f"{folder}/report.json", "w"))
"""


@dataclass(frozen=True)
class Ran:
    """What one script printed and built."""

    printed: list[str]
    error: str
    x: np.ndarray | None = None
    t: np.ndarray | None = None
    rank: int | None = None
    dims: tuple[int, ...] = ()
    dtype: str = ""


@pytest.fixture
def run_scripts(tmp_path):
    """``run_scripts([code, ...]) -> [Ran, ...]``: every script in one fresh, offline Python."""

    def run(scripts: list[str]) -> list[Ran]:
        (tmp_path / "scripts.json").write_text(json.dumps(scripts))
        done = run_python("-c", RUNNER, str(tmp_path), timeout=300)
        assert done.returncode == 0, done.stderr
        ran = []
        for i, item in enumerate(json.loads((tmp_path / "report.json").read_text())):
            printed = item["printed"].splitlines()
            if item["error"]:
                ran.append(Ran(printed, item["error"]))
                continue
            ran.append(
                Ran(
                    printed,
                    "",
                    np.load(tmp_path / f"x{i}.npy"),
                    np.load(tmp_path / f"t{i}.npy"),
                    item["rank"],
                    tuple(item["dims"]),
                    item["dtype"],
                )
            )
        return ran

    return run

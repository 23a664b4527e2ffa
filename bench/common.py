"""Helpers shared by the benchmark scripts (run them with the project's .venv python)."""

from __future__ import annotations

import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def median(values) -> float:
    return float(statistics.median(values))


def emit(result: dict) -> None:
    """The last stdout line of every benchmark is one JSON object."""
    print(json.dumps(result, sort_keys=True), flush=True)

"""Run code in a fresh Python process: for start-up checks and for generated code that a user
would paste into their own interpreter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_python(
    *args: str, cwd: Path | str = ROOT, timeout: float = 120, env: dict | None = None
) -> subprocess.CompletedProcess:
    """``python *args`` with this venv, offscreen Qt and a quiet TensorFlow; output captured."""
    quiet = {"QT_QPA_PLATFORM": "offscreen", "TF_CPP_MIN_LOG_LEVEL": "3"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **quiet, **(env or {})},
    )

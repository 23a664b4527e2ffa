"""The entry points: `python -m desktop` and its --version."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def test_version_prints_and_exits_zero():
    from desktop import __version__

    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--version"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"Tensor Workbench {__version__}"


def test_app_opens_its_window_and_exits_cleanly(tmp_path):
    env = {**ENV, "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--quit-when-shown"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "shown" in done.stdout
    assert "Destroyed while thread" not in done.stderr

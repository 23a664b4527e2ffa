"""Run code in a fresh Python process: for start-up checks and for generated code that a user
would paste into their own interpreter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Any download would go through this proxy, where nothing listens: the code must not need one.
OFFLINE = {
    name: "http://127.0.0.1:9"
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")
}


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


def run_notebook(notebook, cwd: Path | str, timeout: float = 300) -> None:
    """Execute ``notebook`` in place in a kernel of its own, in ``cwd`` and offline."""
    from nbclient import NotebookClient

    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    client.execute(env={**os.environ, **OFFLINE})

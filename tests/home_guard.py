"""What the app (and the libraries it loads) would write into a home folder, as a comparable
snapshot: the suite proves it leaves the real home exactly as it found it."""

from __future__ import annotations

import os
from pathlib import Path

# Read before conftest points HOME at the sandbox.
REAL_HOME = Path(os.environ.get("HOME") or Path.home())
WATCHED = (
    ".keras",
    ".qttest",
    ".config/Tensor Workbench",
    ".local/share/Tensor Workbench",
    ".config/matplotlib",
    ".cache/matplotlib",
)


def home_snapshot(home: Path, watched: tuple[str, ...] = WATCHED) -> dict[str, tuple[int, int]]:
    """Every watched file under ``home`` with its size and modification time."""
    files: dict[str, tuple[int, int]] = {}
    for name in watched:
        top = home / name
        for path in [top, *top.rglob("*")] if top.is_dir() else [top]:
            if path.is_file():
                stat = path.stat()
                files[str(path.relative_to(home))] = (stat.st_size, stat.st_mtime_ns)
    return files

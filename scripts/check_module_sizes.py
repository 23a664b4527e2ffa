"""Fail when a module in desktop/, widgets/ or engine/ is over 400 lines: a module that long
holds more than one idea. Run by `make lint`."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 400
PACKAGES = ("desktop", "widgets", "engine")


def main() -> int:
    too_long = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > LIMIT:
                too_long.append(f"{name}: {lines} lines (limit {LIMIT})")
    for line in too_long:
        print(line, file=sys.stderr)
    return 1 if too_long else 0


if __name__ == "__main__":
    raise SystemExit(main())

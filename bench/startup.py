"""Start-up: seconds until the main window is shown, with each tab as the one the window
restores (the settings say which tab was open last), next to a bare `import tensorflow`.

Alternates the measurements (tab 0, tab 1, …, import, tab 0, …) in one run so machine noise hits
them alike. Target: window_s <= 0.3 * import_tf_s for every tab, because the window never waits
for TensorFlow and no tab builds anything heavy before the first paint. `ratio` is the worst
tab's; `ratio_<tab>` and `window_s_<tab>` give each one.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, emit, median

from desktop import APP_NAME, ORG_NAME
from desktop.main_window import TAB_TITLES


def time_until_line(cmd: list[str], line: str, env: dict) -> float:
    import time

    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert proc.stdout is not None
    elapsed = None
    for text in proc.stdout:
        if text.strip() == line:
            elapsed = time.perf_counter() - started
            break
    proc.wait(timeout=120)
    if elapsed is None:
        raise RuntimeError(f"{cmd} never printed {line!r}")
    return elapsed


def remembering(home: Path, tab: int) -> dict:
    """An environment whose settings say the window was last closed on ``tab``."""
    config = home / f"tab{tab}"
    settings = config / ORG_NAME / f"{APP_NAME}.ini"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(f"[window]\ntab={tab}\n", encoding="utf-8")
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(config),
        "XDG_DATA_HOME": str(config),
    }


def slug(title: str) -> str:
    return title.lower().replace(" ", "_")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    shown: dict[str, list[float]] = {slug(t): [] for t in TAB_TITLES}
    tf: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        envs = {slug(t): remembering(Path(folder), i) for i, t in enumerate(TAB_TITLES)}
        window = [sys.executable, "-m", "desktop", "--quit-when-shown"]
        import_tf = [sys.executable, "-c", "import tensorflow; print('imported', flush=True)"]
        for _ in range(rounds):
            for name, env in envs.items():
                shown[name].append(time_until_line(window, "shown", env))
            tf.append(time_until_line(import_tf, "imported", envs[slug(TAB_TITLES[0])]))
    import_tf_s = median(tf)
    window_s = {name: median(times) for name, times in shown.items()}
    worst = max(window_s, key=lambda name: window_s[name])
    print(f"window shown: {shown}\nimport tensorflow: {tf}", file=sys.stderr)
    result: dict[str, object] = {
        "window_s": round(window_s[worst], 3),
        "import_tf_s": round(import_tf_s, 3),
        "ratio": round(window_s[worst] / import_tf_s, 3),
        "worst_tab": worst,
        "rounds": rounds,
    }
    for name, seconds in window_s.items():
        result[f"window_s_{name}"] = round(seconds, 3)
        result[f"ratio_{name}"] = round(seconds / import_tf_s, 3)
    emit(result)


if __name__ == "__main__":
    main()

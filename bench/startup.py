"""Start-up: seconds until the main window is shown, next to a bare `import tensorflow`.

Alternates the two measurements (A B A B …) in one run so machine noise hits both alike.
Target: window_s <= 0.3 * import_tf_s, because the window never waits for TensorFlow.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time

from common import ROOT, emit, median


def time_until_line(cmd: list[str], line: str, env: dict) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    elapsed = None
    for text in proc.stdout:
        if text.strip() == line:
            elapsed = time.perf_counter() - started
            break
    proc.wait(timeout=120)
    if elapsed is None:
        raise RuntimeError(f"{cmd} never printed {line!r}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    import os

    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": home}
        env["XDG_DATA_HOME"] = home
        window, tf = [], []
        for _ in range(rounds):
            window.append(
                time_until_line(
                    [sys.executable, "-m", "desktop", "--quit-when-shown"], "shown", env
                )
            )
            tf.append(
                time_until_line(
                    [sys.executable, "-c", "import tensorflow; print('imported', flush=True)"],
                    "imported",
                    env,
                )
            )
    window_s, import_tf_s = median(window), median(tf)
    print(f"window shown: {window}\nimport tensorflow: {tf}", file=sys.stderr)
    emit(
        {
            "window_s": round(window_s, 3),
            "import_tf_s": round(import_tf_s, 3),
            "ratio": round(window_s / import_tf_s, 3),
            "rounds": rounds,
        }
    )


if __name__ == "__main__":
    main()
